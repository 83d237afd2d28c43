import datetime as dt

from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from agencies.models import Agency
from core.dates import vn_date
from core.numbers import parse_id
from core.sanitize import safe_html
from core.text import fold

from .. import cycle
from ..forms import FILES_NOT_KEPT, PHOTOS_NOT_KEPT, ActivityForm, ActivityPhotoForm
from ..models import Activity, ActivityEvidence, ActivityPhoto, Plan
from .base import AgencyScopedAdmin, ScopedInlineMixin, ScopedRelatedListFilter, plan_column
from .evidence import ActivityEvidenceInline
from .spreadsheets import ActivitySpreadsheetMixin


class ActivityPhotoInline(ScopedInlineMixin, admin.TabularInline):
    model = ActivityPhoto
    form = ActivityPhotoForm
    extra = 1
    fields = ("preview", "image", "caption", "order")
    readonly_fields = ("preview",)

    @admin.display(description=_("xem trước"))
    def preview(self, obj):
        if obj.pk and obj.thumbnail:
            return format_html('<img src="{}" alt="{}" style="max-height:80px">', obj.thumbnail.url, obj.caption)
        return "—"


class YearListFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        # The years of the plans the user may see, not DISTINCT over a million activity dates.
        years = scoping.visible(Plan.objects.all(), request.user).order_by("-year").values_list(
            "year", flat=True).distinct()
        return [(year, str(year)) for year in years]

    def queryset(self, request, queryset):
        year = parse_id(self.value(), max_digits=4)
        if year:
            # A range, not date__year: it uses the date indexes.
            return queryset.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
        return queryset


class ProvinceListFilter(admin.SimpleListFilter):
    """By province (top-level agency and everything under it): a national database has thousands of
    agencies, too many to list; one agency is found with the search box of the agency admin."""

    title = _("tỉnh, thành phố")
    parameter_name = "tinh"

    def lookups(self, request, model_admin):
        if not scoping.sees_all(request.user):
            return []
        # Provinces only: a top-level organisation that is not one (Công đoàn Viên chức tỉnh) is no filter.
        provinces = Agency.objects.filter(parent__isnull=True, kind=Agency.Kind.PROVINCE).order_by("name")
        return [(a.pk, a.display_name) for a in provinces]

    def queryset(self, request, queryset):
        top = parse_id(self.value())
        if top:
            return queryset.filter(Q(agency_id=top) | Q(agency__parent_id=top))
        return queryset


