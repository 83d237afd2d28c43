"""Open data: read-only JSON for published plans and reports and their figures.

Plain Django views, like the rest of the portal. Only published records; no emails, no staff names, no
internal fields; Vietnamese keys all the way down (the frozen figures' English field names are renamed
on the way out, `VI_KEYS`). Lists are paginated (`?trang=`, 50 a page). Every answer — errors, 304s and
redirects from an old slug included — carries `Cache-Control: public, max-age=300` and open CORS headers
(`api_view`); a 200 has an ETag, and a matching `If-None-Match` gets 304. An OPTIONS preflight gets 204.
The shape is published as an OpenAPI 3.1 document at /api/v1/openapi.json (reports.openapi), which the
tests check every real answer against.
"""

import hashlib
import json
from functools import wraps

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseNotModified, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from campaigns.models import Plan
from core.caching import public_page
from core.identity import site_name
from core.numbers import parse_id
from core.sites import absolute_url

from . import openapi, queries, reform
from .models import Report

PAGE_SIZE = 50
MAX_AGE = 300
METHODS = "GET, HEAD, OPTIONS"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": METHODS,
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag",
    "Access-Control-Max-Age": "86400",
}

# The frozen figures (reports.figures) and the live queries name their fields in English; the API speaks
# Vietnamese. One name per field, whatever row it is in; anything not listed here fails the schema test.
VI_KEYS = {
    "totals": "tong_hop", "channels": "theo_hinh_thuc", "agencies": "theo_co_quan",
    "agency_channels": "theo_co_quan_va_hinh_thuc", "months": "theo_thang", "completion": "hoan_thanh_nhiem_vu",
    "name": "ten", "short_name": "ten_viet_tat", "unit": "don_vi_tinh", "code": "ma",
    "total": "so_luong", "activities": "so_hoat_dong", "participants": "so_nguoi_tham_du", "awards": "so_giai",
    "agency": "co_quan", "channel": "hinh_thuc", "month": "thang", "label": "nhan",
    "start": "tu_ngay", "end": "den_ngay", "planned": "so_nhiem_vu", "done": "so_hoan_thanh",
    "percent": "ty_le_hoan_thanh", "tasks": "nhiem_vu", "title": "ten", "target": "chi_tieu",
    "achieved_in_period": "thuc_hien_trong_ky", "achieved": "luy_ke", "status": "trang_thai",
    "status_label": "ten_trang_thai", "deadline": "thoi_han", "lead_agency": "co_quan_chu_tri",
    "overdue": "qua_han",
    "recalculated": "tinh_lai", "method": "cach_tinh", "unshared": "chua_khai_ty_le",
    "includes": "gom_so_lieu_cua",
}
INTERNAL = {"id", "channel_id", "agency_id", "version", "computed_at"}


def _vi(value):
    """Rename every English key (VI_KEYS), drop internal ids, all the way down."""
    if isinstance(value, dict):
        return {VI_KEYS.get(key, key): _vi(item) for key, item in value.items() if key not in INTERNAL}
    if isinstance(value, list):
        return [_vi(item) for item in value]
    return value


def _json(request, data, status=200):
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    if status == 200:
        response["ETag"] = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return response


def _error(request, status, message):
    return _json(request, {"loi": message}, status=status)


def api_view(view):
    """Every answer of the API: GET/HEAD (OPTIONS: a 204 preflight; others: 405), JSON errors, an old
    slug's address → 301 to the new one, and always the CORS and caching headers docs/api.md promises.
    Exempt from CSRF: the API never writes, and a write from another site must get the 405 in JSON with
    CORS, not the portal's HTML "session expired" page."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = METHODS
        elif request.method not in ("GET", "HEAD"):
            response = _error(request, 405, f"Chỉ đọc: phương thức {request.method} không được hỗ trợ.")
            response["Allow"] = METHODS
        else:
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                response = _not_found(request)
            etag = response.get("ETag") if response.status_code == 200 else None
            if etag and etag in request.headers.get("If-None-Match", ""):  # here, not in a middleware: with CORS
                response = HttpResponseNotModified()
                response["ETag"] = etag
        for key, value in CORS.items():
            response[key] = value
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        response["Vary"] = "Accept-Encoding"
        return response

    return wrapped


def _not_found(request):
    moved = Redirect.objects.filter(site_id=settings.SITE_ID, old_path=request.path).values_list(
        "new_path", flat=True).first()
    if moved:  # a renamed plan or report (core.slugs): here, so that the redirect carries CORS too
        return HttpResponsePermanentRedirect(moved)
    return _error(request, 404, "Không tìm thấy: kế hoạch hoặc báo cáo này không có hoặc chưa công khai.")


@api_view
def not_found(request, path=""):
    return _not_found(request)


@api_view
def add_slash(request, path):
    """An address without its final slash: here rather than in CommonMiddleware (APPEND_SLASH), so that
    the redirect carries CORS; only to an address that answers, otherwise the JSON 404 at once."""
    target = request.path + "/"
    try:
        known = resolve(target).url_name != "not_found"
    except Resolver404:
        known = False
    if not known:
        return _not_found(request)
    return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))


@api_view
def schema(request):
    return _json(request, openapi.document())


def _page(request, queryset, serialize, view_name):
    number = parse_id(request.GET.get("trang", "1"), max_digits=9)
    if not number:
        return _error(request, 400, "Tham số “trang” phải là số nguyên dương.")
    paginator = Paginator(queryset, PAGE_SIZE)
    if number > max(paginator.num_pages, 1):
        return _error(request, 404, f"Không có trang {number}; chỉ có {paginator.num_pages} trang.")
    page = paginator.page(number)
    base = absolute_url(reverse(view_name))
    return _json(request, {
        "tong_so": paginator.count,
        "trang": page.number,
        "so_trang": paginator.num_pages,
        "trang_sau": f"{base}?trang={page.next_page_number()}" if page.has_next() else None,
        "trang_truoc": f"{base}?trang={page.previous_page_number()}" if page.has_previous() else None,
        "ket_qua": [serialize(request, obj) for obj in page.object_list],
    })


def _local(moment):
    """Times in the province's own time zone, to the second, with their offset (2020-01-05T08:00:00+07:00)."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else None


