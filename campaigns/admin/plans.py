from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..forms import PlanForm, TaskForm
from ..models import Plan, PublishStatus, Task
from ..plan_publishing import plan_publish, plan_unpublish
from .base import AgencyScopedAdmin, ScopedInlineMixin


class TaskInline(ScopedInlineMixin, admin.StackedInline):
    model = Task
    form = TaskForm
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
        """The form's status box asks for what the list's actions do: the plan is saved as it was (a new one
        as a draft), then published or withdrawn by campaigns.plan_publishing — one way to publish a plan. A
        history revert never changes the status (core.history keeps it)."""
        reverting = getattr(request, "_revert_current", None) is not None
        wanted = None
        if "status" in form.changed_data and not reverting:
            wanted = obj.status
            obj.status = form.initial.get("status", PublishStatus.DRAFT) if change else PublishStatus.DRAFT
        super().save_model(request, obj, form, change)
        if wanted is not None and wanted != obj.status:
            change_status = plan_publish if wanted == PublishStatus.PUBLISHED else plan_unpublish
            change_status(plans=Plan.objects.filter(pk=obj.pk), user=request.user)
            obj.refresh_from_db(fields=["status", "published_at", "updated_at"])

    @admin.action(description=_("Công khai các kế hoạch đã chọn"))
    def publish_selected(self, request, queryset):
        count = plan_publish(plans=queryset, user=request.user)
        self.message_user(request, _("Đã công khai %(n)s kế hoạch.") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Thu hồi công khai các kế hoạch đã chọn"))
    def unpublish_selected(self, request, queryset):
        count = plan_unpublish(plans=queryset, user=request.user)
        self.message_user(request, _("Đã thu hồi %(n)s kế hoạch.") % {"n": count}, messages.SUCCESS)
