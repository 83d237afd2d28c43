"""The staff start page (campaigns.dashboard, shown as panels: core.panels, portal.views), and the public plan
page's "Quá hạn" label."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns import dashboard
from campaigns.models import PeriodKind, ReportingPeriod, Submission, SubmissionStatus, TaskStatus
from tests.factories import ActivityFactory, AgencyFactory, PlanFactory, TaskFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db
TODAY = dt.date(2019, 7, 10)
INDEX = reverse("admin:index")


def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_period(agencies, **kind):
    period = ReportingPeriod.objects.create(kind=PeriodKind.H1, year=2019, start=dt.date(2018, 12, 15),
                                            end=dt.date(2019, 6, 14), due_date=dt.date(2019, 6, 20))
    Submission.objects.bulk_create([Submission(period=period, agency=a) for a in agencies])
    return period


def send(period, agency, day, status=SubmissionStatus.SUBMITTED, **extra):
    Submission.objects.filter(period=period, agency=agency).update(
        status=status, first_submitted_at=at(day), submitted_at=at(day), **extra)


@pytest.fixture
def four_agencies(db):
    """2 on time (one of them on the due date itself, late evening), 1 late, 1 never."""
    a, b, c, d = (AgencyFactory(name=f"Cơ quan {x}") for x in "ABCD")
    period = make_period([a, b, c, d])
    send(period, a, dt.date(2019, 6, 10), status=SubmissionStatus.APPROVED)
    Submission.objects.filter(period=period, agency=b).update(
        status=SubmissionStatus.SUBMITTED, first_submitted_at=at(dt.date(2019, 6, 20), 23),
        submitted_at=at(dt.date(2019, 6, 20), 23))
    send(period, c, dt.date(2019, 6, 25), status=SubmissionStatus.RETURNED, return_reason="Thiếu số liệu")
    return {"period": period, "agencies": (a, b, c, d)}


def test_rates_for_two_on_time_one_late_one_never(four_agencies):
    data = dashboard.coordinator_dashboard(today=TODAY)
    totals = data["totals"]
    assert data["period"] == four_agencies["period"]
    assert (totals["expected"], totals["sent"], totals["approved"], totals["returned"], totals["late"],
            totals["missing"]) == (4, 3, 1, 1, 1, 1)
    assert (totals["reporting_rate"], totals["on_time_rate"]) == (75, 50)
    late = {row["agency"].name: (row["late"], row["missing_past_due"]) for row in data["rows"]}
    assert late == {"Cơ quan A": (False, False), "Cơ quan B": (False, False), "Cơ quan C": (True, False),
                    "Cơ quan D": (False, True)}


def test_coordinator_start_page_shows_rates_and_links(client, four_agencies):
    client.force_login(coordinator_user())
    html = client.get(INDEX, {"ky": str(four_agencies["period"].pk)}).content.decode()
    assert f"Tình hình báo cáo: {four_agencies['period']}" in html
    assert "75%" in html and "50%" in html
    sub_c = Submission.objects.get(agency__name="Cơ quan C")
    assert reverse("admin:campaigns_submission_change", args=[sub_c.pk]) in html
    assert "Thiếu số liệu" in html
    assert "bình luận chờ duyệt" in html
    assert 'id="app-list"' in html or "app-campaigns" in html  # the app list is still below
    assert client.get(INDEX, {"ky": "x' OR 1=1"}).status_code == 200  # odd input: the current period


def _fill(n):
    agencies = [AgencyFactory() for _ in range(n)]
    period = ReportingPeriod.objects.filter(kind=PeriodKind.H1, year=2019).first() or make_period([])
    Submission.objects.bulk_create([Submission(period=period, agency=a) for a in agencies])
    plan = PlanFactory(year=2019)
    for agency in agencies:
        TaskFactory(plan=plan, lead_agency=agency, deadline=dt.date(2019, 3, 1))
        ActivityFactory(plan=plan, agency=agency, date=dt.date(2019, 2, 1))
        ActivityFactory(plan=plan, agency=agency, date=dt.date(2019, 3, 1))
    return period


def test_coordinator_dashboard_queries_do_not_grow_with_agencies(client):
    client.force_login(coordinator_user())
    _fill(3)
    client.get(INDEX)  # the first request fills what is cached for every page (the portal's identity)
    with CaptureQueriesContext(connection) as small:
        assert client.get(INDEX).status_code == 200
    _fill(27)
    with CaptureQueriesContext(connection) as large:
        html = client.get(INDEX).content.decode()
    assert html.count("campaigns/submission/") >= 30
    assert len(large.captured_queries) == len(small.captured_queries)


def test_tasks_overdue_and_progress_per_lead_agency(four_agencies):
    a, b, *_ = four_agencies["agencies"]
    plan = PlanFactory(year=2019)
    done = TaskFactory(plan=plan, lead_agency=a, target_quantity=2, deadline=dt.date(2019, 6, 1))
    TaskFactory(plan=plan, lead_agency=a, target_quantity=5, deadline=dt.date(2019, 6, 1))
    TaskFactory(plan=plan, lead_agency=a, target_quantity=5, deadline=dt.date(2019, 12, 31))
    ActivityFactory(plan=plan, task=done, channel=done.channel, agency=a, quantity=2)
    rows = {r["agency"].pk: r["tasks"] for r in dashboard.coordinator_dashboard(today=TODAY)["rows"]}
    assert rows[a.pk] == {"done": 1, "total": 3, "overdue": 1}
    assert rows[b.pk] is None


def test_officer_start_page_shows_returned_reason_open_period_and_overdue_tasks(client, four_agencies):
    a, b, c, d = four_agencies["agencies"]
    plan = PlanFactory(year=2019)
    TaskFactory(plan=plan, lead_agency=c, title="Phóng sự về một cửa", target_quantity=100,
                deadline=dt.date(2019, 3, 1))
    TaskFactory(plan=plan, lead_agency=c, title="Tọa đàm cuối năm", target_quantity=None,
                status=TaskStatus.NOT_STARTED, channel=None, deadline=dt.date(2099, 12, 31))
    data = dashboard.officer_dashboard(user=data_entry_user(c), today=TODAY)
    assert [r["task"].title for r in data["tasks"] if r["overdue"]] == ["Phóng sự về một cửa"]
    assert [s.return_reason for s in data["returned"]] == ["Thiếu số liệu"]
    assert [item["submission"].agency_id for item in data["periods"]] == [c.pk]

    client.force_login(data_entry_user(c))
    html = client.get(INDEX).content.decode()
    assert "Thiếu số liệu" in html and "Sửa và gửi lại" in html
    assert "0/100" in html and "Quá hạn" in html
    assert "Cơ quan A" not in html  # nothing of the other agencies


def test_public_plan_page_marks_overdue_tasks(client):
    plan = PlanFactory(year=2019)
    late = TaskFactory(plan=plan, title="Chuyên mục chưa làm", target_quantity=10, deadline=dt.date(2019, 3, 1))
    done = TaskFactory(plan=plan, title="Chuyên mục đã xong", target_quantity=1, deadline=dt.date(2019, 3, 1))
    TaskFactory(plan=plan, title="Chuyên mục chưa đến hạn", target_quantity=10, deadline=dt.date(2999, 1, 1))
    ActivityFactory(plan=plan, task=done, channel=done.channel, agency=done.lead_agency, approved=True)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert html.count('class="overdue"') == 1
    late_block = html.split("Chuyên mục chưa làm")[1].split("</li>")[0]
    assert "Quá hạn" in late_block
    assert late.pk
    from reports import queries

    rows = {t["title"]: t["overdue"] for t in queries.task_completion(plan=plan)["tasks"]}
    assert rows == {"Chuyên mục chưa làm": True, "Chuyên mục đã xong": False, "Chuyên mục chưa đến hạn": False}


def test_agencies_needing_action_come_first_a_page_at_a_time(four_agencies, monkeypatch):
    monkeypatch.setattr(dashboard, "ROWS_PER_PAGE", 2)
    first = dashboard.coordinator_dashboard(today=TODAY)
    assert [row["agency"].name for row in first["rows"]] == ["Cơ quan C", "Cơ quan D"]  # returned, never sent
    assert (first["page"], first["pages"], first["totals"]["expected"]) == (1, 2, 4)  # totals over all agencies
    second = dashboard.coordinator_dashboard(today=TODAY, page=2)
    assert [row["agency"].name for row in second["rows"]] == ["Cơ quan B", "Cơ quan A"]  # waiting, then approved
    assert dashboard.coordinator_dashboard(today=TODAY, page=99)["page"] == 2


def test_a_closed_agencys_row_says_which_units_carry_its_work_today(client, four_agencies):
    """The rows are each agency's reporting duty for the period (a status, a date: nothing to add up), so
    they stay as they were; a closed agency's row names today's units, as reports' "theo đơn vị hiện nay"
    counts them (agencies.succession), in the same number of queries."""
    from decimal import Decimal

    from agencies.changes import agency_change_record
    from agencies.models import Agency, AgencyChange

    client.force_login(coordinator_user())
    period = four_agencies["period"]
    client.get(INDEX, {"ky": str(period.pk)})
    with CaptureQueriesContext(connection) as before:
        client.get(INDEX, {"ky": str(period.pk)})
    first, second = (Agency.objects.create(name=f"Xã {n}", kind=Agency.Kind.COMMUNE) for n in ("Một", "Hai"))
    agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=dt.date(2025, 7, 1), legal_basis="NQ 1655",
                         sources=[four_agencies["agencies"][0]], successors=[first, second],
                         shares={first: Decimal(60), second: Decimal(40)})
    with CaptureQueriesContext(connection) as after:
        html = client.get(INDEX, {"ky": str(period.pk)}).content.decode()
    assert "Nay: Xã Một (60%), Xã Hai (40%)" in html
    assert html.count("Nay: ") == 1
    assert len(after.captured_queries) == len(before.captured_queries)
