"""django-simple-history's revert page saves an old version: it may never change a record the user
cannot change, a field the user cannot edit, a status or frozen figures."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Plan, PublishStatus
from reports.models import Report
from reports.report_publishing import report_publish, report_refresh_figures
from tests.factories import (
    ActivityFactory,
    AgencyFactory,
    ChannelFactory,
    PlanFactory,
    coordinator_user,
    data_entry_user,
)

pytestmark = pytest.mark.django_db


def revert_url(obj, version):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id])


def plan_revert_post(plan, **overrides):
    data = {"title": plan.title, "slug": plan.slug, "document_number": plan.document_number, "year": plan.year,
            "issuing_agency": plan.issuing_agency_id, "issued_on": "", "summary": "", "body": ""}
    data.update(overrides)
    return data


def test_reverting_a_withdrawn_plan_does_not_publish_it_again(client):
    agency = AgencyFactory()
    officer, coordinator = data_entry_user(agency), coordinator_user()
    plan = PlanFactory(issuing_agency=agency, status=PublishStatus.PUBLISHED)
    published_version = plan.history.first()
    plan.status = PublishStatus.DRAFT  # the coordinator withdrew it
    plan._history_user = coordinator
    plan.save()
    client.force_login(officer)
    response = client.post(revert_url(plan, published_version), plan_revert_post(plan, title="Đã khôi phục"))
    plan.refresh_from_db()
    assert response.status_code == 302
    assert plan.title == "Đã khôi phục"  # what the officer may edit is reverted…
    assert plan.status == PublishStatus.DRAFT  # …but never the status


def test_an_officer_who_may_only_read_a_plan_cannot_revert_it(client):
    office = AgencyFactory(name="Văn phòng UBND tỉnh")
    province_plan = PlanFactory(issuing_agency=office, title="Kế hoạch của tỉnh")
    version = province_plan.history.first()
    officer = data_entry_user(AgencyFactory(name="Đài"))
    client.force_login(officer)
    response = client.post(revert_url(province_plan, version),
                           plan_revert_post(province_plan, title="Tiêu đề giả", issuing_agency=officer.agency_id))
    assert response.status_code == 403
    province_plan.refresh_from_db()
    assert (province_plan.title, province_plan.issuing_agency) == ("Kế hoạch của tỉnh", office)


def test_reverting_a_report_keeps_its_current_frozen_figures_and_status(client):
    coordinator = coordinator_user()
    plan, channel = PlanFactory(), ChannelFactory()
    ActivityFactory(plan=plan, channel=channel, quantity=5, approved=True)
    report = Report.objects.create(title="Báo cáo", slug="bao-cao", date=dt.date(2020, 1, 5),
                                   issuing_agency=plan.issuing_agency, plan=plan)
    report_publish(report=report, user=coordinator)
    old_version = Report.history.filter(id=report.pk).order_by("-history_id").first()
    ActivityFactory(plan=plan, channel=channel, quantity=7, approved=True)
    report_refresh_figures(report=report, user=coordinator, reason="bổ sung")
    report.refresh_from_db()
    refreshed = report.figures
    client.force_login(coordinator)
    data = {"title": "Báo cáo (khôi phục)", "slug": report.slug, "document_number": "", "date": "05/01/2020",
            "issuing_agency": report.issuing_agency_id, "plan": plan.pk, "period": report.period,
            "period_start": "", "period_end": "", "summary": "", "narrative": "", "letterhead": "",
            "place_name": "", "signer_authority": "", "signer_name": "", "recipients": ""}
    response = client.post(revert_url(report, old_version), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Báo cáo (khôi phục)"
    assert report.figures == refreshed
    assert report.figures["channels"][0]["total"] == 12
    assert report.status == PublishStatus.PUBLISHED


def test_staff_of_other_agencies_cannot_read_a_published_plans_history(client):
    plan = PlanFactory(title="Kế hoạch của tỉnh")
    officer = data_entry_user(AgencyFactory())
    client.force_login(officer)
    response = client.get(reverse("admin:campaigns_plan_history", args=[plan.pk]))
    assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).title == "Kế hoạch của tỉnh"


def test_view_on_site_shortcut_does_not_reveal_another_agencys_draft(client):
    from django.contrib.contenttypes.models import ContentType

    draft = PlanFactory(status=PublishStatus.DRAFT, slug="ke-hoach-nhap-bi-mat")
    officer = data_entry_user(AgencyFactory())
    client.force_login(officer)
    content_type = ContentType.objects.get_for_model(Plan)
    response = client.get(f"/admin/r/{content_type.pk}/{draft.pk}/")
    assert response.status_code == 404
    assert "ke-hoach-nhap-bi-mat" not in response.get("Location", "")
    own = PlanFactory(status=PublishStatus.DRAFT, issuing_agency=officer.agency, slug="ke-hoach-cua-minh")
    response = client.get(f"/admin/r/{content_type.pk}/{own.pk}/")
    assert response.status_code == 302 and response["Location"].endswith("/ke-hoach/ke-hoach-cua-minh/")


def test_reverting_a_published_report_never_changes_the_scope_its_frozen_figures_were_counted_for(client):
    """A revert to a version from before publication restores the wording, never the plan, period or dates:
    the frozen 01/04–30/06 figures would otherwise be labelled as a whole year's."""
    coordinator = coordinator_user()
    plan, channel = PlanFactory(), ChannelFactory()
    ActivityFactory(plan=plan, channel=channel, quantity=5, date=dt.date(2019, 5, 10), approved=True)
    report = Report.objects.create(title="Báo cáo năm", slug="bao-cao", date=dt.date(2019, 7, 5),
                                   issuing_agency=plan.issuing_agency, plan=plan, period=Report.Period.YEAR,
                                   period_start=dt.date(2019, 1, 1), period_end=dt.date(2019, 12, 31))
    year_version = Report.history.filter(id=report.pk).order_by("-history_id").first()
    report.title, report.period = "Báo cáo quý II", Report.Period.QUARTER
    report.period_start, report.period_end = dt.date(2019, 4, 1), dt.date(2019, 6, 30)
    report.save()
    report_publish(report=report, user=coordinator)
    client.force_login(coordinator)
    url = revert_url(report, year_version)
    page = client.get(url).content.decode()
    assert 'name="period_start"' not in page  # shown as it will stay, not offered
    data = {"title": "Báo cáo năm", "slug": report.slug, "document_number": "", "date": "05/07/2019",
            "issuing_agency": report.issuing_agency_id, "plan": PlanFactory().pk, "period": "nam",
            "period_start": "01/01/2019", "period_end": "31/12/2019", "summary": "", "narrative": "",
            "letterhead": "", "place_name": "", "signer_authority": "", "signer_name": "", "recipients": ""}
    response = client.post(url, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.title == "Báo cáo năm"  # the wording is reverted…
    assert (report.period, report.period_start, report.period_end, report.plan_id) == (  # …never the scope
        Report.Period.QUARTER, dt.date(2019, 4, 1), dt.date(2019, 6, 30), plan.pk)
    assert report.status == PublishStatus.PUBLISHED


def test_restoring_an_old_version_in_code_cannot_change_a_published_reports_scope():
    from django.core.exceptions import ValidationError

    plan = PlanFactory()
    report = Report.objects.create(title="Báo cáo", slug="bao-cao", date=dt.date(2019, 7, 5),
                                   issuing_agency=plan.issuing_agency, plan=plan, period=Report.Period.YEAR,
                                   period_start=dt.date(2019, 1, 1), period_end=dt.date(2019, 12, 31))
    year_version = Report.history.filter(id=report.pk).order_by("-history_id").first()
    report.period_start = dt.date(2019, 4, 1)
    report.save()
    report = report_publish(report=report, user=None)
    old = year_version.instance
    old.status, old.figures, old.figures_as_of = report.status, report.figures, report.figures_as_of
    with pytest.raises(ValidationError):
        old.save()
    assert Report.objects.get(pk=report.pk).period_start == dt.date(2019, 4, 1)
