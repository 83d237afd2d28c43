"""Each confirmed Excel import is a recorded batch that its author (or a coordinator) can undo."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from campaigns import spreadsheets
from campaigns.models import Activity, ActivityPhoto, ImportBatch
from core import caching
from tests.conftest import demo_in_an_outer_transaction
from tests.factories import data_entry_user

from .spreadsheet_helpers import PAPER, PRESS, STATION, confirm, login, page_text, row, upload, xlsx


# scripts/security_check.py reads this file's results by test name (file::test), so its tests stay
# functions: the demo is loaded once for the module (tests/conftest.py) rather than for a class.
@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    yield from demo_in_an_outer_transaction(django_db_blocker, keep_periods=False)


def export_of(client):
    return load_workbook(io.BytesIO(client.get(reverse("admin:campaigns_activity_export_xlsx")).content))


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_file(client, content, filename="ket-qua.xlsx"):
    response = upload(client, content, filename)
    assert response.context["result"].ok, response.context["result"].errors
    assert confirm(client, response, filename).status_code == 302
    return ImportBatch.objects.latest("pk")


def edited_export(client, title, quantity):
    """The officer's own export with one activity's quantity changed, plus one new row."""
    workbook = export_of(client)
    sheet = workbook.active
    for line in range(2, sheet.max_row + 1):
        if sheet.cell(line, 7).value == title:
            sheet.cell(line, 8).value = quantity
    sheet.append(row(title="Phóng sự mới"))
    return workbook_bytes(workbook)


BROADCAST = "Chuyên mục, đề tài CCHC phát sóng tháng 03/2019"


def undo_url(batch):
    return reverse("admin:campaigns_importbatch_undo", args=[batch.pk])


def test_a_confirmed_import_is_recorded_with_its_counts_and_its_new_activities(client, demo):
    login(client, "dai_ptth")
    batch = import_file(client, edited_export(client, BROADCAST, 60), "thang-3.xlsx")
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (1, 1, 21)
    assert batch.file_name == "thang-3.xlsx"
    assert batch.created_by.username == "dai_ptth" and batch.agency.name == STATION
    assert batch.status == ImportBatch.Status.ACTIVE and batch.undone_at is None
    assert list(batch.activities.values_list("title", flat=True)) == ["Phóng sự mới"]
    broadcast = Activity.objects.get(title=BROADCAST)
    assert broadcast.import_batch is None  # updated, not created, by the batch
    assert batch.previous_values == {str(broadcast.pk): {
        "plan": broadcast.plan_id, "task": broadcast.task_id, "agency": broadcast.agency_id,
        "channel": broadcast.channel_id, "date": "2019-03-25", "title": BROADCAST, "quantity": 48,
        "participants": None, "awards": None, "evidence_url": "", "description": broadcast.description,
        "approved": True}}  # counted before the import; undo restores that


def test_undo_deletes_what_the_batch_added_and_restores_what_it_changed(client, demo, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    login(client, "dai_ptth")
    before = list(Activity.objects.order_by("pk").values())
    batch = import_file(client, edited_export(client, BROADCAST, 60))
    assert Activity.objects.get(title=BROADCAST).quantity == 60
    bumps = []
    monkeypatch.setattr(caching, "_bump_now", lambda: bumps.append(1))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(undo_url(batch))

    assert response.status_code == 302
    assert bumps == [1]  # the public pages are rendered afresh, once
    after = list(Activity.objects.order_by("pk").values())
    for values in before + after:
        values.pop("updated_at")
    assert after == before
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE
    assert batch.undone_by.username == "dai_ptth" and batch.undone_at is not None
    restored = Activity.objects.get(title=BROADCAST)
    assert [h.history_change_reason for h in restored.history.all()[:2]] == [
        f"Hoàn tác lần nhập Excel số {batch.pk}", "Nhập từ Excel"]
    assert Activity.history.filter(title="Phóng sự mới", history_type="-").count() == 1
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1:] == [f"Đã hoàn tác lần nhập số {batch.pk}: xóa 1 hoạt động đã thêm, khôi phục 1 hoạt động "
                        "đã cập nhật."]


def test_undo_is_refused_when_an_activity_was_changed_after_the_import(client, demo):
    login(client, "dai_ptth")
    batch = import_file(client, edited_export(client, BROADCAST, 60))
    added = batch.activities.get()
    added.quantity = 3
    added.save()

    response = client.post(undo_url(batch), follow=True)

    assert (f"Không thể hoàn tác lần nhập số {batch.pk}: 1 hoạt động đã được sửa hoặc xóa sau lần nhập "
            f"(mã {added.pk})") in page_text(response)
    assert Activity.objects.filter(pk=added.pk).exists()
    assert Activity.objects.get(title=BROADCAST).quantity == 60
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ACTIVE


def test_undo_is_refused_when_an_updated_activity_was_deleted_or_a_photo_added(client, demo, png_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, "dai_ptth")
    batch = import_file(client, edited_export(client, BROADCAST, 60))
    ActivityPhoto.objects.create(activity=batch.activities.get(), caption="Ảnh",
                                 image=SimpleUploadedFile("anh.png", png_bytes, "image/png"))
    with pytest.raises(spreadsheets.ImportUndoError) as refused:
        spreadsheets.import_batch_undo(batch=batch, user=batch.created_by)
    assert "đã có ảnh" in refused.value.message

    ActivityPhoto.objects.all().delete()
    Activity.objects.get(title=BROADCAST).delete()
    with pytest.raises(spreadsheets.ImportUndoError) as refused:
        spreadsheets.import_batch_undo(batch=batch, user=batch.created_by)
    assert "1 hoạt động đã được sửa hoặc xóa sau lần nhập" in refused.value.message


def test_only_the_author_or_a_coordinator_may_undo(client, demo):
    login(client, "dai_ptth")
    batch = import_file(client, xlsx([row(title="Phóng sự A")]))
    colleague = data_entry_user(batch.agency)
    client.force_login(colleague)
    response = client.post(undo_url(batch), follow=True)
    assert "Chỉ người đã nhập tệp hoặc cán bộ điều phối cấp tỉnh mới được hoàn tác lần nhập này." in page_text(
        response)
    assert Activity.objects.filter(title="Phóng sự A").exists()

    login(client, "dieuphoi")
    assert client.post(undo_url(batch)).status_code == 302
    assert not Activity.objects.filter(title="Phóng sự A").exists()
    batch.refresh_from_db()
    assert batch.undone_by.username == "dieuphoi"


def test_a_batch_is_undone_once_and_a_get_changes_nothing(client, demo):
    login(client, "dai_ptth")
    batch = import_file(client, xlsx([row(title="Phóng sự A")]))
    page = client.get(undo_url(batch))
    assert page.status_code == 200
    assert "Hoàn tác lần nhập số" in page_text(page) and "xóa 1 hoạt động đã thêm" in page_text(page)
    assert Activity.objects.filter(title="Phóng sự A").exists()
    client.post(undo_url(batch))
    response = client.post(undo_url(batch), follow=True)
    assert f"Lần nhập số {batch.pk} đã được hoàn tác" in page_text(response)


def test_officers_see_their_own_agencys_batches_and_coordinators_all(client, demo):
    login(client, "dai_ptth")
    station_batch = import_file(client, xlsx([row(title="Phóng sự A")]), "dai.xlsx")
    login(client, "bao_camau")
    paper_batch = import_file(client, xlsx([row(title="Bài B", agency=PAPER, channel=PRESS)]), "bao.xlsx")
    changelist = reverse("admin:campaigns_importbatch_changelist")

    response = client.get(changelist)
    assert response.status_code == 200
    assert [b.pk for b in response.context["cl"].result_list] == [paper_batch.pk]
    assert client.get(reverse("admin:campaigns_importbatch_change", args=[station_batch.pk])).status_code == 302
    assert client.post(undo_url(station_batch)).status_code == 404
    assert Activity.objects.filter(title="Phóng sự A").exists()

    login(client, "dieuphoi")
    response = client.get(changelist)
    assert {b.pk for b in response.context["cl"].result_list} == {station_batch.pk, paper_batch.pk}
    page = client.get(reverse("admin:campaigns_importbatch_change", args=[station_batch.pk]))
    assert page.status_code == 200 and "dai.xlsx" in page_text(page)
    assert undo_url(station_batch) in page.content.decode()


def test_undo_of_a_large_batch_takes_a_bounded_number_of_queries(client, demo, django_assert_max_num_queries):
    login(client, "dai_ptth")
    rows = [row(title=f"Tin {i}", date=dt.date(2019, 1 + i % 12, 1 + i % 28), quantity=1) for i in range(1500)]
    batch = import_file(client, xlsx(rows))
    user = get_user_model().objects.get(username="dai_ptth")
    with django_assert_max_num_queries(40):
        spreadsheets.import_batch_undo(batch=batch, user=user)
    assert not Activity.objects.filter(title__startswith="Tin ").exists()
    assert Activity.history.filter(title__startswith="Tin ", history_type="-").count() == 1500


def test_undo_is_refused_when_a_previous_task_no_longer_exists(client, demo):
    from campaigns.models import Task

    login(client, "dai_ptth")
    broadcast = Activity.objects.get(title=BROADCAST)
    task = Task.objects.create(plan=broadcast.plan, title="Nhiệm vụ tạm", lead_agency=broadcast.agency,
                               channel=broadcast.channel, target_quantity=5, status="")
    Activity.objects.filter(pk=broadcast.pk).update(task=task)
    workbook = export_of(client)
    sheet = workbook.active
    for line in range(2, sheet.max_row + 1):
        if sheet.cell(line, 1).value == broadcast.pk:
            sheet.cell(line, 3).value = None  # the task taken away
    batch = import_file(client, workbook_bytes(workbook))
    assert batch.updated_count == 1
    task_id = task.pk
    task.delete()

    with pytest.raises(spreadsheets.ImportUndoError) as refused:
        spreadsheets.import_batch_undo(batch=batch, user=batch.created_by)
    assert refused.value.message == (f"Không thể hoàn tác lần nhập số {batch.pk}: nhiệm vụ mà các hoạt động được "
                                     f"cập nhật từng thuộc về đã bị xóa (mã {task_id}).")


def six_months_of(agency):
    """2019's 6 tháng period (the demo here has none) with the agency expected to report."""
    from campaigns.models import ReportingPeriod, Submission

    period = ReportingPeriod.objects.create(kind="h1", year=2019, start=dt.date(2018, 12, 15),
                                            end=dt.date(2019, 6, 14), due_date=dt.date(2019, 6, 20))
    return Submission.objects.create(period=period, agency=agency)


