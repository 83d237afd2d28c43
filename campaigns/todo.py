"""“Việc cần làm” on the staff start page (campaigns.panels.TodoPanel): the same items the cycle's emails
announce (campaigns.notices), read from the reports' current state — so an item goes away by itself when
it is done (a report approved or returned leaves the coordinator's list, a returned report sent again
leaves the officer's). No to-do table to keep in step. A fixed number of queries whatever the numbers:
ROWS items at most of each kind, with the full count.

- The coordinator: reports waiting for review (Đã gửi, chờ duyệt), oldest first; periods past due (within
  OVERDUE_DAYS, and that apply) with agencies that have not sent, with how many.
- An officer: their agency's reports returned (or reopened) with the reason; the open periods its report
  is still to be sent for, with the due date (late ones said so).
- The agency's head (REPORTING_AGENCY_CONFIRMATION): its reports waiting for their confirmation.
"""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core.dates import vn_date, vn_datetime

from . import cycle
from .models import ReportingPeriod, Submission, SubmissionStatus
from .reminders import NOT_SENT  # not sent, or returned and not sent again: what the reminders and Nhắc count

ROWS = 10
OVERDUE_DAYS = 366


def _link(submission_id):
    return reverse("admin:campaigns_submission_change", args=[submission_id])


def coordinator_todo(*, today: dt.date | None = None) -> dict:
    """{"waiting": [items], "waiting_count", "overdue": [items]} — three queries."""
    today = today or timezone.localdate()
    waiting_qs = Submission.objects.filter(status=SubmissionStatus.SUBMITTED)
    waiting_count = waiting_qs.count()
    waiting = [{
        "text": f"Duyệt báo cáo {s.period} của {s.agency.display_name}",
        "detail": f"Gửi lúc {vn_datetime(s.submitted_at)}" + (" · không phát sinh" if s.nothing_to_report else ""),
        "link": _link(s.pk),
    } for s in waiting_qs.select_related("period", "agency").order_by("submitted_at", "pk")[:ROWS]]
    periods = (ReportingPeriod.objects.applicable()
               .filter(due_date__lt=today, due_date__gte=today - dt.timedelta(days=OVERDUE_DAYS))
               .annotate(missing=Count("submissions", filter=Q(submissions__status__in=NOT_SENT)),
                         expected=Count("submissions"))
               .filter(missing__gt=0).order_by("-due_date")[:ROWS])
    overdue = [{
        "text": f"{p.missing}/{p.expected} cơ quan chưa gửi báo cáo {p} (hạn {vn_date(p.due_date)})",
        "detail": "Quá hạn — bấm “Nhắc” trên bảng tình hình báo cáo",
        "link": f"{reverse('admin:index')}?ky={p.pk}#dash-title", "late": True,
    } for p in periods]
    return {"waiting": waiting, "waiting_count": waiting_count, "overdue": overdue,
            "empty": not waiting_count and not overdue}


def officer_todo(*, user, today: dt.date | None = None) -> dict | None:
    """{"returned": [items with reason], "to_send": [items]} for the officer's agency — two queries."""
    today = today or timezone.localdate()
    if user.agency_id is None:
        return None
    mine = Submission.objects.filter(agency_id=user.agency_id).select_related("period")
    waiting_on_us = list(mine.filter(status__in=(SubmissionStatus.RETURNED, SubmissionStatus.AWAITING_CONFIRMATION))
                         .order_by("period__due_date", "submitted_at", "pk")[:2 * ROWS])
    returned = [{
        "text": f"Sửa và gửi lại báo cáo {s.period} (bị trả lại {vn_datetime(s.reviewed_at)})",
        "reason": s.return_reason, "link": _link(s.pk), "late": True,
    } for s in waiting_on_us if s.status == SubmissionStatus.RETURNED and cycle.may_submit(user, s)][:ROWS]
    # The agency's head (cycle.may_confirm; asked only when a report waits, so an officer's page costs nothing).
    to_confirm = [{
        "text": f"Xác nhận báo cáo {s.period} của cơ quan",
        "detail": f"Cán bộ gửi lúc {vn_datetime(s.submitted_at)} · Mở để xác nhận hoặc trả lại",
        "link": _link(s.pk),
    } for s in waiting_on_us if s.status == SubmissionStatus.AWAITING_CONFIRMATION
        and cycle.may_confirm(user, s)][:ROWS]
    open_ids = cycle.open_periods(today).filter(applies=True).values("pk")
    to_send = [{
        "text": f"Gửi báo cáo {s.period} (hạn {vn_date(s.period.due_date)})",
        "detail": "Đã quá hạn" if s.period.is_past_due(today) else
        f"Lấy số liệu {vn_date(s.period.start)} – {vn_date(s.period.end)}",
        "link": _link(s.pk), "late": s.period.is_past_due(today),
    } for s in mine.filter(status=SubmissionStatus.NOT_SUBMITTED, period__in=open_ids)
        .order_by("period__due_date", "pk")[:ROWS] if cycle.may_submit(user, s)]  # not the head's to do
    return {"returned": returned, "to_send": to_send, "to_confirm": to_confirm,
            "empty": not returned and not to_send and not to_confirm}
