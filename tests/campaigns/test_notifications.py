"""Emails at every step of the reporting cycle (campaigns.notices), the start page's “Việc cần làm”
(campaigns.todo), the dashboard's “Nhắc” button (campaigns.reminders.reminders_send_now) and the staff's own
choice of emails (accounts.views.notification_settings) — issue 25, item 1."""

import datetime as dt
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns import cycle, notices, todo
from campaigns.models import CycleNotice, ReminderLog, ReportingPeriod, Submission
from tests.factories import ActivityFactory, AgencyFactory, PlanFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
INDEX = reverse("admin:index")


@pytest.fixture
def cycle_setup():
    """A period whose window has ended and whose due date is in 10 days; Đài thử (two officers with an address,
    one who left, one who turned the emails off, one without an address), Báo thử and Sở thử, each with one
    activity in the window; two coordinators (one with the emails off)."""
    period = ReportingPeriod.objects.create(kind="q1", year=TODAY.year, start=TODAY - dt.timedelta(days=60),
                                            end=TODAY - dt.timedelta(days=5), due_date=TODAY + dt.timedelta(days=10))
    plan = PlanFactory(year=TODAY.year, status="published")
    radio, paper, dept = (AgencyFactory(name=name) for name in ("Đài thử", "Báo thử", "Sở thử"))
    subs = {}
    for agency in (radio, paper, dept):
        subs[agency.name] = Submission.objects.create(period=period, agency=agency)
        ActivityFactory(plan=plan, agency=agency, date=TODAY - dt.timedelta(days=20), quantity=3)
    officers = [data_entry_user(radio, email="canbo1@dai.vn", full_name="Nguyễn Văn An"),
                data_entry_user(radio, email="canbo2@dai.vn")]
    data_entry_user(radio, email="nghiviec@dai.vn", is_active=False)
    data_entry_user(radio, email="khongnhan@dai.vn", cycle_emails=False)
    data_entry_user(radio, email="")
    paper_officer = data_entry_user(paper, email="toasoan@bao.vn")
    dept_officer = data_entry_user(dept, email="so@so.vn")
    coordinator = coordinator_user(email="dieuphoi@tinh.vn", full_name="Trần Thị Bình")
    coordinator_user(email="dieuphoi2@tinh.vn", cycle_emails=False)
    return {"period": period, "radio": subs["Đài thử"], "paper": subs["Báo thử"], "dept": subs["Sở thử"],
            "officers": officers, "paper_officer": paper_officer, "dept_officer": dept_officer,
            "coordinator": coordinator}


def send(setup, key, officer, capture):
    with capture(execute=True):
        return cycle.submission_submit(submission=setup[key], user=officer)


def only(outbox):
    return [(m.to, m.subject) for m in outbox]


def test_a_report_sent_mails_each_coordinator_who_takes_the_emails_once_after_commit(
        cycle_setup, django_capture_on_commit_callbacks):
    s = cycle_setup
    with django_capture_on_commit_callbacks() as callbacks:
        cycle.submission_submit(submission=s["radio"], user=s["officers"][0])
        assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()
    period = str(s["period"])
    assert only(mail.outbox) == [(["dieuphoi@tinh.vn"], f"[Cổng CCHC] Đài thử đã gửi báo cáo {period}")]
    message = mail.outbox[0]
    link = f"http://testserver/admin/campaigns/submission/{s['radio'].pk}/change/"
    assert "Kính gửi: Trần Thị Bình," in message.body
    assert f"Đài thử đã gửi báo cáo {period}, chờ duyệt." in message.body
    assert f"hạn gửi {s['period'].due_date:%d/%m/%Y}" in message.body
    assert link in message.body
    html = message.alternatives[0][0]
    assert f'href="{link}"' in html and "Mở báo cáo để duyệt hoặc trả lại" in html
    assert CycleNotice.objects.filter(event="submitted", sent_at__isnull=False).count() == 1


