"""The report screen: once a report is published, what its frozen figures were counted for (plan, period,
dates) is shown but cannot be edited, and a forged POST does not change it."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import Report
from reports.report_publishing import report_publish
from tests.factories import ActivityFactory, ChannelFactory, PlanFactory, coordinator_user

pytestmark = pytest.mark.django_db


def change_post(report, **overrides):
    data = {"title": report.title, "slug": report.slug, "document_number": report.document_number,
            "date": report.date.strftime("%d/%m/%Y"), "issuing_agency": report.issuing_agency_id,
            "plan": report.plan_id or "", "period": report.period,
            "period_start": report.period_start.strftime("%d/%m/%Y") if report.period_start else "",
            "period_end": report.period_end.strftime("%d/%m/%Y") if report.period_end else "",
            "summary": "", "narrative": "", "letterhead": "", "place_name": "", "signer_authority": "",
            "signer_name": "Nguyễn Văn A", "recipients": ""}
    data.update(overrides)
    return data


@pytest.fixture
def quarter_report():
    plan, channel = PlanFactory(), ChannelFactory()
    ActivityFactory(plan=plan, channel=channel, quantity=5, date=dt.date(2019, 5, 10), approved=True)
    report = Report.objects.create(title="Báo cáo quý II", slug="bao-cao-quy-ii", date=dt.date(2019, 7, 5),
                                   issuing_agency=plan.issuing_agency, plan=plan, period=Report.Period.QUARTER,
                                   period_start=dt.date(2019, 4, 1), period_end=dt.date(2019, 6, 30))
    return report_publish(report=report, user=None)


def test_a_published_reports_scope_is_read_only_and_a_forged_post_does_not_change_it(client, quarter_report):
    client.force_login(coordinator_user())
    url = reverse("admin:reports_report_change", args=[quarter_report.pk])
    page = client.get(url).content.decode()
    for name in ("plan", "period", "period_start", "period_end"):
        assert f'name="{name}"' not in page, name
    assert 'name="title"' in page
    response = client.post(url, change_post(quarter_report, title="Báo cáo quý II năm 2019", period="nam",
                                            period_start="01/01/2019", period_end="31/12/2019",
                                            plan=PlanFactory().pk))
    assert response.status_code == 302
    report = Report.objects.get(pk=quarter_report.pk)
    assert report.title == "Báo cáo quý II năm 2019"
    assert (report.period, report.period_start, report.period_end, report.plan_id) == (
        Report.Period.QUARTER, dt.date(2019, 4, 1), dt.date(2019, 6, 30), quarter_report.plan_id)
    # What the public reads of the frozen 01/04–30/06 figures still says so.
    api = client.get(reverse("api:report_detail", kwargs={"slug": report.slug})).json()
    assert (api["ky_bao_cao"], api["tu_ngay"], api["den_ngay"]) == ("Quý", "2019-04-01", "2019-06-30")
    workbook = load_workbook(io.BytesIO(client.get(f"{report.get_absolute_url()}tai-ve.xlsx").content))
    info = {row[0]: row[1] for row in workbook["Thông tin"].iter_rows(values_only=True)}
    assert info["Kỳ báo cáo"] == "Quý, từ 01/04/2019 đến 30/06/2019"


def test_a_drafts_scope_stays_editable(client, quarter_report):
    Report.objects.filter(pk=quarter_report.pk).update(status="draft")
    client.force_login(coordinator_user())
    url = reverse("admin:reports_report_change", args=[quarter_report.pk])
    assert 'name="period_start"' in client.get(url).content.decode()
    response = client.post(url, change_post(quarter_report, period="nam", period_start="01/01/2019",
                                            period_end="31/12/2019"))
    assert response.status_code == 302
    assert Report.objects.get(pk=quarter_report.pk).period_start == dt.date(2019, 1, 1)
