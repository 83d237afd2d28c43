"""An agency's confirmation before review (issue 25, item 4): with REPORTING_AGENCY_CONFIRMATION on, the
officer's sending waits for the head of that agency (role "Lãnh đạo cơ quan"), who confirms it (then the
coordinator reviews it as before) or returns it to the officer with a reason. Off: nothing changes."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import AGENCY_HEAD, ROLE_DESCRIPTIONS
from campaigns import cycle, dashboard
from campaigns.models import Activity, PeriodKind, ReportingPeriod, Submission, SubmissionStatus
from tests.factories import (
    ActivityFactory,
    AgencyFactory,
    PlanFactory,
    TaskFactory,
    agency_head_user,
    coordinator_user,
    data_entry_user,
)

pytestmark = pytest.mark.django_db
AWAITING = SubmissionStatus.AWAITING_CONFIRMATION


def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def confirmation_on(settings):
    settings.REPORTING_AGENCY_CONFIRMATION = True


@pytest.fixture
def data(db):
    radio, paper = AgencyFactory(name="Đài Phát thanh thử"), AgencyFactory(name="Báo thử")
    plan = PlanFactory(year=2019)
    TaskFactory(plan=plan, lead_agency=radio)
    cycle.periods_generate(year=2019, agencies=[radio, paper], today=dt.date(2019, 1, 1))
    h1 = ReportingPeriod.objects.get(kind=PeriodKind.H1, year=2019)
    ActivityFactory(plan=plan, agency=radio, date=dt.date(2019, 5, 10), quantity=7, approved=False)
    ActivityFactory(plan=plan, agency=paper, date=dt.date(2019, 5, 11), quantity=2, approved=False)
    return {
        "radio": radio, "paper": paper, "h1": h1,
        "sub": Submission.objects.get(period=h1, agency=radio),
        "paper_sub": Submission.objects.get(period=h1, agency=paper),
        "officer": data_entry_user(radio, username="canbo_dai", full_name="Trần Văn Cán"),
        "head": agency_head_user(radio, username="lanhdao_dai", full_name="Lê Thị Lãnh"),
        "paper_head": agency_head_user(paper, username="lanhdao_bao"),
        "coordinator": coordinator_user(username="dieuphoi", full_name="Phạm Điều Phối"),
    }


def url(sub):
    return reverse("admin:campaigns_submission_change", args=[sub.pk])


def post(client, sub, **fields):
    response = client.post(url(sub), fields, follow=True)
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_third_role_says_what_it_does():
    assert AGENCY_HEAD == "Lãnh đạo cơ quan"
    assert "xác nhận" in str(ROLE_DESCRIPTIONS[AGENCY_HEAD])


def test_sent_confirmed_by_the_head_then_approved(confirmation_on, data):
    sub, head, coordinator = data["sub"], data["head"], data["coordinator"]
    cycle.submission_submit(submission=sub, user=data["officer"])
    sub.refresh_from_db()
    assert sub.status == AWAITING and sub.get_status_display() == "Chờ lãnh đạo cơ quan xác nhận"
    assert cycle.submission_actions(submission=sub, user=coordinator) == set()
    assert cycle.submission_actions(submission=sub, user=head) == {"confirm", "return_to_officer"}
    with pytest.raises(ValidationError, match="Chờ lãnh đạo cơ quan xác nhận"):
        cycle.submission_approve(submission=sub, user=coordinator)

    cycle.submission_confirm(submission=sub, user=head)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED and sub.confirmed_by == head and sub.confirmed_at
    assert cycle.submission_actions(submission=sub, user=head) == set()
    cycle.submission_approve(submission=sub, user=coordinator)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.APPROVED and sub.confirmed_by == head


def test_the_head_returns_it_to_the_officer_with_a_reason(confirmation_on, data):
    sub, head = data["sub"], data["head"]
    cycle.submission_submit(submission=sub, user=data["officer"])
    with pytest.raises(ValidationError, match="lý do"):
        cycle.submission_return_to_officer(submission=sub, user=head, reason="  ")
    cycle.submission_return_to_officer(submission=sub, user=head, reason="Thiếu ảnh buổi phát sóng")
    sub.refresh_from_db()
    assert (sub.status, sub.return_reason, sub.reviewed_by) == (
        SubmissionStatus.RETURNED, "Thiếu ảnh buổi phát sóng", head)
    assert sub.history.first().history_change_reason == "Lãnh đạo cơ quan trả lại: Thiếu ảnh buổi phát sóng"
    # the officer sends it again: it waits for the head once more
    cycle.submission_submit(submission=sub, user=data["officer"])
    sub.refresh_from_db()
    assert sub.status == AWAITING and sub.confirmed_by is None


def test_only_the_head_of_that_agency_confirms(confirmation_on, data):
    sub = data["sub"]
    cycle.submission_submit(submission=sub, user=data["officer"])
    for user in (data["officer"], data["paper_head"], data["coordinator"]):
        with pytest.raises(PermissionDenied):
            cycle.submission_confirm(submission=sub, user=user)
        with pytest.raises(PermissionDenied):
            cycle.submission_return_to_officer(submission=sub, user=user, reason="Giả mạo")
    sub.refresh_from_db()
    assert sub.status == AWAITING and sub.confirmed_by is None


def test_the_head_confirms_only_a_report_waiting_for_it(confirmation_on, data):
    with pytest.raises(ValidationError, match="Chưa gửi"):
        cycle.submission_confirm(submission=data["sub"], user=data["head"])


def test_a_forged_post_by_an_officer_or_another_head_is_refused(client, confirmation_on, data):
    sub = data["sub"]
    cycle.submission_submit(submission=sub, user=data["officer"])
    client.force_login(data["officer"])
    assert client.post(url(sub), {"cycle_action": "confirm"}).status_code == 403
    client.force_login(data["paper_head"])
    assert client.post(url(sub), {"cycle_action": "confirm"}).status_code == 404  # another agency's: not found
    sub.refresh_from_db()
    assert sub.status == AWAITING


def test_the_head_confirms_and_returns_through_the_admin(client, confirmation_on, data):
    sub = data["sub"]
    cycle.submission_submit(submission=sub, user=data["officer"])
    client.force_login(data["head"])
    page = client.get(url(sub)).content.decode()
    assert 'value="confirm"' in page and "Xác nhận</button>" in page
    assert 'value="return_to_officer"' in page and "Trả lại cho cán bộ</button>" in page
    assert 'name="csrfmiddlewaretoken"' in page and 'value="submit"' not in page and 'value="approve"' not in page
    msgs = post(client, sub, cycle_action="return_to_officer", reason="")
    assert any("lý do" in m for m in msgs)
    msgs = post(client, sub, cycle_action="return_to_officer", reason="Sai số liệu tháng 5")
    assert msgs == ["Đã trả lại báo cáo kỳ 6 tháng đầu năm 2019 cho cán bộ của Đài Phát thanh thử kèm lý do."]
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.RETURNED

    cycle.submission_submit(submission=sub, user=data["officer"])
    msgs = post(client, sub, cycle_action="confirm")
    assert msgs == ["Đã xác nhận báo cáo kỳ 6 tháng đầu năm 2019 của Đài Phát thanh thử: chờ điều phối viên duyệt."]
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED and sub.confirmed_by == data["head"]

    client.force_login(data["coordinator"])
    page = client.get(url(sub)).content.decode()
    assert 'value="approve"' in page


def test_the_coordinator_sees_no_approve_button_while_the_head_has_not_confirmed(client, confirmation_on, data):
    sub = data["sub"]
    cycle.submission_submit(submission=sub, user=data["officer"])
    client.force_login(data["coordinator"])
    page = client.get(url(sub)).content.decode()
    assert 'value="approve"' not in page and "Chờ lãnh đạo cơ quan xác nhận" in page
    msgs = post(client, sub, cycle_action="approve")
    assert msgs == ["Chỉ duyệt được báo cáo “Đã gửi, chờ duyệt”; báo cáo này đang “Chờ lãnh đạo cơ quan xác nhận”."]
    sub.refresh_from_db()
    assert sub.status == AWAITING


def test_with_the_setting_off_sending_goes_straight_to_review(settings, data):
    settings.REPORTING_AGENCY_CONFIRMATION = False
    sub = data["sub"]
    cycle.submission_submit(submission=sub, user=data["officer"])
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED
    assert cycle.submission_actions(submission=sub, user=data["head"]) == set()
    assert cycle.submission_actions(submission=sub, user=data["coordinator"]) == {"approve", "return"}


def test_the_setting_is_off_by_default():
    from django.conf import settings

    assert settings.REPORTING_AGENCY_CONFIRMATION is False


def test_on_time_counts_the_officers_first_sending_not_the_confirmation(confirmation_on, data, monkeypatch):
    sub = data["sub"]  # due 20/6/2019
    monkeypatch.setattr(timezone, "now", lambda: at(dt.date(2019, 6, 18)))
    cycle.submission_submit(submission=sub, user=data["officer"])
    monkeypatch.setattr(timezone, "now", lambda: at(dt.date(2019, 6, 25)))
    cycle.submission_confirm(submission=sub, user=data["head"])
    sub.refresh_from_db()
    assert sub.first_submitted_at == at(dt.date(2019, 6, 18)) and sub.confirmed_at == at(dt.date(2019, 6, 25))
    assert sub.on_time is True
    totals = dashboard.coordinator_dashboard(period_id=data["h1"].pk, today=dt.date(2019, 6, 26))["totals"]
    assert (totals["on_time"], totals["late"]) == (1, 0)


def test_the_dashboard_counts_waiting_for_the_head_apart_from_waiting_for_review(client, confirmation_on, data):
    cycle.submission_submit(submission=data["sub"], user=data["officer"])
    cycle.submission_submit(submission=data["paper_sub"], user=data_entry_user(data["paper"]))
    cycle.submission_confirm(submission=data["paper_sub"], user=data["paper_head"])
    dash = dashboard.coordinator_dashboard(period_id=data["h1"].pk, today=dt.date(2019, 6, 10))
    totals = dash["totals"]
    assert (totals["expected"], totals["sent"], totals["awaiting_confirmation"], totals["waiting"]) == (2, 2, 1, 1)
    client.force_login(data["coordinator"])
    page = client.get(reverse("admin:index") + f"?ky={data['h1'].pk}").content.decode()
    assert '<span class="n">1</span> <span class="label">chờ lãnh đạo xác nhận</span>' in page
    assert '<span class="n">1</span> <span class="label">chờ duyệt</span>' in page


def test_the_dashboard_and_the_history_show_each_level(client, confirmation_on, data, monkeypatch):
    sub = data["sub"]
    Activity.objects.update(updated_at=at(dt.date(2019, 5, 12)))  # entered before it was sent, in 2019
    monkeypatch.setattr(timezone, "now", lambda: at(dt.date(2019, 6, 18), 9))
    cycle.submission_submit(submission=sub, user=data["officer"])
    monkeypatch.setattr(timezone, "now", lambda: at(dt.date(2019, 6, 19), 14))
    cycle.submission_confirm(submission=sub, user=data["head"])
    monkeypatch.setattr(timezone, "now", lambda: at(dt.date(2019, 6, 21), 8))
    cycle.submission_approve(submission=sub, user=data["coordinator"])
    monkeypatch.undo()

    levels = ["Gửi: Trần Văn Cán, 18/06/2019 09:00", "Lãnh đạo xác nhận: Lê Thị Lãnh, 19/06/2019 14:00",
              "Duyệt: Phạm Điều Phối, 21/06/2019 08:00"]
    client.force_login(data["coordinator"])
    page = client.get(reverse("admin:index") + f"?ky={data['h1'].pk}").content.decode()
    assert all(level in page for level in levels), page
    summary = client.get(url(sub)).content.decode()
    assert all(level in summary for level in levels)
    reasons = [(h.history_change_reason, h.history_user) for h in sub.history.order_by("history_id")][-3:]
    assert reasons == [("Gửi báo cáo: 1 kết quả", data["officer"]),
                       ("Lãnh đạo cơ quan xác nhận", data["head"]), ("Duyệt báo cáo", data["coordinator"])]
    history = client.get(reverse("admin:campaigns_submission_history", args=[sub.pk])).content.decode()
    assert "Lãnh đạo cơ quan xác nhận" in history and "Lê Thị Lãnh" in history  # staff named by name (issue 26)


def test_a_coordinator_gives_the_heads_role_to_an_account_of_an_agency(
        client, data, django_capture_on_commit_callbacks):
    client.force_login(data["coordinator"])
    add = reverse("admin:accounts_user_add")
    fields = {"username": "lanhdao_bao2", "full_name": "Ngô Văn Đạo", "email": "dao@tinh.gov.vn",
              "role": AGENCY_HEAD, "agency": ""}
    page = client.post(add, fields).content.decode()
    assert "Lãnh đạo cơ quan cần thuộc một cơ quan, đơn vị" in page  # no agency: refused
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add, {**fields, "agency": data["paper"].pk})
    assert response.status_code == 302
    head = User.objects.get(username="lanhdao_bao2")
    assert list(head.groups.values_list("name", flat=True)) == [AGENCY_HEAD]
    cycle.submission_submit(submission=data["paper_sub"], user=data_entry_user(data["paper"]))
    assert cycle.submission_actions(submission=data["paper_sub"], user=head) == set()  # setting off: nothing waits


def test_the_heads_start_page_lists_the_report_waiting_for_them(client, confirmation_on, data):
    sub = data["sub"]
    cycle.submission_submit(submission=sub, user=data["officer"])
    client.force_login(data["head"])
    page = client.get(reverse("admin:index")).content.decode()
    todo = page.split('id="todo-title"')[1].split("</section>")[0]  # in “Việc cần làm”, as issue 25 asks
    assert f'href="{url(sub)}">Xác nhận báo cáo 6 tháng đầu năm 2019 của cơ quan</a>' in todo
    assert "Mở để xác nhận hoặc trả lại" in todo
    assert "Nhập kết quả thực hiện</a>" not in page  # the head reads the agency's work, enters none
    client.force_login(data["officer"])  # the officer waits; nothing to confirm
    page = client.get(reverse("admin:index")).content.decode()
    assert "Mở để xác nhận hoặc trả lại" not in page and "Nhập kết quả thực hiện</a>" in page
    client.force_login(data["paper_head"])
    assert "Mở để xác nhận hoặc trả lại" not in client.get(reverse("admin:index")).content.decode()


def test_each_level_is_emailed_to_whom_it_asks_once(confirmation_on, data, django_capture_on_commit_callbacks):
    """Issue 25, items 1 and 4 together: the officer's sending asks the head (not the coordinators); the
    head's return tells the officer why; the head's confirmation asks the coordinators."""
    from django.core import mail

    for person, address in (("officer", "canbo@dai.vn"), ("head", "lanhdao@dai.vn"),
                            ("paper_head", "lanhdao@bao.vn"), ("coordinator", "dieuphoi@tinh.vn")):
        User.objects.filter(pk=data[person].pk).update(email=address)
    sub, officer, head = data["sub"], data["officer"], data["head"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_submit(submission=sub, user=officer)
    [asked] = mail.outbox
    assert asked.to == ["lanhdao@dai.vn"] and "chờ lãnh đạo xác nhận" in asked.subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_return_to_officer(submission=sub, user=head, reason="Thiếu ảnh buổi tọa đàm 10/5.")
    [returned] = mail.outbox
    assert returned.to == ["canbo@dai.vn"] and "Lãnh đạo cơ quan trả lại" in returned.subject
    assert "Thiếu ảnh buổi tọa đàm 10/5." in returned.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_submit(submission=sub, user=officer)
    assert [m.to for m in mail.outbox] == [["lanhdao@dai.vn"]], "sent again: the head is asked again"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cycle.submission_confirm(submission=Submission.objects.get(pk=sub.pk), user=head)
    [told] = mail.outbox
    assert told.to == ["dieuphoi@tinh.vn"] and "lãnh đạo đã xác nhận" in told.subject


def test_the_heads_start_page_offers_to_read_not_to_send(confirmation_on, data):
    """Found by the review: the head was told "Mở để gửi báo cáo" and "Gửi báo cáo …" though only officers send."""
    from campaigns import todo

    during = dt.date(2019, 7, 1)  # the 6-month period is open for sending
    officer_items = todo.officer_todo(user=data["officer"], today=during)["to_send"]
    assert "Gửi báo cáo 6 tháng đầu năm 2019" in [i["text"].split(" (hạn")[0] for i in officer_items]
    assert todo.officer_todo(user=data["head"], today=during)["to_send"] == []
    assert dashboard.officer_dashboard(user=data["officer"], today=during)["sends"] is True
    assert dashboard.officer_dashboard(user=data["head"], today=during)["sends"] is False
