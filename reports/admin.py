from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.history import SafeHistoryAdmin

from .exports import report_file_response
from .figures import read_figures
from .models import Report
from .report_publishing import (
    REASON_MAX_LENGTH,
    publishing_overview,
    report_publish,
    report_refresh_figures,
    report_unpublish,
)


class PublishForm(forms.Form):
    """The confirmation page's form: when the period is incomplete, "Vẫn công khai" and a reason."""

    publish_anyway = forms.BooleanField(label=_("Vẫn công khai khi kỳ báo cáo chưa đủ"), required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=REASON_MAX_LENGTH, required=False,
                             help_text=_("Được ghi vào lịch sử của báo cáo."),
                             widget=forms.TextInput(attrs={"size": 60}))

    def __init__(self, *args, incomplete, **kwargs):
        super().__init__(*args, **kwargs)
        self.incomplete = incomplete

    def clean(self):
        data = super().clean()
        if self.incomplete and not (data.get("publish_anyway") and (data.get("reason") or "").strip()):
            raise ValidationError(_("Kỳ báo cáo chưa đủ: đánh dấu “Vẫn công khai khi kỳ báo cáo chưa đủ” và "
                                    "ghi lý do (ví dụ: cần số liệu cho hội nghị sơ kết)."), code="reason_needed")
        return data


