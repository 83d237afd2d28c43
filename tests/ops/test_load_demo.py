import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import override_settings

from accounts.models import User
from accounts.roles import AGENCY_HEAD, COORDINATOR, DATA_ENTRY
from agencies.models import Agency
from campaigns.models import Activity, Plan, Task, TaskStatus

pytestmark = pytest.mark.django_db


def channel_total(code):
    return Activity.objects.filter(channel__code=code).aggregate(total=Sum("quantity"))["total"]


class TestTheDemo:
    def test_demo_totals_are_exactly_the_articles(self, demo):
        assert channel_total("phat-thanh-truyen-hinh") == 574
        assert channel_total("toa-dam-hoi-thao") == 10
        assert channel_total("bao-in-bao-anh") == 40
        contest = Activity.objects.get(channel__code="hoi-thi-cuoc-thi")
        assert (contest.participants, contest.awards) == (51, 7)
        assert "Đề xuất giải pháp cải cách hành chính năm 2019" in contest.title

    def test_the_574_topics_are_all_the_radio_tv_stations(self, demo):
        by_station = Activity.objects.filter(
            channel__code="phat-thanh-truyen-hinh", agency__name="Đài Phát thanh – Truyền hình Cà Mau"
        ).aggregate(total=Sum("quantity"))["total"]
        assert by_station == 574

    def test_the_40_issues_come_from_the_two_papers(self, demo):
        agencies = set(Activity.objects.filter(channel__code="bao-in-bao-anh").values_list("agency__name", flat=True))
        assert agencies == {"Báo Cà Mau", "Báo ảnh Đất Mũi"}

    def test_every_planned_task_is_done(self, demo):
        tasks = Task.objects.filter(plan__slug="ke-hoach-tuyen-truyen-cchc-2019").with_progress()
        assert tasks.count() == 8
        assert [t.progress_status for t in tasks] == [TaskStatus.DONE] * 8

    def test_activities_are_spread_over_the_year(self, demo):
        months = {d.month for d in Activity.objects.dates("date", "month")}
        assert months == set(range(1, 13))

    def test_loading_twice_changes_nothing(self, demo):
        def snapshot():
            return (
                Agency.objects.count(), Plan.objects.count(), Task.objects.count(), Activity.objects.count(),
                User.objects.count(), Activity.history.count(), Task.history.count(), Plan.history.count(),
                list(Activity.objects.order_by("pk").values_list("pk", "quantity", "updated_at")),
            )

        before = snapshot()
        call_command("load_demo", force=True, stdout=io.StringIO())
        assert snapshot() == before

    def test_reset_starts_over_with_the_same_totals(self, demo):
        Activity.objects.filter(channel__code="phat-thanh-truyen-hinh").first().delete()
        call_command("load_demo", reset=True, force=True, stdout=io.StringIO())
        assert channel_total("phat-thanh-truyen-hinh") == 574

    def test_demo_logins_have_their_roles(self, demo):
        assert User.objects.get(username="admin").is_superuser
        dieuphoi = User.objects.get(username="dieuphoi")
        assert dieuphoi.groups.filter(name=COORDINATOR).exists() and dieuphoi.sees_all_agencies
        dai = User.objects.get(username="dai_ptth")
        assert dai.groups.filter(name=DATA_ENTRY).exists() and not dai.sees_all_agencies
        assert dai.agency.name == "Đài Phát thanh – Truyền hình Cà Mau"
        assert User.objects.get(username="bao_camau").agency.name == "Báo Cà Mau"
        assert dai.check_password("CaMau-CCHC-2019")
        head = User.objects.get(username="lanhdao_ptth")  # the agency's head (issue 25, item 4), illustrative
        assert list(head.groups.values_list("name", flat=True)) == [AGENCY_HEAD] and not head.sees_all_agencies
        assert head.agency == dai.agency and head.get_full_name() == "Lãnh đạo Đài PT-TH (minh họa)"
        assert head.check_password("CaMau-CCHC-2019") and head.has_perm("campaigns.confirm_submission")

    def test_the_report_can_be_issued_its_signer_named_and_marked_illustrative(self, demo):
        from reports.models import Report
        report = Report.objects.get(document_number="45/BC-UBND")
        assert "PHÓ CHỦ TỊCH" in report.signer_authority
        assert report.signer_name.strip() and "minh họa" in report.signer_name

    def test_district_agencies_are_kept_but_inactive(self, demo):
        district = Agency.objects.get(name="UBND huyện Trần Văn Thời")
        assert district.kind == Agency.Kind.DISTRICT and not district.is_active


