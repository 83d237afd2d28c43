"""Change events (sáp nhập, chia tách, đổi tên, chuyển giao): recorded by one function, in a transaction,
that checks the rules and closes the agencies before on the day before the effective date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from agencies.changes import agency_change_record
from agencies.models import Agency, AgencyChange

pytestmark = pytest.mark.django_db
REFORM = dt.date(2025, 7, 1)
BASIS = "Nghị quyết 1655/NQ-UBTVQH15"


def make(name, kind=Agency.Kind.COMMUNE, **values):
    return Agency.objects.create(name=name, kind=kind, **values)


@pytest.fixture
def district():
    return make("UBND huyện Năm Căn", Agency.Kind.DISTRICT)


@pytest.fixture
def communes():
    return [make("Xã Năm Căn", official_code="32191", existed_from=REFORM),
            make("Xã Tam Giang", official_code="32185", existed_from=REFORM)]


def test_recording_a_split_closes_the_source_the_day_before_and_links_both_sides(district, communes):
    change = agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=REFORM, legal_basis=BASIS,
                                  sources=[district], successors=communes)
    district.refresh_from_db()
    assert district.existed_to == dt.date(2025, 6, 30) and district.is_active is False
    assert set(change.sources.all()) == {district} and set(change.successors.all()) == set(communes)
    assert set(district.successors()) == set(communes)
    assert list(communes[0].predecessors()) == [district]
    assert change.history.count() == 1


def test_a_split_may_declare_each_successors_share(district, communes):
    change = agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=REFORM, legal_basis=BASIS,
                                  sources=[district], successors=communes,
                                  shares={communes[0]: Decimal(60), communes[1]: Decimal(40)})
    assert {link.agency_id: link.share for link in change.successor_links.all()} == {
        communes[0].pk: Decimal(60), communes[1].pk: Decimal(40)}


def test_shares_that_do_not_make_the_whole_are_refused_and_nothing_is_saved(district, communes):
    with pytest.raises(ValidationError, match="100"):
        agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=REFORM, legal_basis=BASIS,
                             sources=[district], successors=communes,
                             shares={communes[0]: Decimal(60), communes[1]: Decimal(30)})
    district.refresh_from_db()
    assert district.existed_to is None and not AgencyChange.objects.exists()


def test_a_cycle_of_successors_is_refused():
    old, middle, new = make("Sở A", Agency.Kind.DEPARTMENT), make("Sở B", Agency.Kind.DEPARTMENT), \
        make("Sở C", Agency.Kind.DEPARTMENT)
    agency_change_record(kind=AgencyChange.Kind.RENAME, effective_date=dt.date(2020, 1, 1), legal_basis="QĐ 1",
                         sources=[old], successors=[middle])
    agency_change_record(kind=AgencyChange.Kind.RENAME, effective_date=dt.date(2021, 1, 1), legal_basis="QĐ 2",
                         sources=[middle], successors=[new])
    new.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        agency_change_record(kind=AgencyChange.Kind.MERGE, effective_date=dt.date(2022, 1, 1),
                             legal_basis="QĐ 3", sources=[new], successors=[old])
    assert "vòng" in str(caught.value)
    assert AgencyChange.objects.count() == 2


def test_an_agency_cannot_succeed_itself():
    same = make("Sở A", Agency.Kind.DEPARTMENT)
    with pytest.raises(ValidationError):
        agency_change_record(kind=AgencyChange.Kind.RENAME, effective_date=dt.date(2022, 1, 1),
                             legal_basis="QĐ", sources=[same], successors=[same])


def test_a_merge_dated_before_its_sources_existed_is_refused(communes):
    target = make("Xã Mới", existed_from=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError) as caught:
        agency_change_record(kind=AgencyChange.Kind.MERGE, effective_date=dt.date(2025, 5, 1),
                             legal_basis=BASIS, sources=communes, successors=[target])
    assert "01/07/2025" in str(caught.value)
    assert not AgencyChange.objects.exists()
    communes[0].refresh_from_db()
    assert communes[0].existed_to is None


def test_a_source_already_closed_earlier_is_refused():
    closed = make("Sở Thông tin và Truyền thông", Agency.Kind.DEPARTMENT, existed_to=dt.date(2025, 2, 28),
                  is_active=False)
    target = make("Sở Khoa học và Công nghệ", Agency.Kind.DEPARTMENT)
    with pytest.raises(ValidationError):
        agency_change_record(kind=AgencyChange.Kind.MERGE, effective_date=dt.date(2025, 7, 1),
                             legal_basis="NĐ 45/2025/NĐ-CP", sources=[closed], successors=[target])
    # Its real closing day is accepted: the recorded date stays.
    agency_change_record(kind=AgencyChange.Kind.MERGE, effective_date=dt.date(2025, 3, 1),
                         legal_basis="NĐ 45/2025/NĐ-CP", sources=[closed], successors=[target])


def test_a_transfer_leaves_its_source_open():
    source, target = make("Sở A", Agency.Kind.DEPARTMENT), make("Sở B", Agency.Kind.DEPARTMENT)
    agency_change_record(kind=AgencyChange.Kind.TRANSFER, effective_date=dt.date(2025, 3, 1),
                         legal_basis="NĐ 45/2025/NĐ-CP", sources=[source], successors=[target])
    source.refresh_from_db()
    assert source.existed_to is None and source.is_active


def test_a_merge_has_one_agency_after(district, communes):
    with pytest.raises(ValidationError):
        agency_change_record(kind=AgencyChange.Kind.MERGE, effective_date=REFORM, legal_basis=BASIS,
                             sources=[district], successors=communes)


def test_the_legal_basis_is_required(district, communes):
    with pytest.raises(ValidationError):
        agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=REFORM, legal_basis=" ",
                             sources=[district], successors=communes)


def test_an_agency_already_closed_by_a_change_cannot_be_closed_again_on_the_same_day(district, communes):
    """Its figures would all go to the last change's successors: the first change is named instead."""
    other = make("Xã Đất Mới", official_code="32188", existed_from=REFORM)
    agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=REFORM, legal_basis=BASIS,
                         sources=[district], successors=communes)
    for kind, successors in ((AgencyChange.Kind.MERGE, [other]), (AgencyChange.Kind.RENAME, [other])):
        with pytest.raises(ValidationError, match="đã thôi hoạt động theo Chia tách") as refused:
            agency_change_record(kind=kind, effective_date=REFORM, legal_basis="Quyết định khác",
                                 sources=[district], successors=successors)
        assert "UBND huyện Năm Căn" in str(refused.value)
    assert AgencyChange.objects.count() == 1
    assert set(district.successors()) == set(communes)
