import datetime as dt

import pytest
from django.db.models import Sum
from django.urls import reverse

from agencies.models import Agency
from campaigns import cycle
from campaigns.models import Activity, Channel, Plan
from reports import queries
from reports.models import Report
from reports.report_publishing import report_publish
from tests.factories import ActivityFactory, AgencyFactory, ChannelFactory, PlanFactory, TaskFactory, coordinator_user

pytestmark = pytest.mark.django_db


def test_channel_totals_never_mix_units():
    plan = PlanFactory()
    radio, press = ChannelFactory(unit="đề tài"), ChannelFactory(unit="kỳ")
    ActivityFactory(plan=plan, channel=radio, quantity=500, approved=True)
    ActivityFactory(plan=plan, channel=radio, quantity=74, participants=3, approved=True)
    ActivityFactory(plan=plan, channel=press, quantity=40, approved=True)
    rows = {r["unit"]: r for r in queries.channel_totals(plan=plan)}
    assert (rows["đề tài"]["total"], rows["đề tài"]["activities"], rows["đề tài"]["participants"]) == (574, 2, 3)
    assert rows["kỳ"]["total"] == 40


def test_period_scope_uses_inclusive_dates():
    channel = ChannelFactory()
    for day in (dt.date(2019, 3, 31), dt.date(2019, 4, 1), dt.date(2019, 6, 30), dt.date(2019, 7, 1)):
        ActivityFactory(channel=channel, date=day, quantity=1, approved=True)
    q2 = queries.channel_totals(start=dt.date(2019, 4, 1), end=dt.date(2019, 6, 30))
    assert q2[0]["total"] == 2


def test_monthly_timeline_includes_empty_months():
    plan = PlanFactory()
    ActivityFactory(plan=plan, date=dt.date(2019, 1, 5), approved=True)
    ActivityFactory(plan=plan, date=dt.date(2019, 4, 5), approved=True)
    months = queries.monthly_timeline(plan=plan)
    assert [m["label"] for m in months] == ["01/2019", "02/2019", "03/2019", "04/2019"]
    assert [m["activities"] for m in months] == [1, 0, 0, 1]


class TestQueriesOnTheDemo:
    def test_task_completion_counts_done_tasks(self, demo):
        completion = queries.task_completion(plan=Plan.objects.get(year=2019))
        assert (completion["planned"], completion["done"], completion["percent"]) == (8, 8, 100)
        radio = completion["tasks"][0]
        assert (radio["target"], radio["achieved"], radio["percent"]) == (550, 574, 100)

    def test_each_channels_figure_is_the_sum_of_its_approved_activities_in_its_own_unit(self, demo):
        """What a reader checks against the agencies' own reports: each channel's figure, in that channel's
        unit, is the sum of its approved activities. Work waiting for approval does not move it, nor does
        another channel's, even one counted in the same unit; approving through the cycle does."""
        plan, report = Plan.objects.get(year=2019), Report.objects.get()

        def shown(figures):
            return {(row["name"], row["unit"]): row["total"] for row in figures["channels"]}

        def summed_by_hand():
            sums = {}
            for activity in Activity.objects.filter(plan=plan).select_related("channel"):
                if activity.approved:
                    key = (activity.channel.name, activity.channel.unit)
                    sums[key] = sums.get(key, 0) + activity.quantity
            return sums

        before = shown(report.compute_figures())
        assert before == summed_by_hand()
        assert shown(report.figures) == before, "the published report froze these very figures"
        assert before[("Phát thanh – truyền hình", "đề tài")] == 574
        assert before[("Báo chí (báo in, báo ảnh)", "kỳ")] == 40
        assert before[("Tọa đàm, hội thảo", "buổi")] == 10

        station = Agency.objects.get(name="Đài Phát thanh – Truyền hình Cà Mau")
        paper = Agency.objects.get(name="Báo Cà Mau")
        radio = Channel.objects.get(code="phat-thanh-truyen-hinh")
        dialogue = Channel.objects.get(code="doi-thoai-truc-tiep")  # counted in "buổi", as the talks are
        ActivityFactory(plan=plan, agency=station, channel=radio, date=dt.date(2019, 8, 1), quantity=100)
        ActivityFactory(plan=plan, agency=paper, channel=dialogue, date=dt.date(2019, 8, 1), quantity=3)
        assert shown(report.compute_figures()) == before, "entered but not approved: not counted"

        third_quarter = cycle.periods_generate(year=2019)[2]
        submission = third_quarter.submissions.get(agency=paper)
        cycle.submission_submit(submission=submission, user=None)
        cycle.submission_approve(submission=submission, user=None)
        after = shown(report.compute_figures())
        talks_unit = ("Đối thoại trực tiếp với người dân, doanh nghiệp", "buổi")
        assert after == {**before, talks_unit: before.get(talks_unit, 0) + 3}
        assert after == summed_by_hand()

    def test_demo_second_quarter_task_progress(self, q2_report):
        tasks = {t["title"][:30]: t for t in q2_report.current_figures()["completion"]["tasks"]}
        radio = tasks["Xây dựng, phát sóng chuyên mục"]
        # 285 of 550 is 51.8 %: rounded down, as every percentage
        assert (radio["achieved_in_period"], radio["achieved"], radio["percent"]) == (144, 285, 51)
        talks = tasks["Tổ chức tọa đàm về cải cách hà"]
        assert (talks["achieved_in_period"], talks["achieved"], talks["percent"]) == (3, 5, 50)
        press = tasks["Thực hiện chuyên trang, chuyên"]
        assert (press["achieved_in_period"], press["achieved"], press["percent"]) == (10, 20, 50)
        contest = tasks["Tổ chức Hội thi “Đề xuất giải "]
        assert (contest["achieved_in_period"], contest["achieved"], contest["status"]) == (0, 0, "not_started")
        completion = q2_report.current_figures()["completion"]
        # The four qualitative tasks are marked done by staff (no date is recorded for that).
        assert (completion["done"], completion["planned"], completion["percent"]) == (4, 8, 50)