@admin.register(Activity)
class ActivityAdmin(ActivitySpreadsheetMixin, AgencyScopedAdmin):
    form = ActivityForm
    inlines = [ActivityPhotoInline, ActivityEvidenceInline]
    list_display = ("date", "title", "agency_display", "channel_display", "quantity_display",
                    "participants_display", "plan_display")
    list_display_links = ("date", "title")
    list_filter = (YearListFilter, ("plan", ScopedRelatedListFilter), ProvinceListFilter, "channel")
    list_select_related = ("agency", "channel", "plan", "task")
    # Content and the agency's names (officers look for "Đài PT-TH"…). On PostgreSQL a trigram index makes
    # the title search fast (migration 0005); the OR with the joined agency columns cannot use it alone.
    search_fields = ("title", "agency__name", "agency__short_name")
    autocomplete_fields = ("plan", "task", "agency")
    list_per_page = 50
    show_full_result_count = False
    # Django's per-option counts ("Hiện số lượng") cost one COUNT(... IN subquery) per filter option:
    # minutes on a national database of a million activities. The list's own count stays.
    show_facets = admin.ShowFacets.NEVER
    fieldsets = (
        (None, {"fields": ("plan", "task", "agency", ("channel", "date"), "title")}),
        (_("Số liệu"), {"fields": (("quantity", "participants", "awards"), "confirm_quantity")}),
        (_("Chi tiết và minh chứng"), {"fields": ("description", "evidence_url")}),
    )

    class Media:
        js = ("campaigns/activity_form.js",)  # a task fills an empty channel (Activity.clean does it on save)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "task" and field is not None:
            field.widget.attrs["data-channel-url"] = reverse("admin:campaigns_task_channel", args=[0])
        return field

    def get_search_results(self, request, queryset, search_term):
        """Also the activities of every agency whose name or short name holds all the words typed, in
        any case and with or without marks ("đài phát thanh", "DAI PT-TH"): SQLite's LIKE ignores the
        case of ASCII letters only, so "đài" never found "Đài". The agencies are few enough (thousands
        nationally) to compare in Python, with the same fold as every other search (core.text)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        words = fold(search_term).split()
        if words:
            agencies = [pk for pk, name, short in Agency.objects.values_list("pk", "name", "short_name")
                        if all(word in fold(f"{name} {short}") for word in words)]
            if agencies:
                results = results | queryset.filter(agency_id__in=agencies)
        return results, may_have_duplicates

    @admin.display(description=_("số lượng"), ordering="quantity")
    def quantity_display(self, obj):
        return f"{intcomma(obj.quantity)} {obj.channel.unit}"

    @admin.display(description=_("lượt người"), ordering="participants")
    def participants_display(self, obj):
        return intcomma(obj.participants) if obj.participants is not None else "—"

    @admin.display(description=_("cơ quan, đơn vị"), ordering="agency__name")
    def agency_display(self, obj):
        return obj.agency.display_name

    @admin.display(description=_("hình thức"), ordering="channel__order")
    def channel_display(self, obj):
        return obj.channel.name

    @admin.display(description=_("kế hoạch"), ordering="plan__year")
    def plan_display(self, obj):
        return plan_column(obj.plan)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # Changed data waits for its agency's report to be approved again (the reporting cycle's rule).
        cycle.activities_changed(activities=Activity.objects.filter(pk=obj.pk))

    def delete_model(self, request, obj):
        self._lock_or_refuse(Activity.objects.filter(pk=obj.pk))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._lock_or_refuse(queryset)
        super().delete_queryset(request, queryset)

    def _lock_or_refuse(self, activities):
        """The reporting cycle's lock before a delete (in the admin's transaction): a report approved since
        the permission check refuses it, with the lock's message (403, nothing deleted)."""
        try:
            cycle.activities_lock_or_refuse(places=activities.values_list("agency_id", "date"))
        except ValidationError as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc

    def get_fieldsets(self, request, obj=None):
        """Read-only (approved, or another agency's): no "confirm the quantity" box, the description as text."""
        if obj is None or self.has_change_permission(request, obj):
            return self.fieldsets
        return (
            (None, {"fields": ("plan", "task", "agency", ("channel", "date"), "title")}),
            (_("Số liệu"), {"fields": (("quantity", "participants", "awards"),)}),
            (_("Chi tiết và minh chứng"), {"fields": ("description_display", "evidence_url")}),
        )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "description_display") if obj is not None else fields

    @admin.display(description=_("mô tả chi tiết"))
    def description_display(self, obj):
        return safe_html(obj.description) if obj.description else "—"

    # A browser cannot keep a chosen file across a failed save: the inline that lost files says so.
    FILES_DROPPED = {ActivityPhoto: PHOTOS_NOT_KEPT, ActivityEvidence: FILES_NOT_KEPT}

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A save that failed with photos or evidence files chosen: the browser has dropped them, so each
        such inline says plainly, above its file boxes, that they must be chosen again (its captions are
        still there)."""
        if request.method == "POST" and request.FILES:
            for inline in context.get("inline_admin_formsets", ()):
                formset = inline.formset
                message = self.FILES_DROPPED.get(formset.model)
                if message and any(key.startswith(f"{formset.prefix}-") for key in request.FILES):
                    errors = formset.non_form_errors()
                    if message not in errors:
                        errors.append(message)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _locked_message(self, request, activity):
        """Why an activity is read-only: the approved report that locks it (Activity.locking_submission, the
        one lock rule), its window, and who reopens it (a coordinator, with "Mở lại" on the report's page,
        linked for whoever may open that page)."""
        locked_by = activity.locking_submission() if activity is not None else None
        if locked_by is None:
            return None
        period = locked_by.period
        where = _("trên trang báo cáo")
        if scoping.can_see(request.user, locked_by):
            where = format_html('<a href="{}">{}</a>',
                                reverse("admin:campaigns_submission_change", args=[locked_by.pk]), where)
        return format_html(
            _("Kết quả này thuộc báo cáo “{period}” ({start} – {end}) của {agency} đã được duyệt nên chỉ xem "
              "được, không sửa hay xóa được. Cần sửa: điều phối viên mở lại báo cáo bằng nút “Mở lại” {where} "
              "(kèm lý do)."),
            period=period, start=vn_date(period.start), end=vn_date(period.end),
            agency=locked_by.agency.display_name, where=where)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Say why an approved activity opens read-only (the reporting cycle's lock), and whom to ask."""
        activity = self.get_object(request, object_id) if request.method == "GET" else None
        message = self._locked_message(request, activity)
        if message:
            self.message_user(request, message, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        """An approved activity: back to its page with the reason, not a bare "no permission"."""
        activity = self.get_object(request, object_id)
        message = self._locked_message(request, activity)
        if message and scoping.can_see(request.user, activity):
            self.message_user(request, message, messages.WARNING)
            return redirect(reverse("admin:campaigns_activity_change", args=[activity.pk]))
        return super().delete_view(request, object_id, extra_context)
