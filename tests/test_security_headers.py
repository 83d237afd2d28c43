"""Security headers on every kind of response: public pages, the admin, the API and downloads."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

REPORT = "/bao-cao/bao-cao-ket-qua-tuyen-truyen-cchc-2019/"


def assert_common(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"):
        assert directive in csp
    assert "unsafe-eval" not in csp
    return csp


@pytest.mark.parametrize("path", ["/", "/ke-hoach/", REPORT, "/api/v1/bao-cao/", REPORT + "tai-ve.docx",
                                  "/khong-co-trang-nay/"])
def test_public_responses_carry_a_strict_policy(client, demo, path):
    csp = assert_common(client.get(path))
    assert "'unsafe-inline'" not in csp


def test_admin_allows_only_what_the_editor_needs(client, demo):
    client.force_login(get_user_model().objects.get(username="dai_ptth"))
    response = client.get(reverse("admin:campaigns_activity_add"))
    assert response.status_code == 200
    csp = assert_common(response)
    assert "style-src 'self' 'unsafe-inline'" in csp  # CKEditor 5 injects its styles
    assert "script-src 'self';" in csp


def test_session_cookie_is_httponly_and_samesite(client, demo):
    response = client.post(reverse("admin:login"), {"username": "dieuphoi", "password": "CaMau-CCHC-2019"})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
