from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Plumbing every app may use, and the portal's identity; it imports no app of this project."""

    name = "core"
    verbose_name = _("Nền tảng")
    # Whose portal this is: the coordinators set it (accounts.roles gathers every app's list).
    role_permissions = {
        "coordinator": ["view_portalidentity", "add_portalidentity", "change_portalidentity"],
    }

    def ready(self):
        from django.apps import apps
        from django.core.checks import Tags, register
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

        from . import panels
        from .caching import invalidate_on_change
        from .identity import IdentityPanel, forget, rename_site
        from .models import PortalIdentity
        from .sanitize import clean_text_fields
        from .sites import source_code_published, sync_site
        from .text import register_collation

        # SQLite has no Vietnamese collation: every connection gets one under PostgreSQL's name.
        connection_created.connect(register_collation, dispatch_uid="core.text.register_collation")
        pre_save.connect(clean_text_fields, dispatch_uid="core.clean_text_fields")
        # After Sites creates its example.com row: every migrate writes SITE_URL's host into it.
        post_migrate.connect(sync_site, sender=apps.get_app_config("sites"), dispatch_uid="core.sync_site")
        # The identity is on every page: saving it clears its cached copy and every cached page, and
        # renames the Sites row.
        invalidate_on_change(PortalIdentity)
        post_save.connect(forget, sender=PortalIdentity, dispatch_uid="core.identity.forget-save")
        post_delete.connect(forget, sender=PortalIdentity, dispatch_uid="core.identity.forget-delete")
        post_save.connect(rename_site, sender=PortalIdentity, dispatch_uid="core.identity.rename_site")
        panels.register(IdentityPanel)
        register(source_code_published, Tags.security, deploy=True)
