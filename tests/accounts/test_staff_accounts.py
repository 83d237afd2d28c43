"""Creating an officer's account: a staff account in a role, named in the Vietnamese order, welcomed by
an email whose link sets the password; "Quên mật khẩu?" without bypassing two-step login or lockout."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import DATA_ENTRY
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Mua-nuoc-noi-2026"


def link_in(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.fixture
def new_officer(admin_client, django_capture_on_commit_callbacks):
    agency = AgencyFactory(name="Đài Phát thanh – Truyền hình thử")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:accounts_user_add"), {
            "username": "nguyenvanan", "full_name": "Nguyễn Văn An", "email": "an@camau.gov.vn",
            "role": DATA_ENTRY, "agency": agency.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    return User.objects.get(username="nguyenvanan")


def test_an_officer_account_is_a_staff_account_in_its_role_named_in_vietnamese_order(new_officer):
    assert new_officer.is_staff and new_officer.is_active and not new_officer.is_superuser
    assert list(new_officer.groups.values_list("name", flat=True)) == [DATA_ENTRY]
    assert new_officer.get_full_name() == "Nguyễn Văn An" and new_officer.get_short_name() == "Nguyễn Văn An"
    assert not new_officer.has_usable_password()


def test_the_welcome_email_sets_the_password_and_the_officer_then_signs_in(new_officer):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    print(f"Subject: {message.subject}\nTo: {message.to}\n\n{message.body}")
    assert message.to == ["an@camau.gov.vn"]
    assert message.subject == "Tài khoản cán bộ trên Cổng thông tin tuyên truyền CCHC: đặt mật khẩu"
    assert "Kính gửi Nguyễn Văn An," in message.body and "Tên đăng nhập: nguyenvanan" in message.body
    assert "Đài Phát thanh – Truyền hình thử" in message.body and "3 ngày" in message.body
    browser = Client()
    form_url = browser.get(link_in(message), follow=True).redirect_chain[-1][0]
    page = browser.get(form_url).content.decode()
    assert "Đặt mật khẩu" in page and "nguyenvanan" in page
    done = browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    assert "_auth_user_id" not in browser.session  # the reset signs nobody in
    login = browser.post(reverse("admin:login"), {"username": "nguyenvanan", "password": NEW_PASSWORD,
                                                  "next": "/admin/"})
    assert login.status_code == 302 and login.url == "/admin/"
    assert browser.get(link_in(message), follow=True).content.decode().count("không còn dùng được") == 1


# --- a new link ends the older ones (issue 23, item 15) ---------------------------------------------------

INVALID_LINK = "không còn dùng được"


def resend(admin_client, user):
    response = admin_client.post(reverse("admin:accounts_user_changelist"), {
        "action": "resend_welcome_email", "_selected_action": [user.pk]})
    assert response.status_code == 302
    return mail.outbox[-1]


def opens_the_form(link):
    browser = Client()
    response = browser.get(link, follow=True)
    return browser, response.redirect_chain[-1][0] if response.redirect_chain else None, response.content.decode()


def test_gui_lai_email_ends_the_link_sent_before(admin_client, new_officer):
    first = link_in(mail.outbox[0])
    second = link_in(resend(admin_client, new_officer))
    assert len(mail.outbox) == 2 and first != second
    _browser, _form, page = opens_the_form(first)
    assert INVALID_LINK in page and "new_password1" not in page
    browser, form_url, page = opens_the_form(second)
    assert "new_password1" in page
    done = browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    new_officer.refresh_from_db()
    assert new_officer.check_password(NEW_PASSWORD)


def test_an_old_link_already_open_in_a_browser_cannot_set_the_password_after_a_resend(admin_client, new_officer):
    browser, form_url, page = opens_the_form(link_in(mail.outbox[0]))
    assert "new_password1" in page  # opened before staff sent a new email
    resend(admin_client, new_officer)
    response = browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert INVALID_LINK in response.content.decode()
    new_officer.refresh_from_db()
    assert not new_officer.has_usable_password()


def test_a_forgotten_password_email_ends_the_welcome_link_and_its_own_link_works(client, new_officer):
    cache.clear()  # the reset's rate limit counts in the default cache
    welcome = link_in(mail.outbox[0])
    assert client.post(reverse("admin_password_reset"), {"email": "an@camau.gov.vn"}).status_code == 302
    reset = link_in(mail.outbox[-1])
    assert INVALID_LINK in opens_the_form(welcome)[2]
    browser, form_url, page = opens_the_form(reset)
    assert "new_password1" in page
    browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    new_officer.refresh_from_db()
    assert new_officer.check_password(NEW_PASSWORD)
    assert INVALID_LINK in opens_the_form(reset)[2]  # used once


def test_an_email_is_sent_only_once_the_account_is_saved(admin_client):
    agency = AgencyFactory()
    response = admin_client.post(reverse("admin:accounts_user_add"), {
        "username": "thieucoquan", "full_name": "Trần Thị Bình", "email": "binh@camau.gov.vn",
        "role": DATA_ENTRY, "agency": ""})
    assert "Cán bộ nhập liệu cần thuộc một cơ quan, đơn vị" in response.content.decode()
    assert not User.objects.filter(username="thieucoquan").exists() and mail.outbox == []
    assert agency.pk


def test_unticking_staff_status_of_an_officer_is_refused_with_the_reason(admin_client):
    officer = UserFactory(agency=AgencyFactory(), full_name="Lê Văn Cường")
    officer.groups.add(Group.objects.get(name=DATA_ENTRY))
    response = admin_client.post(reverse("admin:accounts_user_change", args=[officer.pk]), {
        "username": officer.username, "full_name": officer.full_name, "email": "", "agency": officer.agency_id,
        "is_active": "on", "groups": [officer.groups.get().pk],
        "date_joined_0": "01/12/2026", "date_joined_1": "08:00:00"})
    html = response.content.decode()
    assert "Muốn khóa tài khoản, hãy bỏ dấu “Được đăng nhập”." in html
    # The box the message names, labelled as a state ("Kích hoạt" read as a button to press).
    assert re.search(r'<label[^>]*for="id_is_active"[^>]*>Được đăng nhập</label>', html)
    officer.refresh_from_db()
    assert officer.is_staff


def test_user_list_says_ho_va_ten(admin_client):
    UserFactory(full_name="Phạm Thị Dung")
    html = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Họ và tên" in html and "Phạm Thị Dung" in html and "Get full name" not in html


def test_user_list_filters_read_as_vietnamese_and_find_locked_accounts(admin_client):
    UserFactory(full_name="Đỗ Văn Khóa", is_active=False)
    UserFactory(full_name="Trần Thị Mở")
    url = reverse("admin:accounts_user_changelist")
    html = re.sub(r"\s+", " ", admin_client.get(url).content.decode())
    assert "Theo tình trạng đăng nhập" in html and "Theo nhóm (vai trò)" in html and "Bởi " not in html
    locked = admin_client.get(url, {"dang-nhap": "khoa"}).content.decode()
    assert "Đỗ Văn Khóa" in locked and "Trần Thị Mở" not in locked


def test_forgotten_password_link_keeps_two_step_login_and_ends_the_lockout(client):
    user = UserFactory(username="bao_thu", email="bao@camau.gov.vn", full_name="Võ Văn Em")
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "bao_thu", "password": "sai", "next": "/admin/"})
    assert AccessAttempt.objects.filter(username="bao_thu").exists()
    login_page = client.get(reverse("admin:login")).content.decode()
    assert "Quên mật khẩu?" in login_page and reverse("admin_password_reset") in login_page

    answer = client.post(reverse("admin_password_reset"), {"email": "BAO@camau.gov.vn"})
    assert answer.status_code == 302
    assert client.post(reverse("admin_password_reset"), {"email": "khong-co@camau.gov.vn"}).url == answer.url
    assert len(mail.outbox) == 1 and "Kính gửi Võ Văn Em," in mail.outbox[0].body
    print(f"Subject: {mail.outbox[0].subject}\n\n{mail.outbox[0].body}")
    form_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.filter(username="bao_thu").exists()

    response = client.post(reverse("admin:login"), {"username": "bao_thu", "password": NEW_PASSWORD,
                                                    "otp_token": "", "next": "/admin/"})
    assert response.status_code == 200 and "nhập mã 6 số" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_reset_pages_carry_the_portals_header_and_emails_are_limited_per_address(client):
    cache.clear()  # the rate limit counts in the default cache
    for n in range(7):  # seven mailboxes: each under its own limit (tests/accounts/test_password_reset_limits.py)
        UserFactory(email=f"gioi-han{n}@camau.gov.vn")
    page = client.get(reverse("admin_password_reset")).content.decode()
    assert "Cổng thông tin tuyên truyền CCHC — Quản trị" in page and "Django" not in page
    for n in range(7):
        assert client.post(reverse("admin_password_reset"), {"email": f"gioi-han{n}@camau.gov.vn"}).status_code == 302
    assert len(mail.outbox) == 5
