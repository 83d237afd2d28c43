import json
from functools import wraps

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from accounts.two_factor import staff_verified
from agencies import scoping
from agencies.models import Agency
from campaigns.models import Plan, PublishStatus, Task
from core.caching import public_page
from core.files import file_response
from core.numbers import format_number, parse_id
from core.sites import absolute_url

from . import charts, open_data, queries, reform
from .exports import report_file_response
from .figures import as_of_phrase, has_awards, progress_columns
from .models import Report

LIST_PAGE_SIZE = 20


AGENCY_ROWS = 15  # a national report lists hundreds of agencies: the page shows the most active ones


def _quantity(value, unit):
    """ "285 đề tài" that never breaks across lines in a narrow table cell; "—" when there is no figure."""
    if value is None:
        return "—"
    return f"{format_number(value)} {unit or ''}".strip().replace(" ", "\u00a0")


def _task_rows(completion):
    """Each task with its quantities written out for the table (the figures themselves stay untouched)."""
    rows = []
    for task in (completion or {}).get("tasks", []):
        measured = bool(task["target"])
        rows.append({**task,
                     "target_text": _quantity(task["target"], task["unit"]) if measured else "—",
                     "in_period_text": _quantity(task["achieved_in_period"], task["unit"]) if measured else "—",
                     "achieved_text": _quantity(task["achieved"], task["unit"]) if measured else "—"})
    return rows


def units_choice(request):
    """?don-vi=hien-nay: the per-agency figures under today's units (reports.reform); anything else, as
    reported."""
    return reform.CURRENT if request.GET.get(reform.PARAMETER) == reform.CURRENT else reform.AS_REPORTED


def _figures_context(figures):
    agencies = sorted(figures["agencies"], key=lambda row: -row["activities"])
    shown = {row["agency_id"] for row in agencies[:AGENCY_ROWS]}
    return {
        "figures": figures,
        "recalculated": figures.get("recalculated"),
        "progress_columns": progress_columns(figures["completion"]),
        "channel_awards": has_awards(figures),
        "task_rows": _task_rows(figures["completion"]),
        "completion_as_of": as_of_phrase(figures["completion"]),
        "agency_count": len(agencies),
        "agency_rows": AGENCY_ROWS,
        "agencies_hidden": max(0, len(agencies) - AGENCY_ROWS),
        "agency_channels": [row for row in figures["agency_channels"] if row["agency_id"] in shown],
        # Added up from the rows (all of them, shown or not), so the totals row proves the recalculation
        # "theo đơn vị hiện nay" kept every activity.
        "agency_channel_activities": sum(row["activities"] for row in figures["agency_channels"]),
        "headline": queries.headline(figures),
        # Channels count in units that do not compare ("3 buổi", "144 đề tài"): what compares is each task's
        # share of its own target, drawn beside the task table.
        "target_chart": _target_chart(figures["completion"]),
        "month_chart": charts.column_bars(figures["months"], label="label", value="activities"),
        "agency_chart": charts.horizontal_bars(
            agencies[:AGENCY_ROWS], label="short_name", value="activities",
            text=lambda r: f"{r['activities']} hoạt động"),
    }


def _target_chart(completion):
    """The tasks' shares of their targets (reports.charts.target_bars) with the sentence that describes the
    chart to a screen reader; None without tasks that have a target."""
    if not completion:
        return None
    chart = charts.target_bars(completion["tasks"], label="title")
    if not chart["bars"]:
        return None
    desc = (f"{len(chart['bars'])} nhiệm vụ có chỉ tiêu. Mỗi thanh là phần đã thực hiện (lũy kế) so với chỉ tiêu "
            "của nhiệm vụ: đủ dài là đạt chỉ tiêu; phần vượt chỉ tiêu ghi bằng số.")
    if chart["skipped"]:
        desc += f" {chart['skipped']} nhiệm vụ không có chỉ tiêu (định tính) chỉ có trong bảng."
    return {**chart, "desc": desc}


def may_preview(user, report):
    """A draft's preview: staff of its issuing agency and coordinators (agencies.scoping), in a session
    verified by a code where two-step login is required."""
    return staff_verified(user) and scoping.can_see(user, report)


@require_GET
@public_page
def home(request):
    latest_report = Report.objects.published().select_related("issuing_agency", "plan").first()
    context = {
        "latest_report": latest_report,
        "reports": Report.objects.published().listing().select_related("issuing_agency")[:5],
        "plans": Plan.objects.published().defer("body").select_related("issuing_agency")[:5],
    }
    if latest_report:
        figures = latest_report.current_figures()
        context["figures"] = figures
        context["headline"] = queries.headline(figures)
        context["completion_as_of"] = as_of_phrase(figures["completion"])
    return render(request, "reports/home.html", context)