def test_publishing_freezes_the_figures():
    task = TaskFactory(target_quantity=10)
    ActivityFactory(plan=task.plan, task=task, channel=task.channel, quantity=4, approved=True)
    report = Report.objects.create(title="Báo cáo quý", slug="bao-cao-quy", date=dt.date(2019, 4, 5),
                                   issuing_agency=task.plan.issuing_agency, plan=task.plan)
    report = report_publish(report=report, user=coordinator_user())
    ActivityFactory(plan=task.plan, task=task, channel=task.channel, quantity=6, approved=True)
    report.refresh_from_db()
    assert report.current_figures()["channels"][0]["total"] == 4
    assert report.current_figures()["completion"]["done"] == 0
    assert report.compute_figures()["channels"][0]["total"] == 10


def test_refreshing_figures_keeps_the_earlier_version(client):
    from reports.report_publishing import report_refresh_figures

    plan = PlanFactory()
    ActivityFactory(plan=plan, quantity=3, approved=True)
    report = Report.objects.create(title="BC", slug="bc", date=dt.date(2019, 4, 5),
                                   issuing_agency=plan.issuing_agency, plan=plan)
    coordinator = coordinator_user()
    report_publish(report=report, user=coordinator)
    ActivityFactory(plan=plan, channel=ChannelFactory(), quantity=9, approved=True)
    report_refresh_figures(report=report, user=coordinator, reason="bổ sung số liệu")
    versions = [h.figures for h in Report.history.filter(id=report.pk).order_by("history_date") if h.figures]
    assert [len(v["channels"]) for v in versions] == [1, 2]


def test_only_coordinators_publish():
    from django.core.exceptions import PermissionDenied

    from tests.factories import data_entry_user

    plan = PlanFactory()
    report = Report.objects.create(title="BC", slug="bc", date=dt.date(2019, 4, 5),
                                   issuing_agency=plan.issuing_agency, plan=plan)
    with pytest.raises(PermissionDenied):
        report_publish(report=report, user=data_entry_user(AgencyFactory()))
    report.refresh_from_db()
    assert not report.is_published


def _populate(n):
    plan = PlanFactory(slug="ke-hoach-do-tai")
    agencies = [AgencyFactory() for _ in range(5)]
    channels = [ChannelFactory() for _ in range(4)]
    tasks = [TaskFactory(plan=plan, channel=c, lead_agency=agencies[0]) for c in channels]
    Activity.objects.bulk_create([
        Activity(plan=plan, task=tasks[i % 4], channel=channels[i % 4], agency=agencies[i % 5],
                 date=dt.date(2019, 1 + i % 12, 1 + i % 28), title=f"Hoạt động {i}", quantity=1 + i % 3, approved=True)
        for i in range(n)
    ], batch_size=2000)
    return plan


@pytest.mark.parametrize("size", [10, 10_000])
def test_report_preview_query_budget_does_not_grow(admin_client, django_assert_max_num_queries, size):
    plan = _populate(size)
    report = Report.objects.create(title="BC", slug="bc-do-tai", date=dt.date(2020, 1, 5),
                                   issuing_agency=plan.issuing_agency, plan=plan)
    url = reverse("reports:report_detail", args=[report.slug])
    with django_assert_max_num_queries(14):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert Activity.objects.count() == size


@pytest.mark.parametrize("size", [10, 10_000])
def test_plan_page_query_budget_does_not_grow(client, django_assert_max_num_queries, size):
    plan = _populate(size)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reports:plan_detail", args=[plan.slug])).status_code == 200


Q1 = {"start": dt.date(2019, 1, 1), "end": dt.date(2019, 3, 31)}
Q2 = {"start": dt.date(2019, 4, 1), "end": dt.date(2019, 6, 30)}


