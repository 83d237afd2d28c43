"""The admin's history pages (django-simple-history) made safe to use.

Its revert page saves an old version of a record through the change form. Left as it is, that page
checks only the *view* permission and saves every field of the old version, including those the form
does not offer. Here:
- reading a record's history needs the permission to change that record (the history names every editor);
- reverting needs the permission to change the record as it is now *and* as it would become (an officer
  cannot revert a plan into another agency's);
- only fields the user may edit in the change form of the record *as it is now* are taken from the old
  version; every other field — always those in `revert_keeps` (a status, publication times, frozen
  figures), and those the record itself says can no longer change (`frozen_fields()`: a published report's
  scope, which its frozen figures were counted for) — keeps its current value, and does so before the form
  is validated, so the model's own checks see what will be saved. Changing a status is the named
  function's job (publishing, withdrawing), never a revert's.

`frozen_fields()` also makes those fields read-only in the ordinary change form: one list for both."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from simple_history.admin import SimpleHistoryAdmin


class SafeHistoryAdmin(SimpleHistoryAdmin):
    revert_keeps = ("status", "published_at", "figures", "figures_as_of", "created_by", "created_at")

    def frozen_fields(self, obj):
        """What the record says can no longer change (`Model.frozen_fields()`); nothing if it says nothing."""
        return tuple(obj.frozen_fields()) if obj is not None and hasattr(obj, "frozen_fields") else ()

    def get_readonly_fields(self, request, obj=None):
        # On the revert page `obj` is the old version: what may change is decided by the record as it is now.
        record = getattr(request, "_revert_current", None) or obj
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields + tuple(name for name in self.frozen_fields(record) if name not in fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        current = getattr(request, "_revert_current", None)
        if current is not None and obj is not None and obj is not current:
            self._keep_current(obj, current, form.base_fields)  # the old version, before its form validates
        return form

    def _keep_current(self, obj, current, editable):
        for field in obj._meta.concrete_fields:
            if not field.primary_key and (field.name not in editable or field.name in self.revert_keeps):
                setattr(obj, field.attname, getattr(current, field.attname))

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
        if request.method == "POST" and self.revert_disabled(request, current):
            raise PermissionDenied
        request._revert_current = current  # the page shows what a revert would save, then saves it
        # One transaction, as the change form has: what a model's form locks while it validates (the
        # reporting cycle's lock on activities) is held until the save commits.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        current = getattr(request, "_revert_current", None)
        if current is not None:
            self._keep_current(obj, current, form.fields)
            if not self.has_change_permission(request, obj):  # what it would become
                raise PermissionDenied
            obj._change_reason = "Khôi phục phiên bản cũ"
        super().save_model(request, obj, form, change)
