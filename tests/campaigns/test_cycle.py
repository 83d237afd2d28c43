"""The reporting cycle's rules (campaigns.cycle): what approval counts and locks, what reopening undoes,
the periods' calendar, and the demo's honest 2019 cycle."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agencies import scoping
from campaigns import cycle
from campaigns.models import Activity, ReportingPeriod, Submission, SubmissionStatus
from reports import queries
from tests.factories import ActivityFactory, AgencyFactory, PlanFactory, TaskFactory, coordinator_user, data_entry_user


def test_the_calendar_is_the_ministrys():
    assert cycle.period_dates("q1", 2019) == (dt.date(2018, 12, 15), dt.date(2019, 3, 14), dt.date(2019, 3, 20))
    assert cycle.period_dates("h1", 2019) == (dt.date(2018, 12, 15), dt.date(2019, 6, 14), dt.date(2019, 6, 20))
    assert cycle.period_dates("q3", 2019) == (dt.date(2019, 6, 15), dt.date(2019, 9, 14), dt.date(2019, 9, 20))
    assert cycle.period_dates("year", 2019) == (dt.date(2018, 12, 15), dt.date(2019, 12, 14), dt.date(2019, 12, 20))


@pytest.mark.django_db
def test_generating_a_year_expects_the_agencies_of_its_published_plans_once():
    plan = PlanFactory(year=2027, status="published")
    lead, partner, idle = AgencyFactory(), AgencyFactory(), AgencyFactory()
    TaskFactory(plan=plan, lead_agency=lead).coordinating_agencies.add(partner)
    periods = cycle.periods_generate(year=2027)
    cycle.periods_generate(year=2027)  # again: nothing doubled
    assert [str(p) for p in periods] == ["Quý I năm 2027", "6 tháng đầu năm 2027", "Quý III năm 2027", "Năm 2027"]
    assert ReportingPeriod.objects.filter(year=2027).count() == 4
    assert set(periods[0].expected_agencies.all()) == {lead, partner}
    assert idle not in periods[3].expected_agencies.all()


@pytest.mark.django_db
def test_an_agency_marked_closed_without_a_date_is_not_expected_in_a_new_year():
    plan = PlanFactory(year=2027, status="published")
    open_lead, closed_lead = AgencyFactory(), AgencyFactory(is_active=False)
    TaskFactory(plan=plan, lead_agency=open_lead)
    TaskFactory(plan=plan, lead_agency=closed_lead)
    periods = cycle.periods_generate(year=2027)
    assert set(periods[0].expected_agencies.all()) == {open_lead}


@pytest.fixture
def quarter():
    agency = AgencyFactory(name="Đài thử")
    plan = PlanFactory(year=2019, status="published")
    period = ReportingPeriod.objects.create(kind="q1", year=2019, start=dt.date(2018, 12, 15),
                                            end=dt.date(2019, 3, 14), due_date=dt.date(2019, 3, 20))
    submission = Submission.objects.create(period=period, agency=agency)
    activity = ActivityFactory(plan=plan, agency=agency, date=dt.date(2019, 2, 1), quantity=7, approved=False)
    return {"agency": agency, "plan": plan, "submission": submission, "activity": activity,
            "officer": data_entry_user(agency), "coordinator": coordinator_user()}


def counted_total(plan):
    return sum(row["total"] for row in queries.channel_totals(plan=plan))


@pytest.mark.django_db
def test_only_approved_work_counts_and_approving_locks_it_for_everyone(quarter):
    plan, submission = quarter["plan"], quarter["submission"]
    assert counted_total(plan) == 0  # entered, not approved
    cycle.submission_submit(submission=submission, user=quarter["officer"])
    assert counted_total(plan) == 0  # sent, still waiting
    cycle.submission_approve(submission=submission, user=quarter["coordinator"])
    assert counted_total(plan) == 7
    for user in (quarter["officer"], quarter["coordinator"]):
        assert not scoping.can_change(user, quarter["activity"])
    late = Activity(plan=plan, agency=quarter["agency"], channel=quarter["activity"].channel,
                    date=dt.date(2019, 3, 1), title="Thêm sau khi duyệt", quantity=1)
    with pytest.raises(ValidationError, match="đã được duyệt"):
        late.full_clean()


@pytest.mark.django_db
def test_the_admin_refuses_to_change_or_delete_approved_work(client, quarter):
    submission = quarter["submission"]
    cycle.submission_submit(submission=submission, user=quarter["officer"])
    cycle.submission_approve(submission=submission, user=quarter["coordinator"])
    client.force_login(quarter["officer"])
    activity = quarter["activity"]
    client.post(reverse("admin:campaigns_activity_change", args=[activity.pk]), {"title": "Sửa lén", "quantity": "700"})
    client.post(reverse("admin:campaigns_activity_delete", args=[activity.pk]), {"post": "yes"})
    activity.refresh_from_db()
    assert (activity.title, activity.quantity) != ("Sửa lén", 700)


@pytest.mark.django_db
def test_reopening_needs_a_reason_unlocks_and_takes_the_figures_out_until_approved_again(quarter):
    submission, coordinator = quarter["submission"], quarter["coordinator"]
    cycle.submission_submit(submission=submission, user=quarter["officer"])
    cycle.submission_approve(submission=submission, user=coordinator)
    with pytest.raises(ValidationError, match="lý do"):
        cycle.submission_reopen(submission=submission, user=coordinator, reason="  ")
    cycle.submission_reopen(submission=submission, user=coordinator, reason="Sai số lượng tháng 2")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED and submission.return_reason == "Sai số lượng tháng 2"
    assert scoping.can_change(quarter["officer"], quarter["activity"])
    assert counted_total(quarter["plan"]) == 0
    reasons = [h.history_change_reason for h in submission.history.order_by("history_id")]
    assert reasons[-3:] == ["Gửi báo cáo: 1 kết quả", "Duyệt báo cáo", "Mở lại: Sai số lượng tháng 2"]


@pytest.mark.django_db
def test_an_officer_cannot_approve_nor_send_another_agencys_report(quarter):
    with pytest.raises(PermissionDenied):
        cycle.submission_approve(submission=quarter["submission"], user=quarter["officer"])
    with pytest.raises(PermissionDenied):
        cycle.submissions_approve(submissions=Submission.objects.all(), user=quarter["officer"])
    with pytest.raises(PermissionDenied):
        cycle.submission_submit(submission=quarter["submission"], user=data_entry_user(AgencyFactory()))


@pytest.mark.django_db
def test_nothing_to_report_needs_a_note_and_no_activities(quarter):
    with pytest.raises(ValidationError, match="không thể báo"):
        cycle.submission_submit(submission=quarter["submission"], user=quarter["officer"],
                                nothing_to_report=True, note="Không có")
    quarter["activity"].delete()
    with pytest.raises(ValidationError, match="ghi rõ lý do"):
        cycle.submission_submit(submission=quarter["submission"], user=quarter["officer"], nothing_to_report=True)
    with pytest.raises(ValidationError, match="Chưa có kết quả"):
        cycle.submission_submit(submission=quarter["submission"], user=quarter["officer"])


@pytest.mark.django_db
def test_overlapping_periods_reopening_six_months_keeps_the_first_quarters_approval(quarter):
    agency, coordinator = quarter["agency"], quarter["coordinator"]
    cycle.submission_submit(submission=quarter["submission"], user=quarter["officer"])
    cycle.submission_approve(submission=quarter["submission"], user=coordinator)
    half = ReportingPeriod.objects.create(kind="h1", year=2019, start=dt.date(2018, 12, 15),
                                          end=dt.date(2019, 6, 14), due_date=dt.date(2019, 6, 20))
    april = ActivityFactory(plan=quarter["plan"], agency=agency, channel=quarter["activity"].channel,
                            date=dt.date(2019, 4, 2), quantity=3, approved=False)
    six_months = Submission.objects.create(period=half, agency=agency)
    cycle.submission_submit(submission=six_months, user=quarter["officer"])
    cycle.submission_approve(submission=six_months, user=coordinator)
    assert counted_total(quarter["plan"]) == 10
    cycle.submission_reopen(submission=six_months, user=coordinator, reason="Kiểm tra tháng 4")
    assert counted_total(quarter["plan"]) == 7  # February stays approved by Quý I; April waits again
    assert scoping.can_change(quarter["officer"], april) and not scoping.can_change(quarter["officer"],
                                                                                    quarter["activity"])


def test_the_demo_cycle_is_honest(demo_cycle):
    year = ReportingPeriod.objects.get(kind="year", year=2019)
    third = ReportingPeriod.objects.get(kind="q3", year=2019)
    assert year.submissions.exclude(status=SubmissionStatus.APPROVED).count() == 1  # Năm Căn never sent it
    assert [s.agency.short_name for s in third.submissions.all() if not s.on_time] == ["UBND huyện Trần Văn Thời"]
    returned = Submission.history.filter(history_change_reason__startswith="Trả lại", period__year=2019)
    assert [h.agency.short_name for h in returned] == ["Báo Cà Mau"]
    assert not Activity.objects.filter(plan__year=2019, approved=False).exists()  # 2026's year is still open
    totals = {row["code"]: row["total"] for row in queries.channel_totals()}
    assert totals["phat-thanh-truyen-hinh"] == 574 and totals["bao-in-bao-anh"] == 40


@pytest.mark.django_db
def test_an_approved_activity_opens_read_only_saying_why(client, quarter):
    submission = quarter["submission"]
    cycle.submission_submit(submission=submission, user=quarter["officer"])
    cycle.submission_approve(submission=submission, user=quarter["coordinator"])
    client.force_login(quarter["officer"])
    page = client.get(reverse("admin:campaigns_activity_change", args=[quarter["activity"].pk])).content.decode()
    assert "đã được duyệt nên chỉ xem được" in page and 'name="_save"' not in page
    assert "Confirm" not in page and "None" not in page
    response = client.get(reverse("admin:campaigns_activity_delete", args=[quarter["activity"].pk]), follow=True)
    assert response.status_code == 200 and "không sửa hay xóa được" in response.content.decode()
    assert Activity.objects.filter(pk=quarter["activity"].pk).exists()


@pytest.mark.django_db
def test_the_period_list_offers_the_evidence_pack_to_coordinators_only(client, quarter):
    client.force_login(quarter["coordinator"])
    assert "minh-chung.zip" in client.get(reverse("admin:campaigns_reportingperiod_changelist")).content.decode()
    client.force_login(quarter["officer"])
    assert "minh-chung.zip" not in client.get(reverse("admin:campaigns_reportingperiod_changelist")).content.decode()


@pytest.mark.django_db
def test_editing_an_activity_that_counted_before_the_cycle_takes_it_out_until_approved(client, quarter):
    legacy = ActivityFactory(plan=quarter["plan"], agency=quarter["agency"], date=dt.date(2019, 8, 1),
                             channel=quarter["activity"].channel, quantity=5,
                             approved=True)  # counted before the cycle existed: no period covers it
    assert counted_total(quarter["plan"]) == 5
    client.force_login(quarter["officer"])  # the officer changes it in the admin's form
    response = client.post(reverse("admin:campaigns_activity_change", args=[legacy.pk]), {
        "plan": legacy.plan_id, "task": "", "agency": legacy.agency_id, "channel": legacy.channel_id,
        "date": "01/08/2019", "title": legacy.title, "quantity": "5.000", "confirm_quantity": "on",
        "participants": "", "awards": "", "description": "", "evidence_url": "",
        **{f"{prefix}-{name}": value for prefix in ("photos", "evidence")
           for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                               ("MAX_NUM_FORMS", "1000"))}})
    assert response.status_code == 302, response.context["adminform"].form.errors
    legacy.refresh_from_db()
    assert legacy.quantity == 5000
    assert counted_total(quarter["plan"]) == 0  # the change waits for approval; it never goes public by itself


@pytest.mark.django_db
def test_approval_refuses_what_was_changed_after_sending(quarter):
    submission = quarter["submission"]
    cycle.submission_submit(submission=submission, user=quarter["officer"])
    Activity.objects.filter(pk=quarter["activity"].pk).update(quantity=70, updated_at=dt.datetime(2099, 1, 1,
                                                                                              tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="sau khi gửi"):
        cycle.submission_approve(submission=submission, user=quarter["coordinator"])
    assert counted_total(quarter["plan"]) == 0


@pytest.mark.django_db
def test_a_coordinator_cannot_send_an_agencys_report_for_it(quarter):
    with pytest.raises(PermissionDenied):
        cycle.submission_submit(submission=quarter["submission"], user=quarter["coordinator"])


@pytest.mark.django_db
def test_odd_bytes_give_no_500(client, quarter):
    # A control character in a path is the 400 page before any lookup (ControlCharacterMiddleware).
    assert client.get("/tai-lieu/%00").status_code == 400
    assert client.get("/tai-lieu/plans/a%00b.pdf").status_code == 400
    client.force_login(quarter["officer"])
    submission = quarter["submission"]
    cycle.submission_submit(submission=submission, user=quarter["officer"], note="Ghi chú\x00 có byte lạ")
    submission.refresh_from_db()
    assert "\x00" not in submission.note


@pytest.mark.django_db
def test_a_periods_dates_are_fixed_once_a_report_was_sent(client, quarter):
    cycle.submission_submit(submission=quarter["submission"], user=quarter["officer"])
    client.force_login(quarter["coordinator"])
    period = quarter["submission"].period
    client.post(reverse("admin:campaigns_reportingperiod_change", args=[period.pk]),
                {"kind": "q1", "year": "2019", "start": "15/12/2018", "end": "30/04/2019", "due_date": "30/04/2019"})
    period.refresh_from_db()
    assert period.end == dt.date(2019, 3, 14)


@pytest.mark.django_db
def test_on_time_is_one_rule_for_the_submission_the_dashboard_the_list_and_the_digest(quarter):
    """Sent in the last microsecond of the due date (Vietnam time) is on time; at 00:00 the next day it is
    late — wherever it is shown (the rule lives in ReportingPeriod.on_time_until)."""
    from django.utils import timezone

    from campaigns.admin.cycle import timeliness
    from campaigns.dashboard import coordinator_dashboard
    from campaigns.reminders import digest_message

    first = quarter["submission"]
    period = first.period
    second = Submission.objects.create(period=period, agency=AgencyFactory(name="Báo thử"))
    local = timezone.get_default_timezone()
    Submission.objects.filter(pk=first.pk).update(
        first_submitted_at=dt.datetime(2019, 3, 20, 23, 59, 59, 999999, tzinfo=local),
        status=SubmissionStatus.SUBMITTED)
    Submission.objects.filter(pk=second.pk).update(
        first_submitted_at=dt.datetime(2019, 3, 21, 0, 0, tzinfo=local), status=SubmissionStatus.SUBMITTED)
    first, second = Submission.objects.get(pk=first.pk), Submission.objects.get(pk=second.pk)

    assert (first.on_time, second.on_time) == (True, False)
    assert ("Đúng hạn" in timeliness(first), "Gửi muộn" in timeliness(second)) == (True, True)
    board = coordinator_dashboard(period_id=period.pk, today=dt.date(2019, 3, 25))
    assert (board["totals"]["on_time"], board["totals"]["late"], board["totals"]["on_time_rate"]) == (1, 1, 50)
    assert {row["agency"].name: row["late"] for row in board["rows"]} == {"Đài thử": False, "Báo thử": True}
    digest = digest_message(period, 1, [first, second], ["dieuphoi@example.vn"], today=dt.date(2019, 3, 25))
    assert "Gửi muộn (sau hạn): 1" in digest.body
    assert "Cơ quan gửi muộn:\n1. Báo thử — gửi ngày 21/03/2019" in digest.body and "Đài thử" not in digest.body


@pytest.mark.django_db
def test_a_task_is_overdue_by_one_rule_on_the_public_page_the_dashboard_and_the_admin(quarter):
    from django.contrib.admin.sites import site
    from django.utils import timezone

    from campaigns.admin.tasks import TaskAdmin
    from campaigns.dashboard import coordinator_dashboard, officer_dashboard
    from campaigns.models import Task

    plan, today = quarter["plan"], timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    late = TaskFactory(plan=plan, lead_agency=quarter["agency"], deadline=yesterday, target_quantity=100)
    TaskFactory(plan=plan, lead_agency=quarter["agency"], deadline=yesterday, target_quantity=None, status="done")
    due_today = TaskFactory(plan=plan, lead_agency=quarter["agency"], deadline=today, target_quantity=100)
    rows = queries.task_completion(plan=plan)["tasks"]
    assert [row["overdue"] for row in rows] == [True, False, False], "done, or due today: not overdue"
    admin = TaskAdmin(Task, site)
    tasks = Task.objects.with_progress(counted=False)
    assert "Quá hạn" in admin.deadline_display(tasks.get(pk=late.pk))
    assert "Quá hạn" not in admin.deadline_display(tasks.get(pk=due_today.pk))
    board = coordinator_dashboard(period_id=quarter["submission"].period_id, today=today)
    assert board["rows"][0]["tasks"] == {"done": 1, "total": 3, "overdue": 1}
    own = officer_dashboard(user=quarter["officer"], today=today)
    assert {row["task"].pk: row["overdue"] for row in own["tasks"]} == {
        late.pk: True, due_today.pk: False, rows[1]["id"]: False}
    assert own["overdue_count"] == 1


@pytest.mark.django_db
def test_a_change_racing_an_approval_never_makes_itself_counted(quarter):
    """The writers' call only ever takes an activity out of the figures: a change saved just after its
    period's approval committed (the lock was checked before) stays uncounted, as the approver never saw it."""
    submission, activity = quarter["submission"], quarter["activity"]
    cycle.submission_submit(submission=submission, user=quarter["officer"])
    cycle.submission_approve(submission=submission, user=quarter["coordinator"])
    assert counted_total(quarter["plan"]) == 7
    Activity.objects.filter(pk=activity.pk).update(quantity=700)  # the officer's save, validated before approval
    cycle.activities_changed(activities=Activity.objects.filter(pk=activity.pk))
    assert counted_total(quarter["plan"]) == 0
    Activity.objects.filter(pk=activity.pk).update(approved=False)
    cycle.activities_changed(activities=Activity.objects.filter(pk=activity.pk))
    assert not Activity.objects.get(pk=activity.pk).approved  # never set back to counted by a writer


