"""What every admin of agency data builds on (campaigns' screens, and reports' and discussion's): the
scoping mixins, which ask agencies.scoping, and Vietnamese whole numbers in every form."""

from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.history import SafeHistoryAdmin
from core.numbers import WholeNumberField

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
    """An inline edits its parent's rows: allowed only where the parent may be changed (agencies.scoping)."""

    formfield_overrides = NUMBER_FIELDS

    def _parent_editable(self, request, obj):
        return obj is None or scoping.can_change(request.user, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)


def _year_as_text(names):
    """A fieldset's field names, ("kind", "year") lines included, with `year` read as `year_text`."""
    return tuple(_year_as_text(name) if isinstance(name, (list, tuple)) else "year_text" if name == "year" else name
                 for name in names)


class AgencyScopedAdmin(SafeHistoryAdmin):
    """Every admin of agency data goes through here, and here only to `agencies.scoping`, the one module
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

    # A year read-only (a period already reported against, a plan the user may only view) is written "2026":
    # Django's read-only display groups every integer ("2.026"), so the field is swapped for `year_text`.
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._year_read_only(request, obj):
            return fieldsets
        return [(name, {**options, "fields": _year_as_text(options["fields"])}) for name, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "year_text") if self._has_year() else fields

    def _has_year(self):
        return any(f.name == "year" for f in self.model._meta.fields)

    def _year_read_only(self, request, obj):
        if not self._has_year():
            return False
        viewing_only = obj is not None and not self.has_change_permission(request, obj)
        return viewing_only or "year" in self.get_readonly_fields(request, obj)

    @admin.display(description=_("năm"))
    def year_text(self, obj):
        return str(obj.year) if obj.year else "—"

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




def plan_column(plan):
    """A list's "kế hoạch" column: the plan's number kept on one line ("15/KH-UBND" never breaks at its
    hyphen), or, before it has one, a label that may wrap (Plan.short_label)."""
    if plan.document_number:
        return format_html('<span class="nowrap">{}</span>', plan.document_number)
    return plan.short_label
