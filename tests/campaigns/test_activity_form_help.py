"""Issue 25, item 6: the activity form helps — a task fills its channel (in the browser and on the server, for
the Excel import too), a failed save says plainly that chosen photos must be chosen again, and a locked
activity says which approved report locks it and who can reopen it."""

import io

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from openpyxl import Workbook

from campaigns import spreadsheets
from campaigns.models import Activity
from tests.conftest import image_bytes
from tests.factories import AgencyFactory, ChannelFactory, PlanFactory, TaskFactory, data_entry_user

pytestmark = pytest.mark.django_db
ADD = reverse("admin:campaigns_activity_add")


@pytest.fixture
def setup():
    agency = AgencyFactory(name="Đài thử")
    plan = PlanFactory(issuing_agency=agency, year=2019, document_number="15/KH-UBND")
    channel = ChannelFactory(name="Phát thanh thử", unit="chương trình")
    task = TaskFactory(plan=plan, lead_agency=agency, channel=channel, title="Phát sóng chuyên mục CCHC")
    return {"agency": agency, "plan": plan, "channel": channel, "task": task, "officer": data_entry_user(agency)}


def form_data(setup, **values):
    data = {"plan": setup["plan"].pk, "task": setup["task"].pk, "agency": setup["agency"].pk, "channel": "",
            "date": "10/05/2019", "title": "Phát sóng chuyên đề", "quantity": "1", "participants": "",
            "awards": "", "description": "", "evidence_url": "",
            "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0",
            "photos-MIN_NUM_FORMS": "0", "photos-MAX_NUM_FORMS": "1000",
            "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0", "evidence-MAX_NUM_FORMS": "1000"}
    data.update(values)
    return data


def test_a_task_fills_an_empty_channel_on_the_first_save(client, setup):
    client.force_login(setup["officer"])
    response = client.post(ADD, form_data(setup))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Activity.objects.get(title="Phát sóng chuyên đề").channel == setup["channel"]


def test_without_a_task_the_channel_is_still_asked_for_in_vietnamese(client, setup):
    client.force_login(setup["officer"])
    response = client.post(ADD, form_data(setup, task=""))
    assert response.status_code == 200
    assert "Hãy chọn hình thức tuyên truyền" in " ".join(response.context["adminform"].form.errors["channel"])
    assert not Activity.objects.filter(title="Phát sóng chuyên đề").exists()


def test_the_model_defaults_the_channel_from_the_task_for_every_writer(setup):
    activity = Activity(plan=setup["plan"], task=setup["task"], agency=setup["agency"],
                        date=setup["plan"].activity_dates()[0], title="Từ lệnh", quantity=1)
    activity.full_clean()
    assert activity.channel == setup["channel"]


