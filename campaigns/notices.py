"""Emails at every step of the reporting cycle (issue 25): who is told what, once, after the step commits.

In words:
- Each step (campaigns.cycle) calls `submission_notify` inside its transaction. It writes one CycleNotice
  row per person to tell (unique per report, event, moment and person: never twice for one event) and
  asks for the emails after commit — a step rolled back writes no row and sends nothing.
- Who, and how, is one entry of EVENTS per event: a new step (the agency head's confirmation, a return by
  the head to the officer) is one more NoticeEvent and one more Event here, not a rewrite.
- "Coordinators" are active staff who see every agency and may review (cycle.may_review); "the agency's
  officers" are its active staff. Only those with an address who keep `cycle_emails` on (their own choice,
  accounts.views.notification_settings) get a row; the start page's "Việc cần làm" (campaigns.todo) shows
  the same items to everyone, from the reports' current state.
- Digest events (a report sent → the coordinators): the first in an hour mails at once; while a person
  had such an email in the last DIGEST_MINUTES, later ones wait (sent_at empty) and `manage.py
  send_cycle_notices` (deploy/cchc-cycle-notices.timer, every 15 minutes) sends each person one digest of
  what waits, once their last email is DIGEST_MINUTES old: at most one email an hour per coordinator.
- Sending claims the rows first (an UPDATE of those still unsent): whoever claims them sends; a failed
  send gives them back, and the next digest run retries them. A waiting notice that no longer asks for
  anything when its digest goes (the report was reviewed meanwhile: Event.still) is closed without email.
"""

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.dates import vn_date, vn_datetime
from core.identity import sender
from core.sites import absolute_url

from .models import CycleNotice, NoticeEvent, Submission, SubmissionStatus

logger = logging.getLogger(__name__)
SUBJECT_PREFIX = "[Cổng CCHC]"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
DIGEST_MINUTES = 60
DIGEST_ROWS = 50  # a digest lists this many; the rest are counted and are in “Việc cần làm”


@dataclasses.dataclass(frozen=True)
class Event:
    """How one step is told: to whom ("coordinators" or "agency"), the sentence (with the agency and period
    filled in), the call to act, and whether many of them gather into a digest."""

    audience: str  # a key of AUDIENCES
    subject: str  # "{agency}", "{period}"
    what: str  # one sentence, same fields
    action: str  # the link's label
    digest: bool = False
    tone: str = "info"  # "info", "bad", "good": the colour of the email's box
    # Whether a notice still asks for something when its email is about to go (a digest an hour later):
    # a report already reviewed is left out. None: always.
    still: Callable[[Submission, CycleNotice], bool] | None = None

    def still_relevant(self, notice) -> bool:
        return self.still is None or self.still(notice.submission, notice)


def _still(submission, notice, status) -> bool:
    """A return, a reopening or an approval is still news while the report is where that step left it."""
    return submission.status == status and submission.reviewed_at == notice.occurred_at


EVENTS = {
    NoticeEvent.SUBMITTED: Event(
        "coordinators", "{agency} đã gửi báo cáo {period}", "{agency} đã gửi báo cáo {period}, chờ duyệt.",
        "Mở báo cáo để duyệt hoặc trả lại", digest=True,
        still=lambda submission, notice: (submission.status == SubmissionStatus.SUBMITTED
                                          and submission.submitted_at == notice.occurred_at)),
    # REPORTING_AGENCY_CONFIRMATION on: the officer's sending goes to the agency's head first; the head's
    # confirmation is what the coordinators are told of (as SUBMITTED is when the step is off).
    NoticeEvent.AWAITING_CONFIRMATION: Event(
        "heads", "Báo cáo {period} của {agency} chờ lãnh đạo xác nhận", "Cán bộ của {agency} đã gửi báo cáo "
        "{period}; báo cáo chờ lãnh đạo cơ quan xác nhận trước khi gửi cấp tỉnh duyệt.",
        "Mở báo cáo để xác nhận hoặc trả lại cho cán bộ",
        still=lambda submission, notice: (submission.status == SubmissionStatus.AWAITING_CONFIRMATION
                                          and submission.submitted_at == notice.occurred_at)),
    NoticeEvent.CONFIRMED: Event(
        "coordinators", "{agency} đã gửi báo cáo {period} (lãnh đạo đã xác nhận)",
        "{agency} đã gửi báo cáo {period}, lãnh đạo cơ quan đã xác nhận; báo cáo chờ duyệt.",
        "Mở báo cáo để duyệt hoặc trả lại", digest=True,
        still=lambda submission, notice: (submission.status == SubmissionStatus.SUBMITTED
                                          and submission.confirmed_at == notice.occurred_at)),
    NoticeEvent.RETURNED_BY_HEAD: Event(
        "officers", "Lãnh đạo cơ quan trả lại báo cáo {period}", "Lãnh đạo cơ quan đã trả lại báo cáo {period} "
        "của {agency} để cán bộ sửa trước khi gửi cấp tỉnh.", "Sửa và gửi lại báo cáo", tone="bad",
        still=lambda submission, notice: _still(submission, notice, SubmissionStatus.RETURNED)),
    NoticeEvent.RETURNED: Event(
        "agency", "Báo cáo {period} bị trả lại", "Báo cáo {period} của {agency} đã bị trả lại.",
        "Sửa và gửi lại báo cáo", tone="bad",
        still=lambda submission, notice: _still(submission, notice, SubmissionStatus.RETURNED)),
    NoticeEvent.APPROVED: Event(
        "agency", "Báo cáo {period} đã được duyệt", "Báo cáo {period} của {agency} đã được duyệt: kết quả trong "
        "kỳ được tính vào số liệu công khai và được khóa.", "Xem báo cáo", tone="good",
        still=lambda submission, notice: _still(submission, notice, SubmissionStatus.APPROVED)),
    NoticeEvent.REOPENED: Event(
        "agency", "Báo cáo {period} được mở lại để sửa", "Báo cáo {period} của {agency} đã được mở lại để sửa: "
        "kết quả trong kỳ tạm không tính vào số liệu công khai cho đến khi được duyệt lại.",
        "Sửa và gửi lại báo cáo", tone="bad",
        still=lambda submission, notice: _still(submission, notice, SubmissionStatus.RETURNED)),
}


