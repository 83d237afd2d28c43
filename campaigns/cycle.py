"""The reporting cycle: periods, agencies' submissions, and their approval. Every change of a submission's
status is one of the functions below, in a transaction, recorded in the history with who and why, and
followed by what it must refresh (the activities' `approved` flag, the public pages' cache).

In words (581/BNV-CCHC, and DHIS2's data approval as the model):
- A period (Quý I, 6 tháng, Quý III, Năm) has a data window and a due date (day 20 of its last month).
- Each expected agency has one submission per period. Its officer submits it — or "không phát sinh" with a
  note — and the first time it was sent decides whether it was on time.
- Where the province turned on the agency's confirmation (REPORTING_AGENCY_CONFIRMATION), the officer's
  sending waits for the head of that agency ("Lãnh đạo cơ quan"), who confirms it — then it is "Đã gửi, chờ
  duyệt" — or returns it to the officer with a reason. The officer's first sending still decides "đúng hạn".
- Sending records what the report holds (the window's activities and the totals per channel); a
  coordinator approves it — only if the window still holds exactly that, recomputed from the database —
  or returns it with a reason; the officer corrects and submits again.
- Approved: the agency's activities dated in the window count in public and are locked (agencies.scoping
  refuses to change them; Activity.clean refuses new ones there) until a coordinator reopens it, with a
  reason — which takes them out of the public figures again until the next approval.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from simple_history.utils import update_change_reason

from agencies import scoping
from agencies.models import Agency
from core.caching import bulk_changes, bump
from core.dates import vn_date, vn_datetime
from core.numbers import format_number
from core.sanitize import clean_text

from . import notices
from .models import (
    Activity,
    Channel,
    NoticeEvent,
    PeriodKind,
    Plan,
    PublishStatus,
    ReportingPeriod,
    Submission,
    SubmissionStatus,
    covering_among,
    period_locked_error,
)

DUE_DAY = 20
# (kind, (window start month, day, in the year before?), (window end month, day), due month) — 581/BNV-CCHC.
CALENDAR = [
    (PeriodKind.Q1, (12, 15, True), (3, 14), 3),
    (PeriodKind.H1, (12, 15, True), (6, 14), 6),
    (PeriodKind.Q3, (6, 15, False), (9, 14), 9),
    (PeriodKind.YEAR, (12, 15, True), (12, 14), 12),
]


def period_dates(kind: str, year: int) -> tuple[dt.date, dt.date, dt.date]:
    """(start, end, due date) of a period of `year` by the instruction's calendar."""
    for k, (start_month, start_day, year_before), (end_month, end_day), due_month in CALENDAR:
        if k == kind:
            return (dt.date(year - 1 if year_before else year, start_month, start_day),
                    dt.date(year, end_month, end_day), dt.date(year, due_month, DUE_DAY))
    raise ValueError(kind)


def default_expected_agencies(year: int) -> QuerySet[Agency]:
    """Agencies that lead or coordinate a task of a published plan of the year."""
    plans = Plan.objects.filter(year=year, status=PublishStatus.PUBLISHED)
    return Agency.objects.filter(
        Q(led_tasks__plan__in=plans) | Q(coordinated_tasks__plan__in=plans)).distinct().order_by("name")


def may_review(user) -> bool:
    """`user` None is a management command acting for the province (the demo loader), as in report publishing."""
    return user is None or (scoping.sees_all(user) and user.has_perm("campaigns.review_submission"))


def may_submit(user, submission: Submission) -> bool:
    """An agency's report is sent by its own staff (a superuser may stand in); coordinators review it."""
    if user is None:
        return True
    own = user.agency_id is not None and user.agency_id == submission.agency_id
    return ((own or user.is_superuser) and scoping.can_change(user, submission)
            and user.has_perm("campaigns.change_submission"))


def may_confirm(user, submission: Submission) -> bool:
    """The agency's confirmation is given by the head of THAT agency (role "Lãnh đạo cơ quan": the permission
    campaigns.confirm_submission, and the agency of the report) — never by a coordinator, who reviews it
    next, nor by the officer who sent it (a superuser may stand in, as in `may_submit`). Not tied to the
    setting: a report waiting when a province turns the step off can still be confirmed."""
    if user is None:
        return True
    if not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    own = user.agency_id is not None and user.agency_id == submission.agency_id
    return own and not scoping.sees_all(user) and user.has_perm("campaigns.confirm_submission")


