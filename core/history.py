"""The admin's history pages (django-simple-history) made safe to use.

Its revert page saves an old version of a record through the change form. Left as it is, that page
checks only the *view* permission and saves every field of the old version, including those the form
does not offer. Here:
- reading a record's history needs the permission to change that record (the history names every editor);
- reverting needs the permission to change the record as it is now *and* as it would become (an officer
  cannot revert a plan into another agency's);
- only fields the user may edit in the change form are taken from the old version; every other field —
  and always those in `revert_keeps` (a status, publication times, frozen figures) — keeps its current
  value. Changing a status is the named function's job (publishing, withdrawing), never a revert's."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class SafeHistoryAdmin(SimpleHistoryAdmin):
    revert_keeps = ("status", "published_at", "figures", "figures_as_of", "created_by", "created_at")

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return self.has_view_history_permission(request, obj)

    def has_view_history_permission(self, request, obj=None):
        allowed = super().has_view_history_permission(request, obj)
        return allowed and (obj is None or self.has_change_permission(request, obj))

    def has_change_history_permission(self, request, obj=None):
        allowed = super().has_change_history_permission(request, obj)
        return allowed and (obj is None or self.has_change_permission(request, obj))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if current is None or not self.has_change_permission(request, current):
            raise PermissionDenied
        if request.method == "POST":
            if self.revert_disabled(request, current):
                raise PermissionDenied
            request._revert_current = current
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        current = getattr(request, "_revert_current", None)
        if current is not None:
            for field in obj._meta.concrete_fields:
                if field.primary_key:
                    continue
                if field.name not in form.fields or field.name in self.revert_keeps:
                    setattr(obj, field.attname, getattr(current, field.attname))
            if not self.has_change_permission(request, obj):  # what it would become
                raise PermissionDenied
            obj._change_reason = "Khôi phục phiên bản cũ"
        super().save_model(request, obj, form, change)