def test_a_step_rolled_back_tells_nobody(cycle_setup, django_capture_on_commit_callbacks):
    s = cycle_setup
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            cycle.submission_submit(submission=s["radio"], user=s["officers"][0])
            raise RuntimeError("lỗi sau khi gửi")
    assert mail.outbox == []
    assert CycleNotice.objects.count() == 0


def test_returned_approved_reopened_mail_the_agencys_active_officers_with_the_reason(
        cycle_setup, django_capture_on_commit_callbacks):
    s = cycle_setup
    coordinator, radio = s["coordinator"], s["radio"]
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    period = str(s["period"])
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_return(submission=radio, user=coordinator, reason="Thiếu ảnh minh chứng hội nghị")
    assert only(mail.outbox) == [(["canbo1@dai.vn"], f"[Cổng CCHC] Báo cáo {period} bị trả lại"),
                                 (["canbo2@dai.vn"], f"[Cổng CCHC] Báo cáo {period} bị trả lại")]
    body = mail.outbox[0].body
    assert "Lý do:\nThiếu ảnh minh chứng hội nghị" in body
    assert "Cơ quan: Đài thử" in body
    assert "Sửa và gửi lại báo cáo:\nhttp://testserver/admin/campaigns/submission/" in body
    mail.outbox.clear()

    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)  # again: the coordinator waits (digest)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_approve(submission=radio, user=coordinator)
    assert only(mail.outbox) == [(["canbo1@dai.vn"], f"[Cổng CCHC] Báo cáo {period} đã được duyệt"),
                                 (["canbo2@dai.vn"], f"[Cổng CCHC] Báo cáo {period} đã được duyệt")]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_reopen(submission=radio, user=coordinator, reason="Sai số lượt xem")
    assert only(mail.outbox) == [(["canbo1@dai.vn"], f"[Cổng CCHC] Báo cáo {period} được mở lại để sửa"),
                                 (["canbo2@dai.vn"], f"[Cổng CCHC] Báo cáo {period} được mở lại để sửa")]
    assert "Lý do:\nSai số lượt xem" in mail.outbox[0].body
    assert "Sai số lượt xem" in mail.outbox[0].alternatives[0][0]


