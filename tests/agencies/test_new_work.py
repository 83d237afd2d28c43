"""A closed agency is never offered for new work and says why where someone tries; its old work stays
valid and keeps its name (issue 24, item 3)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.roles import DATA_ENTRY
from agencies.changes import agency_change_record
from agencies.models import Agency, AgencyChange
from campaigns import cycle
from campaigns.models import ReportingPeriod, Submission, Task
from tests.factories import ActivityFactory, ChannelFactory, PlanFactory, TaskFactory, coordinator_user

pytestmark = pytest.mark.django_db
BASIS = "Nghị quyết 1655/NQ-UBTVQH15"


@pytest.fixture
def reform():
    province = Agency.objects.create(name="UBND tỉnh Cà Mau", kind=Agency.Kind.PROVINCE, official_code="96")
    district = Agency.objects.create(name="UBND huyện Năm Căn", kind=Agency.Kind.DISTRICT, parent=province)
    communes = [Agency.objects.create(name=name, kind=Agency.Kind.COMMUNE, official_code=code, parent=province,
                                      existed_from=dt.date(2025, 7, 1))
                for name, code in (("Xã Năm Căn", "32191"), ("Xã Tam Giang", "32185"))]
    agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=dt.date(2025, 7, 1), legal_basis=BASIS,
                         sources=[district], successors=communes)
    district.refresh_from_db()
    return {"province": province, "district": district, "communes": communes}


def offered(client, model, field, term="Năm"):
    app = {"user": "accounts", "report": "reports"}.get(model, "campaigns")
    response = client.get(reverse("admin:autocomplete"), {
        "app_label": app, "model_name": model, "field_name": field, "term": term})
    assert response.status_code == 200, response.content
    return {row["text"] for row in response.json()["results"]}


@pytest.mark.parametrize(("model", "field"), [
    ("task", "lead_agency"), ("task", "coordinating_agencies"), ("activity", "agency"),
    ("submission", "agency"), ("user", "agency"), ("plan", "issuing_agency"), ("report", "issuing_agency"),
])
def test_a_closed_district_is_absent_from_every_picker_for_new_work(client, reform, model, field):
    client.force_login(User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-thu-nghiem-123"))
    names = offered(client, model, field)
    assert "Xã Năm Căn" in names
    assert "UBND huyện Năm Căn" not in names


def test_the_excel_template_lists_only_open_agencies(reform):
    from agencies import scoping

    coordinator = coordinator_user()
    assert reform["district"] not in scoping.entry_agencies(coordinator)
    assert reform["communes"][0] in scoping.entry_agencies(coordinator)


def test_an_activity_dated_after_the_closure_is_refused_saying_why(reform):
    plan = PlanFactory(year=2026, issuing_agency=reform["province"])
    activity = ActivityFactory.build(plan=plan, agency=reform["district"], channel=ChannelFactory(),
                                     date=dt.date(2026, 3, 2))
    with pytest.raises(ValidationError) as caught:
        activity.full_clean()
    message = caught.value.message_dict["agency"][0]
    assert "UBND huyện Năm Căn" in message and "01/07/2025" in message and BASIS in message
    assert "Xã Năm Căn" in message and "Xã Tam Giang" in message


def test_a_2019_activity_of_the_closed_district_still_validates_and_shows_its_name(client, reform):
    activity = ActivityFactory(plan=PlanFactory(year=2019, issuing_agency=reform["province"]),
                               agency=reform["district"], date=dt.date(2019, 5, 10), title="Tọa đàm 2019")
    activity.full_clean()
    client.force_login(coordinator_user(agency=reform["province"]))
    html = client.get(reverse("admin:campaigns_activity_change", args=[activity.pk])).content.decode()
    assert "UBND huyện Năm Căn" in html


def test_a_2026_task_cannot_be_led_or_coordinated_by_the_closed_district(client, reform):
    plan = PlanFactory(year=2026, issuing_agency=reform["province"])
    task = TaskFactory.build(plan=plan, lead_agency=reform["district"], channel=ChannelFactory())
    with pytest.raises(ValidationError) as caught:
        task.full_clean()
    assert "lead_agency" in caught.value.message_dict
    client.force_login(coordinator_user(agency=reform["province"]))
    channel = ChannelFactory()
    response = client.post(reverse("admin:campaigns_task_add"), {
        "plan": plan.pk, "title": "Nhiệm vụ 2026", "description": "", "channel": channel.pk,
        "target_quantity": "10", "lead_agency": reform["communes"][0].pk, "deadline": "",
        "status": "", "coordinating_agencies": [reform["district"].pk], "order": "0"})
    assert response.status_code == 200
    assert "UBND huyện Năm Căn đã thôi hoạt động" in response.content.decode()
    assert not Task.objects.filter(title="Nhiệm vụ 2026").exists()


def test_a_2019_task_of_the_district_still_validates(reform):
    task = TaskFactory(plan=PlanFactory(year=2019, issuing_agency=reform["province"]),
                       lead_agency=reform["district"])
    task.full_clean()


def test_a_2026_period_does_not_expect_the_closed_district(reform):
    period = ReportingPeriod.objects.create(kind="q1", year=2026, start=dt.date(2025, 12, 15),
                                            end=dt.date(2026, 3, 14), due_date=dt.date(2026, 3, 20))
    with pytest.raises(ValidationError) as caught:
        Submission(period=period, agency=reform["district"]).full_clean()
    assert "agency" in caught.value.message_dict
    Submission(period=period, agency=reform["communes"][0]).full_clean()


def test_generated_2026_periods_leave_the_closed_district_out(reform):
    cycle.periods_generate(year=2026, agencies=[reform["district"], reform["communes"][0]])
    expected = set(Submission.objects.filter(period__year=2026).values_list("agency__name", flat=True))
    assert expected == {"Xã Năm Căn"}


def test_a_new_staff_account_cannot_belong_to_a_closed_agency(client, reform):
    client.force_login(User.objects.create_superuser("quantri", "qt@example.vn", "mat-khau-thu-nghiem-123"))
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "canbonamcan", "full_name": "Nguyễn Văn An", "email": "an@namcan.camau.gov.vn",
        "role": DATA_ENTRY, "agency": reform["district"].pk})
    assert response.status_code == 200
    assert "UBND huyện Năm Căn đã thôi hoạt động" in response.content.decode()
    assert not User.objects.filter(username="canbonamcan").exists()


def test_an_existing_account_of_a_closed_agency_still_saves_other_changes(reform):
    user = User.objects.create(username="cu", agency=reform["district"], is_staff=True)
    user.full_name = "Cán bộ cũ"
    user.full_clean(exclude=["password"])  # its agency closed after the account was made: no error
