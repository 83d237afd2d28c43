"""Reminder emails (campaigns.reminders, manage.py send_reminders): the right agencies, at the right stages,
never twice; the coordinators' digest; the command's --dry-run and --date."""

import datetime as dt
import importlib
import io

import pytest
from django.contrib import admin
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import NoReverseMatch, clear_url_caches, reverse

from campaigns import reminders
from campaigns.cycle import period_dates
from campaigns.models import PeriodKind, ReminderLog, ReportingPeriod, Submission, SubmissionStatus
from tests.factories import AgencyFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def submission_admin_url():
    """The links point to the submission's admin page (campaigns/admin/cycle.py). Where that admin is not
    registered in this checkout yet, register a bare one for the test."""
    try:
        reverse("admin:campaigns_submission_change", args=[1])
    except NoReverseMatch:
        import cchc_portal.urls

        admin.site.register(Submission)
        importlib.reload(cchc_portal.urls)
        clear_url_caches()
        yield
        admin.site.unregister(Submission)
        importlib.reload(cchc_portal.urls)
        clear_url_caches()
    else:
        yield


@pytest.fixture
def cycle(settings):
    """Quý I 2019 (due 20/03/2019) with four agencies: Sở Nội vụ and Báo Cà Mau have not sent (the paper's
    report was returned), Đài PT-TH has, Sở Tư pháp has not but nobody there has an email address."""
    settings.REPORTING_REMINDER_DAYS = [-5, 0, 3]
    start, end, due = period_dates(PeriodKind.Q1, 2019)
    period = ReportingPeriod.objects.create(kind=PeriodKind.Q1, year=2019, start=start, end=end, due_date=due)
    home = AgencyFactory(name="Sở Nội vụ", short_name="SNV")
    paper = AgencyFactory(name="Báo Cà Mau")
    radio = AgencyFactory(name="Đài Phát thanh – Truyền hình")
    justice = AgencyFactory(name="Sở Tư pháp")
    data_entry_user(home, email="canbo1@snv.camau.gov.vn")
    data_entry_user(home, email="canbo2@snv.camau.gov.vn")
    data_entry_user(home, email="nghiviec@snv.camau.gov.vn", is_active=False)
    data_entry_user(paper, email="toasoan@baocamau.vn")
    data_entry_user(radio, email="dai@camau.gov.vn")
    data_entry_user(justice, email="")
    coordinator_user(email="dieuphoi@camau.gov.vn")
    subs = {
        "home": Submission.objects.create(period=period, agency=home),
        "paper": Submission.objects.create(period=period, agency=paper, status=SubmissionStatus.RETURNED,
                                           return_reason="Thiếu số liệu tháng 3"),
        "radio": Submission.objects.create(period=period, agency=radio, status=SubmissionStatus.SUBMITTED,
                                           first_submitted_at=dt.datetime(2019, 3, 10, 9, tzinfo=dt.UTC)),
        "justice": Submission.objects.create(period=period, agency=justice),
    }
    return {"period": period, **subs}


def run(date, **options):
    out = io.StringIO()
    call_command("send_reminders", date=date, stdout=out, **options)
    return out.getvalue()


def agency_mails():
    return [m for m in mail.outbox if "Tình hình" not in m.subject]


def digests():
    return [m for m in mail.outbox if "Tình hình" in m.subject]


def test_five_days_before_reminds_only_the_agencies_that_have_not_sent(cycle):
    run("15/03/2019")
    assert sorted(tuple(m.to) for m in agency_mails()) == [
        ("canbo1@snv.camau.gov.vn", "canbo2@snv.camau.gov.vn"), ("toasoan@baocamau.vn",)]
    assert len(digests()) == 1
    assert set(ReminderLog.objects.values_list("agency__name", "stage")) == {
        ("Sở Nội vụ", "D-5"), ("Báo Cà Mau", "D-5"), (None, "D-5")}


def test_no_reminder_before_the_first_stage(cycle):
    assert "Đã gửi 0 thư" in run("14/03/2019")
    assert mail.outbox == []


