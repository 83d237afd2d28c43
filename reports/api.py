"""Open data: read-only JSON for published plans and reports and their figures.

Plain Django views, like the rest of the portal. Only published records; no emails, no staff names, no
internal fields. Lists are paginated (`?trang=`, 50 a page); every answer carries an ETag and
`Cache-Control: public, max-age=300`, and a matching `If-None-Match` gets 304. CORS is open: the data is
public and no cookie is ever read.
"""

import hashlib
import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from campaigns.models import Plan
from core.caching import public_page
from core.numbers import parse_id
from core.sites import absolute_url

from . import queries
from .models import Report

PAGE_SIZE = 50
MAX_AGE = 300


def _json(request, data, status=200):
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE}", "Access-Control-Allow-Origin": "*",
               "Vary": "Accept-Encoding"}
    if status == 200 and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    for key, value in headers.items():
        response[key] = value
    return response


def _page(request, queryset, serialize, view_name):
    number = parse_id(request.GET.get("trang", "1"), max_digits=9)
    if not number:
        return _json(request, {"loi": "Tham số “trang” phải là số nguyên dương."}, status=400)
    paginator = Paginator(queryset, PAGE_SIZE)
    if number > max(paginator.num_pages, 1):
        return _json(request, {"loi": f"Không có trang {number}; chỉ có {paginator.num_pages} trang."}, status=404)
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
    """Times in the province's own time zone, with their offset (2020-01-05T08:00:00+07:00)."""
    return timezone.localtime(moment).isoformat() if moment else None


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
    """The frozen figures (as reports.figures.read_figures gives them) without internal ids. A task's
    `achieved_in_period` is null when the report was frozen before it was counted (figures version 1)."""
    def strip(rows):
        return [{k: v for k, v in row.items() if k not in ("id", "channel_id", "agency_id")} for row in rows]

    completion = dict(figures.get("completion") or {})
    if completion:
        completion["tasks"] = strip(completion.get("tasks", []))
    return {
        "tong_hop": figures.get("totals"),
        "theo_hinh_thuc": strip(figures.get("channels", [])),
        "theo_co_quan": strip(figures.get("agencies", [])),
        "theo_co_quan_va_hinh_thuc": strip(figures.get("agency_channels", [])),
        "theo_thang": figures.get("months", []),
        "hoan_thanh_nhiem_vu": completion or None,
    }


@require_GET
def index(request):
    return _json(request, {
        "ten": "Dữ liệu mở — Cổng thông tin tuyên truyền cải cách hành chính",
        "ke_hoach": absolute_url(reverse("api:plan_list")),
        "bao_cao": absolute_url(reverse("api:report_list")),
        "ghi_chu": "Chỉ gồm kế hoạch và báo cáo đã công khai. Mỗi hình thức tuyên truyền tính theo đơn vị riêng.",
    })


@require_GET
@public_page
def plan_list(request):
    plans = Plan.objects.published().defer("body").select_related("issuing_agency").order_by(
        "-year", "-issued_on", "id")
    year = request.GET.get("nam", "")
    if year:
        if parse_id(year, max_digits=4) is None:
            return _json(request, {"loi": "Tham số “nam” phải là năm, ví dụ 2019."}, status=400)
        plans = plans.filter(year=int(year))
    return _page(request, plans, _plan_summary, "api:plan_list")


@require_GET
@public_page
def plan_detail(request, slug):
    plan = get_object_or_404(Plan.objects.published().select_related("issuing_agency"), slug=slug)
    completion = queries.task_completion(plan=plan)
    # A plan has no period: one achieved figure per task, as before reports counted per period.
    tasks = [{k: v for k, v in task.items() if k not in ("id", "achieved_in_period")}
             for task in completion["tasks"]]
    data = _plan_summary(request, plan)
    data.update({
        "nhiem_vu": tasks,
        "hoan_thanh_nhiem_vu": {k: v for k, v in completion.items() if k not in ("tasks", "start", "end")},
        "ket_qua_theo_hinh_thuc": [{k: v for k, v in row.items() if k != "channel_id"}
                                   for row in queries.channel_totals(plan=plan)],
        "bao_cao": [absolute_url(reverse("api:report_detail", kwargs={"slug": r.slug}))
                    for r in plan.reports.published().listing()],
    })
    return _json(request, data)


@require_GET
@public_page
def report_list(request):
    reports = Report.objects.published().listing().select_related("issuing_agency", "plan").order_by("-date", "-id")
    return _page(request, reports, _report_summary, "api:report_list")


@require_GET
@public_page
def report_detail(request, slug):
    report = get_object_or_404(Report.objects.published().select_related("issuing_agency", "plan"), slug=slug)
    if not report.figures:  # a published report always has frozen figures (DB constraint)
        raise Http404
    data = _report_summary(request, report)
    data["so_lieu"] = _public_figures(report.current_figures())
    return _json(request, data)
