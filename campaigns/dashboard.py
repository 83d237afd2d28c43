"""What the coordinator and an officer need to see first in a reporting cycle: the campaigns app's panels
of the staff start page (campaigns.panels).

Each function returns plain values for its panel's template and costs a fixed number of queries whatever
the number of agencies, tasks or activities: one for the period's submissions (with each agency's last
entry as a subquery), one aggregate for the totals, one for the tasks' progress, one for where closed agencies'
work is today (agencies.succession)."""

from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from agencies import scoping
from agencies.succession import current_units, share_text
from core.numbers import percent

from . import access, cycle
from .models import (
    Activity,
    ReminderLog,
    ReportingPeriod,
    Submission,
    SubmissionStatus,
    Task,
    TaskStatus,
    task_overdue,
    task_percent,
)


def _task_progress(tasks, today):
    """{agency id: {"done", "total", "overdue"}} for the tasks' lead agencies, from one query."""
    by_agency = defaultdict(lambda: {"done": 0, "total": 0, "overdue": 0})
    for row in tasks.with_progress(counted=False).values("lead_agency_id", "progress_status", "deadline"):
        figures = by_agency[row["lead_agency_id"]]
        figures["total"] += 1
        figures["done"] += row["progress_status"] == TaskStatus.DONE
        figures["overdue"] += task_overdue(deadline=row["deadline"], status=row["progress_status"], as_of=today)
    return by_agency


ROWS_PER_PAGE = 100  # a province has a few dozen agencies; the national data 3,763 (one page: ~2 MB of HTML)


def _needs_action_first(on_time_until):
    """Returned, then not sent, then waiting for approval (or for the agency head's confirmation), then sent
    late, then approved on time."""
    return Case(
        When(status=SubmissionStatus.RETURNED, then=Value(0)),
        When(first_submitted_at__isnull=True, then=Value(1)),
        When(status__in=(SubmissionStatus.SUBMITTED, SubmissionStatus.AWAITING_CONFIRMATION), then=Value(2)),
        When(first_submitted_at__gt=on_time_until, then=Value(3)),
        default=Value(4), output_field=IntegerField())


