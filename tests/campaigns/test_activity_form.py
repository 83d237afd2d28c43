"""The activity form as an officer types into it: Vietnamese numbers, plausible dates and quantities."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns.models import Activity
from tests.factories import ActivityFactory, ChannelFactory, PlanFactory, data_entry_user

pytestmark = pytest.mark.django_db
ADD = reverse("admin:campaigns_activity_add")


@pytest.fixture
def officer(two_agencies):
    return two_agencies["radio_user"]


def post(client, plan, channel, agency, **values):
    data = {"plan": plan.pk, "task": "", "agency": agency.pk, "channel": channel.pk, "date": "10/05/2019",
            "title": "Phát sóng chuyên đề", "quantity": "1", "participants": "", "awards": "",
            "description": "", "evidence_url": "",
            "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0",
            "photos-MIN_NUM_FORMS": "0", "photos-MAX_NUM_FORMS": "1000"}
    data.update(values)
    return client.post(ADD, data)


@pytest.mark.parametrize("typed, stored", [("1.000", 1000), ("1.500", 1500), ("12.345.678", 12345678),
                                           ("1 000", 1000), ("574", 574), (" 40 ", 40)])
def test_vietnamese_thousands_are_read_as_thousands(client, officer, typed, stored):
    client.force_login(officer)
    response = post(client, PlanFactory(), ChannelFactory(), officer.agency, quantity=typed, participants=typed)
    assert response.status_code == 302, response.context["adminform"].form.errors
    activity = Activity.objects.get(title="Phát sóng chuyên đề")
    assert (activity.quantity, activity.participants) == (stored, stored)


@pytest.mark.parametrize("typed, message", [
    ("1,5", "có phần thập phân"), ("1.5", "có phần thập phân"), ("-3", "không được là số âm"),
    ("mười", "phải là một số nguyên không âm"), ("99.999.999.999", "quá lớn"),
])
def test_numbers_that_are_not_whole_get_a_clear_message_and_nothing_is_saved(client, officer, typed, message):
    client.force_login(officer)
    response = post(client, PlanFactory(), ChannelFactory(), officer.agency, quantity=typed)
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["quantity"])
    assert "Nhập một số tổng thể" not in response.content.decode()
    assert not Activity.objects.filter(title="Phát sóng chuyên đề").exists()


@pytest.mark.parametrize("typed", ["9" * 5000, "1" + ".000" * 1500, "0" * 4999 + "1" * 11, "2147483648"])
def test_a_number_thousands_of_digits_long_is_too_large_not_a_server_error(client, officer, typed):
    """int() refuses more than 4,300 digits (a ValueError that became a 500): the length is checked first."""
    client.force_login(officer)
    response = post(client, PlanFactory(), ChannelFactory(), officer.agency, quantity=typed, participants=typed)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    for field in ("quantity", "participants"):
        assert "Số không hợp lệ: quá lớn (tối đa 2.147.483.647)." in errors[field]
    assert not Activity.objects.filter(title="Phát sóng chuyên đề").exists()


def test_leading_zeros_do_not_count_as_digits(client, officer):
    client.force_login(officer)
    response = post(client, PlanFactory(), ChannelFactory(), officer.agency, quantity="0" * 5000 + "7")
    assert response.status_code == 302
    assert Activity.objects.get(title="Phát sóng chuyên đề").quantity == 7


def test_the_form_shows_a_thousand_the_way_it_is_typed(client, officer):
    activity = ActivityFactory(agency=officer.agency, quantity=1000)
    client.force_login(officer)
    html = client.get(reverse("admin:campaigns_activity_change", args=[activity.pk])).content.decode()
    assert 'value="1.000"' in html


def test_a_date_far_from_the_plan_year_is_refused(client, officer):
    client.force_login(officer)
    response = post(client, PlanFactory(year=2019), ChannelFactory(), officer.agency, date="19/03/2091")
    assert response.status_code == 200
    assert "nằm ngoài năm của kế hoạch 2019" in " ".join(response.context["adminform"].form.errors["date"])
    assert not Activity.objects.filter(title="Phát sóng chuyên đề").exists()


def test_a_date_in_the_yearly_data_window_before_the_year_is_accepted(client, officer):
    client.force_login(officer)
    response = post(client, PlanFactory(year=2019), ChannelFactory(), officer.agency, date="15/12/2018")
    assert response.status_code == 302
    assert Activity.objects.get(title="Phát sóng chuyên đề").date == dt.date(2018, 12, 15)


def test_an_unusually_large_quantity_must_be_confirmed(client, officer):
    plan, channel = PlanFactory(), ChannelFactory(unit="đề tài")
    for _ in range(4):
        ActivityFactory(plan=plan, channel=channel, agency=officer.agency, quantity=12)
    client.force_login(officer)
    response = post(client, plan, channel, officer.agency, quantity="1.200")
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["quantity"])
    assert "1.200 đề tài cao bất thường" in errors and "trung bình 12 đề tài" in errors
    assert Activity.objects.filter(plan=plan).count() == 4
    response = post(client, plan, channel, officer.agency, quantity="1.200", confirm_quantity="on")
    assert response.status_code == 302
    assert Activity.objects.filter(quantity=1200).count() == 1


def test_a_usual_quantity_needs_no_confirmation(client, officer):
    plan, channel = PlanFactory(), ChannelFactory()
    for _ in range(4):
        ActivityFactory(plan=plan, channel=channel, agency=officer.agency, quantity=12)
    client.force_login(officer)
    assert post(client, plan, channel, officer.agency, quantity="100").status_code == 302


def test_a_new_agency_is_compared_with_the_channels_usual_quantity(client, two_agencies):
    plan, channel = PlanFactory(), ChannelFactory()
    for _ in range(3):
        ActivityFactory(plan=plan, channel=channel, agency=two_agencies["paper"], quantity=2)
    newcomer = data_entry_user(two_agencies["radio"])
    client.force_login(newcomer)
    response = post(client, plan, channel, two_agencies["radio"], quantity="500")
    assert response.status_code == 200
    assert "cao bất thường" in " ".join(response.context["adminform"].form.errors["quantity"])


def test_a_confirmed_quantity_is_not_questioned_again_when_other_fields_change(client, officer):
    plan, channel = PlanFactory(), ChannelFactory()
    for _ in range(4):
        ActivityFactory(plan=plan, channel=channel, agency=officer.agency, quantity=12)
    big = ActivityFactory(plan=plan, channel=channel, agency=officer.agency, quantity=1200, title="Đã xác nhận")
    client.force_login(officer)
    response = client.post(reverse("admin:campaigns_activity_change", args=[big.pk]), {
        "plan": plan.pk, "task": "", "agency": officer.agency_id, "channel": channel.pk, "date": "10/05/2019",
        "title": "Đã xác nhận, sửa tên", "quantity": "1.200", "participants": "", "awards": "",
        "description": "", "evidence_url": "", "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0", "photos-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302
    big.refresh_from_db()
    assert (big.title, big.quantity) == ("Đã xác nhận, sửa tên", 1200)


def test_text_typed_in_decomposed_unicode_is_stored_composed_and_found_by_search(client, officer):
    import unicodedata

    client.force_login(officer)
    typed = unicodedata.normalize("NFD", "Tọa đàm tổ hợp")
    assert post(client, PlanFactory(), ChannelFactory(), officer.agency, title=typed).status_code == 302
    assert Activity.objects.filter(title="Tọa đàm tổ hợp").exists()
    html = client.get(reverse("admin:campaigns_activity_changelist"), {"q": "tổ hợp"}).content.decode()
    assert "Tọa đàm tổ hợp" in html


def test_the_year_filter_lists_no_year_known_only_from_another_agencys_draft(client, officer):
    from campaigns.models import PublishStatus

    PlanFactory(year=2027, status=PublishStatus.DRAFT)
    client.force_login(officer)
    html = client.get(reverse("admin:campaigns_activity_changelist")).content.decode()
    assert "?nam=2027" not in html


def test_the_form_error_box_is_vietnamese(client, officer):
    client.force_login(officer)
    html = post(client, PlanFactory(), ChannelFactory(), officer.agency, quantity="1,5").content.decode()
    assert "Please correct" not in html
    assert "Vui lòng sửa các lỗi được đánh dấu bên dưới." in html
