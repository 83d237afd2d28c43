"""Excel import and Excel/CSV export for the activity admin (see campaigns.spreadsheets).

An uploaded file is checked and kept server-side under a random token, in a file named after its owner
(`core.spreadsheets.pending_store`): the preview, the problems file ("Lỗi / cảnh báo") and the
confirmation all read it back from there, and only for the same user."""

import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core.files import XLSX_CONTENT_TYPE, download
from core.numbers import parse_id
from core.spreadsheets import pending_path, pending_store

from .. import spreadsheets

PREVIEW_ROWS = 200  # rows listed on the check page; every error is always listed


class ActivitySpreadsheetMixin:
    change_list_template = "admin/campaigns/activity/change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("nhap-excel/", wrap(self.import_view), name="campaigns_activity_import"),
            path("nhap-excel/mau-nhap-lieu.xlsx", wrap(self.template_view), name="campaigns_activity_template"),
            path("nhap-excel/loi/<str:token>.xlsx", wrap(self.problems_view),
                 name="campaigns_activity_import_problems"),
            path("xuat.xlsx", wrap(self.export_view), {"fmt": "xlsx"}, name="campaigns_activity_export_xlsx"),
            path("xuat.csv", wrap(self.export_view), {"fmt": "csv"}, name="campaigns_activity_export_csv"),
            *super().get_urls(),
        ]

    def _require_import_permission(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied

    def template_view(self, request):
        self._require_import_permission(request)
        return download(spreadsheets.template_workbook(request.user), XLSX_CONTENT_TYPE,
                         "mau-nhap-ket-qua-thuc-hien.xlsx")

    def export_view(self, request, fmt):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # The same list the person sees: their agency scope, filters, search and ordering.
        changelist = self.get_changelist_instance(request)
        activities = (changelist.get_queryset(request)
                      .select_related("plan", "task", "agency", "channel").iterator(chunk_size=2000))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if fmt == "csv":
            return download(spreadsheets.activities_csv(activities), "text/csv; charset=utf-8",
                             f"ket-qua-thuc-hien-{stamp}.csv")
        return download(spreadsheets.activities_xlsx(activities), XLSX_CONTENT_TYPE,
                         f"ket-qua-thuc-hien-{stamp}.xlsx")

    def _import_context(self, request):
        return {**self.admin_site.each_context(request), "opts": self.model._meta,
                "title": "Nhập kết quả thực hiện từ Excel", "max_mb": settings.IMPORT_MAX_BYTES // 1048576,
                "max_rows": settings.IMPORT_MAX_ROWS, "columns": spreadsheets.COLUMNS,
                "template_url": reverse("admin:campaigns_activity_template"),
                "batches_url": reverse("admin:campaigns_importbatch_changelist")}

    def import_view(self, request):
        self._require_import_permission(request)
        context = self._import_context(request)
        if request.method != "POST":
            return TemplateResponse(request, "admin/campaigns/activity/import.html", context)

        token = request.POST.get("token")
        if token:  # the person confirms a file checked earlier
            return self._confirm(request, token, context)

        upload = request.FILES.get("file")
        if upload is None:
            context["file_error"] = "Vui lòng chọn tệp Excel (.xlsx) cần nhập."
            return TemplateResponse(request, "admin/campaigns/activity/import.html", context, status=400)
        if upload.size > settings.IMPORT_MAX_BYTES:  # refused before it is parsed
            size = f"{upload.size / 1048576:.1f}".replace(".", ",")
            context["file_error"] = (f"Tệp quá lớn ({size} MB); tối đa "
                                     f"{settings.IMPORT_MAX_BYTES // 1048576} MB. Vui lòng chia nhỏ tệp.")
            return TemplateResponse(request, "admin/campaigns/activity/import.html", context, status=400)
        data = upload.read()
        started = time.monotonic()
        try:
            result = spreadsheets.read_activities(data, request.user)
        except spreadsheets.ImportFileError as exc:
            context["file_error"] = str(exc)
            return TemplateResponse(request, "admin/campaigns/activity/import.html", context, status=400)
        # Kept even with errors: the officer may download them as an Excel file to fix.
        token = pending_store(request.user, data)
        context.update(self._result_context(result, time.monotonic() - started, upload.name, token))
        return TemplateResponse(request, "admin/campaigns/activity/import.html", context)

    def _result_context(self, result, seconds, filename, token):
        return {"result": result, "rows": result.rows[:PREVIEW_ROWS],
                "hidden_rows": max(0, len(result.rows) - PREVIEW_ROWS),
                "errors": result.errors, "warnings": result.warnings, "seconds": seconds, "filename": filename,
                "token": token, "can_confirm": result.ok,
                "problems_url": reverse("admin:campaigns_activity_import_problems", args=[token]),
                "counts": {"create": result.count("create"), "update": result.count("update"),
                           "unchanged": result.count("unchanged"), "warnings": result.warning_count}}

    def _pending_file(self, request, token, context, status=400):
        """The checked file of this user under `token`, or the page saying it is gone."""
        pending = pending_path(request.user, token)
        if pending is None or not pending.exists():
            context["file_error"] = "Tệp đã kiểm tra không còn (quá 24 giờ hoặc đã được lưu). Vui lòng tải lên lại."
            return None, TemplateResponse(request, "admin/campaigns/activity/import.html", context, status=status)
        return pending, None

    def problems_view(self, request, token):
        """The checked file's rows with a last column "Lỗi / cảnh báo", for its owner only."""
        self._require_import_permission(request)
        context = self._import_context(request)
        pending, refused = self._pending_file(request, token, context, status=404)
        if refused:
            return refused
        try:
            result = spreadsheets.read_activities(pending.read_bytes(), request.user)
        except spreadsheets.ImportFileError as exc:
            context["file_error"] = str(exc)
            return TemplateResponse(request, "admin/campaigns/activity/import.html", context, status=400)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return download(spreadsheets.problems_workbook(result, request.user), XLSX_CONTENT_TYPE,
                        f"loi-canh-bao-{stamp}.xlsx")

    def _confirm(self, request, token, context):
        pending, refused = self._pending_file(request, token, context)
        if refused:
            return refused
        filename = request.POST.get("filename", "")
        # Check again: the data may have changed since the preview.
        try:
            result = spreadsheets.read_activities(pending.read_bytes(), request.user)
        except spreadsheets.ImportFileError as exc:
            context["file_error"] = str(exc)
            return TemplateResponse(request, "admin/campaigns/activity/import.html", context, status=400)
        if not result.ok:
            context.update(self._result_context(result, 0, filename, token))
            return TemplateResponse(request, "admin/campaigns/activity/import.html", context, status=400)
        confirmed = parse_id(request.POST.get("warnings", ""), max_digits=9) or 0  # as typed back: ASCII digits
        if result.warning_count > confirmed:
            context.update(self._result_context(result, 0, filename, token))
            context["file_error"] = (f"Có cảnh báo mới từ lúc kiểm tra (nay có {result.warning_count} cảnh báo). "
                                     "Chưa có gì được lưu: vui lòng xem lại rồi xác nhận.")
            return TemplateResponse(request, "admin/campaigns/activity/import.html", context)
        try:
            batch = spreadsheets.import_activities(result=result, user=request.user, filename=filename)
        except ValidationError as exc:  # a report approved since the check locks a row's period
            context.update(self._result_context(result, 0, filename, token))
            context["file_error"] = " ".join(exc.messages) + " Chưa có gì được lưu."
            return TemplateResponse(request, "admin/campaigns/activity/import.html", context, status=400)
        pending.unlink(missing_ok=True)
        self.message_user(request, format_html(
            "Đã nhập từ Excel (<a href=\"{}\">lần nhập số {}</a>): thêm mới {}, cập nhật {}, không đổi {} hoạt động. "
            "Nếu nhập nhầm, có thể hoàn tác tại trang của lần nhập.",
            reverse("admin:campaigns_importbatch_change", args=[batch.pk]), batch.pk, batch.created_count,
            batch.updated_count, batch.unchanged_count), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:campaigns_activity_changelist"))

