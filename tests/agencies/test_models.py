"""Agencies' official codes and the dates they existed (issue 24, item 3): the rules live in the model
(clean and database constraints), so the admin, the imports and the setup command all meet them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.models import Agency

pytestmark = pytest.mark.django_db


def agency(**values):
    values.setdefault("kind", Agency.Kind.COMMUNE)
    return Agency(**values)


def errors(obj):
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_a_duplicate_code_is_refused_naming_the_agency_that_holds_it():
    Agency.objects.create(name="Phường An Xuyên", kind=Agency.Kind.COMMUNE, official_code="32002")
    message = errors(agency(name="Phường Trùng mã", official_code="32002"))["official_code"][0]
    assert "32002" in message and "Phường An Xuyên" in message


def test_the_database_refuses_a_duplicate_code_too():
    Agency.objects.create(name="Phường An Xuyên", kind=Agency.Kind.COMMUNE, official_code="32002")
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(name="Phường Trùng mã", kind=Agency.Kind.COMMUNE, official_code="32002")


def test_agencies_without_a_code_are_many():
    Agency.objects.create(name="Sở Nội vụ", kind=Agency.Kind.DEPARTMENT)
    Agency.objects.create(name="Sở Tư pháp", kind=Agency.Kind.DEPARTMENT)
    agency(name="Sở Y tế", kind=Agency.Kind.DEPARTMENT).full_clean()


def test_a_code_once_used_is_never_given_to_another_agency_even_after_deletion():
    gone = Agency.objects.create(name="Xã Đã Xóa", kind=Agency.Kind.COMMUNE, official_code="32191")
    gone.delete()
    message = errors(agency(name="Xã Năm Căn", official_code="32191"))["official_code"][0]
    assert "Xã Đã Xóa" in message


def test_a_saved_code_cannot_be_changed():
    commune = Agency.objects.create(name="Xã Năm Căn", kind=Agency.Kind.COMMUNE, official_code="32191")
    commune.official_code = "32192"
    assert "official_code" in errors(commune)


@pytest.mark.parametrize(("kind", "good", "bad"), [
    (Agency.Kind.PROVINCE, "96", "960"),
    (Agency.Kind.COMMUNE, "32191", "3219"),
    (Agency.Kind.DISTRICT, "971", "97"),
])
def test_the_code_format_follows_the_kind(kind, good, bad):
    agency(name="Đơn vị đúng mã", kind=kind, official_code=good).full_clean()
    assert "official_code" in errors(agency(name="Đơn vị sai mã", kind=kind, official_code=bad))
    assert "official_code" in errors(agency(name="Đơn vị mã chữ", kind=kind, official_code="x" * len(good)))


def test_a_department_has_no_administrative_code():
    message = errors(agency(name="Sở Nội vụ", kind=Agency.Kind.DEPARTMENT, official_code="12"))["official_code"][0]
    assert "không có mã" in message


def test_the_database_refuses_a_code_of_the_wrong_shape():
    with pytest.raises(IntegrityError), transaction.atomic():
        Agency.objects.create(name="Xã sai mã", kind=Agency.Kind.COMMUNE, official_code="12")


def test_an_agency_cannot_end_before_it_began():
    bad = agency(name="Xã Năm Căn", existed_from=dt.date(2025, 7, 1), existed_to=dt.date(2025, 6, 30))
    assert "existed_to" in errors(bad)


def test_an_agency_closed_in_the_past_is_not_active():
    closed = agency(name="UBND huyện Năm Căn", kind=Agency.Kind.DISTRICT, existed_to=dt.date(2025, 6, 30))
    closed.full_clean()
    assert closed.is_active is False


def test_open_on_follows_the_dates():
    district = Agency.objects.create(name="UBND huyện Năm Căn", kind=Agency.Kind.DISTRICT,
                                     existed_to=dt.date(2025, 6, 30), is_active=False)
    commune = Agency.objects.create(name="Xã Năm Căn", kind=Agency.Kind.COMMUNE, existed_from=dt.date(2025, 7, 1))
    assert set(Agency.objects.open_on(dt.date(2019, 5, 10))) == {district}
    assert set(Agency.objects.open_on(dt.date(2026, 3, 1))) == {commune}
    assert list(Agency.objects.open_now()) == [commune]


def test_an_agency_marked_closed_without_a_date_is_closed_for_any_dated_work():
    """Unticked "đang hoạt động" with no date: closed on a day nobody recorded, so closed for 2019 work too
    — the instance's answer and the queryset's are one rule."""
    closed = Agency.objects.create(name="Ban Quản lý dự án cũ", kind=Agency.Kind.OTHER, is_active=False)
    dated = Agency.objects.create(name="UBND huyện Năm Căn", kind=Agency.Kind.DISTRICT,
                                  existed_to=dt.date(2025, 6, 30), is_active=False)
    day = dt.date(2019, 5, 10)
    assert not closed.is_open_between(day) and dated.is_open_between(day)
    assert closed.refusal(day) == "Ban Quản lý dự án cũ đã thôi hoạt động."
    assert closed.refusal(day, dt.date(2019, 12, 31)) == "Ban Quản lý dự án cũ đã thôi hoạt động."
    assert dated.refusal(day) == ""
    assert set(Agency.objects.open_on(day)) == {dated}
    assert set(Agency.objects.open_between(day, dt.date(2026, 1, 1))) == {dated}