# What was sent is what is approved: the submission records its content when sent (ids, totals per
# channel), and approval recomputes the window from the database — deletions and changes that leave no
# `updated_at` and send no signal (raw SQL, a queryset update) are seen too.


def delete_raw(activity):
    """Delete as the import undo does: one SQL statement, no signal, no history, no updated_at."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM campaigns_activity WHERE id = %s", [activity.pk])


@pytest.fixture
def sent_quarter(quarter):
    """Quý I with three activities (7 + 2 + 1 in the same channel), sent."""
    first = quarter["activity"]
    more = [ActivityFactory(plan=quarter["plan"], agency=quarter["agency"], channel=first.channel,
                            date=dt.date(2019, 3, day), quantity=quantity, approved=False)
            for day, quantity in ((1, 2), (10, 1))]
    cycle.submission_submit(submission=quarter["submission"], user=quarter["officer"])
    quarter["submission"].refresh_from_db()
    return {**quarter, "activities": [first, *more]}


def approve(data):
    return cycle.submission_approve(submission=data["submission"], user=data["coordinator"])


@pytest.mark.django_db
def test_sending_records_the_activities_and_the_totals_per_channel(sent_quarter):
    submission, activities = sent_quarter["submission"], sent_quarter["activities"]
    channel = activities[0].channel
    assert submission.sent_content == {"ids": sorted(a.pk for a in activities),
                                       "totals": {str(channel.pk): 10}}


@pytest.mark.django_db
def test_approval_refuses_a_report_whose_activities_were_deleted_or_moved_out_without_a_trace(sent_quarter):
    first, second, third = sent_quarter["activities"]
    delete_raw(second)
    Activity.objects.filter(pk=third.pk).update(date=dt.date(2019, 4, 2))  # out of the window, updated_at kept
    with pytest.raises(ValidationError) as refused:
        approve(sent_quarter)
    message = " ".join(refused.value.messages)
    assert "sau khi gửi" in message
    assert "1 kết quả đã bị xóa" in message and "1 kết quả đã đổi ngày ra ngoài kỳ" in message
    assert f"tổng “{first.channel.name}” từ 10 thành 7 {first.channel.unit}" in message
    assert message.endswith(". Hãy trả lại báo cáo (kèm lý do) để đơn vị kiểm tra và gửi lại, rồi mới duyệt.")
    sent_quarter["submission"].refresh_from_db()
    assert sent_quarter["submission"].status == SubmissionStatus.SUBMITTED
    assert counted_total(sent_quarter["plan"]) == 0


@pytest.mark.django_db
def test_approval_refuses_changed_totals_and_added_activities_without_a_trace(sent_quarter):
    first = sent_quarter["activities"][0]
    Activity.objects.filter(pk=first.pk).update(quantity=700)
    with pytest.raises(ValidationError, match=f"tổng “{first.channel.name}” từ 10 thành 703 "):
        approve(sent_quarter)
    Activity.objects.filter(pk=first.pk).update(quantity=7)
    ActivityFactory(plan=sent_quarter["plan"], agency=sent_quarter["agency"], channel=first.channel,
                    date=dt.date(2019, 1, 5), quantity=0, updated_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(ValidationError, match="1 kết quả mới được thêm vào kỳ"):
        approve(sent_quarter)
    assert counted_total(sent_quarter["plan"]) == 0


@pytest.mark.django_db
def test_what_the_history_says_was_sent_is_what_is_approved_after_a_return_and_resending(sent_quarter):
    submission, coordinator = sent_quarter["submission"], sent_quarter["coordinator"]
    delete_raw(sent_quarter["activities"][1])
    with pytest.raises(ValidationError):
        approve(sent_quarter)
    cycle.submission_return(submission=submission, user=coordinator, reason="Một kết quả đã bị xóa")
    cycle.submission_submit(submission=submission, user=sent_quarter["officer"])
    approve(sent_quarter)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    reasons = [h.history_change_reason for h in submission.history.order_by("history_id")]
    assert reasons[-4:] == ["Gửi báo cáo: 3 kết quả", "Trả lại: Một kết quả đã bị xóa", "Gửi báo cáo: 2 kết quả",
                            "Duyệt báo cáo"]
    assert Activity.objects.filter(approved=True).count() == 2 and counted_total(sent_quarter["plan"]) == 8


@pytest.mark.django_db
def test_a_report_sent_without_a_record_of_its_content_is_not_approved_blindly(sent_quarter):
    Submission.objects.filter(pk=sent_quarter["submission"].pk).update(sent_content=None)
    with pytest.raises(ValidationError, match="gửi lại"):
        approve(sent_quarter)
    assert counted_total(sent_quarter["plan"]) == 0


# Writers and approval serialize on the governing submission's row (cycle.activities_lock): a writer takes it
# before it writes and asks the lock rule again under it. SQLite runs one writer at a time, so the race is
# staged here: the report is approved at the instant the writer takes the lock — after its permission
# check, before its write — and the write must be refused (tests/security/test_concurrency.py races it for
# real on PostgreSQL).


@pytest.fixture
def approved_as_the_writer_locks(monkeypatch, quarter):
    real, calls = cycle.activities_lock, []

    def approve_first(**kwargs):
        if not calls:
            cycle.submission_submit(submission=quarter["submission"], user=None)
            cycle.submission_approve(submission=quarter["submission"], user=None)
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(cycle, "activities_lock", approve_first)
    return calls


def activity_post(activity, **changes):
    return {"plan": activity.plan_id, "task": "", "agency": activity.agency_id, "channel": activity.channel_id,
            "date": activity.date.strftime("%d/%m/%Y"), "title": activity.title, "quantity": str(activity.quantity),
            "confirm_quantity": "on", "participants": "", "awards": "", "description": "", "evidence_url": "",
            **{f"{prefix}-{name}": value for prefix in ("photos", "evidence")
               for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                                   ("MAX_NUM_FORMS", "1000"))}, **changes}


@pytest.mark.django_db
def test_an_edit_is_refused_when_the_report_is_approved_between_its_check_and_its_write(
        client, quarter, approved_as_the_writer_locks):
    activity = quarter["activity"]
    client.force_login(quarter["officer"])
    response = client.post(reverse("admin:campaigns_activity_change", args=[activity.pk]),
                           activity_post(activity, quantity="9"))
    assert response.status_code == 200 and "đã được duyệt" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).quantity == 7
    assert approved_as_the_writer_locks, "the writer took the cycle's lock"


@pytest.mark.django_db
def test_a_move_out_of_a_report_approved_meanwhile_is_refused(client, quarter, approved_as_the_writer_locks):
    """The row's old place is locked as well as its new one: moving it out of the approved window is a change
    to that window."""
    activity = quarter["activity"]
    client.force_login(quarter["officer"])
    response = client.post(reverse("admin:campaigns_activity_change", args=[activity.pk]),
                           activity_post(activity, date="01/08/2019"))
    assert response.status_code == 200 and "đã được duyệt" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).date == dt.date(2019, 2, 1)


@pytest.mark.django_db
def test_a_delete_is_refused_when_the_report_is_approved_between_its_check_and_its_write(
        client, quarter, approved_as_the_writer_locks):
    activity = quarter["activity"]
    client.force_login(quarter["officer"])
    response = client.post(reverse("admin:campaigns_activity_delete", args=[activity.pk]), {"post": "yes"})
    assert response.status_code in (302, 403)
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert approved_as_the_writer_locks


@pytest.mark.django_db
def test_a_history_revert_is_refused_when_the_report_is_approved_between_its_check_and_its_write(
        client, quarter, monkeypatch):
    activity = quarter["activity"]
    activity.quantity = 8
    activity.save()
    version = activity.history.earliest()
    real, calls = cycle.activities_lock, []

    def approve_first(**kwargs):
        if not calls:
            cycle.submission_submit(submission=quarter["submission"], user=None)
            cycle.submission_approve(submission=quarter["submission"], user=None)
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(cycle, "activities_lock", approve_first)
    client.force_login(quarter["officer"])
    response = client.post(reverse("admin:campaigns_activity_simple_history", args=[activity.pk, version.pk]),
                           activity_post(activity, quantity="7"))
    assert response.status_code in (200, 403)
    assert Activity.objects.get(pk=activity.pk).quantity == 8
    assert calls


@pytest.mark.django_db
def test_a_report_sent_before_its_content_was_recorded_is_refused_without_claiming_a_change(sent_quarter):
    """Nothing may have changed: the refusal says the content cannot be compared, and what to do."""
    Submission.objects.filter(pk=sent_quarter["submission"].pk).update(sent_content=None)
    with pytest.raises(ValidationError) as refused:
        approve(sent_quarter)
    assert refused.value.code == "sent_before_recording"
    assert refused.value.messages == [
        "Báo cáo này được gửi trước khi cổng ghi lại nội dung gửi nên không đối chiếu được; hãy trả lại để "
        "đơn vị gửi lại."]


# Periods that fit the calendar (issue 25, item 8)


@pytest.mark.django_db
def test_periods_created_after_their_due_date_do_not_apply_and_nobody_is_overdue(client):
    """Set up in December: Quý I–III 2026 are already past their due dates. They are marked "không áp dụng",
    nobody is "Quá hạn, chưa gửi" for them (dashboard, admin list); the year's period still applies."""
    from campaigns.admin.cycle import timeliness
    from campaigns.dashboard import coordinator_dashboard

    plan = PlanFactory(year=2026, status="published")
    TaskFactory(plan=plan, lead_agency=AgencyFactory(name="Sở thử"))
    today = dt.date(2026, 12, 1)
    q1, h1, q3, year = cycle.periods_generate(year=2026, today=today)
    assert [p.applies for p in (q1, h1, q3, year)] == [False, False, False, True]
    assert q1.applies_note == "Tạo sau hạn — không áp dụng"
    assert not q1.is_past_due(today)
    sub = q1.submissions.get()
    assert "Quá hạn" not in str(timeliness(sub))
    dash = coordinator_dashboard(period_id=q1.pk, today=today)
    assert [r["missing_past_due"] for r in dash["rows"]] == [False]
    assert dash["totals"]["past_due"] is False
    client.force_login(coordinator_user())
    page = client.get(reverse("admin:campaigns_reportingperiod_changelist")).content.decode()
    assert page.count("Không áp dụng") == 3

    # A coordinator switches Quý I back: its agencies are overdue again.
    q1.applies = True
    q1.save()
    q1.refresh_from_db()
    assert q1.is_past_due(today)
    assert [r["missing_past_due"] for r in coordinator_dashboard(period_id=q1.pk, today=today)["rows"]] == [True]