def test_on_the_day_and_after_the_due_date_each_stage_is_sent_once(cycle):
    run("15/03/2019")
    run("20/03/2019")
    run("23/03/2019")
    subjects = [m.subject for m in mail.outbox if m.to == ["toasoan@baocamau.vn"]]
    assert subjects == [
        "[Cổng CCHC] Nhắc hạn gửi báo cáo Quý I năm 2019 — hạn 20/03/2019",
        "[Cổng CCHC] Nhắc hạn gửi báo cáo Quý I năm 2019 — hạn 20/03/2019",
        "[Cổng CCHC] Quá hạn gửi báo cáo Quý I năm 2019 — hạn 20/03/2019",
    ]
    assert len(digests()) == 3
    assert ReminderLog.objects.count() == 9  # 2 agencies + the digest, at 3 stages


def test_running_twice_sends_nothing_new(cycle):
    run("20/03/2019")
    sent = len(mail.outbox)
    output = run("20/03/2019")
    assert sent == 3 and len(mail.outbox) == 3
    assert "Đã gửi trước đó, bỏ qua" in output
    assert ReminderLog.objects.count() == 3


def test_a_missed_day_is_caught_up_with_the_latest_stage_only(cycle):
    run("22/03/2019")  # the job did not run on 15/03 nor on 20/03
    assert set(ReminderLog.objects.values_list("stage", flat=True)) == {"D+0"}
    run("24/03/2019")
    assert set(ReminderLog.objects.values_list("stage", flat=True)) == {"D+0", "D+3"}


def test_old_periods_do_not_mail_after_the_catch_up_window(cycle):
    run("31/03/2019")  # the last stage (23/03) was 8 days ago
    assert mail.outbox == [] and not ReminderLog.objects.exists()
    run("30/03/2019")  # 7 days: still caught up
    assert len(mail.outbox) == 3


def test_an_agency_that_has_sent_since_gets_no_further_reminder(cycle):
    run("15/03/2019")
    Submission.objects.filter(pk=cycle["home"].pk).update(status=SubmissionStatus.SUBMITTED)
    mail.outbox.clear()
    run("20/03/2019")
    assert [m.to for m in agency_mails()] == [["toasoan@baocamau.vn"]]


def test_dry_run_sends_and_records_nothing(cycle):
    output = run("15/03/2019", dry_run=True)
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert ("[Chạy thử] Sẽ gửi: Quý I năm 2019 (còn 5 ngày đến hạn) — SNV: canbo1@snv.camau.gov.vn, "
            "canbo2@snv.camau.gov.vn") in output
    assert ("Không có người nhận (chưa có cán bộ nào có email): Quý I năm 2019 (còn 5 ngày đến hạn) — "
            "Sở Tư pháp") in output
    assert "Sẽ gửi 3 thư." in output
    run("15/03/2019")
    assert len(mail.outbox) == 3  # the dry run took no slot


@pytest.mark.parametrize("text", ["32/03/2019", "2019-03-20", "20/3", "hôm nay"])
def test_a_bad_date_is_refused_in_vietnamese(cycle, text):
    with pytest.raises(CommandError, match="Ngày không hợp lệ: .* Hãy ghi theo dạng ngày/tháng/năm"):
        run(text)
    assert mail.outbox == []


def test_the_date_is_read_day_first(cycle):
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("03/20/2019")  # month first: refused, not guessed
    run("20/03/2019")
    assert {log.stage for log in ReminderLog.objects.all()} == {"D+0"}


def test_the_agency_email_is_vietnamese_with_the_link_to_its_report(cycle):
    run("15/03/2019")
    message = next(m for m in agency_mails() if m.to == ["toasoan@baocamau.vn"])
    link = f"http://testserver/admin/campaigns/submission/{cycle['paper'].pk}/change/"
    assert message.subject == "[Cổng CCHC] Nhắc hạn gửi báo cáo Quý I năm 2019 — hạn 20/03/2019"
    assert "Kính gửi: Báo Cà Mau" in message.body
    assert "Hạn gửi báo cáo Quý I năm 2019 là ngày 20/03/2019 (còn 5 ngày đến hạn)" in message.body
    assert "bị trả lại, lý do: Thiếu số liệu tháng 3" in message.body
    assert "từ 15/12/2018 đến 14/03/2019" in message.body
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{link}"' in html and "Mở báo cáo của cơ quan" in html