def test_one_event_is_told_once_even_if_recorded_again(cycle_setup, django_capture_on_commit_callbacks):
    s = cycle_setup
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    radio = Submission.objects.get(pk=s["radio"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert notices.submission_notify(submission=radio, event="submitted", at=radio.submitted_at) == []
    assert len(mail.outbox) == 1
    assert notices.send_notices(ids=list(CycleNotice.objects.values_list("pk", flat=True))) == 0
    assert len(mail.outbox) == 1


def test_many_reports_sent_in_an_hour_make_one_digest_an_hour_later(cycle_setup,
                                                                     django_capture_on_commit_callbacks):
    s = cycle_setup
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    send(s, "paper", s["paper_officer"], django_capture_on_commit_callbacks)
    send(s, "dept", s["dept_officer"], django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # the first at once; the two others wait
    assert CycleNotice.objects.filter(sent_at__isnull=True).count() == 2
    now = timezone.now()
    assert notices.send_waiting_digests(now=now + dt.timedelta(minutes=30)) == 0  # the last email is 30 min old
    assert len(mail.outbox) == 1
    out = io.StringIO()
    with mock.patch("campaigns.notices.timezone.now", return_value=now + dt.timedelta(minutes=61)):
        call_command("send_cycle_notices", stdout=out)
    assert out.getvalue() == "Đã gửi 1 thư thông báo báo cáo kỳ.\n"
    digest = mail.outbox[1]
    assert (digest.to, digest.subject) == (["dieuphoi@tinh.vn"], "[Cổng CCHC] 2 việc mới về báo cáo kỳ cần anh/chị xem")
    period = str(s["period"])
    assert f"- Báo thử đã gửi báo cáo {period}, chờ duyệt." in digest.body
    assert f"- Sở thử đã gửi báo cáo {period}, chờ duyệt." in digest.body
    assert "Đài thử" not in digest.body
    # A second run sends nothing: every notice is sent.
    assert notices.send_waiting_digests(now=now + dt.timedelta(minutes=200)) == 0
    assert len(mail.outbox) == 2


def returned_while_the_mail_server_was_down(s, callbacks):
    """The station's report sent, then returned by the coordinator while every email fails."""
    send(s, "radio", s["officers"][0], callbacks)
    mail.outbox.clear()
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("máy chủ thư tắt")):
        with callbacks(execute=True):
            cycle.submission_return(submission=s["radio"], user=s["coordinator"], reason="Thiếu số liệu")


def test_an_email_the_server_refused_is_retried_by_the_digest_run(cycle_setup, django_capture_on_commit_callbacks):
    s = cycle_setup
    returned_while_the_mail_server_was_down(s, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert CycleNotice.objects.filter(event="returned", sent_at__isnull=True).count() == 2
    assert notices.send_waiting_digests() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["canbo1@dai.vn", "canbo2@dai.vn"]
    assert notices.send_waiting_digests() == 0


def test_staff_turn_the_emails_off_on_their_own_page(cycle_setup, client, django_capture_on_commit_callbacks):
    s = cycle_setup
    officer = s["officers"][1]
    client.force_login(officer)
    page = client.get(INDEX)
    assert 'href="/admin/tuy-chon-thong-bao/">Tùy chọn thông báo</a>' in page.content.decode()
    response = client.post(reverse("staff_notification_settings"), {}, follow=True)
    assert "Đã lưu: bạn sẽ không nhận email về báo cáo kỳ (mục “Việc cần làm” vẫn hiện)." in response.content.decode()
    officer.refresh_from_db()
    assert officer.cycle_emails is False
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_return(submission=s["radio"], user=s["coordinator"], reason="Thiếu số liệu")
    assert only(mail.outbox) == [(["canbo1@dai.vn"], f"[Cổng CCHC] Báo cáo {s['period']} bị trả lại")]
    # Their to-do list shows it regardless.
    assert "Sửa và gửi lại báo cáo" in client.get(INDEX).content.decode()
    client.post(reverse("staff_notification_settings"), {"cycle_emails": "on"})
    officer.refresh_from_db()
    assert officer.cycle_emails is True


def test_the_settings_page_changes_only_ones_own_choice(cycle_setup, client):
    officer, other = cycle_setup["officers"]
    client.force_login(officer)
    client.post(reverse("staff_notification_settings"), {"cycle_emails": "", "id": other.pk, "is_superuser": "on",
                                                         "email": "ke-gian@x.vn"})
    officer.refresh_from_db()
    other.refresh_from_db()
    assert (officer.cycle_emails, officer.email, officer.is_superuser) == (False, "canbo1@dai.vn", False)
    assert other.cycle_emails is True


# --- Việc cần làm -------------------------------------------------------------------------------------------

def test_the_coordinators_todo_lists_reports_to_review_and_clears_when_done(
        cycle_setup, client, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    s = cycle_setup
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    send(s, "paper", s["paper_officer"], django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(3):
        items = todo.coordinator_todo()
    assert items["waiting_count"] == 2
    assert [i["text"] for i in items["waiting"]] == [f"Duyệt báo cáo {s['period']} của Đài thử",
                                                      f"Duyệt báo cáo {s['period']} của Báo thử"]
    client.force_login(s["coordinator"])
    page = client.get(INDEX).content.decode()
    assert "Việc cần làm" in page and "Báo cáo chờ duyệt (2)" in page
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_approve(submission=s["radio"], user=s["coordinator"])
        cycle.submission_return(submission=s["paper"], user=s["coordinator"], reason="Thiếu")
    assert todo.coordinator_todo()["waiting"] == []
    assert "Không có việc nào đang chờ bạn về báo cáo kỳ." in client.get(INDEX).content.decode()


def test_the_coordinators_todo_lists_past_due_periods_with_agencies_not_sent(cycle_setup,
                                                                            django_capture_on_commit_callbacks):
    s = cycle_setup
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    after_due = s["period"].due_date + dt.timedelta(days=1)
    items = todo.coordinator_todo(today=after_due)
    assert [i["text"] for i in items["overdue"]] == [
        f"2/3 cơ quan chưa gửi báo cáo {s['period']} (hạn {s['period'].due_date:%d/%m/%Y})"]
    assert todo.coordinator_todo(today=s["period"].due_date)["overdue"] == []  # not yet past due
    ReportingPeriod.objects.filter(pk=s["period"].pk).update(applies=False)
    assert todo.coordinator_todo(today=after_due)["overdue"] == []


def test_the_officers_todo_shows_the_returned_report_with_its_reason_then_clears(
        cycle_setup, client, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    s = cycle_setup
    officer = s["officers"][0]
    officer.get_all_permissions()  # as on the start page, where the admin's app list has read them already
    with django_assert_max_num_queries(3):
        items = todo.officer_todo(user=officer)
    assert [i["text"] for i in items["to_send"]] == [
        f"Gửi báo cáo {s['period']} (hạn {s['period'].due_date:%d/%m/%Y})"]
    send(s, "radio", officer, django_capture_on_commit_callbacks)
    assert todo.officer_todo(user=officer)["empty"] is True
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_return(submission=s["radio"], user=s["coordinator"], reason="Thiếu ảnh <b>hội nghị</b>")
    items = todo.officer_todo(user=officer)
    assert [(i["reason"]) for i in items["returned"]] == ["Thiếu ảnh <b>hội nghị</b>"]
    client.force_login(officer)
    page = client.get(INDEX).content.decode()
    assert "Lý do: Thiếu ảnh &lt;b&gt;hội nghị&lt;/b&gt;" in page
    send(s, "radio", officer, django_capture_on_commit_callbacks)
    assert todo.officer_todo(user=officer)["empty"] is True
    assert "Không có việc nào đang chờ bạn về báo cáo kỳ." in client.get(INDEX).content.decode()


# --- Nhắc ---------------------------------------------------------------------------------------------------

def remind_url(setup):
    return reverse("period_remind", args=[setup["period"].pk])


def test_nhac_reminds_one_late_agency_once_a_day_and_records_who(cycle_setup, client):
    s = cycle_setup
    client.force_login(s["coordinator"])
    page = client.get(f"{INDEX}?ky={s['period'].pk}").content.decode()
    assert 'aria-label="Nhắc Đài thử">Nhắc</button>' in page
    assert "Nhắc tất cả cơ quan chưa gửi" in page
    response = client.post(remind_url(s), {"co_quan": s["radio"].agency_id}, follow=True)
    assert f"Đã gửi thư nhắc {s['period']} cho 1 cơ quan: Đài thử." in response.content.decode()
    assert only(mail.outbox) == [(["canbo1@dai.vn", "canbo2@dai.vn", "khongnhan@dai.vn"],
                                  f"[Cổng CCHC] Nhắc hạn gửi báo cáo {s['period']} — hạn "
                                  f"{s['period'].due_date:%d/%m/%Y}")]
    log = ReminderLog.objects.get()
    assert (log.agency_id, log.sent_by, log.stage) == (s["radio"].agency_id, s["coordinator"],
                                                       f"tay:{TODAY.isoformat()}")
    reminded = timezone.localtime(log.sent_at)
    assert f"Đã nhắc {reminded:%d/%m/%Y %H:%M}" in client.get(f"{INDEX}?ky={s['period'].pk}").content.decode()
    again = client.post(remind_url(s), {"co_quan": s["radio"].agency_id}, follow=True).content.decode()
    assert ("Hôm nay đã nhắc Đài thử rồi (mỗi cơ quan tối đa một lần một ngày): không gửi thêm.") in again
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1


def test_nhac_all_reminds_every_agency_not_sent_except_those_reminded_today(cycle_setup, client,
                                                                          django_capture_on_commit_callbacks):
    s = cycle_setup
    send(s, "dept", s["dept_officer"], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    client.force_login(s["coordinator"])
    client.post(remind_url(s), {"co_quan": s["paper"].agency_id})
    response = client.post(remind_url(s), follow=True).content.decode()
    assert f"Đã gửi thư nhắc {s['period']} cho 1 cơ quan: Đài thử." in response
    assert "Hôm nay đã nhắc Báo thử rồi" in response
    assert sorted(m.to[0] for m in mail.outbox) == ["canbo1@dai.vn", "toasoan@bao.vn"]
    assert ReminderLog.objects.filter(sent_by=s["coordinator"]).count() == 2


def test_an_officer_cannot_press_nhac_by_a_forged_post(cycle_setup, client):
    s = cycle_setup
    client.force_login(s["officers"][0])
    assert "Nhắc tất cả" not in client.get(INDEX).content.decode()
    response = client.post(remind_url(s), {"co_quan": s["radio"].agency_id})
    assert response.status_code == 403
    assert mail.outbox == [] and ReminderLog.objects.count() == 0


def test_nhac_needs_the_csrf_token(cycle_setup):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cycle_setup["coordinator"])
    assert client.post(remind_url(cycle_setup), {"co_quan": cycle_setup["radio"].agency_id}).status_code == 403
    assert mail.outbox == []


def test_the_daily_command_and_the_button_share_one_function(cycle_setup, settings, client):
    from campaigns import reminders

    settings.REPORTING_REMINDER_DAYS = [-10]
    with mock.patch.object(reminders, "agency_remind", wraps=reminders.agency_remind) as remind:
        reminders.send_reminders(today=TODAY)
        assert remind.call_count == 3
        client.force_login(cycle_setup["coordinator"])
        client.post(remind_url(cycle_setup), {"co_quan": cycle_setup["radio"].agency_id})
        assert remind.call_count == 3  # reminded by the command today already: the button sends nothing more
    assert len([m for m in mail.outbox if "Tình hình" not in m.subject]) == 3


def test_a_digest_leaves_out_a_report_already_reviewed(cycle_setup, django_capture_on_commit_callbacks):
    s = cycle_setup
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    send(s, "paper", s["paper_officer"], django_capture_on_commit_callbacks)
    send(s, "dept", s["dept_officer"], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_approve(submission=s["paper"], user=s["coordinator"])
    mail.outbox.clear()
    assert notices.send_waiting_digests(now=timezone.now() + dt.timedelta(minutes=61)) == 1
    assert only(mail.outbox) == [(["dieuphoi@tinh.vn"], f"[Cổng CCHC] Sở thử đã gửi báo cáo {s['period']}")]
    assert CycleNotice.objects.filter(sent_at__isnull=True).count() == 0  # the approved one is closed, unsent


def test_a_long_digest_lists_the_first_rows_and_counts_the_rest(cycle_setup, django_capture_on_commit_callbacks,
                                                                 monkeypatch):
    s = cycle_setup
    monkeypatch.setattr(notices, "DIGEST_ROWS", 1)
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    send(s, "paper", s["paper_officer"], django_capture_on_commit_callbacks)
    send(s, "dept", s["dept_officer"], django_capture_on_commit_callbacks)
    notices.send_waiting_digests(now=timezone.now() + dt.timedelta(minutes=61))
    digest = mail.outbox[-1]
    assert digest.subject == "[Cổng CCHC] 2 việc mới về báo cáo kỳ cần anh/chị xem"
    assert "Từ thư trước, có 2 việc mới về báo cáo kỳ:" in digest.body
    assert f"- Báo thử đã gửi báo cáo {s['period']}, chờ duyệt." in digest.body
    assert "Sở thử" not in digest.body
    assert "… và 1 việc khác: xem trong “Việc cần làm”." in digest.body


# Found by the fresh-eyes review (issue 25): a waiting or retried email is checked again when it goes.

def test_a_waiting_digest_skips_a_coordinator_who_left_or_turned_the_emails_off(cycle_setup,
                                                                               django_capture_on_commit_callbacks):
    s = cycle_setup
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    send(s, "paper", s["paper_officer"], django_capture_on_commit_callbacks)  # waits for the digest
    mail.outbox.clear()
    User.objects.filter(pk=s["coordinator"].pk).update(cycle_emails=False)
    assert notices.send_waiting_digests(now=timezone.now() + dt.timedelta(minutes=61)) == 0
    User.objects.filter(pk=s["coordinator"].pk).update(cycle_emails=True, is_active=False)
    assert notices.send_waiting_digests(now=timezone.now() + dt.timedelta(minutes=61)) == 0
    assert mail.outbox == []


def test_a_retried_email_never_reaches_an_officer_moved_to_another_agency(cycle_setup,
                                                                         django_capture_on_commit_callbacks):
    s = cycle_setup
    returned_while_the_mail_server_was_down(s, django_capture_on_commit_callbacks)
    User.objects.filter(pk=s["officers"][1].pk).update(agency=s["paper"].agency)
    assert notices.send_waiting_digests() == 1
    assert [m.to for m in mail.outbox] == [["canbo1@dai.vn"]]


def test_a_retried_return_is_not_sent_once_the_report_was_sent_again(cycle_setup,
                                                                    django_capture_on_commit_callbacks):
    s = cycle_setup
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("máy chủ thư tắt")):
        with django_capture_on_commit_callbacks(execute=True):
            cycle.submission_return(submission=s["radio"], user=s["coordinator"], reason="Thiếu số liệu")
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    notices.send_waiting_digests(now=timezone.now() + dt.timedelta(minutes=61))
    assert not any("bị trả lại" in m.body for m in mail.outbox)


def test_the_coordinators_todo_counts_returned_reports_not_sent_again_as_not_sent(
        cycle_setup, django_capture_on_commit_callbacks):
    s = cycle_setup
    send(s, "radio", s["officers"][0], django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_return(submission=s["radio"], user=s["coordinator"], reason="Thiếu số liệu")
    after_due = s["period"].due_date + dt.timedelta(days=1)
    assert [i["text"] for i in todo.coordinator_todo(today=after_due)["overdue"]] == [
        f"3/3 cơ quan chưa gửi báo cáo {s['period']} (hạn {s['period'].due_date:%d/%m/%Y})"]


def test_an_agency_head_is_not_asked_to_send_or_fix_what_only_officers_do(cycle_setup, settings,
                                                                          django_capture_on_commit_callbacks):
    from tests.factories import agency_head_user

    settings.REPORTING_AGENCY_CONFIRMATION = True
    s = cycle_setup
    head = agency_head_user(s["radio"].agency, email="lanhdao@dai.vn")
    items = todo.officer_todo(user=head)
    assert items["to_send"] == [] and items["returned"] == []
    assert todo.officer_todo(user=s["officers"][0])["to_send"] != []


def test_nhac_sends_nothing_for_a_period_that_does_not_apply(cycle_setup, client):
    """Found by the review: the button is hidden for a period marked 'không áp dụng', but a forged POST
    still reminded its agencies."""
    s = cycle_setup
    ReportingPeriod.objects.filter(pk=s["period"].pk).update(applies=False)
    client.force_login(s["coordinator"])
    response = client.post(remind_url(s), follow=True)
    assert mail.outbox == [] and not ReminderLog.objects.exists()
    assert "không áp dụng" in response.content.decode()
