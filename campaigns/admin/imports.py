"""The record of Excel imports in the admin: a list scoped to the officer's agency, a read-only page per
import, and its undo (a confirmation page, then a POST to `spreadsheets.import_batch_undo`)."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.numbers import parse_id

from .. import access, spreadsheets
from ..models import ImportBatch

SHOWN_ACTIVITIES = 20


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "created_at", "file_name", "created_by", "agency", "created_count", "updated_count",
                    "unchanged_count", "warning_count", "status")
    list_display_links = ("id", "created_at", "file_name")
    list_filter = ("status",)
    list_select_related = ("created_by", "agency")
    search_fields = ("file_name",)
    date_hierarchy = "created_at"
    fields = ("file_name", ("created_at", "created_by", "agency"),
              ("created_count", "updated_count", "unchanged_count", "warning_count"), "status",
              ("undone_at", "undone_by"), "added_activities")
    readonly_fields = ("file_name", "created_at", "created_by", "agency", "created_count", "updated_count",
                       "unchanged_count", "warning_count", "status", "undone_at", "undone_by", "added_activities")
    change_form_template = "admin/campaigns/importbatch/change_form.html"

    def get_queryset(self, request):
        # An officer sees their agency's imports, a coordinator all of them (agencies.scoping).
        queryset = super().get_queryset(request).defer("previous_values", "imported_state")
        return scoping.visible(queryset, request.user)

    # Whoever may import may see the record of imports; nobody adds, edits or deletes one by hand.
    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm("campaigns.add_activity")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("hoạt động do lần nhập thêm vào"))
    def added_activities(self, obj):
        activities = list(obj.activities.order_by("pk").only("pk", "title")[:SHOWN_ACTIVITIES])
        if not activities:
            return "—"
        links = format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("admin:campaigns_activity_change", args=[a.pk]), a.title) for a in activities))
        more = obj.created_count - len(activities)
        return format_html("{}{}", links, f" … và {more} hoạt động khác" if more > 0 else "")

    def get_urls(self):
        return [
            path("<int:pk>/hoan-tac/", self.admin_site.admin_view(self.undo_view),
                 name="campaigns_importbatch_undo"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pk = parse_id(str(object_id))
        batch = self.get_queryset(request).filter(pk=pk).first() if pk is not None else None
        extra_context = {**(extra_context or {}), "can_undo": bool(
            batch and batch.status == ImportBatch.Status.ACTIVE and access.can_undo_import(request.user, batch))}
        return super().change_view(request, object_id, form_url, extra_context)

    def undo_view(self, request, pk):
        if not self.has_view_permission(request):
            raise Http404
        batch = get_object_or_404(self.get_queryset(request), pk=pk)
        back = reverse("admin:campaigns_importbatch_change", args=[batch.pk])
        if request.method != "POST":
            context = {**self.admin_site.each_context(request), "opts": self.model._meta, "batch": batch,
                       "title": f"Hoàn tác lần nhập số {batch.pk}", "back_url": back,
                       "can_undo": batch.status == ImportBatch.Status.ACTIVE and access.can_undo_import(
                           request.user, batch)}
            return TemplateResponse(request, "admin/campaigns/importbatch/undo_confirm.html", context)
        try:
            spreadsheets.import_batch_undo(batch=batch, user=request.user)
        except spreadsheets.ImportUndoError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, f"Đã hoàn tác lần nhập số {batch.pk}: xóa {batch.created_count} hoạt động "
                                       f"đã thêm, khôi phục {batch.updated_count} hoạt động đã cập nhật.",
                              messages.SUCCESS)
        return HttpResponseRedirect(back)
