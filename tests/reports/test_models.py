"""A published report's frozen figures were counted for one scope (plan, period, dates): that scope is frozen
with them, so no label can ever describe the figures as something they are not."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from reports.models import Report
from reports.report_publishing import report_publish, report_unpublish
from tests.factories import ActivityFactory, ChannelFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter_report():
    plan, channel = PlanFactory(), ChannelFactory()
    ActivityFactory(plan=plan, channel=channel, quantity=5, date=dt.date(2019, 5, 10), approved=True)
    ActivityFactory(plan=plan, channel=channel, quantity=7, date=dt.date(2019, 9, 10), approved=True)
    report = Report.objects.create(title="Báo cáo quý II", slug="bao-cao-quy-ii", date=dt.date(2019, 7, 5),
                                   issuing_agency=plan.issuing_agency, plan=plan, period=Report.Period.QUARTER,
                                   period_start=dt.date(2019, 4, 1), period_end=dt.date(2019, 6, 30))
    return report_publish(report=report, user=None)


@pytest.mark.parametrize("field, value", [
    ("period", Report.Period.YEAR),
    ("period_start", dt.date(2019, 1, 1)),
    ("period_end", dt.date(2019, 12, 31)),
    ("plan", "another"),
])
def test_a_published_reports_scope_cannot_change_while_its_figures_stay_frozen(quarter_report, field, value):
    report = Report.objects.get(pk=quarter_report.pk)
    setattr(report, field, PlanFactory() if value == "another" else value)
    with pytest.raises(ValidationError) as clean_error:
        report.full_clean()
    assert "đã công khai" in str(clean_error.value)
    with pytest.raises(ValidationError):
        report.save()
    stored = Report.objects.get(pk=quarter_report.pk)
    assert (stored.period, stored.period_start, stored.period_end, stored.plan_id) == (
        Report.Period.QUARTER, dt.date(2019, 4, 1), dt.date(2019, 6, 30), quarter_report.plan_id)
    assert stored.figures["channels"][0]["total"] == 5


def test_everything_else_of_a_published_report_can_still_be_edited(quarter_report):
    report = Report.objects.get(pk=quarter_report.pk)
    report.title, report.signer_name, report.date = "Báo cáo quý II (sửa tên)", "Nguyễn Văn A", dt.date(2019, 7, 6)
    report.full_clean()
    report.save()
    assert Report.objects.get(pk=report.pk).title == "Báo cáo quý II (sửa tên)"


def test_a_withdrawn_report_takes_a_new_scope_and_publishing_again_freezes_figures_for_it(quarter_report):
    report = report_unpublish(report=quarter_report, user=None)
    report.period, report.period_start, report.period_end = (Report.Period.YEAR, dt.date(2019, 1, 1),
                                                             dt.date(2019, 12, 31))
    report.full_clean()
    report.save()
    report = report_publish(report=report, user=None)
    assert report.figures["channels"][0]["total"] == 12
