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


class TestSecurityHeadersOnTheDemo:
    @pytest.mark.parametrize("path", ["/", "/ke-hoach/", REPORT, "/api/v1/bao-cao/", "/khong-co-trang-nay/"])
    def test_public_responses_carry_a_strict_policy(self, client, demo, path):
        csp = assert_common(client.get(path))
        assert "'unsafe-inline'" not in csp

    def test_a_download_carries_the_file_policy_stricter_than_a_pages(self, client, demo):
        """A file is not a page (issue 23, item 15): opened directly it runs no script at all, not even the
        portal's own (sandbox, default-src 'none'), and no other site may frame it."""
        response = client.get(REPORT + "tai-ve.docx")
        assert response["Content-Disposition"].startswith("attachment; ")
        csp = response["Content-Security-Policy"]
        for directive in ("default-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "sandbox"):
            assert directive in csp
        assert "script-src" not in csp and "'unsafe-inline'" not in csp and "unsafe-eval" not in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"

    def test_admin_allows_only_what_the_editor_needs(self, client, demo):
        client.force_login(get_user_model().objects.get(username="dai_ptth"))
        response = client.get(reverse("admin:campaigns_activity_add"))
        assert response.status_code == 200
        csp = assert_common(response)
        assert "style-src 'self' 'unsafe-inline'" in csp  # CKEditor 5 injects its styles
        assert "script-src 'self';" in csp

    def test_session_cookie_is_httponly_and_samesite(self, client, demo):
        response = client.post(reverse("admin:login"), {"username": "dieuphoi", "password": "CaMau-CCHC-2019"})
        cookie = response.cookies["sessionid"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert cookie["max-age"] == 8 * 3600, "a staff login lasts a working day, not Django's two weeks"

    def test_production_sends_hsts_for_a_year_and_only_secure_httponly_samesite_cookies(self, client, demo, settings):
        names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
                 "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
                 "CSRF_COOKIE_SAMESITE", "SECURE_CONTENT_TYPE_NOSNIFF")
        production = production_settings(*names)
        assert production["SECURE_HSTS_SECONDS"] == 31_536_000
        for name, value in production.items():
            setattr(settings, name, value)
        settings.SECURE_SSL_REDIRECT = False  # the test client's "https" is a flag, not a redirect target

        response = client.get("/", secure=True)
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert_common(response)
        login = client.post(reverse("admin:login"), {"username": "dieuphoi", "password": "CaMau-CCHC-2019"},
                            secure=True)
        for name in ("sessionid", "csrftoken"):
            cookie = login.cookies[name]
            assert cookie["secure"] and cookie["samesite"] == "Lax", name
        assert login.cookies["sessionid"]["httponly"]


def production_settings(*names):
    """The values the production settings module gives (read in a child process, as gunicorn would)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "SECURE_HSTS_SECONDS")}
    env.update(DJANGO_SETTINGS_MODULE="cchc_portal.settings.production", ALLOWED_HOSTS="cchc.camau.gov.vn",
               SITE_URL="https://cchc.camau.gov.vn",
               SECRET_KEY="a-long-random-production-key-abcdefghijklmnopqrstuvwxyz-0123456789")
    code = ("import django, json; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent, env=env,
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return json.loads(out.strip().splitlines()[-1])
