"""The admin's pages for importing a simple table from Excel (the agencies', the staff accounts'), as the
activity import does them: "Tải mẫu Excel" and "Nhập từ Excel" on the change list; an upload checked and
previewed, saving nothing; the problems file to fix and upload again; the confirmation, which checks the
file again and saves it all or nothing. What a row means and the rules it meets are the app's
(`SpreadsheetImport`); who may import is its `may_import`, asked by every page here."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from .files import XLSX_CONTENT_TYPE, download
from .spreadsheets import ImportFileError, TableResult, pending_path, pending_store

PREVIEW_ROWS = 500  # rows listed on the check page; every error is always listed
TEMPLATE = "admin/spreadsheet_import.html"


@dataclass(frozen=True)
class SpreadsheetImport:
    title: str  # "Nhập tài khoản cán bộ từ Excel"
    file_stem: str  # "tai-khoan-can-bo": the template and problems files' names
    columns: list  # key, header, required, width, hint
    steps: list  # the page's instructions, plain text, one a step
    may_import: Callable  # (user) -> bool
    template: Callable  # (user) -> bytes
    read: Callable  # (data, user) -> TableResult; ImportFileError for a file it cannot read
    save: Callable  # (*, result, user) -> [saved objects], [] if the file no longer passes
    problems: Callable  # (result, user) -> bytes: the rows in the user's template, to fix in place
    describe: Callable  # (row) -> the preview's cells, under the columns' headers
    done: Callable  # ([saved objects]) -> the message shown after saving
    warning: Callable = lambda saved: ""  # ([saved objects]) -> a warning shown after it, "" for none


class SpreadsheetImportMixin:
    """For a ModelAdmin whose model is imported by `spreadsheet_import`."""

    spreadsheet_import: SpreadsheetImport

    def _import_name(self, suffix=""):
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_import{suffix}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("nhap-excel/", wrap(self.import_view), name=self._import_name()),
            path("nhap-excel/mau.xlsx", wrap(self.import_template_view), name=self._import_name("_template")),
            path("nhap-excel/loi/<str:token>.xlsx", wrap(self.import_problems_view),
                 name=self._import_name("_problems")),
            *super().get_urls(),
        ]

    def _require_import(self, request):
        if not (self.has_add_permission(request) and self.spreadsheet_import.may_import(request.user)):
            raise PermissionDenied

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_add_permission(request) and self.spreadsheet_import.may_import(request.user):
            extra_context["spreadsheet_import_url"] = reverse(f"admin:{self._import_name()}")
            extra_context["spreadsheet_template_url"] = reverse(f"admin:{self._import_name('_template')}")
        return super().changelist_view(request, extra_context)

    def import_template_view(self, request):
        self._require_import(request)
        return download(self.spreadsheet_import.template(request.user), XLSX_CONTENT_TYPE,
                        f"mau-nhap-{self.spreadsheet_import.file_stem}.xlsx")

    def _page(self, request, context, status=200):
        return TemplateResponse(request, TEMPLATE, context, status=status)

    def _import_context(self, request):
        spec = self.spreadsheet_import
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": spec.title,
                "max_mb": settings.IMPORT_MAX_BYTES // 1048576, "max_rows": settings.IMPORT_MAX_ROWS,
                "columns": spec.columns, "steps": spec.steps,
                "template_url": reverse(f"admin:{self._import_name('_template')}"),
                "import_url": reverse(f"admin:{self._import_name()}")}

    def _result_context(self, result: TableResult, seconds, filename, token):
        rows = result.rows[:PREVIEW_ROWS]
        return {"result": result, "rows": [(row, self.spreadsheet_import.describe(row)) for row in rows],
                "hidden_rows": max(0, len(result.rows) - PREVIEW_ROWS), "errors": result.errors,
                "seconds": seconds, "filename": filename, "token": token, "can_confirm": result.ok,
                "create_count": result.count("create"),
                "problems_url": reverse(f"admin:{self._import_name('_problems')}", args=[token])}

    def import_view(self, request):
        self._require_import(request)
        context = self._import_context(request)
        if request.method != "POST":
            return self._page(request, context)
        token = request.POST.get("token")
        if token:  # the person confirms a file checked earlier
            return self._import_confirm(request, token, context)
        upload = request.FILES.get("file")
        if upload is None:
            context["file_error"] = "Vui lòng chọn tệp Excel (.xlsx) cần nhập."
            return self._page(request, context, status=400)
        if upload.size > settings.IMPORT_MAX_BYTES:  # refused before it is parsed
            size = f"{upload.size / 1048576:.1f}".replace(".", ",")
            context["file_error"] = (f"Tệp quá lớn ({size} MB); tối đa "
                                     f"{settings.IMPORT_MAX_BYTES // 1048576} MB. Vui lòng chia nhỏ tệp.")
            return self._page(request, context, status=400)
        data = upload.read()
        started = time.monotonic()
        try:
            result = self.spreadsheet_import.read(data, request.user)
        except ImportFileError as exc:
            context["file_error"] = str(exc)
            return self._page(request, context, status=400)
        token = pending_store(request.user, data)  # kept even with errors: for the problems file
        context.update(self._result_context(result, time.monotonic() - started, upload.name, token))
        return self._page(request, context)

    def _pending(self, request, token, context, status=400):
        pending = pending_path(request.user, token)
        if pending is None or not pending.exists():
            context["file_error"] = "Tệp đã kiểm tra không còn (quá 24 giờ hoặc đã được lưu). Vui lòng tải lên lại."
            return None, self._page(request, context, status=status)
        return pending, None

    def import_problems_view(self, request, token):
        """The checked file's rows with a last column "Lỗi / cảnh báo", for its owner only."""
        self._require_import(request)
        context = self._import_context(request)
        pending, refused = self._pending(request, token, context, status=404)
        if refused:
            return refused
        try:
            result = self.spreadsheet_import.read(pending.read_bytes(), request.user)
        except ImportFileError as exc:
            context["file_error"] = str(exc)
            return self._page(request, context, status=400)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return download(self.spreadsheet_import.problems(result, request.user), XLSX_CONTENT_TYPE,
                        f"loi-nhap-{self.spreadsheet_import.file_stem}-{stamp}.xlsx")

    def _import_confirm(self, request, token, context):
        pending, refused = self._pending(request, token, context)
        if refused:
            return refused
        filename = request.POST.get("filename", "")
        try:  # checked again: the data may have changed since the preview
            result = self.spreadsheet_import.read(pending.read_bytes(), request.user)
        except ImportFileError as exc:
            context["file_error"] = str(exc)
            return self._page(request, context, status=400)
        saved = self.spreadsheet_import.save(result=result, user=request.user) if result.ok else []
        if not saved:
            context.update(self._result_context(result, 0, filename, token))
            return self._page(request, context, status=400)
        pending.unlink(missing_ok=True)
        for obj in saved:
            self.log_addition(request, obj, "Thêm từ tệp Excel.")
        self.message_user(request, self.spreadsheet_import.done(saved), messages.SUCCESS)
        if warning := self.spreadsheet_import.warning(saved):
            self.message_user(request, warning, messages.WARNING)
        return HttpResponseRedirect(reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}"
                                            "_changelist"))
