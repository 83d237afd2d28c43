import datetime as dt

from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.history import SafeHistoryAdmin
from core.numbers import WholeNumberField, parse_id
from core.sanitize import safe_html
from core.text import fold

from . import scoping
from .admin_spreadsheets import ActivitySpreadsheetMixin
from .forms import ActivityForm, ActivityPhotoForm, PlanForm
from .models import Activity, ActivityPhoto, Agency, Channel, Plan, PublishStatus, Task, task_overdue, task_percent
from .publishing import plan_publish, plan_unpublish

admin.site.site_header = _("Cổng thông tin tuyên truyền CCHC — Quản trị")
admin.site.site_title = _("Quản trị CCHC")
admin.site.index_title = _("Nhập liệu và quản lý")


# Whole numbers typed the Vietnamese way ("1.000" is one thousand) in every staff form and inline.
NUMBER_FIELDS = {
    models.PositiveIntegerField: {"form_class": WholeNumberField},
    models.PositiveSmallIntegerField: {"form_class": WholeNumberField},
    models.IntegerField: {"form_class": WholeNumberField},
}


class ScopedRelatedListFilter(admin.RelatedFieldListFilter):
    """A filter by a related plan (or task…) that lists only the rows the user may see."""

    def field_choices(self, field, request, model_admin):
        related = field.remote_field.model
        rows = scoping.visible(related._default_manager.all(), request.user)
        ordering = self.field_admin_ordering(field, request, model_admin) or related._meta.ordering
        return [(row.pk, str(row)) for row in rows.order_by(*ordering)]


class ScopedInlineMixin:
    """An inline edits its parent's rows: allowed only where the parent may be changed (campaigns.scoping)."""

    formfield_overrides = NUMBER_FIELDS

    def _parent_editable(self, request, obj):
        return obj is None or scoping.can_change(request.user, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)