def test_a_report_sent_before_an_import_was_undone_is_not_approved_as_if_nothing_was_deleted(client, demo):
    """The undo deletes with one raw SQL statement (no signal, no updated_at): the approval still sees it."""
    from django.core.exceptions import ValidationError

    from campaigns import cycle
    from campaigns.models import SubmissionStatus

    login(client, "dai_ptth")
    batch = import_file(client, xlsx([row(title="Phóng sự A"), row(title="Phóng sự B", date="20/03/2019")]))
    submission = six_months_of(batch.agency)
    cycle.submission_submit(submission=submission, user=batch.created_by)
    sent = cycle.activities_in_period(submission).count()
    spreadsheets.import_batch_undo(batch=batch, user=batch.created_by)

    coordinator = get_user_model().objects.get(username="dieuphoi")
    with pytest.raises(ValidationError) as refused:
        cycle.submission_approve(submission=submission, user=coordinator)
    assert "2 kết quả đã bị xóa" in " ".join(refused.value.messages)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.history.latest().history_change_reason != "Duyệt báo cáo"
    assert submission.history.filter(history_change_reason=f"Gửi báo cáo: {sent} kết quả").exists()


def test_undo_with_evidence_on_an_added_activity_is_refused_with_a_message_not_a_server_error(client, demo):
    from django.core.files.base import ContentFile

    from campaigns.models import ActivityEvidence

    login(client, "dai_ptth")
    batch = import_file(client, xlsx([row(title="Phóng sự A"), row(title="Phóng sự B", date="20/03/2019")]))
    added = batch.activities.get(title="Phóng sự A")
    evidence = ActivityEvidence.objects.create(activity=added, name="Biên bản.pdf",
                                               file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="bien-ban.pdf"))

    response = client.post(undo_url(batch), follow=True)

    assert response.status_code == 200
    assert (f"Không thể hoàn tác lần nhập số {batch.pk}: 1 hoạt động do lần nhập thêm vào đã có tài liệu kiểm "
            f"chứng (mã {added.pk})") in page_text(response)
    assert batch.activities.count() == 2
    assert ActivityEvidence.objects.filter(pk=evidence.pk, activity=added).exists()
    assert evidence.file.storage.exists(evidence.file.name)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ACTIVE


