from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Plumbing every app may use; it imports no app of this project."""

    name = "core"
    verbose_name = _("Nền tảng")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate, pre_save

        from .sanitize import clean_text_fields
        from .sites import sync_site

        pre_save.connect(clean_text_fields, dispatch_uid="core.clean_text_fields")
        # After Sites creates its example.com row: every migrate writes SITE_URL's host into it.
        post_migrate.connect(sync_site, sender=apps.get_app_config("sites"), dispatch_uid="core.sync_site")
