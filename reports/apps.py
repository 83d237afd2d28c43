from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo và cổng công khai")

    def ready(self):
        from core.caching import invalidate_on_change

        from .models import Report

        invalidate_on_change(Report)
