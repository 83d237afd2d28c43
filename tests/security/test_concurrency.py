"""Many writers at once, on PostgreSQL (the production database; SQLite takes one writer at a time by
design, so these races cannot happen there). CI runs the suite on both databases: these run in the
PostgreSQL pass."""

import datetime as dt
import threading
import time
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from campaigns.models import Activity
from discussion.forms import CommentForm
from discussion.models import CitizenComment
from reports.models import Report
from reports.report_publishing import report_publish
from tests.conftest import restore_seed_data
from tests.factories import ActivityFactory, AgencyFactory, ChannelFactory, PlanFactory, coordinator_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers: PostgreSQL pass of CI"),
]


@pytest.fixture(autouse=True)
def roles():
    """Transactional tests start from empty tables: the staff groups come back, rate limits reset."""
    restore_seed_data()
    cache.clear()


def run_together(functions):
    """Start every function at the same instant, each on its own thread and database connection."""
    barrier = threading.Barrier(len(functions))
    errors, results = [], [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as exc:  # reported below, with the others
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def comment_data(target, **fields):
    timestamp = int(time.time()) - 30
    data = {
        "content_type": "reports.report", "object_pk": str(target.pk), "timestamp": str(timestamp),
        "security_hash": CommentForm(target).initial_security_hash(timestamp), "honeypot": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def published_report():
    plan = PlanFactory()
    ActivityFactory(plan=plan)
    report = Report.objects.create(title="Báo cáo năm", slug="bao-cao-nam", date=dt.date(2020, 1, 5),
                                   issuing_agency=plan.issuing_agency, plan=plan)
    return report_publish(report=report, user=None)


def test_fifty_citizens_commenting_at_once_are_each_stored_exactly_once(published_report):
    url = reverse("discussion:post")

    def citizen(n, copy=0):
        def post():
            client = Client(headers={"Origin": "http://testserver"}, REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}")
            return client.post(url, comment_data(published_report, name=f"Người dân {n}",
                                                 email=f"nguoidan{n}@example.com",
                                                 comment=f"Ý kiến số {n} về cải cách hành chính.")).status_code
        return post

    # 50 different citizens, and 10 of them double-click "Gửi bình luận" (the same form sent twice at once).
    senders = [citizen(n) for n in range(50)] + [citizen(n, copy=1) for n in range(10)]
    statuses = run_together(senders)

    assert Counter(statuses) == {302: 60}
    stored = Counter(CitizenComment.objects.values_list("user_email", flat=True))
    assert len(stored) == 50
    assert set(stored.values()) == {1}, "a comment sent twice at once is stored once"


def test_figures_frozen_while_staff_save_activities_match_the_database_at_that_instant():
    """One member of staff saves activities without pause (each its own transaction, ids rising) while a
    coordinator publishes ten reports. Each frozen set of figures must be the totals of exactly the first
    N activities saved — every table of the report counting the same N."""
    plan = PlanFactory()
    channels = [ChannelFactory() for _ in range(3)]
    agencies = [AgencyFactory() for _ in range(4)]
    reports = [Report.objects.create(title=f"Báo cáo {i}", slug=f"bao-cao-{i}", date=dt.date(2020, 1, 5),
                                     issuing_agency=plan.issuing_agency, plan=plan) for i in range(10)]
    coordinator = coordinator_user()
    stop = threading.Event()

    def staff_saving():
        n = 0
        while not stop.is_set():
            Activity.objects.create(plan=plan, channel=channels[n % 3], agency=agencies[n % 4],
                                    date=dt.date(2019, 1 + n % 12, 1), title=f"Hoạt động {n}",
                                    quantity=1 + n % 5, participants=n % 7, approved=True)  # counted work
            n += 1
        return n

    def coordinator_publishing():
        time.sleep(0.2)
        try:
            for report in reports:
                report_publish(report=report, user=coordinator)
                time.sleep(0.03)
        finally:
            stop.set()

    saved, _ = run_together([staff_saving, coordinator_publishing])
    assert saved > 50, "the writer kept writing while reports were published"

    ordered = list(Activity.objects.filter(plan=plan).order_by("id")
                   .values("id", "channel_id", "agency_id", "quantity", "participants", "date"))
    seen_counts = set()
    for report in Report.objects.filter(pk__in=[r.pk for r in reports]):
        figures = report.figures
        n = figures["totals"]["activities"]
        seen_counts.add(n)
        first_n = ordered[:n]
        by_channel, by_agency, quantity, by_month = Counter(), Counter(), Counter(), Counter()
        for row in first_n:
            by_channel[row["channel_id"]] += 1
            quantity[row["channel_id"]] += row["quantity"]
            by_agency[row["agency_id"]] += 1
            by_month[row["date"].month] += 1
        assert figures["totals"]["participants"] == sum(r["participants"] for r in first_n)
        assert {c["channel_id"]: c["activities"] for c in figures["channels"]} == by_channel
        assert {c["channel_id"]: c["total"] for c in figures["channels"]} == quantity
        assert {a["agency_id"]: a["activities"] for a in figures["agencies"]} == by_agency
        assert sum(a["activities"] for a in figures["agency_channels"]) == n
        assert sum(m["activities"] for m in figures["months"]) == n
    assert len(seen_counts) > 1, "the reports were frozen at different moments of the writing"


# The reporting cycle: writers of activities and the cycle's steps serialize on the governing submission's
# row (campaigns.cycle.activities_lock, taken by every writer before it writes; sending and approving lock
# the same row). Each test holds one side open at its most dangerous instant and lets the other run.


@pytest.fixture
def waiting_report():
    from campaigns import cycle
    from campaigns.models import ReportingPeriod, Submission
    from tests.factories import data_entry_user

    agency = AgencyFactory(name="Đài đua")
    plan = PlanFactory(year=2019, status="published")
    period = ReportingPeriod.objects.create(kind="q1", year=2019, start=dt.date(2018, 12, 15),
                                            end=dt.date(2019, 3, 14), due_date=dt.date(2019, 3, 20))
    submission = Submission.objects.create(period=period, agency=agency)
    activity = ActivityFactory(plan=plan, agency=agency, date=dt.date(2019, 2, 1), quantity=7, approved=False)
    return {"submission": submission, "activity": activity, "officer": data_entry_user(agency),
            "coordinator": coordinator_user(), "cycle": cycle}


def officer_edit(data, **changes):
    activity = data["activity"]
    client = Client()
    client.force_login(data["officer"])
    post = {"plan": activity.plan_id, "task": "", "agency": activity.agency_id, "channel": activity.channel_id,
            "date": "01/02/2019", "title": activity.title, "quantity": "7", "confirm_quantity": "on",
            "participants": "", "awards": "", "description": "", "evidence_url": "",
            **{f"{prefix}-{name}": value for prefix in ("photos", "evidence")
               for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                                   ("MAX_NUM_FORMS", "1000"))}, **changes}
    return client.post(reverse("admin:campaigns_activity_change", args=[activity.pk]), post)


def held_open(monkeypatch, module, name, seconds=0.8):
    """Patch module.name to signal, then wait `seconds` inside its caller's transaction, then run."""
    real, reached = getattr(module, name), threading.Event()

    def slow(*args, **kwargs):
        reached.set()
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    return reached


def test_an_approval_waits_for_an_edit_in_progress_and_then_refuses_it(monkeypatch, waiting_report):
    """The officer's save has written the row and not committed; the coordinator approves meanwhile. The
    approval must wait for the save and then see it — not approve the window without it, which then commits."""
    cycle, submission = waiting_report["cycle"], waiting_report["submission"]
    cycle.submission_submit(submission=submission, user=waiting_report["officer"])
    written = held_open(monkeypatch, cycle, "activities_changed")  # after the row's save, before the commit

    def approve():
        assert written.wait(10)
        try:
            cycle.submission_approve(submission=submission, user=waiting_report["coordinator"])
        except Exception as exc:  # noqa: BLE001 — the refusal is the expected outcome
            return exc
        return None

    edit, refusal = run_together([lambda: officer_edit(waiting_report, quantity="9").status_code, approve])

    assert edit == 302
    submission.refresh_from_db()
    assert submission.status == "submitted", "approved a window whose content had changed"
    assert refusal is not None and "sau khi gửi" in " ".join(refusal.messages)


def test_an_edit_waits_for_an_approval_in_progress_and_then_is_refused(monkeypatch, waiting_report):
    """The approval holds its report's row and is refreshing the flags; the officer's save checked the
    lock before — it must wait and then be refused, not write into the window just approved."""
    cycle, submission, activity = waiting_report["cycle"], waiting_report["submission"], waiting_report["activity"]
    cycle.submission_submit(submission=submission, user=waiting_report["officer"])
    approving = held_open(monkeypatch, cycle, "_refresh_approval")

    def edit():
        assert approving.wait(10)
        return officer_edit(waiting_report, quantity="9")

    _approved, response = run_together(
        [lambda: cycle.submission_approve(submission=submission, user=waiting_report["coordinator"]), edit])

    assert response.status_code == 200 and "đã được duyệt" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.quantity, activity.approved) == (7, True)


def test_sending_waits_for_an_edit_in_progress_so_what_is_sent_includes_it(monkeypatch, waiting_report):
    """A title-only edit (ids and totals unchanged) committing just after the report read its window would
    carry an updated_at before submitted_at and pass approval unseen: sending waits for it instead."""
    cycle, submission = waiting_report["cycle"], waiting_report["submission"]
    written = held_open(monkeypatch, cycle, "activities_changed", seconds=1.0)  # the edit's transaction open

    def send():
        assert written.wait(10)
        started = time.monotonic()
        cycle.submission_submit(submission=submission, user=waiting_report["officer"])
        return time.monotonic() - started

    status, waited = run_together([lambda: officer_edit(waiting_report, title="Tiêu đề đã sửa").status_code, send])

    assert status == 302
    assert waited > 0.5, "the report read its window while an edit to it was uncommitted"
    submission.refresh_from_db()
    assert submission.submitted_at > Activity.objects.get(pk=waiting_report["activity"].pk).updated_at