@pytest.fixture
def broadcasts():
    """A task with a target of 550 đề tài: 300 broadcast in Q1 and 322 in Q2, so it is done during Q2; a
    second task (target 5) done in January."""
    radio = ChannelFactory(unit="đề tài")
    task = TaskFactory(target_quantity=550, channel=radio, order=1)
    plan = task.plan
    ActivityFactory(plan=plan, task=task, channel=radio, date=dt.date(2019, 2, 15), quantity=300, approved=True)
    ActivityFactory(plan=plan, task=task, channel=radio, date=dt.date(2019, 5, 15), quantity=322, approved=True)
    ActivityFactory(plan=plan, task=task, channel=radio, date=dt.date(2019, 7, 1), quantity=9, approved=True)  # Q3
    ActivityFactory(plan=plan, task=task, channel=ChannelFactory(unit="kỳ"), date=dt.date(2019, 5, 2),
                    quantity=40, approved=True)  # another unit: never added to đề tài
    early = TaskFactory(plan=plan, target_quantity=5, order=2)
    ActivityFactory(plan=plan, task=early, channel=early.channel, date=dt.date(2019, 1, 20), quantity=5, approved=True)
    return plan


def test_task_progress_in_a_quarter_is_the_quarter_and_the_total_to_its_end(broadcasts):
    completion = queries.task_completion(plan=broadcasts, **Q2)
    radio = completion["tasks"][0]
    assert (radio["target"], radio["achieved_in_period"], radio["achieved"]) == (550, 322, 622)
    assert (radio["percent"], radio["status"], radio["status_label"]) == (100, "done", "Hoàn thành")
    assert (completion["done"], completion["planned"], completion["percent"]) == (2, 2, 100)
    assert (completion["start"], completion["end"]) == ("2019-04-01", "2019-06-30")


def test_a_first_quarter_report_does_not_count_a_task_completed_in_the_second(broadcasts):
    completion = queries.task_completion(plan=broadcasts, **Q1)
    radio, early = completion["tasks"]
    assert (radio["achieved_in_period"], radio["achieved"], radio["percent"]) == (300, 300, 54)  # 54.5 %, rounded down
    assert (radio["status"], radio["status_label"]) == ("in_progress", "Đang thực hiện")
    assert (early["achieved_in_period"], early["achieved"], early["status"]) == (5, 5, "done")
    assert (completion["done"], completion["planned"], completion["percent"]) == (1, 2, 50)


def test_a_task_without_activity_yet_is_not_started_at_the_period_end(broadcasts):
    january = {"start": dt.date(2019, 1, 1), "end": dt.date(2019, 1, 31)}
    radio, early = queries.task_completion(plan=broadcasts, **january)["tasks"]
    assert (radio["achieved_in_period"], radio["achieved"], radio["percent"]) == (0, 0, 0)
    assert radio["status_label"] == "Chưa thực hiện"
    assert early["status_label"] == "Hoàn thành"


def test_task_progress_without_a_period_is_the_plain_total(broadcasts):
    completion = queries.task_completion(plan=broadcasts)
    radio = completion["tasks"][0]
    assert (radio["achieved_in_period"], radio["achieved"], radio["percent"]) == (631, 631, 100)
    assert (completion["start"], completion["end"], completion["done"]) == (None, None, 2)


def test_a_qualitative_task_has_no_quantities():
    task = TaskFactory(target_quantity=None, channel=None, status="in_progress")
    row = queries.task_completion(plan=task.plan, **Q2)["tasks"][0]
    assert (row["target"], row["achieved_in_period"], row["achieved"], row["percent"]) == (None, None, None, 0)
    assert row["status_label"] == "Đang thực hiện"


def test_task_progress_is_one_query_whatever_the_number_of_tasks(django_assert_num_queries):
    plan = _populate(400)
    with django_assert_num_queries(1):
        completion = queries.task_completion(plan=plan, **Q2)
    in_q2 = Activity.objects.filter(plan=plan, date__range=(Q2["start"], Q2["end"])).aggregate(s=Sum("quantity"))
    up_to_q2 = Activity.objects.filter(plan=plan, date__lte=Q2["end"]).aggregate(s=Sum("quantity"))
    assert sum(t["achieved_in_period"] for t in completion["tasks"]) == in_q2["s"]
    assert sum(t["achieved"] for t in completion["tasks"]) == up_to_q2["s"]


def test_report_figures_scope_task_progress_to_the_period_and_declare_their_version(broadcasts):
    figures = queries.report_figures(plan=broadcasts, **Q1)
    assert figures["version"] == 4
    radio = figures["completion"]["tasks"][0]
    assert (radio["achieved_in_period"], radio["achieved"], radio["status"]) == (300, 300, "in_progress")
    assert {c["unit"]: c["total"] for c in figures["channels"]} == {"đề tài": 300, "bài": 5}