def test_the_excel_import_takes_the_channel_from_the_task(setup):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(spreadsheets.HEADERS)
    sheet.append([None, "15/KH-UBND", "Phát sóng chuyên mục CCHC", "Đài thử", None, "15/03/2019", "Có nhiệm vụ", 2,
                  None, None, "", ""])
    sheet.append([None, "15/KH-UBND", None, "Đài thử", None, "16/03/2019", "Không nhiệm vụ", 2, None, None, "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = spreadsheets.read_activities(buffer.getvalue(), setup["officer"])
    with_task, without = result.rows
    assert not with_task.errors and with_task.instance.channel == setup["channel"]
    assert [str(e) for e in without.errors] == [
        "Dòng 3, cột Hình thức tuyên truyền: Hãy chọn hình thức tuyên truyền (hoặc chọn nhiệm vụ có hình thức)."]


def test_the_form_loads_the_script_that_fills_the_channel(client, setup):
    client.force_login(setup["officer"])
    page = client.get(ADD).content.decode()
    assert "campaigns/activity_form.js" in page
    script = open(finders.find("campaigns/activity_form.js"), encoding="utf-8").read()
    assert "select2:select" in script and "data-channel" in page


def test_the_channel_of_a_task_is_given_only_for_tasks_the_officer_sees(client, setup):
    client.force_login(setup["officer"])
    url = reverse("admin:campaigns_task_channel", args=[setup["task"].pk])
    assert client.get(url).json() == {"channel": setup["channel"].pk}
    hidden = TaskFactory(plan=PlanFactory(status="draft"))  # another agency's draft plan
    assert client.get(reverse("admin:campaigns_task_channel", args=[hidden.pk])).status_code == 404


def _photo(name="anh.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, image_bytes(), content_type="image/png")


def test_a_failed_save_with_a_chosen_photo_says_to_choose_it_again(client, setup):
    client.force_login(setup["officer"])
    data = form_data(setup, title="", **{"photos-TOTAL_FORMS": "1", "photos-0-caption": "Lễ phát động",
                                         "photos-0-order": "0", "photos-0-image": _photo()})
    response = client.post(ADD, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ảnh đã chọn chưa được lưu — hãy chọn lại ảnh trước khi lưu" in page
    # Above the photo inline, where the empty file box is.
    assert page.index("Ảnh đã chọn chưa được lưu") < page.index('name="photos-0-image"')
    assert not Activity.objects.exists()


def test_a_failed_save_without_files_says_nothing_about_photos(client, setup):
    client.force_login(setup["officer"])
    response = client.post(ADD, form_data(setup, title=""))
    assert response.status_code == 200
    assert "hãy chọn lại ảnh" not in response.content.decode()


def test_a_caption_without_a_photo_is_refused_with_the_reason(client, setup):
    client.force_login(setup["officer"])
    data = form_data(setup, **{"photos-TOTAL_FORMS": "1", "photos-0-caption": "Lễ phát động", "photos-0-order": "0"})
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "hãy chọn lại ảnh trước khi lưu" in response.content.decode()
    assert not Activity.objects.exists()


@pytest.fixture
def locked(setup):
    import datetime as dt

    from campaigns import cycle
    from campaigns.models import ReportingPeriod, Submission
    from tests.factories import ActivityFactory, coordinator_user

    period = ReportingPeriod.objects.create(kind="q1", year=2019, start=dt.date(2018, 12, 15),
                                            end=dt.date(2019, 3, 14), due_date=dt.date(2019, 3, 20))
    submission = Submission.objects.create(period=period, agency=setup["agency"])
    activity = ActivityFactory(plan=setup["plan"], agency=setup["agency"], date=dt.date(2019, 2, 1))
    coordinator = coordinator_user()
    cycle.submission_submit(submission=submission, user=setup["officer"])
    cycle.submission_approve(submission=submission, user=coordinator)
    return {"activity": activity, "submission": submission, "coordinator": coordinator}


def test_a_locked_activity_names_the_report_that_locks_it_and_who_reopens_it(client, setup, locked):
    client.force_login(setup["officer"])
    page = client.get(reverse("admin:campaigns_activity_change", args=[locked["activity"].pk])).content.decode()
    assert 'name="_save"' not in page
    message = page[page.index('class="messagelist"'):page.index("</ul>", page.index('class="messagelist"'))]
    assert str(locked["submission"].period) in message and "Đài thử" in message
    assert "15/12/2018 – 14/03/2019" in message  # the report's window, which holds the activity's date
    assert "điều phối viên" in message and "“Mở lại”" in message
    # The report's page (the officer's agency's own) is one click away.
    assert reverse("admin:campaigns_submission_change", args=[locked["submission"].pk]) in message


def test_the_coordinator_is_led_to_the_report_to_reopen_it(client, locked):
    client.force_login(locked["coordinator"])
    page = client.get(reverse("admin:campaigns_activity_change", args=[locked["activity"].pk])).content.decode()
    message = page[page.index('class="messagelist"'):page.index("</ul>", page.index('class="messagelist"'))]
    assert f'<a href="{reverse("admin:campaigns_submission_change", args=[locked["submission"].pk])}">' in message
    assert "“Mở lại”" in message


def test_a_failed_save_with_a_chosen_evidence_file_says_to_choose_it_again(client, setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(setup["officer"])
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(ADD, form_data(setup, title="", **{"evidence-TOTAL_FORMS": "1", "evidence-0-file": pdf}))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp đã chọn chưa được lưu — hãy chọn lại tệp trước khi lưu" in page
    assert "hãy chọn lại ảnh" not in page  # no photo was chosen
