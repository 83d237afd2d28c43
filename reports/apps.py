from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo và cổng công khai")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from campaigns.models import Activity, ActivityPhoto, Agency, Channel, Plan, Task
        from discussion.models import CitizenComment

        from . import caching
        from .models import Report

        # Anything a public page shows: a change moves the page-cache version on when it commits.
        for model in (Plan, Task, Activity, ActivityPhoto, Agency, Channel, Report, CitizenComment):
            post_save.connect(caching.bump, sender=model, dispatch_uid=f"page-cache-{model._meta.label}-save")
            post_delete.connect(caching.bump, sender=model, dispatch_uid=f"page-cache-{model._meta.label}-delete")
