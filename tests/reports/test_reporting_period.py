"""A report belongs to its reporting period: chosen from the Kỳ báo cáo, its window comes from it."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from campaigns.models import PeriodKind, ReportingPeriod, Submission
from reports.models import Report
from tests.factories import AgencyFactory, PlanFactory, coordinator_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2026():
    return ReportingPeriod.objects.create(kind=PeriodKind.YEAR, year=2026, start=dt.date(2025, 12, 15),
                                          end=dt.date(2026, 12, 14), due_date=dt.date(2026, 12, 20))


def test_a_report_takes_its_window_from_its_reporting_period(year_2026):
    plan = PlanFactory(year=2026)
    report = Report(title="Báo cáo năm 2026", slug="bc-2026", date=dt.date(2026, 12, 16),
                    issuing_agency=plan.issuing_agency, plan=plan, reporting_period=year_2026,
                    period=Report.Period.QUARTER, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 3, 31))
    report.full_clean()
    report.save()
    report.refresh_from_db()
    assert (report.period, report.period_start, report.period_end) == (
        Report.Period.YEAR, dt.date(2025, 12, 15), dt.date(2026, 12, 14))


def test_the_admin_form_chooses_the_period_and_the_dates_are_not_retyped(client, year_2026):
    plan = PlanFactory(year=2026)
    client.force_login(coordinator_user())
    response = client.post(reverse("admin:reports_report_add"), {
        "title": "Báo cáo năm 2026", "slug": "bao-cao-nam-2026", "document_number": "", "date": "16/12/2026",
        "issuing_agency": plan.issuing_agency_id, "plan": plan.pk, "reporting_period": year_2026.pk,
        "period": "nam", "period_start": "", "period_end": "", "summary": "", "narrative": "", "letterhead": "",
        "place_name": "", "signer_authority": "", "signer_name": "", "recipients": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.objects.get(slug="bao-cao-nam-2026")
    assert (report.period_start, report.period_end) == (dt.date(2025, 12, 15), dt.date(2026, 12, 14))
    # The window is the period's: read-only on the form once chosen.
    page = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert 'name="period_start"' not in page and "15/12/2025" in page


def test_the_confirmation_page_uses_the_chosen_period(client, year_2026):
    plan = PlanFactory(year=2026)
    Submission.objects.create(period=year_2026, agency=AgencyFactory(name="UBND xã Khánh Bình"))
    report = Report.objects.create(title="Báo cáo", slug="bc", date=dt.date(2026, 12, 16),
                                   issuing_agency=plan.issuing_agency, plan=plan, reporting_period=year_2026)
    client.force_login(coordinator_user())
    page = client.get(reverse("admin:reports_report_publish", args=[report.pk])).content.decode()
    assert "UBND xã Khánh Bình" in page and "0/1 cơ quan đã được duyệt" in page


def test_the_data_migration_links_reports_whose_window_is_a_periods(year_2026):
    plan = PlanFactory(year=2026)
    agency = plan.issuing_agency
    matching = Report.objects.create(title="A", slug="a", date=dt.date(2026, 12, 16), issuing_agency=agency,
                                     period_start=dt.date(2025, 12, 15), period_end=dt.date(2026, 12, 14))
    other = Report.objects.create(title="B", slug="b", date=dt.date(2026, 12, 16), issuing_agency=agency,
                                  period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    migration = importlib.import_module("reports.migrations.0010_report_reporting_period")
    migration.link_reports_to_periods(apps, None)
    assert Report.objects.get(pk=matching.pk).reporting_period_id == year_2026.pk
    assert Report.objects.get(pk=other.pk).reporting_period_id is None
