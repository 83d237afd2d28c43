"""The agencies' admin: codes, dates, predecessors and successors on an agency's page; change events
recorded by coordinators only, through agencies.changes."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies.models import Agency, AgencyChange
from tests.factories import coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db
ADD = reverse("admin:agencies_agencychange_add")


@pytest.fixture
def units():
    district = Agency.objects.create(name="UBND huyện Năm Căn", kind=Agency.Kind.DISTRICT)
    communes = [Agency.objects.create(name=name, kind=Agency.Kind.COMMUNE, official_code=code,
                                      existed_from=dt.date(2025, 7, 1))
                for name, code in (("Xã Năm Căn", "32191"), ("Xã Tam Giang", "32185"))]
    return district, communes


def post(district, communes, **overrides):
    return {"kind": "split", "effective_date": "01/07/2025", "legal_basis": "Nghị quyết 1655/NQ-UBTVQH15",
            "before": [district.pk], "after": [c.pk for c in communes], "note": "", **overrides}


def test_a_coordinator_records_a_split_and_the_agency_page_shows_it(client, units):
    district, communes = units
    client.force_login(coordinator_user())
    response = client.post(ADD, post(district, communes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    district.refresh_from_db()
    assert district.existed_to == dt.date(2025, 6, 30) and not district.is_active
    html = client.get(reverse("admin:agencies_agency_change", args=[district.pk])).content.decode()
    assert "Xã Năm Căn" in html and "Xã Tam Giang" in html
    html = client.get(reverse("admin:agencies_agency_changelist")).content.decode()
    assert "32191" in html and "30/06/2025" in html


def test_the_form_says_why_a_change_is_refused_and_saves_nothing(client, units):
    district, communes = units
    client.force_login(coordinator_user())
    response = client.post(ADD, post(district, communes, effective_date="01/07/2024", before=[communes[0].pk],
                                     after=[district.pk, communes[1].pk]))
    assert response.status_code == 200
    assert "bắt đầu hoạt động" in response.content.decode()
    assert not AgencyChange.objects.exists()


def test_an_officer_cannot_record_changes(client, units):
    district, communes = units
    client.force_login(data_entry_user(communes[0]))
    assert client.post(ADD, post(district, communes)).status_code == 403
    assert not AgencyChange.objects.exists()


def test_a_recorded_change_is_not_deleted(client, units):
    from agencies.changes import agency_change_record

    district, communes = units
    change = agency_change_record(kind="split", effective_date=dt.date(2025, 7, 1), legal_basis="NQ",
                                  sources=[district], successors=communes)
    client.force_login(coordinator_user())
    client.post(reverse("admin:agencies_agencychange_delete", args=[change.pk]), {"post": "yes"})
    assert AgencyChange.objects.filter(pk=change.pk).exists()


def agency_post(agency, **overrides):
    data = {"name": agency.name, "short_name": agency.short_name, "kind": agency.kind,
            "official_code": agency.official_code, "parent": agency.parent_id or "",
            "existed_from": "", "existed_to": "", "is_active": "on", **overrides}
    return {key: value for key, value in data.items() if value is not None}


def test_an_agency_closed_by_a_change_cannot_be_reopened_on_its_page(client, units):
    """Its figures go to its successors: clearing the date or ticking "đang hoạt động" would leave it
    offered for new work while its work is counted elsewhere."""
    district, communes = units
    client.force_login(coordinator_user())
    assert client.post(ADD, post(district, communes)).status_code == 302
    url = reverse("admin:agencies_agency_change", args=[district.pk])
    for changed in ({"existed_to": ""}, {"existed_to": "31/12/2026"}, {"existed_to": "29/06/2025"},
                    {"existed_to": "30/06/2025"}):  # and "đang hoạt động" ticked
        response = client.post(url, agency_post(district, **changed))
        assert response.status_code == 200, changed
        assert "đã thôi hoạt động theo Chia tách" in response.content.decode()
        district.refresh_from_db()
        assert district.existed_to == dt.date(2025, 6, 30) and not district.is_active
    # Its other fields are still corrected.
    response = client.post(url, agency_post(district, short_name="Năm Căn", existed_to="30/06/2025", is_active=None))
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.short_name == "Năm Căn" and not district.is_active
