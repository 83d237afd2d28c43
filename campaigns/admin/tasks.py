from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404, JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.dates import vn_date
from core.numbers import parse_id

from .. import access
from ..forms import TaskForm
from ..models import Task, task_overdue, task_percent
from .base import AgencyScopedAdmin, plan_column


class OwnWorkListFilter(admin.SimpleListFilter):
    """The officer's own work: the tasks their agency leads, coordinates, or either (campaigns.access)."""

    title = _("việc của cơ quan")
    parameter_name = "viec"
    ROLES = {"cua-toi": None, "chu-tri": access.LEAD, "phoi-hop": access.COORDINATING}

    def lookups(self, request, model_admin):
        if request.user.agency_id is None:
            return []
        return [("cua-toi", _("Chủ trì hoặc phối hợp")), ("chu-tri", _("Chủ trì")), ("phoi-hop", _("Phối hợp"))]

    def queryset(self, request, queryset):
        if self.value() in self.ROLES and request.user.agency_id is not None:
            return queryset.filter(access.own_tasks_q(request.user.agency_id, self.ROLES[self.value()]))
        return queryset


@admin.register(Task)
class TaskAdmin(AgencyScopedAdmin):
    form = TaskForm
    # A task belongs to its plan: only plans the user may change are offered (agencies.scoping).
    editable_choices = ("plan",)
    # Short columns, so target, achieved and progress fit at 1366 px: "45/100 đề tài (45%)".
    # The user's agency's part in the task ("Chủ trì", "Phối hợp") is a label in the title's cell, not a
    # column of its own: the list must fit 1366 px (tests/e2e: test_task_and_activity_lists_fit_a_1366_px_screen).
    list_display = ("title_display", "plan_display", "lead_agency_display", "progress_display", "status_display",
                    "deadline_display")
    list_filter = (OwnWorkListFilter, "plan__year", ("plan", admin.RelatedOnlyFieldListFilter),
                   ("lead_agency", admin.RelatedOnlyFieldListFilter), "channel")
    list_select_related = ("plan", "lead_agency", "channel")
    search_fields = ("title", "plan__title", "plan__document_number")
    autocomplete_fields = ("plan", "lead_agency", "coordinating_agencies")
    fields = ("plan", "title", "description", ("channel", "target_quantity"), ("lead_agency", "deadline"),
              "status", "coordinating_agencies", "order")

    class Media:
        css = {"all": ("css/admin_cycle.css",)}

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        if not hasattr(request, "_can_add_tasks"):  # asked for every admin page's menu: once per request
            request._can_add_tasks = access.can_add_tasks(request.user)
        return request._can_add_tasks

    def get_urls(self):
        view = self.admin_site.admin_view(self.channel_view)
        return [path("<str:object_id>/hinh-thuc/", view, name="campaigns_task_channel"), *super().get_urls()]

    def channel_view(self, request, object_id):
        """The task's channel, for the activity form's script (static/campaigns/activity_form.js): only a
        task the user sees (agencies.scoping), as the form's task box offers."""
        pk = parse_id(object_id)
        task = scoping.visible(Task.objects.filter(pk=pk), request.user).first() if pk else None
        if task is None or not self.has_view_permission(request):
            raise Http404
        return JsonResponse({"channel": task.channel_id})

    def get_queryset(self, request):
        # Staff see pending work too. The order explicitly: Meta.ordering does not apply to the GROUP BY
        # query the progress makes, and the autocomplete (the activity form's task box) pages through it.
        tasks = super().get_queryset(request).with_progress(counted=False).order_by(*Task._meta.ordering)
        return access.with_role(tasks, request.user.agency_id)

    @admin.display(description=_("nhiệm vụ"), ordering="title")
    def title_display(self, obj):
        """The title, and the user's agency's part in the task: "Chủ trì", "Phối hợp" or nothing."""
        if not obj.role:
            return obj.title
        return format_html('{} <span class="cycle-badge task-role">{}</span>', obj.title, obj.role)

    @admin.display(description=_("kế hoạch"), ordering="plan__year")
    def plan_display(self, obj):
        return plan_column(obj.plan)

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
        date = vn_date(obj.deadline)
        if task_overdue(deadline=obj.deadline, status=obj.progress_status, as_of=timezone.localdate()):
            return format_html('{}<br><span class="cycle-overdue">{}</span>', date, _("Quá hạn"))
        return date
