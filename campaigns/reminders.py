"""Thông báo nhắc hạn gửi báo cáo (run daily by `manage.py send_reminders`, deploy/cchc-reminders.timer).

In words:
- Each period has reminder stages, in days from its due date (settings.REPORTING_REMINDER_DAYS, by default
  -5, 0, 3: five days before, on the day, three days after).
- On a day D the current stage of a period is the latest stage dated D or earlier — but only within
  CATCH_UP_DAYS of it, so a job that missed a day still sends, while the 2019 periods never mail in 2026.
- Every expected agency whose report is not sent (Chưa gửi, Bị trả lại) gets one email for the stage, to
  its active staff with an address; the coordinators get one digest per period and stage.
- "Once" is the database's word, not ours: a ReminderLog row (unique per period, agency, stage — and per
  period, stage for the digest) is written before the email goes out, so a second run, or two runs at the
  same time, find it taken and send nothing. If sending fails, the row is removed so tomorrow retries.
"""

import dataclasses
import datetime as dt
import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Agency
from core.dates import vn_date
from core.identity import sender
from core.sites import absolute_url

from .models import ReminderLog, ReportingPeriod, Submission, SubmissionStatus

CATCH_UP_DAYS = 7
NOT_SENT = (SubmissionStatus.NOT_SUBMITTED, SubmissionStatus.RETURNED)
SUBJECT_PREFIX = "[Cổng CCHC]"


def _d(date):
    return vn_date(date)


def stage_key(offset):
    """What ReminderLog.stage holds: "D-5", "D+0", "D+3"."""
    return f"D{offset:+d}"


def stage_label(offset):
    if offset < 0:
        return f"còn {-offset} ngày đến hạn"
    if offset == 0:
        return "hôm nay là hạn gửi"
    return f"đã quá hạn {offset} ngày"


def current_stage(period, today, offsets=None):
    """The offset (days from the due date) of the period's stage on `today`, or None."""
    offsets = sorted(settings.REPORTING_REMINDER_DAYS if offsets is None else offsets)
    due = [o for o in offsets if period.due_date + dt.timedelta(days=o) <= today]
    if not due:
        return None
    offset = due[-1]
    return offset if (today - (period.due_date + dt.timedelta(days=offset))).days <= CATCH_UP_DAYS else None


def periods_with_a_stage(today, offsets=None):
    """(period, offset) of every period that has a current stage on `today`."""
    offsets = sorted(settings.REPORTING_REMINDER_DAYS if offsets is None else offsets)
    if not offsets:
        return []
    earliest = today - dt.timedelta(days=CATCH_UP_DAYS + offsets[-1])
    latest = today - dt.timedelta(days=offsets[0])
    periods = (ReportingPeriod.objects.applicable().filter(due_date__gte=earliest, due_date__lte=latest)
               .order_by("due_date"))
    return [(p, o) for p in periods if (o := current_stage(p, today, offsets)) is not None]


def agency_recipients(agency_id):
    return list(get_user_model().objects.filter(agency_id=agency_id, is_active=True, is_staff=True)
                .exclude(email="").order_by("email").values_list("email", flat=True).distinct())


def coordinator_recipients():
    """Active staff who see every agency (accounts.User.sees_all_agencies), with an address."""
    perm = Q(codename="manage_all_agencies", content_type__app_label="agencies")
    from django.contrib.auth.models import Permission

    permission = Permission.objects.filter(perm)
    return list(get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
                .filter(Q(is_superuser=True) | Q(groups__permissions__in=permission)
                        | Q(user_permissions__in=permission))
                .order_by("email").values_list("email", flat=True).distinct())


def submission_link(submission):
    return absolute_url(reverse("admin:campaigns_submission_change", args=[submission.pk]))


