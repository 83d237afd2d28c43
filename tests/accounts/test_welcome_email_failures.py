"""A welcome email that cannot be sent (the mail server refuses, is down) after a coordinator adds an
account by hand or imports a file: the accounts stay saved, the other emails still go, the failure is
logged, and the coordinator is told which accounts got no email and how to send it again — never a 500
and never "đã gửi" for an email that did not leave. The data really commits here (transaction=True), so
the emails go when they would in production: after the commit, inside the request."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from accounts.models import User
from accounts.roles import DATA_ENTRY
from tests.accounts.test_staff_import import GOOD_ROWS, IMPORT, LIST, confirm, page_text, upload, xlsx
from tests.factories import AgencyFactory, coordinator_user

pytestmark = pytest.mark.django_db(transaction=True)

REFUSED = "binh@tinh.gov.vn"


class RefusingBackend(EmailBackend):
    """The in-memory backend, whose server refuses one address."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED in message.to:
                raise smtplib.SMTPRecipientsRefused({REFUSED: (550, b"mailbox unavailable")})
        return super().send_messages(messages)


@pytest.fixture
def refusing_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"


@pytest.fixture
def agencies():
    return (AgencyFactory(name="Sở Nội vụ thử", short_name="SNV"),
            AgencyFactory(name="UBND xã Tân Thành thử", kind="cap_xa", official_code="32001"))


@pytest.fixture
def coordinator(client, agencies):
    user = coordinator_user(agency=agencies[0], username="dieuphoi", full_name="Cán bộ điều phối",
                            email="dieuphoi@tinh.gov.vn")
    client.force_login(user)
    return user


def test_an_account_added_by_hand_whose_email_fails_is_saved_and_the_coordinator_is_told(
        client, coordinator, agencies, refusing_mail, caplog):
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "tranvanbinh", "full_name": "Trần Văn Bình", "email": REFUSED, "role": DATA_ENTRY,
        "agency": agencies[1].pk}, follow=True)
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert User.objects.filter(username="tranvanbinh").exists()
    text = page_text(response)
    assert "Chưa gửi được email đặt mật khẩu tới Trần Văn Bình (binh@tinh.gov.vn)" in text
    assert "Gửi lại email đặt mật khẩu" in text
    assert "Đã gửi email tới" not in text
    assert "welcome email" in caplog.text and mail.outbox == []


def test_an_import_whose_one_email_fails_saves_every_account_and_sends_the_others(
        client, coordinator, agencies, refusing_mail, caplog):
    checked = upload(client, xlsx(GOOD_ROWS))
    response = client.post(IMPORT, {"token": checked.context["token"], "filename": "can-bo.xlsx"}, follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert User.objects.exclude(pk=coordinator.pk).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["Hoa@tinh.gov.vn", "chau@tinh.gov.vn"]
    text = page_text(response)
    assert "Đã tạo 3 tài khoản cán bộ từ Excel" in text
    assert "Chưa gửi được email đặt mật khẩu tới Trần Văn Bình (binh@tinh.gov.vn)" in text
    assert "gửi email đặt mật khẩu tới từng người" not in text
    assert "welcome email" in caplog.text


def test_an_import_whose_emails_all_go_says_so(client, coordinator, agencies):
    response = confirm(client, upload(client, xlsx(GOOD_ROWS)))
    assert response.status_code == 302 and len(mail.outbox) == 3
    text = page_text(client.get(LIST))
    assert "Đã tạo 3 tài khoản cán bộ từ Excel và gửi email đặt mật khẩu tới từng người" in text


def test_resending_to_an_address_that_fails_says_so_and_still_sends_the_others(
        client, coordinator, agencies, refusing_mail):
    from tests.factories import data_entry_user
    refused = data_entry_user(agencies[1], username="binh", full_name="Trần Văn Bình", email=REFUSED)
    other = data_entry_user(agencies[1], username="hoa", full_name="Lê Thị Hoa", email="hoa@tinh.gov.vn")
    response = client.post(LIST, {"action": "resend_welcome_email", "_selected_action": [refused.pk, other.pk]},
                           follow=True)
    text = page_text(response)
    assert "Đã gửi email đặt mật khẩu tới 1 tài khoản" in text
    assert "Chưa gửi được email đặt mật khẩu tới Trần Văn Bình (binh@tinh.gov.vn)" in text
    assert [m.to for m in mail.outbox] == [["hoa@tinh.gov.vn"]]