def agency_confirmation_on() -> bool:
    """Whether an officer's sending waits for the agency head's confirmation (REPORTING_AGENCY_CONFIRMATION)."""
    return bool(getattr(settings, "REPORTING_AGENCY_CONFIRMATION", False))


# The states each step starts from: the one statement of the cycle's transitions (the functions below check
# it under a row lock; `submission_actions` offers it to the admin's buttons).
STARTS_FROM = {
    "submit": (SubmissionStatus.NOT_SUBMITTED, SubmissionStatus.RETURNED),
    "nothing": (SubmissionStatus.NOT_SUBMITTED, SubmissionStatus.RETURNED),
    "confirm": (SubmissionStatus.AWAITING_CONFIRMATION,),
    "return_to_officer": (SubmissionStatus.AWAITING_CONFIRMATION,),
    "approve": (SubmissionStatus.SUBMITTED,),
    "return": (SubmissionStatus.SUBMITTED,),
    "reopen": (SubmissionStatus.APPROVED,),
}
BY_AGENCY = ("submit", "nothing")
BY_HEAD = ("confirm", "return_to_officer")  # the rest are the coordinators' (may_review)


def submission_actions(*, submission: Submission, user) -> set[str]:
    """The steps `user` may take on `submission` now ("submit", "nothing", "confirm", "return_to_officer",
    "approve", "return", "reopen"): what the admin's buttons show. Each step's function checks the same
    again when it runs."""
    allowed = set()
    for action, states in STARTS_FROM.items():
        if submission.status not in states:
            continue
        if action in BY_AGENCY:
            may = may_submit(user, submission)
        elif action in BY_HEAD:
            may = may_confirm(user, submission)
        else:
            may = may_review(user)
        if may:
            allowed.add(action)
    return allowed


NOT_APPLICABLE_LATE = "Tạo sau hạn — không áp dụng"


@transaction.atomic
def periods_generate(*, year: int, agencies=None, today: dt.date | None = None) -> list[ReportingPeriod]:
    """The year's four periods with their dates, and a submission (Chưa gửi) for each expected agency
    (`agencies`, by default `default_expected_agencies`). Idempotent: existing periods keep their dates and
    agencies; only missing ones are added. A period created after its due date (`today`, by default the
    portal's date) does not apply (NOT_APPLICABLE_LATE): set up in December, Quý I–III would otherwise make
    every agency "quá hạn" at once. A coordinator may tick it back. Returns the periods, in calendar order."""
    agencies = list(default_expected_agencies(year) if agencies is None else agencies)
    today = today or timezone.localdate()
    periods = []
    for kind, *_rest in CALENDAR:
        start, end, due = period_dates(kind, year)
        late = today > due
        period, created = ReportingPeriod.objects.get_or_create(
            kind=kind, year=year, defaults={"start": start, "end": end, "due_date": due, "applies": not late,
                                            "applies_note": NOT_APPLICABLE_LATE if late else ""})
        if created:  # only agencies that existed during the window (a district closed on 30/6/2025 is not
            # expected in 2026; Agency.refusal says why where someone adds it by hand)
            Submission.objects.bulk_create([Submission(period=period, agency=a) for a in agencies
                                            if a.is_open_between(start, end)], ignore_conflicts=True)
        periods.append(period)
    return periods


@transaction.atomic
def periods_set_agencies(*, year: int, agencies) -> int:
    """Make each of `agencies` expected in every period of `year` (one submission each, Chưa gửi), through
    the model's validation (Submission.clean: a closed agency is refused with Agency.refusal's reason). All
    or nothing: any refusal raises one ValidationError listing every reason, and nothing is saved. Agencies
    already expected in a period stay as they are. Returns how many submissions were added."""
    agencies = list(agencies)
    new, errors = [], []
    for period in ReportingPeriod.objects.filter(year=year).order_by("due_date"):
        present = set(period.submissions.values_list("agency_id", flat=True))
        for agency in agencies:
            if agency.pk in present:
                continue
            submission = Submission(period=period, agency=agency)
            try:
                submission.full_clean()
            except ValidationError as error:
                errors.extend(f"{period}: {message}" for message in error.messages)
            else:
                new.append(submission)
    if errors:
        raise ValidationError(errors, code="agency_closed")
    Submission.objects.bulk_create(new)
    return len(new)


def _record(submission, user, reason):
    submission._history_user = user
    submission.save()
    update_change_reason(submission, reason)


