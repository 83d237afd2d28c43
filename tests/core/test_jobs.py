"""Issue 27, item 2: every application node has the same timers, so each scheduled job is started once per
node; it must run once across the nodes, never twice, whichever node's timer fires first."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from core.jobs import job_claim, job_finish
from core.models import JobRun
from discussion.models import CitizenComment
from tests.discussion.test_citizen_followup import citizen, post, report  # noqa: F401 (fixtures)
from tests.factories import data_entry_user

pytestmark = pytest.mark.django_db


def test_a_second_node_finds_a_running_job_taken():
    first = job_claim(job="send_reminders", node="app1")
    assert first is not None
    assert job_claim(job="send_reminders", node="app2") is None
    job_finish(first)
    again = job_claim(job="send_reminders", node="app2")
    assert again is not None and again.node == "app2"


def test_a_job_whose_node_died_is_taken_over_after_its_lease():
    stale = job_claim(job="expire_comment_data", node="app1", lease=dt.timedelta(minutes=30))
    assert job_claim(job="expire_comment_data", node="app2") is None
    JobRun.objects.filter(pk=stale.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    taken = job_claim(job="expire_comment_data", node="app2")
    assert taken is not None and taken.node == "app2"
    job_finish(stale)  # the dead node's late finish does not release the new holder's claim
    assert job_claim(job="expire_comment_data", node="app3") is None


def test_a_daily_job_runs_once_per_day_across_nodes():
    today = dt.date(2026, 12, 7)
    first = job_claim(job="remind_comments", slot=today.isoformat(), node="app1")
    job_finish(first)
    assert job_claim(job="remind_comments", slot=today.isoformat(), node="app2") is None
    assert job_claim(job="remind_comments", slot="2026-12-08", node="app2") is not None


def test_the_agencies_digest_of_waiting_questions_is_mailed_once_when_both_nodes_fire(
        citizen, report, django_capture_on_commit_callbacks):  # noqa: F811
    data_entry_user(report.issuing_agency, email="vanphong@camau.gov.vn")
    post(citizen, report, django_capture_on_commit_callbacks, comment="Chờ trả lời")
    CitizenComment.objects.update(is_public=True, answer_due_at=timezone.now() - dt.timedelta(days=1))
    mail.outbox.clear()
    with override_settings(NODE_NAME="app1"):
        call_command("remind_comments")
    with override_settings(NODE_NAME="app2"):
        call_command("remind_comments", stdout=(out := __import__("io").StringIO()))
    assert len(mail.outbox) == 1
    assert "đã chạy" in out.getvalue() and "app1" in out.getvalue()
