from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Whole-site jobs on top of every app: demo data, the national generator, backups, roles."""

    name = "ops"
    verbose_name = _("Vận hành")