def activities_refresh_approval(*, activities: QuerySet[Activity]) -> int:
    """Make each of `activities` approved (counted in public) exactly when an approved submission of its
    agency covers its date — the one place the flag is set from the cycle: approving, returning and reopening
    here, the Excel import's undo, and the national generator. Periods overlap: reopening 6 tháng leaves
    Quý I's approval standing. An activity no period of its agency covers (entered before the cycle existed)
    keeps its flag: the cycle does not govern it. One UPDATE each way, touching only the rows that differ;
    returns how many changed."""
    covered = Exists(Submission.objects.covering(OuterRef("agency_id"), OuterRef("date")))
    governed = Exists(Submission.objects.governing(OuterRef("agency_id"), OuterRef("date")))
    with transaction.atomic():
        changed = activities.filter(covered, approved=False).update(approved=True)
        changed += activities.filter(~covered, governed, approved=True).update(approved=False)
    return changed


def activities_changed(*, activities: QuerySet[Activity]) -> int:
    """What every writer of activities calls after changing them (the admin form and history revert, the Excel
    import): changed data waits for its agency's report to be approved again, so the flag goes to False —
    never to True, even if an approval committed while the change was being made (it approved what was
    sent, not this). Returns how many were counted before."""
    return activities.filter(approved=True).update(approved=False)


class ActivityLocks:
    """What `activities_lock` holds: the governing submissions it locked, read under the lock, by agency."""

    def __init__(self, governing: dict[int, list[Submission]]):
        self.governing = governing

    def covering(self, agency_id, date) -> Submission | None:
        """The approved submission covering (agency id, date) — the lock rule — or None: may be written."""
        return covering_among(self.governing.get(agency_id, ()), agency_id, date)


def activities_lock(*, places=(), rows: QuerySet[Activity] | None = None) -> ActivityLocks:
    """The lock every writer of activities takes at the start of its transaction, before it writes (the
    admin's form and delete, its history revert, the Excel import and its undo): the submissions governing
    each (agency id, date) it writes from or to — where a row is now (`places`, or `rows`, a queryset locked
    by a subquery without being read first) and where it will be — locked FOR UPDATE in id order, the rows
    sending, approving, returning and reopening lock (`_locked`). The writer then asks the lock rule of what
    they hold now (`covering`), and reads its rows after this call. Held until the writer's transaction
    ends, so an approval cannot read a window between a writer's check and its commit, a writer cannot
    write into a window approved after it checked, and a report is not sent while a change to its window
    is uncommitted. (SQLite runs one writer at a time and ignores FOR UPDATE.)"""
    places = {(agency_id, date) for agency_id, date in places if agency_id and date}
    where = Q(pk__in=[])
    if places:
        dates = [date for _agency, date in places]
        where |= Q(agency_id__in={agency for agency, _date in places}, period__start__lte=max(dates),
                   period__end__gte=min(dates))
    if rows is not None:
        where |= Q(Exists(rows.filter(agency_id=OuterRef("agency_id"), date__gte=OuterRef("period__start"),
                                      date__lte=OuterRef("period__end"))))
    governing = {}
    if places or rows is not None:
        for submission in (Submission.objects.select_for_update(of=("self",)).select_related("period", "agency")
                           .filter(where).order_by("pk")):
            governing.setdefault(submission.agency_id, []).append(submission)
    return ActivityLocks(governing)


def activities_lock_or_refuse(*, places) -> None:
    """`activities_lock` on `places`, refusing (ValidationError, the lock's one message) if any is locked."""
    locks = activities_lock(places=places)
    for agency_id, date in sorted((p for p in places if p[0] and p[1]), key=lambda p: p[1]):
        covering = locks.covering(agency_id, date)
        if covering is not None:
            raise period_locked_error(covering, date)


def _refresh_approval(submission):
    activities_refresh_approval(activities=activities_in_period(submission))


def activities_in_period(submission: Submission) -> QuerySet[Activity]:
    """The activities a submission reports: its agency's, dated in its period's window."""
    return Activity.objects.filter(agency_id=submission.agency_id, date__gte=submission.period.start,
                                   date__lte=submission.period.end)


def _locked(submission_id):
    return Submission.objects.select_for_update().select_related("period", "agency").get(pk=submission_id)