def test_undo_checks_every_model_that_points_to_an_activity(client, demo, png_bytes):
    """The list comes from the model (Activity._meta): photos and evidence both, named in one refusal."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from campaigns.models import ActivityEvidence

    login(client, "dai_ptth")
    batch = import_file(client, xlsx([row(title="Phóng sự A"), row(title="Phóng sự B", date="20/03/2019")]))
    first, second = batch.activities.order_by("pk")
    ActivityPhoto.objects.create(activity=first, image=SimpleUploadedFile("anh.png", png_bytes, "image/png"))
    ActivityEvidence.objects.create(activity=second, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="a.pdf"))
    with pytest.raises(spreadsheets.ImportUndoError) as refused:
        spreadsheets.import_batch_undo(batch=batch, user=batch.created_by)
    assert (f"2 hoạt động do lần nhập thêm vào đã có ảnh hoạt động, tài liệu kiểm chứng "
            f"(mã {first.pk}, {second.pk})") in refused.value.message
    assert batch.activities.count() == 2


def test_undo_asks_the_cycle_so_a_reopened_period_stays_out_of_the_public_figures(client, demo):
    """An activity counted before the cycle, changed by an import, then approved in a report and reopened:
    the undo puts its values back, but it counts only when an approved report covers it again."""
    from campaigns import cycle
    from reports import queries

    login(client, "dai_ptth")
    broadcast = Activity.objects.get(title=BROADCAST)
    assert broadcast.approved  # counted before the cycle
    batch = import_file(client, edited_export(client, BROADCAST, 60))
    submission = six_months_of(batch.agency)
    cycle.submission_submit(submission=submission, user=batch.created_by)
    coordinator = get_user_model().objects.get(username="dieuphoi")
    cycle.submission_approve(submission=submission, user=coordinator)
    cycle.submission_reopen(submission=submission, user=coordinator, reason="Kiểm tra lại số phát sóng")
    assert not Activity.objects.get(title=BROADCAST).approved
    plan, code = broadcast.plan, broadcast.channel.code
    while_reopened = {row["code"]: row["total"] for row in queries.channel_totals(plan=plan)}[code]

    spreadsheets.import_batch_undo(batch=batch, user=batch.created_by)

    restored = Activity.objects.get(title=BROADCAST)
    assert restored.quantity == 48 and not restored.approved
    assert {row["code"]: row["total"] for row in queries.channel_totals(plan=plan)}[code] == while_reopened


def export_with(client, title, column, value):
    """The user's own export with one cell of the activity titled `title` changed (6: date, 4: agency)."""
    workbook = export_of(client)
    sheet = workbook.active
    for line in range(2, sheet.max_row + 1):
        if sheet.cell(line, 7).value == title:
            sheet.cell(line, column).value = value
    return workbook_bytes(workbook)


