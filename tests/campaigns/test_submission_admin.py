"""The reporting cycle through the admin: the buttons of a submission's page call campaigns.cycle, its refusals
become messages, and nobody reaches a submission or an action outside their scope."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from campaigns import cycle
from campaigns.models import PeriodKind, ReportingPeriod, Submission, SubmissionStatus
from tests.factories import ActivityFactory, AgencyFactory, PlanFactory, TaskFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle_data(db):
    radio, paper = AgencyFactory(name="Đài Phát thanh thử"), AgencyFactory(name="Báo thử")
    plan = PlanFactory(year=2019)
    TaskFactory(plan=plan, lead_agency=radio)
    cycle.periods_generate(year=2019, agencies=[radio, paper])
    h1 = ReportingPeriod.objects.get(kind=PeriodKind.H1, year=2019)
    ActivityFactory(plan=plan, agency=radio, date=dt.date(2019, 5, 10), quantity=7, approved=False)
    return {
        "radio": radio, "paper": paper, "h1": h1,
        "radio_sub": Submission.objects.get(period=h1, agency=radio),
        "paper_sub": Submission.objects.get(period=h1, agency=paper),
        "officer": data_entry_user(radio), "paper_officer": data_entry_user(paper),
        "coordinator": coordinator_user(),
    }


def url(sub):
    return reverse("admin:campaigns_submission_change", args=[sub.pk])


def post(client, sub, **data):
    response = client.post(url(sub), data, follow=True)
    assert response.status_code == 200
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_submit_return_resubmit_approve_through_the_admin(client, cycle_data):
    sub = cycle_data["radio_sub"]
    client.force_login(cycle_data["officer"])
    page = client.get(url(sub)).content.decode()
    assert "Gửi báo cáo" in page and "Gửi: Không phát sinh" not in page  # it has results: not offered
    assert "Kết quả thực hiện trong kỳ: 1 kết quả" in page
    assert f"agency__id__exact={cycle_data['radio'].pk}" in page and "date__gte=2018-12-15" in page
    assert "Duyệt</button>" not in page

    post(client, sub, cycle_action="submit", note="")
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED and sub.submitted_by == cycle_data["officer"]

    client.force_login(cycle_data["coordinator"])
    page, msgs = post(client, sub, cycle_action="return", reason="")  # a reason is required
    assert any("lý do" in m for m in msgs)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED
    post(client, sub, cycle_action="return", reason="Thiếu minh chứng phóng sự tháng 5.")
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.RETURNED

    client.force_login(cycle_data["officer"])
    page = client.get(url(sub)).content.decode()
    assert "Báo cáo bị trả lại" in page and "Thiếu minh chứng phóng sự tháng 5." in page
    assert "Sửa và gửi lại báo cáo" in page
    post(client, sub, cycle_action="submit", note="Đã bổ sung minh chứng.")
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED and sub.note == "Đã bổ sung minh chứng."

    client.force_login(cycle_data["coordinator"])
    _page, msgs = post(client, sub, cycle_action="approve")
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.APPROVED and sub.reviewed_by == cycle_data["coordinator"]
    assert any("Đã duyệt" in m for m in msgs)
    assert "Mở lại kỳ đã khóa" in client.get(url(sub)).content.decode()


def test_refusals_of_the_cycle_are_messages_not_errors(client, cycle_data):
    client.force_login(cycle_data["paper_officer"])  # the paper has no activity in the window
    sub = cycle_data["paper_sub"]
    _page, msgs = post(client, sub, cycle_action="submit")
    assert any("Chưa có kết quả nào của cơ quan trong kỳ" in m for m in msgs)
    _page, msgs = post(client, sub, cycle_action="nothing", note="")
    assert any("ghi rõ lý do" in m for m in msgs)
    post(client, sub, cycle_action="nothing", note="Kỳ này cơ quan không tổ chức tuyên truyền.")
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED and sub.nothing_to_report


def test_officer_cannot_approve_by_a_forged_post(client, cycle_data):
    sub = cycle_data["radio_sub"]
    cycle.submission_submit(submission=sub, user=cycle_data["officer"])
    client.force_login(cycle_data["officer"])
    assert client.post(url(sub), {"cycle_action": "approve"}).status_code == 403
    assert client.post(url(sub), {"cycle_action": "return", "reason": "x"}).status_code == 403
    changelist = reverse("admin:campaigns_submission_changelist")
    client.post(changelist, {"action": "approve_selected", "_selected_action": [sub.pk]})
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED


def test_officer_cannot_see_or_act_on_another_agencys_submission(client, cycle_data):
    client.force_login(cycle_data["officer"])
    other = cycle_data["paper_sub"]
    assert client.get(url(other)).status_code == 404
    assert client.post(url(other), {"cycle_action": "nothing", "note": "giả mạo"}).status_code == 404
    other.refresh_from_db()
    assert other.status == SubmissionStatus.NOT_SUBMITTED
    html = client.get(reverse("admin:campaigns_submission_changelist")).content.decode()
    assert "Đài Phát thanh thử" in html and "Báo thử" not in html
    assert client.get(reverse("admin:campaigns_submission_history", args=[other.pk])).status_code in (403, 404)


def test_bulk_approval_and_no_revert_of_history(client, cycle_data):
    sub = cycle_data["radio_sub"]
    cycle.submission_submit(submission=sub, user=cycle_data["officer"])
    client.force_login(cycle_data["coordinator"])
    changelist = reverse("admin:campaigns_submission_changelist")
    client.post(changelist, {"action": "approve_selected",
                             "_selected_action": [sub.pk, cycle_data["paper_sub"].pk]})
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.APPROVED
    history = client.get(reverse("admin:campaigns_submission_history", args=[sub.pk]))
    assert history.status_code == 200 and "Gửi báo cáo: 1 kết quả" in history.content.decode()
    version = sub.history.earliest()
    revert = reverse("admin:campaigns_submission_simple_history", args=[sub.pk, version.history_id])
    assert client.post(revert, {}).status_code == 403
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.APPROVED


def test_period_list_counts_and_generate_form(client, cycle_data):
    client.force_login(cycle_data["coordinator"])
    html = client.get(reverse("admin:campaigns_reportingperiod_changelist")).content.decode()
    assert "15/12/2018 – 14/06/2019" in html and "20/06/2019" in html
    assert "Tạo các kỳ báo cáo của năm" in html
    client.post(reverse("admin:campaigns_reportingperiod_generate"), {"year": "2020"})
    assert ReportingPeriod.objects.filter(year=2020).count() == 4


def test_officer_cannot_generate_periods(client, cycle_data):
    client.force_login(cycle_data["officer"])
    assert client.post(reverse("admin:campaigns_reportingperiod_generate"), {"year": "2020"}).status_code == 403
    assert not ReportingPeriod.objects.filter(year=2020).exists()


def test_expected_agency_that_already_reported_cannot_be_removed(client, cycle_data):
    h1, sub = cycle_data["h1"], cycle_data["radio_sub"]
    cycle.submission_submit(submission=sub, user=cycle_data["officer"])
    client.force_login(cycle_data["coordinator"])
    subs = list(h1.submissions.order_by("agency__name"))
    data = {"kind": h1.kind, "year": h1.year, "start": "15/12/2018", "end": "14/06/2019", "due_date": "20/06/2019",
            "submissions-TOTAL_FORMS": len(subs), "submissions-INITIAL_FORMS": len(subs),
            "submissions-MIN_NUM_FORMS": 0, "submissions-MAX_NUM_FORMS": 1000}
    for i, s in enumerate(subs):
        data.update({f"submissions-{i}-id": s.pk, f"submissions-{i}-period": h1.pk,
                     f"submissions-{i}-agency": s.agency_id, f"submissions-{i}-DELETE": "on"})
    response = client.post(reverse("admin:campaigns_reportingperiod_change", args=[h1.pk]), data)
    assert response.status_code == 200 and "không bỏ khỏi danh sách" in response.content.decode()
    assert h1.submissions.count() == 2


def delete_raw(activity):
    """As the import undo deletes: one SQL statement, no signal, no updated_at."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM campaigns_activity WHERE id = %s", [activity.pk])


