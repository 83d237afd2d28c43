from django.contrib import admin

from core.history import SafeHistoryAdmin

from ..models import Channel
from .base import NUMBER_FIELDS


@admin.register(Channel)
class ChannelAdmin(SafeHistoryAdmin):
    formfield_overrides = NUMBER_FIELDS
    list_display = ("name", "unit", "order", "is_active")
    list_editable = ("order",)
    list_filter = ("is_active",)
    search_fields = ("name", "unit")