def submission_submit(*, submission: Submission, user, nothing_to_report: bool = False,
                      note: str = "") -> Submission:
    """The officer sends the agency's report for the period (again, after a return)."""
    if not may_submit(user, submission):
        raise PermissionDenied
    note = clean_text(note or "").strip()
    with transaction.atomic():
        submission = _locked(submission.pk)
        if submission.status not in STARTS_FROM["submit"]:
            raise ValidationError("Báo cáo này đang ở trạng thái “%(status)s”, không gửi lại được.",
                                  code="not_submittable", params={"status": submission.get_status_display()})
        content = sent_content(activities_in_period(submission))
        count = len(content["ids"])
        if nothing_to_report and count:
            raise ValidationError("Cơ quan đã nhập %(n)s kết quả trong kỳ này, nên không thể báo “Không phát sinh”.",
                                  code="nothing_but_activities", params={"n": count})
        if nothing_to_report and not note:
            raise ValidationError("Khi báo “Không phát sinh”, vui lòng ghi rõ lý do.", code="note_required")
        if not nothing_to_report and not count:
            raise ValidationError(
                "Chưa có kết quả nào của cơ quan trong kỳ (từ %(start)s đến %(end)s). Hãy nhập kết quả, "
                "hoặc chọn “Không phát sinh” kèm lý do.", code="empty_submission",
                params={"start": vn_date(submission.period.start),
                        "end": vn_date(submission.period.end)})
        now = timezone.now()
        submission.status = (SubmissionStatus.AWAITING_CONFIRMATION if agency_confirmation_on()
                             else SubmissionStatus.SUBMITTED)
        submission.confirmed_at = submission.confirmed_by = None  # a new sending is confirmed afresh
        submission.nothing_to_report = nothing_to_report
        submission.note = note
        submission.submitted_at = now
        submission.first_submitted_at = submission.first_submitted_at or now
        submission.submitted_by = user
        submission.sent_content = content  # what approval will compare the window with
        _record(submission, user, "Gửi báo cáo: không phát sinh" if nothing_to_report
                else f"Gửi báo cáo: {count} kết quả")
        notices.submission_notify(submission=submission, at=now, event=(
            NoticeEvent.AWAITING_CONFIRMATION if submission.status == SubmissionStatus.AWAITING_CONFIRMATION
            else NoticeEvent.SUBMITTED))
    return submission


def submission_confirm(*, submission: Submission, user) -> Submission:
    """The head of the agency confirms the report its officer sent (“Chờ lãnh đạo cơ quan xác nhận”): it is
    then “Đã gửi, chờ duyệt” for the coordinator. The first sending's time still decides “đúng hạn”."""
    if not may_confirm(user, submission):
        raise PermissionDenied
    with transaction.atomic():
        submission = _locked(submission.pk)
        _check_awaiting(submission, "xác nhận")
        submission.status = SubmissionStatus.SUBMITTED
        submission.confirmed_at, submission.confirmed_by = timezone.now(), user
        _record(submission, user, "Lãnh đạo cơ quan xác nhận")
        notices.submission_notify(submission=submission, event=NoticeEvent.CONFIRMED, at=submission.confirmed_at)
    return submission


def submission_return_to_officer(*, submission: Submission, user, reason: str) -> Submission:
    """The head of the agency sends the report back to its officer with the reason (“Bị trả lại”, as a
    coordinator's return: the officer fixes and sends again, and the head confirms again)."""
    if not may_confirm(user, submission):
        raise PermissionDenied
    reason = clean_text(reason or "").strip()
    if not reason:
        raise ValidationError("Vui lòng ghi lý do trả lại để cán bộ biết cần sửa gì.", code="reason_required")
    with transaction.atomic():
        submission = _locked(submission.pk)
        _check_awaiting(submission, "trả lại")
        submission.status = SubmissionStatus.RETURNED
        submission.reviewed_at, submission.reviewed_by = timezone.now(), user
        submission.return_reason = reason
        _record(submission, user, f"Lãnh đạo cơ quan trả lại: {reason}"[:100])
        notices.submission_notify(submission=submission, event=NoticeEvent.RETURNED_BY_HEAD,
                                  at=submission.reviewed_at, reason=reason)
    return submission


def _check_awaiting(submission, verb):
    if submission.status not in STARTS_FROM["confirm"]:
        raise ValidationError(
            "Lãnh đạo cơ quan chỉ %(verb)s được báo cáo “%(allowed)s”; báo cáo này đang “%(status)s”.",
            code="not_awaiting_confirmation", params={
                "verb": verb, "allowed": SubmissionStatus.AWAITING_CONFIRMATION.label,
                "status": submission.get_status_display()})