def approve_selected(client, *subs):
    response = client.post(reverse("admin:campaigns_submission_changelist"),
                           {"action": "approve_selected", "_selected_action": [s.pk for s in subs]}, follow=True)
    return response, [str(m) for m in get_messages(response.wsgi_request)]


def test_bulk_approval_of_reports_that_all_changed_after_sending_is_a_message_not_a_500(client, cycle_data):
    sub = cycle_data["radio_sub"]
    cycle.submission_submit(submission=sub, user=cycle_data["officer"])
    activity = cycle.activities_in_period(sub).get()
    activity.quantity = 70  # the officer corrects it after sending
    activity.save()
    client.force_login(cycle_data["coordinator"])

    response, msgs = approve_selected(client, sub)

    assert response.status_code == 200
    assert msgs == [f"Không duyệt báo cáo {sub}. Báo cáo đã thay đổi sau khi gửi: 1 kết quả đã được sửa; tổng "
                    f"“{activity.channel.name}” từ 7 thành 70 bài. Hãy trả lại báo cáo (kèm lý do) để đơn vị kiểm "
                    "tra và gửi lại, rồi mới duyệt."]
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED


def test_bulk_approval_approves_the_unchanged_and_lists_each_refused_one_with_its_own_reason(client, cycle_data):
    radio, paper = cycle_data["radio_sub"], cycle_data["paper_sub"]
    q1_radio = Submission.objects.get(period__kind=PeriodKind.Q1, agency=cycle_data["radio"])
    cycle.submission_submit(submission=radio, user=cycle_data["officer"])
    cycle.submission_submit(submission=paper, user=cycle_data["paper_officer"], nothing_to_report=True,
                            note="Không tổ chức tuyên truyền trong kỳ.")
    late = ActivityFactory(plan=cycle_data["radio"].led_tasks.get().plan, agency=cycle_data["paper"],
                           date=dt.date(2019, 2, 1), quantity=3, approved=False)
    type(late).objects.filter(pk=late.pk).update(updated_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))  # no trace
    client.force_login(cycle_data["coordinator"])

    _response, msgs = approve_selected(client, radio, paper, q1_radio)

    radio.refresh_from_db(), paper.refresh_from_db(), q1_radio.refresh_from_db()
    assert (radio.status, paper.status, q1_radio.status) == (
        SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED, SubmissionStatus.NOT_SUBMITTED)
    assert msgs[0] == "Đã duyệt 1 báo cáo."
    assert msgs[1].startswith(f"Không duyệt báo cáo {paper}. Báo cáo đã thay đổi sau khi gửi: 1 kết quả mới được "
                              "thêm vào kỳ")
    assert msgs[2] == (f"Không duyệt báo cáo {q1_radio}. Chỉ duyệt được báo cáo “Đã gửi, chờ duyệt”; báo cáo này "
                       "đang “Chưa gửi”.")
    assert len(msgs) == 3


def test_the_forms_that_need_a_reason_show_their_label_and_button_and_nothing_of_the_template(client, cycle_data):
    """The return and reopen forms come from one template (reason_form.html): each labelled, required, with
    its own action — and no template comment leaking onto the page (a multi-line {# #} did, once)."""
    sub = cycle_data["radio_sub"]
    client.force_login(cycle_data["officer"])
    post(client, sub, cycle_action="submit", note="")
    client.force_login(cycle_data["coordinator"])
    page = client.get(url(sub)).content.decode()
    assert '<label for="id_reason_return">Lý do trả lại (bắt buộc, cơ quan sẽ thấy)</label>' in page
    assert '<textarea name="reason" id="id_reason_return" rows="3" required maxlength="2000">' in page
    assert 'name="cycle_action" value="return" class="button">Trả lại</button>' in page
    post(client, sub, cycle_action="approve")
    page = client.get(url(sub)).content.decode()
    assert '<label for="id_reason_reopen">Lý do mở lại (bắt buộc)</label>' in page
    assert "Báo cáo đã công khai giữ nguyên số liệu đã chốt." in page
    assert "{#" not in page and "{%" not in page and "reason_form" not in page
