"""Every figure the portal shows comes from here, computed by the database (GROUP BY), in a fixed
number of queries whatever the number of activities. Functions take keyword-only arguments and return
plain values (lists of dicts, ints), so a published report can freeze them as JSON.

A scope is a plan, a period (start and end dates, inclusive), or both. Public figures count approved
activities only (`Activity.objects.counted()`, the reporting cycle); staff previews pass `counted=False`
for what is still waiting for approval."""

import datetime as dt

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from campaigns.models import Activity, Plan, Task, TaskStatus, task_overdue, task_percent
from core.numbers import percent

from .figures import FIGURES_VERSION, Figures


def activities_in_scope(*, plan: Plan | None = None, start: dt.date | None = None, end: dt.date | None = None,
                        counted: bool = True) -> QuerySet[Activity]:
    queryset = Activity.objects.counted() if counted else Activity.objects.all()
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    if start is not None:
        queryset = queryset.filter(date__gte=start)
    if end is not None:
        queryset = queryset.filter(date__lte=end)
    return queryset


def channel_totals(*, plan: Plan | None = None, start: dt.date | None = None,
                   end: dt.date | None = None) -> list[dict]:
    """Per channel: total quantity (in the channel's one unit), number of activities, participants."""
    rows = (
        activities_in_scope(plan=plan, start=start, end=end)
        .values("channel_id", "channel__name", "channel__unit", "channel__code", "channel__order")
        .annotate(total=Sum("quantity"), activities=Count("id"),
                  participants=Coalesce(Sum("participants"), 0), awards=Coalesce(Sum("awards"), 0))
        .order_by("channel__order", "channel__name")
    )
    return [
        {"channel_id": r["channel_id"], "name": r["channel__name"], "unit": r["channel__unit"],
         "code": r["channel__code"], "total": r["total"], "activities": r["activities"],
         "participants": r["participants"], "awards": r["awards"]}
        for r in rows
    ]


def agency_totals(*, plan: Plan | None = None, start: dt.date | None = None,
                  end: dt.date | None = None) -> list[dict]:
    """Per agency: number of activities and participants (quantities are per channel, see below)."""
    rows = (
        activities_in_scope(plan=plan, start=start, end=end)
        .values("agency_id", "agency__name", "agency__short_name")
        .annotate(activities=Count("id"), participants=Coalesce(Sum("participants"), 0))
        .order_by("-activities", "agency__name")
    )
    return [
        {"agency_id": r["agency_id"], "name": r["agency__name"],
         "short_name": r["agency__short_name"] or r["agency__name"],
         "activities": r["activities"], "participants": r["participants"]}
        for r in rows
    ]


def agency_channel_totals(*, plan: Plan | None = None, start: dt.date | None = None,
                          end: dt.date | None = None) -> list[dict]:
    """Per agency and channel: the total quantity in the channel's unit."""
    rows = (
        activities_in_scope(plan=plan, start=start, end=end)
        .values("agency_id", "agency__short_name", "agency__name", "channel__name", "channel__unit")
        .annotate(total=Sum("quantity"), activities=Count("id"))
        .order_by("agency__name", "channel__order")
    )
    return [
        {"agency_id": r["agency_id"], "agency": r["agency__short_name"] or r["agency__name"],
         "channel": r["channel__name"], "unit": r["channel__unit"], "total": r["total"],
         "activities": r["activities"]}
        for r in rows
    ]


def monthly_timeline(*, plan: Plan | None = None, start: dt.date | None = None,
                     end: dt.date | None = None) -> list[dict]:
    """Per month: number of activities and participants, months without activity included as zero."""
    rows = (
        activities_in_scope(plan=plan, start=start, end=end)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(activities=Count("id"), participants=Coalesce(Sum("participants"), 0))
        .order_by("month")
    )
    by_month = {(r["month"].year, r["month"].month): r for r in rows}
    if not by_month:
        return []
    first, last = min(by_month), max(by_month)
    if start is not None:
        first = min(first, (start.year, start.month))
    if end is not None:
        last = max(last, (end.year, end.month))
    timeline, (year, month) = [], first
    while (year, month) <= last:
        row = by_month.get((year, month), {})
        timeline.append({"month": f"{year}-{month:02d}", "label": f"{month:02d}/{year}",
                         "activities": row.get("activities", 0), "participants": row.get("participants", 0)})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return timeline


