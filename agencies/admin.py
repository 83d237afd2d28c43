from django.contrib import admin

from core.history import SafeHistoryAdmin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(SafeHistoryAdmin):
    list_display = ("name", "short_name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    list_select_related = ("parent",)
    search_fields = ("name", "short_name")
    autocomplete_fields = ("parent",)