@require_GET
@public_page
def plan_list(request):
    plans = Plan.objects.published().defer("body").select_related("issuing_agency")
    year = parse_id(request.GET.get("nam", ""), max_digits=4)
    agency = parse_id(request.GET.get("co-quan", ""))
    if year is not None:
        plans = plans.filter(year=year)
    if agency is not None:
        plans = plans.filter(issuing_agency_id=agency)
    context = {
        "page": Paginator(plans, LIST_PAGE_SIZE).get_page(request.GET.get("trang")),
        "years": Plan.objects.published().order_by("-year").values_list("year", flat=True).distinct(),
        "agencies": Agency.objects.filter(plans__status=PublishStatus.PUBLISHED).distinct().order_by("name"),
        "selected_year": "" if year is None else str(year), "selected_agency": "" if agency is None else str(agency),
    }
    return render(request, "reports/plan_list.html", context)


@public_page
def plan_detail(request, slug):
    plan = get_object_or_404(Plan.objects.published().select_related("issuing_agency"), slug=slug)
    completion = queries.task_completion(plan=plan)
    # One query of plain values (in the agencies' own order), not the tasks and a prefetch of agency rows.
    coordinating = {}
    for task_id, short_name, name in (
            Task.coordinating_agencies.through.objects.filter(task__plan=plan)
            .order_by("task_id", "agency__kind", "agency__name")
            .values_list("task_id", "agency__short_name", "agency__name")):
        coordinating.setdefault(task_id, []).append(short_name or name)
    for task in completion["tasks"]:
        task["coordinating"] = coordinating.get(task["id"], [])
    return render(request, "reports/plan_detail.html", {
        "plan": plan, "completion": completion, "object": plan,
        "reports": plan.reports.published().listing(),
    })


@require_GET
@public_page
def report_list(request):
    reports = Report.objects.published().listing().select_related("issuing_agency", "plan")
    page = Paginator(reports, LIST_PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "reports/report_list.html", {"page": page})


@public_page
def report_detail(request, slug):
    report = get_object_or_404(Report.objects.select_related("issuing_agency", "plan"), slug=slug)
    preview = not report.is_published
    if preview and not may_preview(request.user, report):
        raise Http404
    figures = report.current_figures()
    context = {"report": report, "object": report, "preview": preview,
               "pending": report.pending_figures(figures) if preview else []}
    units = units_choice(request)
    if units == reform.CURRENT:
        figures = reform.by_current_units(figures)
    context.update(_figures_context(figures))
    context.update(units=units, units_parameter=reform.PARAMETER, units_current=reform.CURRENT)
    if not preview:
        context["dataset"] = open_data.schema_org_dataset(report)
    return render(request, "reports/report_detail.html", context)


@require_GET
@public_page
def report_download(request, slug, fmt):
    """A published report as Word (.docx, its frozen figures), Excel or CSV. Drafts are downloaded by
    staff from the admin, where they are marked DỰ THẢO."""
    report = get_object_or_404(Report.objects.published().select_related("issuing_agency", "plan"), slug=slug)
    response = report_file_response(report, fmt)
    response["Cache-Control"] = "public, max-age=3600"
    return response


OPEN_DATA_HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=300"}


def open_data_file(view):
    """Open data may be read by any site's script (CORS) and kept by caches for five minutes, as the API: set
    outside the page cache (core.caching.public_page), which would otherwise ask for revalidation each time."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        for header, value in OPEN_DATA_HEADERS.items():
            response[header] = value
        return response

    return wrapped


@require_GET
@public_page
def open_data_page(request):
    """/du-lieu-mo/: every published report's figures as open data, with the licence and the catalogue."""
    reports = [{"report": report, "period": open_data.period_text(report)}
               for report in open_data.published_reports()]
    return render(request, "reports/open_data.html", {
        "datasets": reports, "license_url": open_data.license_url(), "license_name": open_data.license_name(),
        "publisher": open_data.publisher_name()})


@require_safe  # GET and HEAD: link checkers and harvesters ask with HEAD
@open_data_file
@public_page
def open_data_catalog_view(request):
    """The DCAT 3 catalogue (JSON-LD) of the published reports' figures."""
    body = json.dumps(open_data.dcat_catalog(), ensure_ascii=False, indent=1).encode()
    return HttpResponse(body, content_type=open_data.JSON_LD_MEDIA_TYPE)


def _published(slug):
    return get_object_or_404(Report.objects.published().select_related("issuing_agency", "plan"), slug=slug)


@require_safe  # GET and HEAD: link checkers and harvesters ask with HEAD
@open_data_file
@public_page
def open_data_csv_view(request, slug):
    report = _published(slug)
    figures = report.current_figures()
    content = open_data.open_data_csv(figures, codes=open_data.agency_codes(figures))
    return file_response(content, f"{report.slug}-so-lieu.csv", content_type="text/csv; charset=utf-8; header=present")


@require_safe  # GET and HEAD: link checkers and harvesters ask with HEAD
@open_data_file
@public_page
def open_data_csv_metadata_view(request, slug):
    report = _published(slug)
    body = json.dumps(open_data.csvw_metadata(report), ensure_ascii=False, indent=1).encode()
    return HttpResponse(body, content_type=open_data.CSVW_MEDIA_TYPE)


@require_GET
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page says: the static icon."""
    response = redirect(static("img/favicon.ico"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /binh-luan/",
        "Disallow: /bien-tap/",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
