from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo và cổng công khai")

    # What each staff role may do here (accounts.roles gathers every app's list).
    role_permissions = {
        "coordinator": ["view_report", "add_report", "change_report", "delete_report", "publish_report"],
    }

    def ready(self):
        from core.caching import invalidate_on_change

        from .access import register_rules
        from .models import Report

        register_rules()
        invalidate_on_change(Report)
