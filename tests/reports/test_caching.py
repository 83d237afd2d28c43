"""Whole-page caching: fast for the crowd, never stale for what a citizen should see, never shared with staff."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from openpyxl import Workbook

from campaigns import spreadsheets
from campaigns.models import Activity, Plan
from core import caching
from discussion.models import CitizenComment
from reports.models import Report
from reports.report_publishing import report_publish, report_unpublish

REPORT_URL = reverse("reports:report_detail", kwargs={"slug": "bao-cao-ket-qua-tuyen-truyen-cchc-2019"})
PLAN_URL = reverse("reports:plan_detail", kwargs={"slug": "ke-hoach-tuyen-truyen-cchc-2019"})


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what happens when a transaction commits (the version bump), as in production."""
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)
    return run


class TestCachingOnTheDemo:
    def test_second_visit_is_served_from_the_cache_without_queries(self, client, demo, django_assert_num_queries):
        first = client.get(REPORT_URL)
        assert first["X-Cache"] == "MISS"
        with django_assert_num_queries(0):
            second = client.get(REPORT_URL)
        assert second["X-Cache"] == "HIT"
        assert second.content == first.content
        assert second["X-Accel-Expires"] == "5"
        assert "max-age=0" in second["Cache-Control"] and "public" in second["Cache-Control"]
        assert second.has_header("ETag")

    def test_conditional_get_answers_304(self, client, demo):
        etag = client.get(REPORT_URL)["ETag"]
        assert client.get(REPORT_URL, headers={"If-None-Match": etag}).status_code == 304

    def test_an_approved_comment_shows_at_once(self, client, demo, commit):
        report = Report.objects.get()
        comment = commit(CitizenComment.objects.create, content_type=ContentType.objects.get_for_model(Report),
                         object_pk=str(report.pk), site_id=1, user_name="Lê Thị Hoa", user_email="hoa@example.vn",
                         comment="Cảm ơn tỉnh đã công khai số liệu.", is_public=False)
        assert "Cảm ơn tỉnh" not in client.get(REPORT_URL).content.decode()  # cached without it

        coordinator = get_user_model().objects.get(username="dieuphoi")
        staff = client.__class__()
        staff.force_login(coordinator)
        commit(staff.post, reverse("admin:discussion_citizencomment_changelist"),
               {"action": "approve", "_selected_action": [comment.pk]})
        assert "Cảm ơn tỉnh" in client.get(REPORT_URL).content.decode()

    def test_publishing_and_unpublishing_show_at_once(self, client, demo, commit):
        report = Report.objects.get()
        assert client.get(REPORT_URL).status_code == 200
        commit(report_unpublish, report=report, user=None)
        assert client.get(REPORT_URL).status_code == 404
        assert report.title not in client.get(reverse("reports:report_list")).content.decode()
        commit(report_publish, report=Report.objects.get(), user=None)
        assert client.get(REPORT_URL).status_code == 200

    def test_new_activities_show_on_the_plan_page_once_approved_and_at_once(self, client, demo, commit):
        before = without_form_stamp(client.get(PLAN_URL).content.decode())
        first = Activity.objects.filter(channel__code="toa-dam-hoi-thao").first()
        commit(Activity.objects.create, plan=first.plan, task=first.task, agency=first.agency, channel=first.channel,
               date=dt.date(2019, 12, 20), title="Tọa đàm bổ sung", quantity=5)
        # Entered, not yet approved: the public page is the same (but for the comment form's time stamp, which
        # a fresh rendering a second later carries).
        assert without_form_stamp(client.get(PLAN_URL).content.decode()) == before
        approve_2020_first_quarter(first.agency, commit)
        after = client.get(PLAN_URL).content.decode()
        assert before != after
        assert "15/10 buổi" in after or "15 buổi" in after

    def test_an_excel_import_shows_once_approved_and_at_once(self, client, demo, commit):
        plan_api = reverse("api:plan_detail", kwargs={"slug": "ke-hoach-tuyen-truyen-cchc-2019"})
        totals = {r["ten"]: r["so_luong"] for r in client.get(plan_api).json()["ket_qua_theo_hinh_thuc"]}
        workbook = Workbook()
        workbook.active.append(spreadsheets.HEADERS)
        workbook.active.append(["", "15/KH-UBND", "", "Đài Phát thanh – Truyền hình Cà Mau", "Phát thanh – truyền hình",
                                "20/12/2019", "Chuyên đề bổ sung", 6, None, None, "", ""])
        buffer = io.BytesIO()
        workbook.save(buffer)
        user = get_user_model().objects.get(username="dai_ptth")
        commit(lambda result, user: spreadsheets.import_activities(result=result, user=user),
               spreadsheets.read_activities(buffer.getvalue(), user), user)
        pending = {r["ten"]: r["so_luong"] for r in client.get(plan_api).json()["ket_qua_theo_hinh_thuc"]}
        assert pending == totals
        approve_2020_first_quarter(user.agency, commit)
        after = {r["ten"]: r["so_luong"] for r in client.get(plan_api).json()["ket_qua_theo_hinh_thuc"]}
        assert after["Phát thanh – truyền hình"] == totals["Phát thanh – truyền hình"] + 6

    def test_staff_never_get_the_shared_page_and_see_their_preview(self, client, demo, commit):
        report = Report.objects.get()
        commit(report_unpublish, report=report, user=None)
        assert client.get(REPORT_URL).status_code == 404
        client.force_login(get_user_model().objects.get(username="dieuphoi"))
        response = client.get(REPORT_URL)
        assert response.status_code == 200
        assert "Bản xem trước" in response.content.decode()
        assert "X-Cache" not in response
        assert "private" in response["Cache-Control"]

    def test_a_citizen_with_a_message_gets_their_own_page(self, client, demo):
        client.get(REPORT_URL)
        client.cookies["messages"] = "anything"
        response = client.get(REPORT_URL)
        assert "X-Cache" not in response and "private" in response["Cache-Control"]

    def test_the_cache_being_down_is_not_an_outage(self, client, demo, monkeypatch):
        def broken(*args, **kwargs):
            raise ConnectionError("redis is down")

        monkeypatch.setattr(caching.cache, "get", broken)
        monkeypatch.setattr(caching.cache, "add", broken)
        response = client.get(REPORT_URL)
        assert response.status_code == 200
        assert "574" in response.content.decode()

    def test_drafts_are_never_cached_for_anyone(self, client, demo, commit):
        plan = Plan.objects.get(year=2019)
        commit(Plan.objects.filter(pk=plan.pk).update, status="draft")
        caching._bump_now()
        assert client.get(PLAN_URL).status_code == 404
        assert client.get(PLAN_URL).get("X-Cache") is None


def without_form_stamp(html):
    """The page without its comment form's time stamp and the signature over it (django-contrib-comments'
    anti-spam fields), which differ between two renderings in different seconds."""
    html = re.sub(r'value="\d+" id="id_timestamp"', 'value="…" id="id_timestamp"', html)
    return re.sub(r'name="security_hash" value="[0-9a-f]+"', 'name="security_hash" value="…"', html)


def approve_2020_first_quarter(agency, commit):
    """The agency's report for the period covering 20/12/2019 (Quý I/2020), sent and approved."""
    from campaigns import cycle
    from campaigns.models import ReportingPeriod, Submission

    period = ReportingPeriod.objects.create(kind="q1", year=2020, start=dt.date(2019, 12, 15),
                                            end=dt.date(2020, 3, 14), due_date=dt.date(2020, 3, 20))
    submission = Submission.objects.create(period=period, agency=agency)
    commit(cycle.submission_submit, submission=submission, user=None)
    commit(cycle.submission_approve, submission=submission, user=None)