def _emailable():
    return get_user_model().objects.filter(is_active=True, is_staff=True, cycle_emails=True).exclude(email="")


def _holding(perm, **options):
    """The ids of the users who hold `perm` through a group or their own permissions (Django's
    UserManager.with_perm, asked of the model backend: the login-protection backend holds no permission)."""
    return get_user_model().objects.with_perm(perm, backend=MODEL_BACKEND, **options).values("pk")


def coordinators():
    """Active staff who see every agency and may review reports (cycle.may_review), with an address and the
    emails on."""
    both = Q(pk__in=_holding("agencies.manage_all_agencies")) & Q(pk__in=_holding("campaigns.review_submission"))
    return _emailable().filter(Q(is_superuser=True) | both).order_by("pk")


def agency_officers(agency_id):
    """The agency's active staff with an address and the emails on."""
    return _emailable().filter(agency_id=agency_id).order_by("pk")


def agency_heads(agency_id):
    """The agency's heads (role “Lãnh đạo cơ quan”: campaigns.confirm_submission, not seeing every agency),
    active, with an address and the emails on — whom cycle.may_confirm lets confirm."""
    return (_emailable().filter(agency_id=agency_id,
                                pk__in=_holding("campaigns.confirm_submission", include_superusers=False))
            .exclude(pk__in=_holding("agencies.manage_all_agencies")).order_by("pk"))


# Who an Event's `audience` names, for a report: one entry each.
AUDIENCES = {
    "coordinators": lambda submission: coordinators(),
    "agency": lambda submission: agency_officers(submission.agency_id),
    "heads": lambda submission: agency_heads(submission.agency_id),
    # The head's return: the officers who fix it, not the heads who returned it.
    "officers": lambda submission: agency_officers(submission.agency_id).exclude(
        pk__in=agency_heads(submission.agency_id).values("pk")),
}


def recipients_for(event: Event, submission: Submission):
    return AUDIENCES[event.audience](submission)


def submission_notify(*, submission: Submission, event: str, at: dt.datetime, reason: str = "") -> list[int]:
    """Record that `event` happened to `submission` at `at` and tell whom EVENTS says, after commit. Called
    inside the step's transaction. Returns the ids of the rows written (none if already recorded)."""
    spec = EVENTS[event]
    now = timezone.now()
    created, immediate = [], []
    recent = now - dt.timedelta(minutes=DIGEST_MINUTES)
    recipients = recipients_for(spec, submission)
    if spec.digest:  # two reports sent at once: the second waits for the first's decision (PostgreSQL)
        recipients = recipients.select_for_update()
    for user in recipients:
        # A digest event waits when the person had an email of the cycle within the hour or has some waiting.
        waits = spec.digest and CycleNotice.objects.filter(recipient=user).filter(
            Q(sent_at__gt=recent) | Q(sent_at__isnull=True)).exists()
        try:
            with transaction.atomic():
                notice = CycleNotice.objects.create(submission=submission, event=event, occurred_at=at,
                                                    reason=reason, recipient=user)
        except IntegrityError:
            continue  # this event was told to this person already
        created.append(notice.pk)
        if not waits:
            immediate.append(notice.pk)
    if immediate:
        # robust: whatever goes wrong with the email is logged, never turns the saved step into an error page
        transaction.on_commit(lambda: send_notices(ids=immediate), robust=True)
    return created