@dataclasses.dataclass
class Outcome:
    """One reminder: to whom, whether it went (or would go, in a dry run), or why not."""

    period: ReportingPeriod
    stage: str
    agency: object  # None for the coordinators' digest
    recipients: list
    status: str  # "sent", "would_send", "already_sent", "no_recipients", "failed"
    subject: str = ""
    error: str = ""

    def describe(self):
        who = self.agency.display_name if self.agency else "điều phối viên (bản tổng hợp)"
        offset = int(self.stage[1:]) if self.stage[1:].lstrip("+-").isdecimal() else None
        head = f"{self.period} ({stage_label(offset) if offset is not None else self.stage}) — {who}"
        return {
            "sent": f"Đã gửi: {head}: {', '.join(self.recipients)}",
            "would_send": f"[Chạy thử] Sẽ gửi: {head}: {', '.join(self.recipients)}",
            "already_sent": f"Đã gửi trước đó, bỏ qua: {head}",
            "no_recipients": f"Không có người nhận (chưa có cán bộ nào có email): {head}",
            "failed": f"Gửi không được, lần chạy sau sẽ gửi lại: {head}: {self.error}",
        }[self.status]


def _message(template, subject, context, recipients, connection):
    text = render_to_string(f"emails/reminders/{template}.txt", context)
    html = render_to_string(f"emails/reminders/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, sender(), recipients, connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def agency_message(submission, offset, recipients, *, today, connection=None):
    period = submission.period
    late = offset > 0
    subject = (f"{SUBJECT_PREFIX} {'Quá hạn' if late else 'Nhắc hạn'} gửi báo cáo {period} — "
               f"hạn {_d(period.due_date)}")
    context = {
        "period": str(period), "agency": submission.agency.name, "due": _d(period.due_date),
        "start": _d(period.start), "end": _d(period.end), "today": _d(today), "late": late,
        "stage": stage_label(offset), "returned": submission.status == SubmissionStatus.RETURNED,
        "return_reason": submission.return_reason, "link": submission_link(submission),
        "site": absolute_url("/"),
    }
    return _message("agency", subject, context, recipients, connection)


def digest_message(period, offset, submissions, recipients, *, today, connection=None):
    """`submissions`: the period's, with their agencies."""
    not_sent = [s for s in submissions if s.status in NOT_SENT]
    sent = [s for s in submissions if s.status not in NOT_SENT]
    late = [s for s in sent if s.on_time is False]
    overdue = period.is_past_due(today)
    rows = [{"agency": s.agency.name, "status": s.get_status_display(), "link": submission_link(s),
             "reason": s.return_reason if s.status == SubmissionStatus.RETURNED else ""} for s in not_sent]
    late_rows = [{"agency": s.agency.name, "sent": _d(timezone.localdate(s.first_submitted_at)),
                  "link": submission_link(s)} for s in late]
    subject = (f"{SUBJECT_PREFIX} Tình hình gửi báo cáo {period} — hạn {_d(period.due_date)}: "
               f"{len(not_sent)}/{len(submissions)} cơ quan chưa gửi")
    context = {
        "period": str(period), "due": _d(period.due_date), "today": _d(today), "stage": stage_label(offset),
        "overdue": overdue, "total": len(submissions), "sent_count": len(sent), "not_sent_count": len(not_sent),
        "late_count": len(late), "rows": rows, "late_rows": late_rows,
        "site": absolute_url("/"),
    }
    return _message("digest", subject, context, recipients, connection)


def _claim(period, agency, stage, sent_by=None):
    """Take the (period, agency, stage) slot; None if a run (this one earlier, or another now) has it."""
    try:
        with transaction.atomic():
            return ReminderLog.objects.create(period=period, agency=agency, stage=stage, sent_by=sent_by)
    except IntegrityError:
        return None


def _deliver(outcome, build, *, dry_run, sent_by=None):
    """Claim, send, record the recipients; or, in a dry run, only say what would be sent."""
    taken = ReminderLog.objects.filter(period=outcome.period, agency=outcome.agency, stage=outcome.stage).exists()
    if taken:
        outcome.status = "already_sent"
        return outcome
    if not outcome.recipients:
        outcome.status = "no_recipients"  # not recorded: once someone has an address, the next run sends
        return outcome
    message = build()
    outcome.subject = message.subject
    if dry_run:
        outcome.status = "would_send"
        return outcome
    log = _claim(outcome.period, outcome.agency, outcome.stage, sent_by)
    if log is None:
        outcome.status = "already_sent"
        return outcome
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 — any mail failure: give the slot back so the next run retries
        log.delete()
        outcome.status, outcome.error = "failed", str(exc)
        return outcome
    log.recipients = ", ".join(outcome.recipients)
    log.save(update_fields=["recipients"])
    outcome.status = "sent"
    return outcome


def agency_remind(*, submission, today, stage=None, user=None, dry_run=False, connection=None) -> Outcome:
    """Remind one agency of its report (`submission`, with its period and agency): the one function the
    daily command (`stage` "D-5", "D+0", …) and the dashboard's “Nhắc” button (`user`, the coordinator who
    pressed it; the stage is "tay:<date>", so at most once a day per agency) send through. Records it in
    ReminderLog before sending (never twice), says why not otherwise."""
    period = submission.period
    offset = (today - period.due_date).days
    if stage is None:
        stage = manual_stage(today)
    outcome = Outcome(period, stage, submission.agency, agency_recipients(submission.agency_id), "")
    build = functools.partial(agency_message, submission, offset, outcome.recipients, today=today,
                              connection=connection)
    return _deliver(outcome, build, dry_run=dry_run, sent_by=user)


def manual_stage(today):
    """What ReminderLog.stage holds for the “Nhắc” button: one slot per agency, period and day."""
    return f"tay:{today.isoformat()}"


def send_reminders(*, today=None, dry_run=False, offsets=None):
    """Send what is due on `today` (default: today in the portal's time zone). Returns the Outcomes."""
    today = today or timezone.localdate()
    outcomes = []
    connection = None if dry_run else get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        coordinators = None
        for period, offset in periods_with_a_stage(today, offsets):
            stage = stage_key(offset)
            # Agencies open on the run's day, by the rule every picker asks (a change recorded ahead closes
            # one on its date while its "đang hoạt động" box is still ticked).
            submissions = list(Submission.objects.filter(period=period, agency__in=Agency.objects.open_on(today))
                               .select_related("period", "agency").order_by("agency__name"))
            for submission in submissions:
                if submission.status not in NOT_SENT:
                    continue
                outcomes.append(agency_remind(submission=submission, today=today, stage=stage, dry_run=dry_run,
                                              connection=connection))
            if not any(s.status in NOT_SENT for s in submissions):
                continue  # everyone has sent: nothing to chase
            coordinators = coordinator_recipients() if coordinators is None else coordinators
            outcome = Outcome(period, stage, None, coordinators, "")
            build = functools.partial(digest_message, period, offset, submissions, coordinators, today=today,
                                      connection=connection)
            outcomes.append(_deliver(outcome, build, dry_run=dry_run))
    return outcomes


def reminders_send_now(*, period, user, agency_id=None, today=None) -> list[Outcome]:
    """The dashboard's “Nhắc” button: remind one agency (`agency_id`) or every agency of `period` whose
    report is not sent (Chưa gửi, Bị trả lại), now. A coordinator's act (cycle.may_review; PermissionDenied
    otherwise), recorded with who pressed it; at most once a day per agency ("already_sent" the second time
    — the daily command's reminder of the same day counts too)."""
    from .cycle import may_review

    if user is None or not may_review(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    submissions = (Submission.objects.filter(period=period, status__in=NOT_SENT,
                                             agency__in=Agency.objects.open_on(today))
                   .select_related("period", "agency").order_by("agency__name"))
    if agency_id is not None:
        submissions = submissions.filter(agency_id=agency_id)
    reminded_today = set(ReminderLog.objects.filter(period=period, sent_at__date=today)
                         .values_list("agency_id", flat=True))
    outcomes = []
    connection = get_connection()
    with translation.override(settings.LANGUAGE_CODE):
        for submission in submissions:
            if submission.agency_id in reminded_today:
                outcomes.append(Outcome(period, manual_stage(today), submission.agency, [], "already_sent"))
                continue
            outcomes.append(agency_remind(submission=submission, today=today, user=user, connection=connection))
    return outcomes
