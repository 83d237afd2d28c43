import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import override_settings

from accounts.models import User
from accounts.roles import COORDINATOR, DATA_ENTRY
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

        approved = Submission.objects.filter(status=SubmissionStatus.APPROVED).count()
        call_command("load_demo", force=True, reset=True, stdout=io.StringIO())
        assert channel_total("phat-thanh-truyen-hinh") == 574
        assert ReportingPeriod.objects.filter(year=2019).count() == 4
        # 4 periods × 12 expected agencies, less UBND huyện Năm Căn's yearly report, never sent.
        assert Submission.objects.filter(status=SubmissionStatus.APPROVED).count() == approved == 47
        assert Activity.objects.filter(approved=True).count() == Activity.objects.count()

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
