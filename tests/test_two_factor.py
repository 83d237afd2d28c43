"""Two-step login for staff: opt-in with an authenticator app, then the code is needed at every login."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import AgencyFactory, data_entry_user

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem-123"
LOGIN = reverse("admin:login")


def code(device, offset=0):
    return f"{totp(device.bin_key, t0=device.t0, step=device.step, drift=offset):06d}"


@pytest.fixture
def staff():
    return data_entry_user(AgencyFactory(name="Báo thử"), username="bao_thu")


def login(client, password=PASSWORD, otp=""):
    return client.post(LOGIN, {"username": "bao_thu", "password": password, "otp_token": otp, "next": "/admin/"})


def enrol(client):
    page = client.get(reverse("staff_two_factor"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html and "Khóa bí mật" in html
    device = TOTPDevice.objects.get(confirmed=False)
    assert client.post(reverse("staff_two_factor"), {"otp_token": "000000" if code(device) != "000000"
                                                     else "111111"}).status_code == 200
    assert not TOTPDevice.objects.filter(confirmed=True).exists(), "a wrong code does not turn it on"
    TOTPDevice.objects.update(throttling_failure_count=0)  # django-otp's 1-2-4 s slow-down after a failure
    response = client.post(reverse("staff_two_factor"), {"otp_token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_without_two_step_login_the_password_is_enough_and_the_form_says_the_code_is_optional(client, staff):
    html = client.get(LOGIN).content.decode()
    assert 'autocomplete="one-time-code"' in html and "Chỉ cần nếu tài khoản đã bật xác thực hai bước" in html
    assert login(client).status_code == 302


def test_once_turned_on_the_login_needs_the_current_code(staff):
    browser = Client()
    login(browser)
    device = enrol(browser)
    browser.post(reverse("admin:logout"))

    response = login(browser)
    assert response.status_code == 200
    assert "đã bật xác thực hai bước: nhập mã 6 số" in response.content.decode()
    device.refresh_from_db()
    device.last_t = -1  # the enrolment used the current code; a new 30-second step would give a new one
    device.save()
    wrong = "123456" if code(device) != "123456" else "654321"
    response = login(browser, otp=wrong)
    assert "Mã xác thực không đúng hoặc đã hết hạn" in response.content.decode()
    assert AccessAttempt.objects.get(username="bao_thu").failures_since_start == 1, "counted like a wrong password"
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp's own 1-2-4 s slow-down, not under test here
    device.save()
    response = login(browser, otp=code(device))
    assert response.status_code == 302
    assert browser.get("/admin/").status_code == 200


def test_a_stolen_password_alone_is_locked_out_after_five_wrong_codes(staff):
    browser = Client()
    login(browser)
    enrol(browser)
    browser.post(reverse("admin:logout"))
    for _ in range(5):
        login(browser, otp="000001")
    assert login(browser, otp="000001").status_code == 429


def test_when_the_province_requires_it_staff_without_it_are_sent_to_turn_it_on(staff, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    browser = Client()
    assert login(browser).status_code == 302
    response = browser.get("/admin/campaigns/activity/")
    assert response.status_code == 302 and response["Location"] == reverse("staff_two_factor")
    enrol(browser)
    assert browser.get("/admin/campaigns/activity/").status_code == 200


def test_turning_it_off_needs_a_current_code(staff):
    browser = Client()
    login(browser)
    device = enrol(browser)
    device.last_t = -1
    device.save()
    page = browser.get(reverse("staff_two_factor")).content.decode()
    assert "Xác thực hai bước đang bật" in page
    assert browser.post(reverse("staff_two_factor"), {"otp_token": ""}).status_code == 200
    assert TOTPDevice.objects.exists()
    assert browser.post(reverse("staff_two_factor"), {"otp_token": code(device)}).status_code == 302
    assert not TOTPDevice.objects.exists()


def test_when_required_a_password_only_session_cannot_upload_editor_images(staff, settings, png_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.STAFF_TWO_FACTOR_REQUIRED = True
    browser = Client()
    assert login(browser).status_code == 302
    upload = SimpleUploadedFile("anh.png", png_bytes, content_type="image/png")
    response = browser.post(reverse("campaigns:editor_upload"), {"upload": upload})
    assert response.status_code == 403
    assert "xác thực hai bước" in response.json()["error"]["message"]