@pytest.mark.django_db
def test_periods_generated_before_their_due_date_apply():
    periods = cycle.periods_generate(year=2026, today=dt.date(2026, 1, 5))
    assert all(p.applies for p in periods)


@pytest.mark.django_db
def test_a_periods_expected_agencies_are_set_for_the_whole_year_at_once(client):
    periods = cycle.periods_generate(year=2027, today=dt.date(2027, 1, 5), agencies=[])
    first, second = AgencyFactory(name="Sở A"), AgencyFactory(name="Sở B")
    Submission.objects.create(period=periods[0], agency=first)  # already expected in Quý I: not doubled
    added = cycle.periods_set_agencies(year=2027, agencies=[first, second])
    assert added == 7
    for period in periods:
        assert set(period.expected_agencies.all()) == {first, second}

    # Through the admin action, in one go; a closed agency is refused with its reason and nothing is saved.
    third, closed = AgencyFactory(name="Sở C"), AgencyFactory(name="Sở đã giải thể", is_active=False)
    client.force_login(coordinator_user())
    url = reverse("admin:campaigns_reportingperiod_changelist")
    form = client.post(url, {"action": "set_agencies_for_year", "_selected_action": [periods[0].pk]})
    assert form.status_code == 200 and "mọi kỳ" in form.content.decode() and "Sở C" in form.content.decode()
    response = client.post(url, {"action": "set_agencies_for_year", "_selected_action": [periods[0].pk],
                                 "apply": "1", "agencies": [third.pk, closed.pk]}, follow=True)
    page = response.content.decode()
    assert "Sở đã giải thể" in page and "giải thể" in page
    assert closed.refusal(periods[0].start, periods[0].end) in page
    assert not Submission.objects.filter(agency__in=[third, closed]).exists()
    response = client.post(url, {"action": "set_agencies_for_year", "_selected_action": [periods[0].pk],
                                 "apply": "1", "agencies": [third.pk]}, follow=True)
    assert Submission.objects.filter(agency=third, period__year=2027).count() == 4
    assert "Đã thêm 4 báo cáo phải gửi" in response.content.decode()


@pytest.mark.django_db
def test_setting_a_years_agencies_refuses_a_closed_agency_and_saves_nothing():
    periods = cycle.periods_generate(year=2027, today=dt.date(2027, 1, 5), agencies=[])
    fine, closed = AgencyFactory(), AgencyFactory(name="Huyện cũ", is_active=False)
    with pytest.raises(ValidationError) as refused:
        cycle.periods_set_agencies(year=2027, agencies=[fine, closed])
    assert closed.refusal(periods[0].start, periods[0].end) in " ".join(refused.value.messages)
    assert not Submission.objects.filter(period__year=2027).exists()