def approved_without(agency, activity):
    """2019's 6 tháng report of `agency` sent and approved while `activity` is not in its window."""
    from campaigns import cycle

    submission = six_months_of(agency)
    cycle.submission_submit(submission=submission, user=None)
    cycle.submission_approve(submission=submission, user=None)
    ids = set(cycle.activities_in_period(submission).values_list("pk", flat=True))
    assert activity.pk not in ids
    return submission, ids


@pytest.mark.parametrize(("who", "column", "value"), [("dai_ptth", 6, "01/08/2019"), ("dieuphoi", 4, PAPER)],
                         ids=["date", "agency"])
def test_undo_never_puts_an_activity_back_into_an_approved_report_that_did_not_hold_it(client, demo, who, column,
                                                                                        value):
    """An import moved an activity out of the 6-month window (its date, or to another agency); the report was
    sent and approved without it. Undoing would restore it into that approved window: refused, as a direct
    edit there would be — the lock is checked on where the undo writes, not only where the row is now."""
    from campaigns import cycle

    login(client, who)
    broadcast = Activity.objects.get(title=BROADCAST)
    station = broadcast.agency
    batch = import_file(client, export_with(client, BROADCAST, column, value))
    moved = Activity.objects.get(pk=broadcast.pk)
    assert (moved.date, moved.agency_id) != (broadcast.date, broadcast.agency_id)
    submission, approved_ids = approved_without(station, broadcast)

    with pytest.raises(spreadsheets.ImportUndoError) as refused:
        spreadsheets.import_batch_undo(batch=batch, user=batch.created_by)

    assert "đã được duyệt" in refused.value.message and f"mã {broadcast.pk}" in refused.value.message
    kept = Activity.objects.get(pk=broadcast.pk)
    assert (kept.date, kept.agency_id) == (moved.date, moved.agency_id)
    assert set(cycle.activities_in_period(submission).values_list("pk", flat=True)) == approved_ids
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ACTIVE