def _claim(ids, now):
    """Take the rows still unsent among `ids` (one UPDATE): what this caller, and no other, sends."""
    with transaction.atomic():
        taken = list(CycleNotice.objects.select_for_update().filter(pk__in=ids, sent_at__isnull=True)
                     .values_list("pk", flat=True))
        CycleNotice.objects.filter(pk__in=taken).update(sent_at=now)
    return taken


def link_for(submission_id):
    return absolute_url(reverse("admin:campaigns_submission_change", args=[submission_id]))


def _item(notice):
    spec = EVENTS[notice.event]
    submission = notice.submission
    fields = {"agency": submission.agency.name, "period": str(submission.period)}
    return {
        "event": notice.get_event_display(), "what": spec.what.format(**fields), "subject": spec.subject.format(
            **fields), "agency": fields["agency"], "period": fields["period"], "reason": notice.reason,
        "when": vn_datetime(notice.occurred_at), "due": vn_date(submission.period.due_date),
        "window": f"{vn_date(submission.period.start)} – {vn_date(submission.period.end)}",
        "action": spec.action, "link": link_for(submission.pk), "tone": spec.tone,
    }


def build_message(recipient, notices) -> EmailMultiAlternatives:
    """One email to `recipient`: the one event of `notices`, or a digest of them."""
    items = [_item(n) for n in notices[:DIGEST_ROWS]]
    if len(notices) == 1:
        subject, template = items[0]["subject"], "event"
    else:
        subject, template = f"{len(notices)} việc mới về báo cáo kỳ cần anh/chị xem", "digest"
    context = {"name": recipient.get_full_name() or recipient.get_username(), "items": items, "item": items[0],
               "total": len(notices), "more": len(notices) - len(items),
               "subject": subject, "site": absolute_url("/"),
               "todo_link": absolute_url(reverse("admin:index")),
               "settings_link": absolute_url(reverse("staff_notification_settings"))}
    text = render_to_string(f"emails/cycle/{template}.txt", context)
    html = render_to_string(f"emails/cycle/{template}.html", context)
    message = EmailMultiAlternatives(f"{SUBJECT_PREFIX} {subject}"[:200], text, sender(), [recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def _still_told(event, notice, audiences) -> bool:
    """Whether the person is still one `event` tells for the report (`audiences` keeps each audience's ids
    for this sending: one query per audience and report)."""
    key = (event.audience, notice.submission_id)
    if key not in audiences:
        audiences[key] = set(recipients_for(event, notice.submission).values_list("pk", flat=True))
    return notice.recipient_id in audiences[key]


def send_notices(*, ids, now=None) -> int:
    """Send the unsent rows among `ids`, one email per person (a digest when a person has several). Returns
    how many emails went. A failed email gives its rows back (sent_at empty) for the next digest run."""
    now = now or timezone.now()
    taken = _claim(ids, now)
    if not taken:
        return 0
    by_person = {}
    audiences = {}
    for notice in (CycleNotice.objects.filter(pk__in=taken)
                   .select_related("recipient", "submission__agency", "submission__period")
                   .order_by("recipient_id", "occurred_at", "pk")):
        event = EVENTS[notice.event]
        # Checked again when the email goes (a digest an hour later, a retry): the step still asks for
        # something, and the person is still one the event tells — active, emails on, same agency.
        if event.still_relevant(notice) and _still_told(event, notice, audiences):
            by_person.setdefault(notice.recipient, []).append(notice)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for person, notices in by_person.items():
            try:
                build_message(person, notices).send()
            except Exception:  # noqa: BLE001 — the server refused: retried by the next digest run
                logger.exception("campaigns: could not send %s cycle notice(s) to user %s", len(notices), person.pk)
                CycleNotice.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=None)
            else:
                sent += 1
    return sent


def send_waiting_digests(*, now=None) -> int:
    """What `manage.py send_cycle_notices` does: each person with notices waiting, whose last email of the
    cycle is DIGEST_MINUTES old or more, gets one email of them all. Returns how many emails went."""
    now = now or timezone.now()
    recent = CycleNotice.objects.filter(sent_at__gt=now - dt.timedelta(minutes=DIGEST_MINUTES))
    waiting = (CycleNotice.objects.filter(sent_at__isnull=True)
               .exclude(recipient_id__in=recent.values("recipient_id")).values_list("pk", flat=True))
    return send_notices(ids=list(waiting), now=now)