def _agency(agency):
    return {"ten": agency.name, "ten_viet_tat": agency.short_name or None} if agency else None


def _plan_summary(request, plan):
    return {
        "duong_dan": plan.slug,
        "so_ky_hieu": plan.document_number or None,
        "ten": plan.title,
        "nam": plan.year,
        "ngay_ban_hanh": plan.issued_on,
        "co_quan_ban_hanh": _agency(plan.issuing_agency),
        "trich_yeu": plan.summary or None,
        "cong_khai_luc": _local(plan.published_at),
        "trang_web": absolute_url(plan.get_absolute_url()),
        "api": absolute_url(reverse("api:plan_detail", kwargs={"slug": plan.slug})),
    }


def _report_summary(request, report):
    return {
        "duong_dan": report.slug,
        "so_ky_hieu": report.document_number or None,
        "ten": report.title,
        "ngay_bao_cao": report.date,
        "ky_bao_cao": report.get_period_display(),
        "tu_ngay": report.period_start,
        "den_ngay": report.period_end,
        "co_quan_ban_hanh": _agency(report.issuing_agency),
        "ke_hoach": report.plan.slug if report.plan_id else None,
        "trich_yeu": report.summary or None,
        "cong_khai_luc": _local(report.published_at),
        "so_lieu_tinh_den": _local(report.figures_as_of),
        "trang_web": absolute_url(report.get_absolute_url()),
        "api": absolute_url(reverse("api:report_detail", kwargs={"slug": report.slug})),
    }


def _public_figures(figures):
    """The frozen figures (as reports.figures.read_figures gives them), in Vietnamese, without internal ids.
    A task's `thuc_hien_trong_ky` is null when the report was frozen before it was counted (version 1).
    Recalculated under today's units (reports.reform), it says so in `tinh_lai` and each agency's row lists
    what it took from closed agencies (`gom_so_lieu_cua`)."""
    totals = figures.get("totals") or {}
    return {"tong_hop": {"so_hoat_dong": totals.get("activities", 0),
                         "so_nguoi_tham_du": totals.get("participants", 0),
                         "so_co_quan": totals.get("agencies", 0)},
            **_vi({key: figures[key] for key in (
                "channels", "agencies", "agency_channels", "months", "completion", "recalculated")
                if key in figures})}


@api_view
def index(request):
    return _json(request, {
        "ten": f"Dữ liệu mở — {site_name()}",
        "ke_hoach": absolute_url(reverse("api:plan_list")),
        "bao_cao": absolute_url(reverse("api:report_list")),
        "luoc_do": absolute_url(reverse("api:schema")),
        "ghi_chu": "Chỉ gồm kế hoạch và báo cáo đã công khai. Mỗi hình thức tuyên truyền tính theo đơn vị riêng.",
    })


@api_view
@public_page
def plan_list(request):
    plans = Plan.objects.published().defer("body").select_related("issuing_agency").order_by(
        "-year", "-issued_on", "id")
    year = request.GET.get("nam", "")
    if year:
        if parse_id(year, max_digits=4) is None:
            return _error(request, 400, "Tham số “nam” phải là năm, ví dụ 2019.")
        plans = plans.filter(year=int(year))
    return _page(request, plans, _plan_summary, "api:plan_list")


@api_view
@public_page
def plan_detail(request, slug):
    plan = get_object_or_404(Plan.objects.published().select_related("issuing_agency"), slug=slug)
    completion = queries.task_completion(plan=plan)
    # A plan has no period: one achieved figure per task, as before reports counted per period.
    tasks = [{k: v for k, v in task.items() if k != "achieved_in_period"} for task in completion["tasks"]]
    data = _plan_summary(request, plan)
    data.update({
        "nhiem_vu": _vi(tasks),
        "hoan_thanh_nhiem_vu": _vi({k: v for k, v in completion.items() if k not in ("tasks", "start", "end")}),
        "ket_qua_theo_hinh_thuc": _vi(queries.channel_totals(plan=plan)),
        "bao_cao": [absolute_url(reverse("api:report_detail", kwargs={"slug": r.slug}))
                    for r in plan.reports.published().listing()],
    })
    return _json(request, data)


@api_view
@public_page
def report_list(request):
    reports = Report.objects.published().listing().select_related("issuing_agency", "plan").order_by("-date", "-id")
    return _page(request, reports, _report_summary, "api:report_list")


@api_view
@public_page
def report_detail(request, slug):
    report = get_object_or_404(Report.objects.published().select_related("issuing_agency", "plan"), slug=slug)
    if not report.figures:  # a published report always has frozen figures (DB constraint)
        raise Http404
    units = request.GET.get(reform.PARAMETER, reform.AS_REPORTED)
    if units not in reform.CHOICES:
        return _error(request, 400, f"Tham số “{reform.PARAMETER}” là “{reform.AS_REPORTED}” (số liệu theo đơn vị "
                                    f"khi báo cáo, mặc định) hoặc “{reform.CURRENT}” (tính lại theo đơn vị hiện nay).")
    figures = report.current_figures()
    if units == reform.CURRENT:
        figures = reform.by_current_units(figures)
    data = _report_summary(request, report)
    data["so_lieu"] = _public_figures(figures)
    return _json(request, data)
