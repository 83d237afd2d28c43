"""Publishing knowingly: a report is published only through its confirmation page, which lists the period's
expected agencies with their status and what will be frozen; an incomplete period needs a recorded reason."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import PeriodKind, PublishStatus, ReportingPeriod, Submission, SubmissionStatus
from reports.models import Report
from tests.factories import ActivityFactory, AgencyFactory, ChannelFactory, PlanFactory, TaskFactory, coordinator_user
from tests.reports.test_admin import change_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_report():
    """A 2026 report whose window is the 2026 year period: one agency approved, one never sent."""
    plan, channel = PlanFactory(year=2026), ChannelFactory()
    TaskFactory(plan=plan)
    ActivityFactory(plan=plan, channel=channel, quantity=7, date=dt.date(2026, 3, 10), approved=True)
    period = ReportingPeriod.objects.create(kind=PeriodKind.YEAR, year=2026, start=dt.date(2025, 12, 15),
                                            end=dt.date(2026, 12, 14), due_date=dt.date(2026, 12, 20))
    on_time, late = AgencyFactory(name="Sở Tư pháp"), AgencyFactory(name="UBND xã Tân Hưng")
    Submission.objects.create(period=period, agency=on_time, status=SubmissionStatus.APPROVED)
    Submission.objects.create(period=period, agency=late)
    report = Report.objects.create(title="Báo cáo năm 2026", slug="bao-cao-nam-2026", date=dt.date(2026, 12, 16),
                                   issuing_agency=plan.issuing_agency, plan=plan, period=Report.Period.YEAR,
                                   period_start=period.start, period_end=period.end)
    return report


def confirm_url(report):
    return reverse("admin:reports_report_publish", args=[report.pk])


def test_the_confirmation_page_lists_the_late_agency_and_what_will_be_frozen(client, year_report):
    client.force_login(coordinator_user())
    page = client.get(confirm_url(year_report)).content.decode()
    assert "UBND xã Tân Hưng" in page and "Chưa gửi" in page
    assert "Sở Tư pháp" in page and "Đã duyệt" in page
    assert "1/2 cơ quan đã được duyệt" in page
    assert "0% nhiệm vụ hoàn thành (0/1)" in page
    assert "Vẫn công khai" in page


def test_an_incomplete_period_is_not_published_without_a_reason(client, year_report):
    client.force_login(coordinator_user())
    response = client.post(confirm_url(year_report), {"publish_anyway": "on", "reason": ""})
    assert response.status_code == 200
    assert "ghi lý do" in response.content.decode()
    response = client.post(confirm_url(year_report), {"reason": "Cần số liệu cho hội nghị"})
    assert response.status_code == 200
    assert Report.objects.get(pk=year_report.pk).status == PublishStatus.DRAFT


def test_with_the_reason_it_is_published_and_the_reason_is_in_the_history(client, year_report):
    client.force_login(coordinator_user())
    response = client.post(confirm_url(year_report), {"publish_anyway": "on", "reason": "Cần số liệu cho hội nghị"})
    assert response.status_code == 302
    report = Report.objects.get(pk=year_report.pk)
    assert report.status == PublishStatus.PUBLISHED and report.figures["totals"]["activities"] == 1
    assert "Cần số liệu cho hội nghị" in report.history.first().history_change_reason


def test_a_complete_period_publishes_without_a_reason(client, year_report):
    Submission.objects.filter(period__year=2026).update(status=SubmissionStatus.APPROVED)
    client.force_login(coordinator_user())
    assert client.post(confirm_url(year_report), {}).status_code == 302
    assert Report.objects.get(pk=year_report.pk).status == PublishStatus.PUBLISHED


def test_the_same_page_refreshes_a_published_reports_figures(client, year_report):
    client.force_login(coordinator_user())
    client.post(confirm_url(year_report), {"publish_anyway": "on", "reason": "Hội nghị"})
    ActivityFactory(plan=year_report.plan, quantity=1, date=dt.date(2026, 4, 1), approved=True)
    assert Report.objects.get(pk=year_report.pk).figures["totals"]["activities"] == 1
    assert "Cập nhật số liệu" in client.get(confirm_url(year_report)).content.decode()
    response = client.post(confirm_url(year_report), {"publish_anyway": "on", "reason": "Bổ sung hoạt động"})
    assert response.status_code == 302
    report = Report.objects.get(pk=year_report.pk)
    assert report.figures["totals"]["activities"] == 2
    assert "Bổ sung hoạt động" in report.history.first().history_change_reason


def test_the_bulk_publish_action_is_gone(client, year_report):
    client.force_login(coordinator_user())
    page = client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert 'value="unpublish"' in page  # the list's actions are there, publishing is not among them
    assert 'value="publish"' not in page and 'value="refresh_figures"' not in page
    client.post(reverse("admin:reports_report_changelist"),
                {"action": "publish", "_selected_action": [year_report.pk]})
    assert Report.objects.get(pk=year_report.pk).status == PublishStatus.DRAFT


def test_a_forged_change_form_post_does_not_publish(client, year_report):
    client.force_login(coordinator_user())
    url = reverse("admin:reports_report_change", args=[year_report.pk])
    page = client.get(url).content.decode()
    assert confirm_url(year_report) in page  # the way to publish, from the report's page
    client.post(url, change_post(year_report, status="published", figures="{}"))
    assert Report.objects.get(pk=year_report.pk).status == PublishStatus.DRAFT


def test_an_officer_cannot_open_the_page(client, year_report):
    from tests.factories import data_entry_user
    client.force_login(data_entry_user(year_report.issuing_agency))
    assert client.get(confirm_url(year_report)).status_code in (302, 403)


def test_the_publishing_function_itself_refuses_an_incomplete_period_without_a_reason(year_report):
    from django.core.exceptions import ValidationError

    from reports.report_publishing import report_publish
    with pytest.raises(ValidationError, match="1/2 cơ quan"):
        report_publish(report=year_report, user=coordinator_user())
    assert Report.objects.get(pk=year_report.pk).status == PublishStatus.DRAFT
