from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.dates import vn_date
from core.history import SafeHistoryAdmin
from core.spreadsheet_admin import SpreadsheetImport, SpreadsheetImportMixin

from . import scoping, spreadsheets
from .changes import agency_change_record, change_errors
from .models import Agency, AgencyChange

# Autocompletes that pick an agency for history, not for new work: they offer closed agencies too. Every
# other autocomplete of an agency (a task's lead, an activity's agency, a period's expected agencies, a
# staff account's agency…) offers only agencies open today (scoping.offered_for_new_work).
HISTORY_FIELDS = {("agencies", "agency", "parent")}


def _links(agencies):
    return format_html_join(", ", '<a href="{}">{}</a>', (
        (reverse("admin:agencies_agency_change", args=[a.pk]), a.name) for a in agencies)) or "—"


AGENCY_IMPORT = SpreadsheetImport(
    title="Nhập cơ quan, đơn vị từ Excel", file_stem="co-quan-don-vi", columns=spreadsheets.COLUMNS,
    steps=["Mỗi cơ quan, đơn vị một dòng: mã đơn vị hành chính (tỉnh 2 chữ số, xã 5 chữ số; sở, ban, ngành để "
           "trống), tên, loại; cơ quan cấp trên bằng mã hoặc tên của một đơn vị trong tệp hoặc đã có.",
           "Mã đơn vị cố định suốt đời đơn vị: một mã đã cấp (kể cả cho đơn vị đã thôi hoạt động) không cấp lại; "
           "tên không trùng tên đã có. Tệp chỉ thêm đơn vị mới; sửa đơn vị đã có ở trang của đơn vị đó.",
           "Đơn vị hình thành từ sáp nhập, chia tách, đổi tên hay chuyển giao: ghi các đơn vị trước (mã hoặc tên, "
           "cách nhau bằng dấu ;), loại thay đổi, căn cứ pháp lý và ngày hoạt động từ (ngày hiệu lực). Các dòng "
           "cùng đơn vị trước, cùng ngày, loại và căn cứ là một thay đổi (chia tách: nhiều dòng). Đơn vị trước "
           "(sáp nhập, chia tách, đổi tên) thôi hoạt động từ ngày hiệu lực; số liệu cũ của chúng vẫn giữ nguyên."],
    may_import=spreadsheets.may_import, template=spreadsheets.template_workbook, read=spreadsheets.read_agencies,
    save=spreadsheets.agency_import, problems=spreadsheets.problems_workbook, describe=spreadsheets.describe,
    done=lambda agencies: _("Đã thêm %(count)d cơ quan, đơn vị từ Excel, với cơ quan cấp trên và đơn vị trước "
                            "của chúng.") % {"count": len(agencies)},
)


@admin.register(Agency)
class AgencyAdmin(SpreadsheetImportMixin, SafeHistoryAdmin):
    list_display = ("name", "official_code", "kind", "parent", "existed_from_display", "existed_to_display",
                    "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("parent",)
    search_fields = ("name", "short_name", "official_code")
    autocomplete_fields = ("parent",)
    readonly_fields = ("predecessors_display", "successors_display")
    spreadsheet_import = AGENCY_IMPORT
    fieldsets = (
        (None, {"fields": ("name", "short_name", ("kind", "official_code"), "parent")}),
        (_("Thời gian hoạt động và kế thừa"), {"fields": (
            ("existed_from", "existed_to"), "is_active", "predecessors_display", "successors_display")}),
    )

    @admin.display(description=_("hoạt động từ"), ordering="existed_from")
    def existed_from_display(self, obj):
        return vn_date(obj.existed_from, "—")

    @admin.display(description=_("đến"), ordering="existed_to")
    def existed_to_display(self, obj):
        return vn_date(obj.existed_to, "—")

    @admin.display(description=_("đơn vị trước"))
    def predecessors_display(self, obj):
        return _links(obj.predecessors().order_by("name")) if obj.pk else "—"

    @admin.display(description=_("đơn vị kế thừa"))
    def successors_display(self, obj):
        return _links(obj.successors().order_by("name")) if obj.pk else "—"

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.resolver_match is not None and request.resolver_match.url_name == "autocomplete":
            source = (request.GET.get("app_label"), request.GET.get("model_name"), request.GET.get("field_name"))
            if source not in HISTORY_FIELDS:
                queryset = scoping.offered_for_new_work(queryset)
        return queryset, may_have_duplicates


class AgencyChangeForm(forms.ModelForm):
    """A new change event: the rules are agencies.changes.change_errors, shown beside the fields; saving
    calls agency_change_record (AgencyChangeAdmin.save_model), which closes the agencies before."""

    before = forms.ModelMultipleChoiceField(
        Agency.objects.all(), label=_("Đơn vị trước"), widget=FilteredSelectMultiple(_("đơn vị trước"), False))
    after = forms.ModelMultipleChoiceField(
        Agency.objects.all(), label=_("Đơn vị kế thừa"), widget=FilteredSelectMultiple(_("đơn vị kế thừa"), False),
        help_text=_("Tạo đơn vị mới (với mã, ngày bắt đầu hoạt động) trước khi ghi thay đổi."))

    class Meta:
        model = AgencyChange
        fields = ("kind", "effective_date", "legal_basis", "note")

    FIELDS = {"sources": "before", "successors": "after"}

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        errors = change_errors(kind=cleaned.get("kind"), effective_date=cleaned.get("effective_date"),
                               legal_basis=cleaned.get("legal_basis", ""), sources=list(cleaned.get("before", ())),
                               successors=list(cleaned.get("after", ())))
        for field, messages in errors.items():
            for message in messages:
                self.add_error(self.FIELDS.get(field, field), message)
        return cleaned


class AgencyChangeEditForm(forms.ModelForm):
    class Meta:
        model = AgencyChange
        fields = ("legal_basis", "note")


@admin.register(AgencyChange)
class AgencyChangeAdmin(SafeHistoryAdmin):
    """Coordinators record merges, splits, renames and transfers here (the permission is theirs only). A
    recorded event keeps its kind, date and agencies (it closed them); its legal basis and note can be
    corrected. It is never deleted: the agencies it closed would stay closed without a reason."""

    list_display = ("__str__", "before_display", "after_display")
    list_filter = ("kind",)
    search_fields = ("legal_basis", "sources__name", "successors__name")
    date_hierarchy = "effective_date"

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = AgencyChangeEditForm if obj is not None else AgencyChangeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("kind", "effective_date", "legal_basis", "before", "after", "note")
        return ("kind", "effective_date", "legal_basis", "before_display", "after_display", "note")

    def get_readonly_fields(self, request, obj=None):
        return ("kind", "effective_date", "before_display", "after_display") if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sources", "successor_links__agency")

    @admin.display(description=_("đơn vị trước"))
    def before_display(self, obj):
        return _links(obj.sources.all())

    @admin.display(description=_("đơn vị kế thừa"))
    def after_display(self, obj):
        return format_html_join(", ", "{}{}", (
            (_links([link.agency]), f" ({link.share:g}%)" if link.share is not None else "")
            for link in obj.successor_links.all())) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        recorded = agency_change_record(kind=data["kind"], effective_date=data["effective_date"],
                                        legal_basis=data["legal_basis"], note=data.get("note", ""),
                                        sources=list(data["before"]), successors=list(data["after"]))
        obj.pk = recorded.pk
        obj._state.adding = False
        return None