@admin.register(Report)
class ReportAdmin(SafeHistoryAdmin):
    """Reports are written by coordinators. A draft shows live figures in its preview; publishing
    freezes them; refreshing a published report's figures is a separate, recorded act."""

    list_display = ("document_number", "title", "date", "issuing_agency", "plan", "status", "figures_as_of",
                    "preview_link")
    list_display_links = ("document_number", "title")
    list_filter = ("status", "period", ("issuing_agency", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("issuing_agency", "plan")
    search_fields = ("title", "document_number", "summary")
    autocomplete_fields = ("issuing_agency", "plan")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "date"
    readonly_fields = ("status", "publish_link", "published_at", "figures_as_of", "preview_link", "downloads")
    # Publishing and refreshing go through the confirmation page (publish_view), never a list action.
    actions = ["unpublish"]
    fieldsets = (
        (None, {"fields": ("title", "slug", ("document_number", "date"), "issuing_agency")}),
        (_("Phạm vi số liệu"), {
            "fields": ("plan", "reporting_period", "period", ("period_start", "period_end")),
            "description": _("Đã công khai thì phạm vi này được chốt cùng số liệu và không sửa được; muốn đổi, "
                             "hãy thu hồi công khai, sửa, rồi công khai lại."),
        }),
        (_("Nội dung"), {"fields": ("summary", "narrative")}),
        (_("Văn bản Word (thể thức theo Nghị định 30/2020/NĐ-CP)"), {
            "fields": ("letterhead", "place_name", ("signer_authority", "signer_name"), "recipients"),
            "classes": ("collapse",),
        }),
        (_("Công khai"), {"fields": ("status", "publish_link", "published_at", "figures_as_of", "preview_link",
                                     "downloads")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "reporting_period" and field is not None:
            # Periods are managed on their own page: no add/change/delete shortcuts from a report.
            field.widget.can_add_related = field.widget.can_change_related = False
            field.widget.can_delete_related = False
        return field

    def get_changeform_initial_data(self, request):
        """A new report's Word fields start from the portal's identity (issuing body, place, signer)."""
        defaults = {name: value for name, value in Report.document_defaults().items() if value}
        return {**defaults, **super().get_changeform_initial_data(request)}

    def get_urls(self):
        return [
            re_path(r"^(?P<object_id>\d+)/tai-ve\.(?P<fmt>docx|xlsx|csv)$", self.admin_site.admin_view(self.download),
                    name="reports_report_download"),
            re_path(r"^(?P<object_id>\d+)/cong-khai/$", self.admin_site.admin_view(self.publish_view),
                    name="reports_report_publish"),
            *super().get_urls(),
        ]

    def download(self, request, object_id, fmt):
        """Word/Excel/CSV for staff: a draft is marked DỰ THẢO with live figures; a published report
        carries its frozen figures."""
        report = self.get_object(request, object_id)
        if report is None or not self.has_view_permission(request, report):
            raise PermissionDenied
        response = report_file_response(report, fmt)
        response["Cache-Control"] = "private, no-store"
        return response

    def publish_view(self, request, object_id):
        """The confirmation page: who has reported for the period, what will be frozen; publishes (a draft)
        or refreshes the frozen figures (a published report) through reports.report_publishing."""
        report = self.get_object(request, object_id)
        if report is None or not request.user.has_perm("reports.publish_report"):
            raise PermissionDenied
        overview = publishing_overview(report)
        form = PublishForm(request.POST if request.method == "POST" else None, incomplete=overview.incomplete)
        if request.method == "POST" and form.is_valid():
            reason = form.cleaned_data["reason"].strip()
            try:
                if report.is_published:
                    report_refresh_figures(report=report, user=request.user,
                                           reason=reason or f"do {request.user.get_username()} thực hiện")
                    self.message_user(request, _("Đã cập nhật số liệu đã chốt; phiên bản trước vẫn còn trong "
                                                 "Lịch sử."), messages.SUCCESS)
                else:
                    report_publish(report=report, user=request.user, reason=reason)
                    self.message_user(request, _("Đã công khai báo cáo; số liệu đã được chốt."), messages.SUCCESS)
                    report.refresh_from_db()
                    self._warn_missing_signer(request, [report])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
        figures = read_figures(overview.figures)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "report": report, "form": form,
            "overview": overview, "figures": figures, "title": _("Công khai báo cáo")
            if not report.is_published else _("Cập nhật số liệu đã chốt"),
            "channels": [row for row in figures["channels"] if row["total"]],
        }
        return TemplateResponse(request, "admin/reports/report/publish.html", context)

    @admin.display(description=_("công khai"))
    def publish_link(self, obj):
        if not obj.pk:
            return "—"
        label = _("Cập nhật số liệu đã chốt…") if obj.is_published else _("Công khai báo cáo…")
        return format_html('<a class="button" href="{}">{}</a>',
                           reverse("admin:reports_report_publish", args=[obj.pk]), label)

    @admin.display(description=_("tải về"))
    def downloads(self, obj):
        if not obj.pk:
            return "—"
        links = [(fmt, label) for fmt, label in (("docx", "Word (.docx)"), ("xlsx", "Excel (.xlsx)"), ("csv", "CSV"))]
        return format_html_join(" · ", '<a href="{}">{}</a>',
                                ((reverse("admin:reports_report_download", args=[obj.pk, fmt]), label)
                                 for fmt, label in links))

    @admin.display(description=_("xem"))
    def preview_link(self, obj):
        if not obj.pk:
            return "—"
        label = _("Xem trang công khai") if obj.is_published else _("Xem trước (số liệu hiện tại)")
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("reports.publish_report"):
            for name in ("unpublish",):
                actions.pop(name, None)
        return actions

    def _each(self, request, queryset, function, done_message, **kwargs):
        count = 0
        try:
            for report in queryset:
                function(report=report, user=request.user, **kwargs)
                count += 1
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, done_message % {"n": count}, messages.SUCCESS)

    def _warn_missing_signer(self, request, reports):
        """The Word document leaves the signer's name empty without it: say so (the name can still be
        filled in later; the document is written from the report at each download)."""
        for report in reports:
            if not report.signer_name.strip():
                self.message_user(request, format_html(
                    _("Báo cáo “{}” chưa có họ và tên người ký: văn bản Word sẽ để trống chỗ ký tên. "
                      "Hãy điền ở mục “Văn bản Word”, ô “Người ký”."), report.document_number or report.title),
                    messages.WARNING)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._warn_missing_signer(request, [obj])

    @admin.action(description=_("Thu hồi công khai"))
    def unpublish(self, request, queryset):
        self._each(request, queryset.filter(status="published"), report_unpublish,
                   _("Đã thu hồi %(n)s báo cáo."))

    def view_on_site(self, obj):
        return reverse("reports:report_detail", kwargs={"slug": obj.slug})