def submission_levels(submission: Submission) -> list[str]:
    """Each level the report went through, as the summary page and the coordinator's dashboard show it:
    "Gửi: <officer>, dd/mm/yyyy hh:mm", "Lãnh đạo xác nhận: <head>, …", then "Duyệt: …" or "Trả lại: …"
    (whoever returned it: the head or a coordinator). Reads submitted_by, confirmed_by and reviewed_by:
    select them with the submission where many are shown."""
    def level(label, user, when):
        who = (user.get_full_name() or user.get_username()) if user is not None else ""
        return f"{label}: {who}, {vn_datetime(when)}" if who else f"{label}: {vn_datetime(when)}"

    levels = []
    if submission.submitted_at:
        levels.append(level("Gửi", submission.submitted_by, submission.submitted_at))
    if submission.confirmed_at:
        levels.append(level("Lãnh đạo xác nhận", submission.confirmed_by, submission.confirmed_at))
    if submission.reviewed_at and submission.status == SubmissionStatus.APPROVED:
        levels.append(level("Duyệt", submission.reviewed_by, submission.reviewed_at))
    elif submission.reviewed_at and submission.status == SubmissionStatus.RETURNED:
        levels.append(level("Trả lại", submission.reviewed_by, submission.reviewed_at))
    return levels


def sent_content(activities: QuerySet[Activity]) -> dict:
    """What a report holds, as `Submission.sent_content` records it: the activities' ids (sorted) and the
    sum of their quantities per channel (keys: channel ids as text, as JSON has them). One query."""
    ids, totals = [], {}
    for pk, channel_id, quantity in activities.order_by().values_list("pk", "channel_id", "quantity"):
        ids.append(pk)
        totals[str(channel_id)] = totals.get(str(channel_id), 0) + quantity
    return {"ids": sorted(ids), "totals": totals}


def submission_changes(submission: Submission) -> list[str]:
    """How the submission's window differs now from what was sent, in Vietnamese, one phrase per kind of
    change (empty: it holds exactly what was sent). Recomputed from the database, so what leaves no trace
    is seen too: a delete by raw SQL (the import undo), a queryset update, a date moved out of the window.
    Edits that keep the ids and totals (a title, a task) are seen by their `updated_at`. Asked only of a
    report that recorded what it sent (`sent_content` not None)."""
    sent = submission.sent_content
    window = activities_in_period(submission)
    now = sent_content(window)
    sent_ids, now_ids = set(sent["ids"]), set(now["ids"])
    gone = sent_ids - now_ids
    still = dict(Activity.objects.filter(pk__in=gone).values_list("pk", "agency_id")) if gone else {}
    moved_out = sum(agency_id == submission.agency_id for agency_id in still.values())
    edited = set(window.filter(updated_at__gt=submission.submitted_at).values_list("pk", flat=True)
                 ) if submission.submitted_at else set()
    counts = [
        (len(gone) - len(still), "đã bị xóa"),
        (moved_out, "đã đổi ngày ra ngoài kỳ"),
        (len(still) - moved_out, "đã chuyển sang cơ quan khác"),
        (len(now_ids - sent_ids), "mới được thêm vào kỳ"),
        (len(edited & sent_ids), "đã được sửa"),
    ]
    phrases = [", ".join(f"{format_number(n)} kết quả {what}" for n, what in counts if n)]
    differ = {int(pk) for pk in sent["totals"].keys() | now["totals"].keys()
              if sent["totals"].get(pk, 0) != now["totals"].get(pk, 0)}
    channels = Channel.objects.filter(pk__in=differ).order_by("order", "name") if differ else []
    phrases.append(", ".join(
        f"tổng “{channel.name}” từ {format_number(sent['totals'].get(str(channel.pk), 0))} thành "
        f"{format_number(now['totals'].get(str(channel.pk), 0))} {channel.unit}" for channel in channels))
    return [phrase for phrase in phrases if phrase]


