"""A comment form sent again — the back button and “Gửi lại”, a double click, or a browser resending after
the answer was lost (a worker killed between the commit and the response: issue 23, item 16) — is stored
once and answered as a success, and changes nothing about the comment already stored."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from discussion.forms import CommentForm
from discussion.models import CitizenComment
from reports.models import Report
from tests.factories import coordinator_user

pytestmark = pytest.mark.django_db
POST_URL = reverse("discussion:post")


def the_form(target):
    """What the page's form sends (its signed time stamp ten seconds old), filled in by a citizen."""
    timestamp = int(time.time()) - 10
    return {"content_type": "reports.report", "object_pk": str(target.pk), "timestamp": str(timestamp),
            "security_hash": CommentForm(target).initial_security_hash(timestamp), "honeypot": "",
            "name": "Trần Thị Bình", "email": "binh@example.com",
            "comment": "Đề nghị niêm yết thủ tục tại bộ phận một cửa cấp xã."}


class TestResubmissionOnTheDemo:
    def test_a_form_sent_again_after_its_comment_was_approved_is_stored_once_and_stays_approved(
            self, demo, django_capture_on_commit_callbacks):
        cache.clear()
        report = Report.objects.get()
        coordinator_user(email="kiemduyet@example.gov.vn")
        browser = Client(headers={"Origin": "http://testserver"})
        form = the_form(report)
        with django_capture_on_commit_callbacks(execute=True):
            first = browser.post(POST_URL, form)  # stored; say this answer never reached the browser
        comment = CitizenComment.objects.get()
        assert first.status_code == 302 and comment.is_public is False
        CitizenComment.objects.filter(pk=comment.pk).update(is_public=True)  # a moderator approves it
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            again = browser.post(POST_URL, form, follow=True)  # the browser sends the same form again
        assert again.redirect_chain and again.redirect_chain[0][1] == 302  # a success, as the first time
        assert CitizenComment.objects.count() == 1
        comment.refresh_from_db()
        assert comment.is_public is True, "sending the form again took an approved comment off the page"
        assert not [m for m in mail.outbox if "chờ duyệt" in m.subject], "moderators asked twice"
        assert "đã được gửi" in again.content.decode()  # the citizen is told it arrived
