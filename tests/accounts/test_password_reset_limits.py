"""“Quên mật khẩu?” cannot be turned against an officer (issue 23, item 11): reset emails are limited per
mailbox as well as per client address, and the answer comes as fast whether or not the address belongs
to an account (the email goes out after the answer has been handed over)."""

import time

import pytest
from django.core import mail, signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.mail.backends.locmem import EmailBackend
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RESET = reverse("admin_password_reset")
SLOW_MAIL_SECONDS = 0.4


class SlowEmailBackend(EmailBackend):
    """A mail server that takes its time, as a real SMTP round trip does."""

    def send_messages(self, messages):
        time.sleep(SLOW_MAIL_SECONDS)
        return super().send_messages(messages)


def test_twenty_requests_from_twenty_addresses_put_only_a_few_emails_in_one_mailbox(settings):
    cache.clear()  # the limits count in the default cache
    UserFactory(email="chanh.vanphong@camau.gov.vn")
    per_mailbox = int(getattr(settings, "PASSWORD_RESET_EMAILS_PER_MAILBOX", "3/h").split("/")[0])
    answers = set()
    for n in range(20):
        email = "Chanh.VanPhong@camau.gov.vn" if n % 2 else "chanh.vanphong@camau.gov.vn"  # one mailbox
        response = Client(REMOTE_ADDR=f"198.51.100.{n + 1}").post(RESET, {"email": email})
        answers.add((response.status_code, response.url))
    assert answers == {(302, reverse("admin_password_reset_done"))}  # the page never tells
    assert len(mail.outbox) == per_mailbox < 20
    assert {m.to[0] for m in mail.outbox} == {"chanh.vanphong@camau.gov.vn"}


class CsrfExemptHandler(WSGIHandler):
    """What gunicorn runs, minus the CSRF check the test client also leaves out."""

    def get_response(self, request):
        request._dont_enforce_csrf_checks = True
        return super().get_response(request)


def answer_then_close(email, address):
    """POST the form as a WSGI server would: (seconds until the answer is handed over, emails sent by
    then); then close the response, as the server does once the client has it."""
    environ = RequestFactory().post(RESET, {"email": email}, REMOTE_ADDR=address).environ
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        started = time.perf_counter()
        response = CsrfExemptHandler()(environ, lambda status, headers: None)
        seconds = time.perf_counter() - started
        sent_by_then = len(mail.outbox)
        assert response.status_code == 302
        response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return seconds, sent_by_then


def test_the_answer_does_not_wait_for_the_email_so_its_time_does_not_tell_whether_an_account_exists(settings):
    """With a mail server taking 0.4 s, the answer for an officer's address took 0.4 s longer than for an
    unknown one: anyone could tell which addresses have accounts. The email now goes after the answer."""
    cache.clear()
    settings.EMAIL_BACKEND = "tests.accounts.test_password_reset_limits.SlowEmailBackend"
    UserFactory(email="pho.giamdoc@camau.gov.vn")
    answer_then_close("khong-co-ai@camau.gov.vn", "198.51.100.1")  # warm up (templates, first queries)
    known, sent_by_answer = answer_then_close("pho.giamdoc@camau.gov.vn", "198.51.100.2")
    unknown, _ = answer_then_close("khong-co-ai@camau.gov.vn", "198.51.100.3")
    assert sent_by_answer == 0 and len(mail.outbox) == 1  # sent, but after the answer
    assert known < unknown + SLOW_MAIL_SECONDS / 2, (known, unknown)