def submission_approve(*, submission: Submission, user) -> Submission:
    """Approve one sent report, in its own transaction: its activities then count in public and are
    locked. Refused with the reason (ValidationError) unless it is “Đã gửi, chờ duyệt” and its window holds
    exactly what was sent (`submission_changes`): what the history says was sent is what is approved. A
    report sent before the portal recorded what it held (waiting at the upgrade) cannot be compared: it is
    returned and sent again."""
    if not may_review(user):
        raise PermissionDenied
    with transaction.atomic():
        submission = _locked(submission.pk)
        if submission.status not in STARTS_FROM["approve"]:
            raise ValidationError("Chỉ duyệt được báo cáo “%(allowed)s”; báo cáo này đang “%(status)s”.",
                                  code="not_approvable", params={"allowed": SubmissionStatus.SUBMITTED.label,
                                                                 "status": submission.get_status_display()})
        if submission.sent_content is None:
            raise ValidationError(
                "Báo cáo này được gửi trước khi cổng ghi lại nội dung gửi nên không đối chiếu được; hãy trả lại "
                "để đơn vị gửi lại.", code="sent_before_recording")
        changes = submission_changes(submission)
        if changes:
            raise ValidationError(
                "Báo cáo đã thay đổi sau khi gửi: %(changes)s. Hãy trả lại báo cáo (kèm lý do) để đơn vị kiểm "
                "tra và gửi lại, rồi mới duyệt.", code="changed_after_sending",
                params={"changes": "; ".join(changes)})
        submission.status = SubmissionStatus.APPROVED
        submission.reviewed_at, submission.reviewed_by = timezone.now(), user
        submission.return_reason = ""
        _record(submission, user, "Duyệt báo cáo")
        notices.submission_notify(submission=submission, event=NoticeEvent.APPROVED, at=submission.reviewed_at)
        _refresh_approval(submission)
        bump()  # at commit; once for a whole bulk approval (bulk_changes)
    return submission


def submissions_approve(*, submissions: QuerySet[Submission], user) -> tuple[list[Submission],
                                                                            list[tuple[Submission, str]]]:
    """Approve each of `submissions` (the admin's bulk action) through `submission_approve`, each in its own
    transaction: a refused one changes nothing and stops no other. Returns (approved, [(refused, why)])."""
    if not may_review(user):
        raise PermissionDenied
    approved, refused = [], []
    with bulk_changes():  # the public pages are invalidated once, at the end
        for submission in submissions.select_related("period", "agency").order_by("period", "agency__name"):
            try:
                approved.append(submission_approve(submission=submission, user=user))
            except ValidationError as error:
                refused.append((submission, " ".join(error.messages)))
    return approved, refused


def submission_return(*, submission: Submission, user, reason: str) -> Submission:
    """Send a submitted report back to the agency with the reason it must fix."""
    return _back_to_agency(submission, user, reason, action="return", verb="Trả lại")


def submission_reopen(*, submission: Submission, user, reason: str) -> Submission:
    """Unlock an approved report so the agency can correct it; its activities stop counting in public until
    it is approved again."""
    return _back_to_agency(submission, user, reason, action="reopen", verb="Mở lại")


def _back_to_agency(submission, user, reason, *, action, verb):
    if not may_review(user):
        raise PermissionDenied
    reason = clean_text(reason or "").strip()
    if not reason:
        raise ValidationError(f"Vui lòng ghi lý do {verb.lower()} để cơ quan biết cần sửa gì.", code="reason_required")
    with transaction.atomic():
        submission = _locked(submission.pk)
        (allowed,) = STARTS_FROM[action]
        if submission.status != allowed:
            raise ValidationError(
                f"Chỉ {verb.lower()} được báo cáo “{SubmissionStatus(allowed).label}”; báo cáo này đang "
                f"“{submission.get_status_display()}”.", code="wrong_status")
        submission.status = SubmissionStatus.RETURNED
        submission.reviewed_at, submission.reviewed_by = timezone.now(), user
        submission.return_reason = reason
        _record(submission, user, f"{verb}: {reason}"[:100])
        notices.submission_notify(
            submission=submission, at=submission.reviewed_at, reason=reason,
            event=NoticeEvent.RETURNED if action == "return" else NoticeEvent.REOPENED)
        if allowed == SubmissionStatus.APPROVED:
            _refresh_approval(submission)
            transaction.on_commit(bump)
    return submission


def current_period(today: dt.date | None = None) -> ReportingPeriod | None:
    """The period a dashboard opens on: the first whose due date is today or later; else the latest."""
    today = today or timezone.localdate()
    upcoming = ReportingPeriod.objects.filter(due_date__gte=today).order_by("due_date").first()
    return upcoming or ReportingPeriod.objects.order_by("-due_date").first()


def open_periods(today: dt.date | None = None) -> QuerySet[ReportingPeriod]:
    """Periods an officer can report for today: the window has started and the due date has not passed by
    more than a month (late reports are still expected)."""
    today = today or timezone.localdate()
    return ReportingPeriod.objects.filter(start__lte=today, due_date__gte=today - dt.timedelta(days=31)
                                          ).order_by("due_date")
