from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Pages that span apps, on top of every app: the staff start page (panels each app contributes,
    core.panels) and the site search."""

    name = "portal"
    verbose_name = _("Trang tổng hợp")
