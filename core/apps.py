from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Plumbing every app may use; it imports no app of this project."""

    name = "core"
    verbose_name = _("Nền tảng")

    def ready(self):
        from django.db.models.signals import pre_save

        from .sanitize import clean_text_fields

        pre_save.connect(clean_text_fields, dispatch_uid="core.clean_text_fields")