def test_the_undo_refusal_and_its_confirmation_name_what_to_delete_as_the_admin_does(client, demo, png_bytes):
    """One term, the one the activity's page shows its files under ("tài liệu kiểm chứng"), in the refusal
    and on the confirmation page; the refusal says whose files to delete."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from campaigns.models import ActivityEvidence

    login(client, "dai_ptth")
    batch = import_file(client, xlsx([row(title="Phóng sự A"), row(title="Phóng sự B", date="20/03/2019")]))
    page = page_text(client.get(undo_url(batch)))
    assert "tài liệu kiểm chứng" in page and "minh chứng" not in page
    first, second = batch.activities.order_by("pk")
    ActivityEvidence.objects.create(activity=second, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="a.pdf"))
    with pytest.raises(spreadsheets.ImportUndoError) as refused:
        spreadsheets.import_batch_undo(batch=batch, user=batch.created_by)
    assert "hãy xóa tài liệu kiểm chứng của các hoạt động đó trước" in refused.value.message
    ActivityPhoto.objects.create(activity=first, image=SimpleUploadedFile("anh.png", png_bytes, "image/png"))
    with pytest.raises(spreadsheets.ImportUndoError) as refused:
        spreadsheets.import_batch_undo(batch=batch, user=batch.created_by)
    assert "hãy xóa ảnh hoạt động và tài liệu kiểm chứng của các hoạt động đó trước" in refused.value.message


def test_an_import_confirmed_after_its_report_was_approved_is_refused_whole(client, demo, monkeypatch):
    """The file was checked before the report was approved; the save takes the cycle's lock first and asks
    again (the approval is staged at the instant it locks): nothing is saved, and the page says why."""
    from campaigns import cycle

    login(client, "dai_ptth")
    before = Activity.objects.count()
    response = upload(client, xlsx([row(title="Phóng sự muộn", date="20/03/2019")]))
    assert response.context["result"].ok
    submission = six_months_of(Activity.objects.get(title=BROADCAST).agency)
    real = cycle.activities_lock

    def approved_first(**kwargs):
        if submission.status != "approved":
            cycle.submission_submit(submission=submission, user=None)
            cycle.submission_approve(submission=submission, user=None)
            submission.status = "approved"
        return real(**kwargs)

    monkeypatch.setattr(cycle, "activities_lock", approved_first)
    refused = confirm(client, response)
    assert refused.status_code == 400 and "đã được duyệt" in page_text(refused)
    assert Activity.objects.count() == before and not ImportBatch.objects.exists()