class AgencyScopedAdmin(SafeHistoryAdmin):
    """Every admin of agency data goes through here, and here only to `campaigns.scoping`, the one module
    of rules: the list, the object pages (view, change, delete, history) and every foreign-key choice and
    autocomplete offer only what the rules allow, so a forged POST fails validation. A new row of an
    officer always gets their agency in its owner field. `editable_choices` names foreign keys whose
    choices are the rows the user may *change* (a task's plan), not merely see."""

    editable_choices = ()
    formfield_overrides = NUMBER_FIELDS

    def get_queryset(self, request):
        return scoping.visible(super().get_queryset(request), request.user)

    def has_add_permission(self, request, *args):
        if not scoping.sees_all(request.user) and request.user.agency_id is None:
            return False
        return super().has_add_permission(request, *args)

    def has_view_permission(self, request, obj=None):
        # Checked on objects too, because some views (the history of a deleted row, for one) find
        # the object without going through get_queryset.
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or scoping.can_see(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or scoping.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or scoping.can_change(request.user, obj))

    def get_autocomplete_fields(self, request):
        fields = super().get_autocomplete_fields(request)
        if scoping.sees_all(request.user):
            return fields
        return [f for f in fields if f != scoping.owner_field(self.model)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        related = db_field.remote_field.model
        if db_field.name == scoping.owner_field(self.model) and not scoping.sees_all(user):
            kwargs["queryset"] = scoping.entry_agencies(user)
            kwargs["initial"] = user.agency_id
            kwargs["empty_label"] = None
        elif db_field.name in self.editable_choices:
            kwargs["queryset"] = scoping.editable(related._default_manager.all(), user)
        else:
            kwargs["queryset"] = scoping.visible(related._default_manager.all(), user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Autocompletes answer from the same rules as the form they fill (see editable_choices)."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        source = self._autocomplete_source(request)
        if source is not None:
            source_admin, field_name = source
            if field_name in getattr(source_admin, "editable_choices", ()):
                queryset = scoping.editable(queryset, request.user)
        return queryset, may_have_duplicates

    def _autocomplete_source(self, request):
        if request.resolver_match is None or request.resolver_match.url_name != "autocomplete":
            return None
        from django.apps import apps

        try:
            model = apps.get_model(request.GET.get("app_label", ""), request.GET.get("model_name", ""))
        except (LookupError, ValueError):
            return None
        source_admin = self.admin_site._registry.get(model)
        return (source_admin, request.GET.get("field_name", "")) if source_admin else None

    def save_model(self, request, obj, form, change):
        owner = scoping.owner_field(self.model)
        if owner and not scoping.sees_all(request.user):
            setattr(obj, f"{owner}_id", request.user.agency_id)
        super().save_model(request, obj, form, change)


@admin.register(Agency)
class AgencyAdmin(SafeHistoryAdmin):
    formfield_overrides = NUMBER_FIELDS
    list_display = ("name", "short_name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("parent",)
    search_fields = ("name", "short_name")
    autocomplete_fields = ("parent",)


@admin.register(Channel)
class ChannelAdmin(SafeHistoryAdmin):
    formfield_overrides = NUMBER_FIELDS
    list_display = ("name", "unit", "order", "is_active")
    list_editable = ("order",)
    list_filter = ("is_active",)
    search_fields = ("name", "unit")


class TaskInline(ScopedInlineMixin, admin.StackedInline):
    model = Task
    extra = 0
    fields = (
        ("title", "order"), "description", ("channel", "target_quantity"),
        ("lead_agency", "deadline", "status"), "coordinating_agencies",
    )
    autocomplete_fields = ("lead_agency", "coordinating_agencies")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel", "lead_agency")


@admin.register(Plan)
class PlanAdmin(AgencyScopedAdmin):
    form = PlanForm
    inlines = [TaskInline]
    list_display = ("document_number", "title", "year_display", "issuing_agency", "status", "task_count",
                    "issued_on")
    list_display_links = ("document_number", "title")
    list_filter = ("status", "year", ("issuing_agency", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("issuing_agency",)
    search_fields = ("title", "document_number", "summary")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("issuing_agency",)
    date_hierarchy = "issued_on"
    readonly_fields = ("published_at",)
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = (
        (None, {"fields": ("title", "slug", ("document_number", "year"), ("issuing_agency", "issued_on"))}),
        (_("Nội dung"), {"fields": ("summary", "body", "attachment")}),
        (_("Công khai"), {"fields": ("status", "published_at")}),
    )

    def get_queryset(self, request):
        # Explicit order: Meta.ordering does not apply to GROUP BY queries, and the autocomplete paginates.
        return super().get_queryset(request).annotate(task_count=Count("tasks")).order_by(*Plan._meta.ordering)

    @admin.display(description=_("năm"), ordering="year")
    def year_display(self, obj):
        return str(obj.year)  # a year, not a number: "2019", never "2.019"

    @admin.display(description=_("số nhiệm vụ"), ordering="task_count")
    def task_count(self, obj):
        return obj.task_count

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("campaigns.publish_plan"):
            fields.append("status")
        return fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("campaigns.publish_plan"):
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if obj.status == PublishStatus.PUBLISHED and obj.published_at is None:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Công khai các kế hoạch đã chọn"))
    def publish_selected(self, request, queryset):
        count = plan_publish(plans=queryset, user=request.user)
        self.message_user(request, _("Đã công khai %(n)s kế hoạch.") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Thu hồi công khai các kế hoạch đã chọn"))
    def unpublish_selected(self, request, queryset):
        count = plan_unpublish(plans=queryset, user=request.user)
        self.message_user(request, _("Đã thu hồi %(n)s kế hoạch.") % {"n": count}, messages.SUCCESS)


@admin.register(Task)
class TaskAdmin(AgencyScopedAdmin):
    # A task belongs to its plan: only plans the user may change are offered (campaigns.scoping).
    editable_choices = ("plan",)
    # Short columns, so target, achieved and progress fit at 1366 px: "45/100 đề tài (45%)".
    list_display = ("title", "plan_display", "lead_agency_display", "progress_display", "status_display",
                    "deadline_display")
    list_filter = ("plan__year", ("plan", admin.RelatedOnlyFieldListFilter),
                   ("lead_agency", admin.RelatedOnlyFieldListFilter), "channel")
    list_select_related = ("plan", "lead_agency", "channel")
    search_fields = ("title", "plan__title", "plan__document_number")
    autocomplete_fields = ("plan", "lead_agency", "coordinating_agencies")
    fields = ("plan", "title", "description", ("channel", "target_quantity"), ("lead_agency", "deadline"),
              "status", "coordinating_agencies", "order")

    class Media:
        css = {"all": ("css/admin_cycle.css",)}

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress(counted=False)  # staff see pending work too

    @admin.display(description=_("kế hoạch"), ordering="plan__year")
    def plan_display(self, obj):
        return obj.plan.document_number or obj.plan.title

    @admin.display(description=_("chủ trì"), ordering="lead_agency__name")
    def lead_agency_display(self, obj):
        return obj.lead_agency.display_name

    @admin.display(description=_("tiến độ"), ordering="achieved")
    def progress_display(self, obj):
        if not obj.target_quantity:
            return "—"
        percent = task_percent(target=obj.target_quantity, achieved=obj.achieved, status=obj.progress_status)
        unit = obj.channel.unit if obj.channel_id else ""
        return f"{intcomma(obj.achieved)}/{intcomma(obj.target_quantity)} {unit} ({percent}%)"

    @admin.display(description=_("trạng thái"), ordering="progress_status")
    def status_display(self, obj):
        return obj.progress_label or "—"

    @admin.display(description=_("thời hạn"), ordering="deadline")
    def deadline_display(self, obj):
        if not obj.deadline:
            return "—"
        date = obj.deadline.strftime("%d/%m/%Y")
        if task_overdue(deadline=obj.deadline, status=obj.progress_status, as_of=timezone.localdate()):
            return format_html('{}<br><span class="cycle-overdue">{}</span>', date, _("Quá hạn"))
        return date


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


from .admin_evidence import ActivityEvidenceInline  # noqa: E402 — it builds on ScopedInlineMixin above


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
        return obj.plan.document_number or obj.plan.title

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

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

    def _locked_message(self, request, activity):
        locked_by = activity.locking_submission() if activity is not None else None
        if locked_by is None:
            return None
        return _("Kết quả này thuộc báo cáo “%(period)s” của %(agency)s đã được duyệt nên chỉ xem được, không sửa "
                 "hay xóa được. Cần sửa, đề nghị điều phối viên mở lại kỳ (kèm lý do).") % {
            "period": locked_by.period, "agency": locked_by.agency.display_name}

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


from . import admin_cycle  # noqa: E402,F401  (the reporting cycle: periods and submissions)