def task_completion(*, plan: Plan, start: dt.date | None = None, end: dt.date | None = None,
                    counted: bool = True) -> dict:
    """Tasks of a plan with their progress as of the end of the period, and the share done then, in one
    query. Per task (counting only its activities in its own channel, so units never mix):
    `achieved_in_period`, its activities dated within [start, end]; `achieved`, cumulative from the plan's
    start to `end`. Percent, status and the plan's done count come from the cumulative figure. Without a
    period both figures are the plain total. A qualitative task's status is what staff set: no date is
    recorded for it, so it is the same whatever the period. `overdue`: its deadline had passed, not done, as
    of the period's end (without a period: today)."""
    as_of = end or timezone.localdate()
    tasks = list(
        Task.objects.filter(plan=plan).with_progress(start=start, end=end, counted=counted)
        .values("id", "title", "target_quantity", "achieved", "achieved_in_period", "progress_status", "deadline",
                "lead_agency__name", "lead_agency__short_name", "channel__unit")
        .order_by("order", "id")
    )
    rows = []
    for t in tasks:
        target = t["target_quantity"]
        status = t["progress_status"]
        rows.append({
            "id": t["id"], "title": t["title"], "target": target,
            "achieved_in_period": t["achieved_in_period"] if target else None,
            "achieved": t["achieved"] if target else None,
            "unit": t["channel__unit"],
            "percent": task_percent(target=target, achieved=t["achieved"], status=status), "status": str(status),
            "status_label": str(TaskStatus(status).label),
            "deadline": t["deadline"].isoformat() if t["deadline"] else None,
            "lead_agency": t["lead_agency__short_name"] or t["lead_agency__name"],
            "overdue": task_overdue(deadline=t["deadline"], status=status, as_of=as_of),
        })
    done = sum(1 for row in rows if row["status"] == TaskStatus.DONE)
    return {
        "start": start.isoformat() if start else None, "end": end.isoformat() if end else None,
        "planned": len(rows), "done": done,
        "percent": percent(done, len(rows)),
        "tasks": rows,
    }


def report_figures(*, plan: Plan | None = None, start: dt.date | None = None,
                   end: dt.date | None = None) -> Figures:
    """Everything a report shows, as JSON-serializable values (what publishing freezes), in the shape
    reports.figures declares."""
    totals = activities_in_scope(plan=plan, start=start, end=end).aggregate(
        activities=Count("id"), participants=Coalesce(Sum("participants"), 0),
        agencies=Count("agency", distinct=True),
    )
    return {
        "version": FIGURES_VERSION,
        "computed_at": dt.datetime.now(dt.UTC).isoformat(),
        "totals": totals,
        "channels": channel_totals(plan=plan, start=start, end=end),
        "agencies": agency_totals(plan=plan, start=start, end=end),
        "agency_channels": agency_channel_totals(plan=plan, start=start, end=end),
        "months": monthly_timeline(plan=plan, start=start, end=end),
        "completion": task_completion(plan=plan, start=start, end=end) if plan is not None else None,
    }


def headline(figures: Figures, *, limit: int = 4) -> list[dict]:
    """The figures a home page leads with, in the channels' order: "574 đề tài Phát thanh – truyền hình"…"""
    return [row for row in figures["channels"] if row["total"]][:limit]


def pending_totals(*, plan: Plan | None = None, start: dt.date | None = None,
                   end: dt.date | None = None) -> list[dict]:
    """What staff previews mark as not yet counted: activities waiting for approval, per channel."""
    pending = activities_in_scope(plan=plan, start=start, end=end, counted=False).filter(approved=False)
    rows = (pending.values("channel__name", "channel__unit").annotate(total=Sum("quantity"), activities=Count("id"))
            .order_by("channel__order", "channel__name"))
    return [{"channel": r["channel__name"], "unit": r["channel__unit"], "total": r["total"],
             "activities": r["activities"]} for r in rows]
