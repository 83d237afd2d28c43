"""A draft report's preview is for its issuing agency and coordinators, not for any staff account."""

import datetime as dt

import pytest
from django.urls import reverse

from reports.models import Report
from tests.factories import AgencyFactory, PlanFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    office = AgencyFactory(name="Văn phòng UBND tỉnh")
    plan = PlanFactory(issuing_agency=office)
    return Report.objects.create(title="Báo cáo nháp quý II", slug="bao-cao-nhap", date=dt.date(2019, 7, 1),
                                 issuing_agency=office, plan=plan)


def preview(client, report):
    return client.get(reverse("reports:report_detail", kwargs={"slug": report.slug}))


def test_staff_of_another_agency_cannot_read_a_draft_report(client, draft):
    client.force_login(data_entry_user(AgencyFactory()))
    assert preview(client, draft).status_code == 404


def test_the_issuing_agency_and_coordinators_preview_a_draft(client, draft):
    client.force_login(data_entry_user(draft.issuing_agency))
    assert preview(client, draft).status_code == 200
    client.force_login(coordinator_user())
    response = preview(client, draft)
    assert response.status_code == 200 and "Báo cáo nháp quý II" in response.content.decode()


def test_when_two_step_is_required_a_password_only_session_sees_no_draft(client, draft, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(coordinator_user())
    assert preview(client, draft).status_code == 404
