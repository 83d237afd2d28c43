"""Issue 14, item 8 (scale): the coordinator's start page and the public plan page cost a number of queries
that does not grow with the data, and the national generator's reporting cycle is what campaigns.cycle
would have produced (docs/benchmarks.md)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Activity, PeriodKind, ReportingPeriod, Submission, SubmissionStatus
from ops.management.commands import generate_national_data
from tests.factories import ActivityFactory, AgencyFactory, PlanFactory, TaskFactory, coordinator_user

pytestmark = pytest.mark.django_db
INDEX = reverse("admin:index")
STATUSES = [SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED,
            SubmissionStatus.NOT_SUBMITTED]


def _period():
    return ReportingPeriod.objects.get_or_create(kind=PeriodKind.H1, year=2019, defaults={
        "start": dt.date(2018, 12, 15), "end": dt.date(2019, 6, 14), "due_date": dt.date(2019, 6, 20)})[0]


def _grow(n):
    """n more expected agencies, each with a submission in every state in turn, led tasks with coordinating
    agencies, and activities of its own."""
    period = _period()
    plan = PlanFactory(year=2019)
    for i in range(n):
        agency = AgencyFactory()
        status = STATUSES[i % len(STATUSES)]
        sent = None if status == SubmissionStatus.NOT_SUBMITTED else timezone.make_aware(
            dt.datetime(2019, 6, 18 + i % 5, 9))
        Submission.objects.create(period=period, agency=agency, status=status, first_submitted_at=sent,
                                  submitted_at=sent, return_reason="Thiếu số liệu" if sent else "")
        task = TaskFactory(plan=plan, lead_agency=agency, deadline=dt.date(2019, 3, 1))
        task.coordinating_agencies.add(AgencyFactory(), AgencyFactory())
        for day in (dt.date(2019, 2, 1), dt.date(2019, 3, 1)):
            ActivityFactory(plan=plan, agency=agency, task=task, channel=task.channel, date=day)
    return plan


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_coordinator_dashboard_query_count_is_the_same_for_8_and_80_agencies(client):
    client.force_login(coordinator_user())
    client.get(INDEX)  # the first page reads once what is cached afterwards (the portal's identity)
    _grow(8)
    small, html = _queries(client, INDEX, ky=_period().pk)
    assert html.count("/campaigns/submission/") >= 8
    _grow(72)
    large, html = _queries(client, INDEX, ky=_period().pk)
    assert html.count("Thiếu số liệu") == 20  # the returned ones' reasons: 80 agencies, every fourth
    assert large == small


def test_plan_page_query_count_is_bounded_whatever_its_tasks_and_activities(client):
    _queries(client, _grow(1).get_absolute_url())  # once-per-process look-ups (content types) out of the way
    small_plan = _grow(3)
    small, _html = _queries(client, small_plan.get_absolute_url())
    large_plan = _grow(40)
    large, html = _queries(client, large_plan.get_absolute_url())
    assert html.count('class="task"') == 40
    assert large == small
    assert large <= 8


def test_generator_approves_exactly_the_activities_an_approved_submission_covers():
    """The generator's one UPDATE agrees with campaigns.cycle's rule, both ways: where a period of the agency
    governs the date, only an approved report counts (stale flags are cleared); where none does (data entered
    before the cycle existed), the flag is left as it is."""
    agency, silent = AgencyFactory(), AgencyFactory()
    period = _period()
    Submission.objects.create(period=period, agency=agency, status=SubmissionStatus.APPROVED)
    Submission.objects.create(period=period, agency=silent, status=SubmissionStatus.NOT_SUBMITTED)
    plan = PlanFactory(year=2019, slug=generate_national_data.SLUG_PREFIX + "thu")
    inside = ActivityFactory(plan=plan, agency=agency, date=dt.date(2019, 6, 14), approved=False)
    stale = ActivityFactory(plan=plan, agency=silent, date=dt.date(2019, 5, 1), approved=True)  # sent nothing
    ungoverned = ActivityFactory(plan=plan, agency=agency, date=dt.date(2019, 6, 15), approved=True)
    real = ActivityFactory(agency=silent, date=dt.date(2019, 5, 1), approved=True)  # not synthetic: left alone
    assert generate_national_data.Command().approve_activities() == (2, 2)  # (approved, changed)
    flags = dict(Activity.objects.values_list("pk", "approved"))
    assert (flags[inside.pk], flags[stale.pk], flags[ungoverned.pk], flags[real.pk]) == (True, False, True, True)


def test_generator_submission_mix_for_a_past_period():
    """Past the due date: most approved on time; some late, returned, waiting or never sent — each
    consistent (sent ones have a time, late ones after the due date, returned ones a reason)."""
    import random

    period = _period()
    command = generate_national_data.Command()
    rng = random.Random(1)
    today = dt.date(2019, 12, 1)
    subs = [command._submission(period, agency_id, today, rng) for agency_id in range(1, 1001)]
    by_status = {status: [s for s in subs if s.status == status] for status in SubmissionStatus.values}
    assert 750 < len(by_status[SubmissionStatus.APPROVED]) < 950
    for status in (SubmissionStatus.NOT_SUBMITTED, SubmissionStatus.RETURNED, SubmissionStatus.SUBMITTED):
        assert 10 < len(by_status[status]) < 100
    assert all(s.first_submitted_at is None for s in by_status[SubmissionStatus.NOT_SUBMITTED])
    assert all(s.return_reason for s in by_status[SubmissionStatus.RETURNED])
    late = [s for s in by_status[SubmissionStatus.APPROVED]
            if timezone.localdate(s.first_submitted_at) > period.due_date]
    assert 40 < len(late) < 130
    assert command._submission(period, 1, dt.date(2018, 12, 1), rng).status == SubmissionStatus.NOT_SUBMITTED


def test_generator_reset_removes_its_cycle(monkeypatch):
    monkeypatch.setattr(generate_national_data, "COMMUNES", 34)
    call_command("generate_national_data", "--activities", "200", "--years", "1", stdout=io.StringIO())
    assert Submission.objects.count() == 4 * (34 * (1 + 10 + 2 + 1))
    assert Activity.objects.filter(approved=True).exists()
    call_command("generate_national_data", "--reset", stdout=io.StringIO())
    assert (Submission.objects.count(), ReportingPeriod.objects.count(), Activity.objects.count()) == (0, 0, 0)