def coordinator_dashboard(*, period_id=None, page=1, today=None):
    """Per expected agency of the period (`period_id`, else `cycle.current_period()`): its submission, its
    last entry, its led tasks of the period's year — those needing action first, ROWS_PER_PAGE a page; the
    province's totals and rates."""
    today = today or timezone.localdate()
    periods = list(ReportingPeriod.objects.order_by("-year", "-due_date"))
    period = next((p for p in periods if p.pk == period_id), None) if period_id else None
    if period is None:
        current = cycle.current_period(today)
        period = next((p for p in periods if current and p.pk == current.pk), None)
    data = {"periods": periods, "period": period, "rows": [], "totals": None,
            "confirmation": cycle.agency_confirmation_on()}
    if period is None:
        return data
    on_time_until = period.on_time_until
    last_entry = Activity.objects.filter(agency_id=OuterRef("agency_id")).order_by().values(
        "agency_id").annotate(last=Max("created_at")).values("last")
    totals = Submission.objects.filter(period=period).aggregate(
        expected=Count("pk"),
        sent=Count("pk", filter=Q(first_submitted_at__isnull=False)),
        waiting=Count("pk", filter=Q(status=SubmissionStatus.SUBMITTED)),
        awaiting_confirmation=Count("pk", filter=Q(status=SubmissionStatus.AWAITING_CONFIRMATION)),
        approved=Count("pk", filter=Q(status=SubmissionStatus.APPROVED)),
        returned=Count("pk", filter=Q(status=SubmissionStatus.RETURNED)),
        on_time=Count("pk", filter=Q(first_submitted_at__lte=on_time_until)),
        late=Count("pk", filter=Q(first_submitted_at__gt=on_time_until)),
    )
    pages = max(1, -(-totals["expected"] // ROWS_PER_PAGE))
    page = min(max(1, page or 1), pages)
    subs = list(Submission.objects.filter(period=period).select_related(
        "agency", "submitted_by", "confirmed_by", "reviewed_by").annotate(
        last_entry=Subquery(last_entry), priority=_needs_action_first(on_time_until),
        last_reminded=Subquery(ReminderLog.objects.filter(period=period, agency_id=OuterRef("agency_id"))
                               .order_by("-sent_at").values("sent_at")[:1]))
        .order_by("priority", "agency__name", "pk")[(page - 1) * ROWS_PER_PAGE:page * ROWS_PER_PAGE])
    past_due = period.is_past_due(today)
    totals["missing"] = totals["expected"] - totals["sent"]
    totals["reporting_rate"] = percent(totals["sent"], totals["expected"])
    totals["on_time_rate"] = percent(totals["on_time"], totals["expected"])
    totals["past_due"] = past_due
    progress = _task_progress(Task.objects.filter(plan__year=period.year,
                                                  lead_agency_id__in=[s.agency_id for s in subs]), today)
    # A row is the agency's reporting duty for the period (a status, dates: nothing to add up under another
    # unit); a closed agency's row names the units that carry its work today, as reports.reform counts them.
    units = current_units()
    rows = []
    for sub in subs:
        sent = sub.first_submitted_at
        rows.append({
            "submission": sub, "agency": sub.agency,
            "today": ", ".join(s.name if s.share == 1 else f"{s.name} ({share_text(s.share)})"
                               for s in units.of(sub.agency_id) or ()),
            "late": bool(sent and sent > on_time_until), "missing_past_due": sent is None and past_due,
            "last_entry": sub.last_entry, "tasks": progress.get(sub.agency_id),
            "levels": cycle.submission_levels(sub),
        })
    data.update(rows=rows, totals=totals, page=page, pages=pages,
                first_row=(page - 1) * ROWS_PER_PAGE + 1, last_row=(page - 1) * ROWS_PER_PAGE + len(rows))
    return data


def officer_dashboard(*, user, today=None):
    """The officer's agency: the tasks it leads or coordinates, labelled (of the years of the open periods,
    or this year; else of the latest year it had tasks) with progress and deadlines; the open periods with
    its submission; any submission returned to it, with the reason."""
    today = today or timezone.localdate()
    agency_id = user.agency_id
    if agency_id is None:
        return None
    periods = list(cycle.open_periods(today))
    mine = scoping.visible(Submission.objects.all(), user).filter(agency_id=agency_id)
    by_period = {s.period_id: s for s in mine.filter(period__in=[p.pk for p in periods])}
    returned = list(mine.filter(status=SubmissionStatus.RETURNED).select_related("period", "reviewed_by")
                    .order_by("period__due_date"))
    # The tasks it leads and those it coordinates (phối hợp), each labelled (campaigns.access).
    own = Task.objects.filter(access.own_tasks_q(agency_id))
    years = {p.year for p in periods} or {today.year}
    if not own.filter(plan__year__in=years).exists():  # nothing this year yet: the latest year it had tasks
        latest = own.order_by("-plan__year").values_list("plan__year", flat=True).first()
        years = {latest} if latest else years
    tasks = list(access.with_role(own.filter(plan__year__in=years).with_progress(counted=False), agency_id)
                 .select_related("plan", "channel").order_by("deadline", "plan", "order", "id"))
    task_rows = []
    for task in tasks:
        target = task.target_quantity
        task_rows.append({
            "task": task, "role": task.role, "target": target, "achieved": task.achieved if target else None,
            "unit": task.channel.unit if task.channel_id else "",
            "percent": task_percent(target=target, achieved=task.achieved, status=task.progress_status)
            if target else None,
            "overdue": task_overdue(deadline=task.deadline, status=task.progress_status, as_of=today),
        })
    return {
        "periods": [{"period": p, "submission": by_period.get(p.pk)} for p in periods],
        "returned": returned, "tasks": task_rows,
        # Whether this person sends the agency's report (its head confirms, never sends: cycle.may_submit).
        "sends": user.has_perm("campaigns.change_submission"), "years": sorted(years),
        "overdue_count": sum(r["overdue"] for r in task_rows),
    }