@override_settings(DEBUG=False)
def test_demo_logins_are_refused_when_debug_is_off():
    with pytest.raises(CommandError, match="DEBUG đang tắt"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists() and not Plan.objects.exists()


@override_settings(DEBUG=False)
def test_data_without_logins_loads_when_debug_is_off():
    call_command("load_demo", no_logins=True, stdout=io.StringIO())
    assert channel_total("phat-thanh-truyen-hinh") == 574
    assert not User.objects.exists()


class TestTheWholeDemo:
    def test_reset_after_the_whole_demo_loads_it_again_with_its_reporting_cycle(self, demo_cycle):
        """The whole demo has approved (locked) reports for 2019: --reset must take the demo's cycle away
        with its plan, not stop on the lock with a traceback."""
        from campaigns.models import ReportingPeriod, Submission, SubmissionStatus

        def approved(year):
            return Submission.objects.filter(period__year=year, status=SubmissionStatus.APPROVED).count()

        before = approved(2019), approved(2026)
        call_command("load_demo", force=True, reset=True, stdout=io.StringIO())
        assert channel_total("phat-thanh-truyen-hinh") == 574
        assert ReportingPeriod.objects.filter(year=2019).count() == 4
        # 4 periods × 12 expected agencies, less UBND huyện Năm Căn's yearly report, never sent.
        assert approved(2019) == before[0] == 47
        old_work = Activity.objects.filter(plan__year=2019)
        assert old_work.filter(approved=True).count() == old_work.count()
        # The 2026 cycle comes back too: 3 communes × Quý I, 6 tháng, Quý III approved; the year's still open.
        assert approved(2026) == before[1] == 9

    def test_the_demos_history_is_told_to_nobody(self, demo_cycle):
        """Its reports are sent, returned and approved through campaigns.cycle; a province's coordinator
        who already has an address (setup_province) is owed no email, now or in a digest, for any of it."""
        from campaigns.models import CycleNotice
        from tests.factories import coordinator_user

        coordinator_user(email="dieuphoi@tinh.example")
        call_command("load_demo", force=True, reset=True, stdout=io.StringIO())
        assert CycleNotice.objects.count() == 0

    def test_reset_leaves_a_year_that_holds_other_plans_alone(self, demo_cycle):
        """Periods are per year, not per plan: --reset does not take away a real plan's reporting cycle."""
        from campaigns.models import ReportingPeriod, Submission
        from tests.factories import PlanFactory

        PlanFactory(year=2019, slug="ke-hoach-that-2019", title="Kế hoạch thật 2019")
        submissions = Submission.objects.count()
        with pytest.raises(CommandError, match="có kế hoạch khác"):
            call_command("load_demo", force=True, reset=True, stdout=io.StringIO())
        assert Submission.objects.count() == submissions and ReportingPeriod.objects.filter(year=2019).count() == 4


class TestDemoAgencyFacts:
    def test_the_province_has_its_official_code_and_closed_units_their_last_day(self, demo):
        assert Agency.objects.get(name="UBND tỉnh Cà Mau").official_code == "96"
        district = Agency.objects.get(name="UBND huyện Năm Căn")
        assert district.existed_to == dt.date(2025, 6, 30) and not district.is_active
        assert district.official_code == ""  # not checked against an official source: left empty
        assert Agency.objects.get(name="Sở Thông tin và Truyền thông tỉnh Cà Mau").existed_to == dt.date(2025, 2, 28)

    def test_the_2019_work_of_the_closed_districts_still_validates(self, demo):
        old_work = list(Activity.objects.filter(agency__kind=Agency.Kind.DISTRICT))
        assert old_work
        for activity in old_work:
            activity.full_clean()


class TestTheMergedProvinceOf2026:
    """The second story: the merged Cà Mau of 2026 (ops.demo: AGENCIES_2026, AGENCY_CHANGES, PLAN_2026)."""

    def test_bac_lieu_is_closed_and_merged_into_ca_mau(self, demo):
        bac_lieu = Agency.objects.get(name="UBND tỉnh Bạc Liêu")
        assert bac_lieu.existed_to == dt.date(2025, 6, 30) and not bac_lieu.is_active
        change = bac_lieu.closing_change()
        assert change.legal_basis == "Nghị quyết 202/2025/QH15" and change.effective_date == dt.date(2025, 7, 1)
        assert list(bac_lieu.successors()) == [Agency.objects.get(name="UBND tỉnh Cà Mau", official_code="96")]

    def test_the_new_communes_have_their_official_codes_from_1_july_2025(self, demo):
        # vietnam-provinces 2025.10.1, province 96 (ops.demo.COMMUNES_2026 cites it).
        for name, code in [("UBND xã Năm Căn", "32191"), ("UBND xã Trần Văn Thời", "32095"),
                           ("UBND phường Bạc Liêu", "31825"), ("UBND phường An Xuyên", "32002")]:
            commune = Agency.objects.get(name=name)
            assert (commune.official_code, commune.kind) == (code, Agency.Kind.COMMUNE)
            assert commune.existed_from == dt.date(2025, 7, 1) and commune.is_active
            assert commune.refusal(dt.date(2026, 3, 1)) == ""

    def test_each_district_of_the_2019_data_is_followed_to_its_successor_communes(self, demo):
        first = {"UBND thành phố Cà Mau": "UBND phường An Xuyên", "UBND huyện Trần Văn Thời": "UBND xã Trần Văn Thời",
                 "UBND huyện Năm Căn": "UBND xã Năm Căn", "UBND thành phố Bạc Liêu": "UBND phường Bạc Liêu"}
        for district, successor in first.items():
            change = Agency.objects.get(name=district).closing_change()
            assert change.kind == "split" and change.legal_basis == "Nghị quyết 1655/NQ-UBTVQH15"
            assert "minh họa" in change.note  # which communes: illustrative, and the note says so
            # No share declared: the district's old figures stay with its first successor.
            links = change.successor_links.order_by("order")
            assert links[0].agency.name == successor and all(link.share is None for link in links)
        assert "UBND xã Năm Căn" in Agency.objects.get(name="UBND huyện Năm Căn").refusal()

    def test_closed_districts_get_no_2026_work(self, demo):
        from django.core.exceptions import ValidationError

        plan = Plan.objects.get(year=2026)
        district = Agency.objects.get(name="UBND huyện Trần Văn Thời")
        activity = Activity(plan=plan, agency=district, date=dt.date(2026, 3, 2), title="Thử",
                            channel=plan.tasks.first().channel, quantity=1)
        with pytest.raises(ValidationError, match="UBND xã Trần Văn Thời"):
            activity.full_clean()
        assert not plan.activities.exclude(agency__kind=Agency.Kind.COMMUNE).exists()

    def test_the_2026_work_is_marked_illustrative_and_keeps_off_the_articles_channels(self, demo):
        plan = Plan.objects.get(year=2026)
        assert "minh họa" in plan.title and plan.document_number == ""
        assert plan.activities.count() == 28
        assert all("minh họa" in a.description for a in plan.activities.all())
        articles = {"phat-thanh-truyen-hinh", "toa-dam-hoi-thao", "bao-in-bao-anh", "hoi-thi-cuoc-thi"}
        assert not plan.activities.filter(channel__code__in=articles).exists()


class TestThe2026Cycle:
    def test_the_coordinator_sees_a_live_2026_year_report(self, demo_cycle):
        from campaigns.dashboard import coordinator_dashboard

        data = coordinator_dashboard(today=dt.date(2026, 12, 7))
        assert str(data["period"]) == "Năm 2026"
        totals = data["totals"]
        assert (totals["expected"], totals["sent"], totals["waiting"], totals["returned"], totals["approved"]) == (
            3, 2, 1, 1, 0)
        statuses = {row["submission"].agency.name: row["submission"].status for row in data["rows"]}
        assert statuses == {"UBND xã Trần Văn Thời": "returned", "UBND phường Bạc Liêu": "not_submitted",
                            "UBND xã Năm Căn": "submitted"}

    def test_the_earlier_2026_periods_are_approved_and_only_communes_report(self, demo_cycle):
        from campaigns.models import Submission, SubmissionStatus

        earlier = Submission.objects.filter(period__year=2026).exclude(period__kind="year")
        assert earlier.count() == 9 and not earlier.exclude(status=SubmissionStatus.APPROVED).exists()
        assert set(Submission.objects.filter(period__year=2026).values_list("agency__kind", flat=True)) == {
            Agency.Kind.COMMUNE}
        # Phường Bạc Liêu's 6-month report was returned once, then approved.
        h1 = Submission.objects.get(period__year=2026, period__kind="h1", agency__name="UBND phường Bạc Liêu")
        assert h1.history.filter(status=SubmissionStatus.RETURNED).exists()

    def test_the_coordinator_can_approve_the_waiting_report_as_loaded(self, demo_cycle):
        """The activities were entered before the report was sent (the demo dates their entry on their own
        day): approving finds the window as it was sent, not "đã được sửa"."""
        from campaigns import cycle
        from campaigns.models import Submission, SubmissionStatus

        waiting = Submission.objects.get(period__year=2026, period__kind="year", agency__name="UBND xã Năm Căn")
        assert cycle.submission_changes(waiting) == []
        approved = cycle.submission_approve(submission=waiting, user=User.objects.get(username="dieuphoi"))
        assert approved.status == SubmissionStatus.APPROVED

    def test_the_returned_communes_officer_can_log_in(self, demo_cycle):
        officer = User.objects.get(username="xa_tranvanthoi")
        assert officer.agency.name == "UBND xã Trần Văn Thời" and officer.groups.filter(name=DATA_ENTRY).exists()