def test_the_coordinators_get_one_digest_with_the_counts(cycle):
    run("23/03/2019")
    run("23/03/2019")
    (digest,) = digests()
    assert digest.to == ["dieuphoi@camau.gov.vn"]
    assert digest.subject == "[Cổng CCHC] Tình hình gửi báo cáo Quý I năm 2019 — hạn 20/03/2019: 3/4 cơ quan chưa gửi"
    body = digest.body
    assert "- Cơ quan phải báo cáo: 4\n- Đã gửi: 1\n- Chưa gửi (quá hạn): 3\n- Gửi muộn (sau hạn): 0" in body
    assert "Cơ quan chưa gửi báo cáo (quá hạn):" in body
    assert "Báo Cà Mau — Bị trả lại (lý do trả lại: Thiếu số liệu tháng 3)" in body
    assert "Sở Tư pháp — Chưa gửi" in body
    assert "Đài Phát thanh" not in body  # it has sent, on time
    assert f"http://testserver/admin/campaigns/submission/{cycle['home'].pk}/change/" in body


def test_a_late_sender_shows_in_the_digest(cycle):
    Submission.objects.filter(pk=cycle["home"].pk).update(
        status=SubmissionStatus.SUBMITTED, first_submitted_at=dt.datetime(2019, 3, 22, 3, tzinfo=dt.UTC))
    run("23/03/2019")
    (digest,) = digests()
    assert "Cơ quan gửi muộn:\n1. Sở Nội vụ — gửi ngày 22/03/2019" in digest.body


def test_no_digest_when_every_agency_has_sent(cycle):
    Submission.objects.filter(period=cycle["period"]).update(status=SubmissionStatus.APPROVED)
    run("20/03/2019")
    assert mail.outbox == []


def test_a_slot_taken_by_another_run_is_not_sent_again(cycle):
    """Two runs at once: whichever writes the ReminderLog row first sends; the other's insert fails."""
    period, agency = cycle["period"], cycle["home"].agency
    assert reminders._claim(period, agency, "D+0") is not None
    assert reminders._claim(period, agency, "D+0") is None
    assert reminders._claim(period, None, "D+0") is not None
    assert reminders._claim(period, None, "D+0") is None  # the digest too (agency NULL)
    run("20/03/2019")
    assert [m.to for m in agency_mails()] == [["toasoan@baocamau.vn"]] and digests() == []


def test_a_failed_send_gives_the_slot_back_for_the_next_run(cycle, monkeypatch):
    def refuse(self, fail_silently=False):
        raise OSError("Máy chủ thư không trả lời")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(CommandError, match="gửi không được"):
        run("20/03/2019")
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    run("20/03/2019")
    assert len(mail.outbox) == 3


def test_inactive_agencies_are_not_reminded(cycle):
    type(cycle["home"].agency).objects.filter(pk=cycle["home"].agency_id).update(is_active=False)
    run("20/03/2019")
    assert [m.to for m in agency_mails()] == [["toasoan@baocamau.vn"]]


def test_an_agency_closed_by_its_date_before_the_run_is_not_reminded(cycle):
    """A change recorded ahead closes it on its date while the "đang hoạt động" box is still ticked: the
    reminders ask the same rule as every picker (Agency.objects.open_on), not the box alone."""
    type(cycle["home"].agency).objects.filter(pk=cycle["home"].agency_id).update(existed_to=dt.date(2019, 3, 12))
    run("15/03/2019")
    assert [m.to for m in agency_mails()] == [["toasoan@baocamau.vn"]]


def test_a_period_that_does_not_apply_is_not_reminded_until_switched_back(cycle):
    """A period created after its due date is "không áp dụng": no reminder, no digest; applicable again, it is."""
    ReportingPeriod.objects.filter(pk=cycle["period"].pk).update(applies=False)
    run("23/03/2019")
    assert mail.outbox == []
    ReportingPeriod.objects.filter(pk=cycle["period"].pk).update(applies=True)
    run("23/03/2019")
    assert len(agency_mails()) == 2 and len(digests()) == 1
