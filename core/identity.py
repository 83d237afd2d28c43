"""The portal's identity (core.models.PortalIdentity) for everything that shows it: pages (the `portal`
context variable), emails (`sender`, the `{% portal_name %}` tag), feeds, the Sites row and the Excel and Word files'
properties (`describe_workbook`, `describe_document`).

It is read on every page, so it is kept in the cache; saving it (the admin) clears that entry, moves the
public pages' version on (core.caching: the identity is on every cached page) and renames the Sites row —
receivers wired in core.apps. Until someone fills it in, the public sees a neutral name (GENERIC_SITE_NAME),
never another province's, and staff see a prompt on their start page (IdentityPanel)."""

import logging
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.cache import cache
from django.db import Error as DatabaseFailure
from django.db import transaction
from django.utils.functional import SimpleLazyObject

from .db_routing import cache_seconds
from .models import GENERIC_SITE_NAME, PortalIdentity
from .panels import Panel

logger = logging.getLogger(__name__)
__all__ = ["GENERIC_SITE_NAME", "current_identity", "describe_document", "describe_workbook", "sender", "site_name",
           "short_name"]
CACHE_KEY = "portal-identity:v1"
LAST_READ_KEY = "portal-identity:last-read:v1"  # for the error pages only: kept until overwritten


def current_identity(*, neutral_on_error=False):
    """The identity as saved, or an empty one (not saved) when nobody has set it yet. When the database
    cannot be read, the error goes on (the page fails with the 503 page "thử lại", and is not cached under
    the neutral name) — except for the error pages themselves (`neutral_on_error`), which show the last
    identity read (an outage outlasts the cache entry), or the neutral name."""
    try:
        identity = cache.get(CACHE_KEY)
    except Exception:  # a cache down is never an outage  # noqa: BLE001
        identity = None
    if identity is None:
        try:
            identity = PortalIdentity.objects.filter(pk=1).first() or PortalIdentity()
        except DatabaseFailure:
            if not neutral_on_error:
                raise
            logger.warning("the portal's identity could not be read: the last one read, or the neutral name",
                           exc_info=True)
            return _last_read() or PortalIdentity()
        try:
            cache.set(CACHE_KEY, identity, cache_seconds(None))  # bounded when read on a replica
            # An outage outlasts that bound (a failover: ~25 s): the error pages name the portal from this.
            cache.set(LAST_READ_KEY, identity, None)
        except Exception:  # noqa: BLE001
            logger.warning("could not keep the portal's identity in the cache", exc_info=True)
    return identity


def _last_read():
    try:
        return cache.get(LAST_READ_KEY)
    except Exception:  # a cache down too: the neutral name  # noqa: BLE001
        return None


def forget(**_kwargs):
    """Drop the cached copy now and again when the transaction commits (a read between the save and the
    commit must not keep what a rollback would undo)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def site_name(identity=None):
    """The portal's name, or the neutral one while none is set."""
    return (identity or current_identity()).display_name


def short_name(identity=None):
    return (identity or current_identity()).display_short_name


def rename_site(*, instance, **_kwargs):
    """post_save: the Sites row (read by django.contrib.redirects and the comments app) is named after it."""
    from django.contrib.sites.models import Site

    Site.objects.filter(pk=settings.SITE_ID).update(name=sites_row_name(instance))
    Site.objects.clear_cache()


def sites_row_name(identity=None):
    """The portal's name as the Sites row can hold it (50 characters): the short name when the full one
    is longer."""
    name = site_name(identity)
    return name if len(name) <= 50 else short_name(identity)[:50]


def sender():
    """DEFAULT_FROM_EMAIL with the portal's short name as the display name ("CCHC tỉnh … <noreply@…>"),
    unless the setting gives one itself."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return settings.DEFAULT_FROM_EMAIL if name or not address else formataddr((short_name(), address))


def describe_workbook(workbook, *, title):
    """An Excel file's document properties (what File › Info shows): the agency running the portal as its
    author, the portal's name as its description, Vietnamese. openpyxl writes no Company field."""
    identity = current_identity()
    author = identity.operator_name.strip() or site_name(identity)
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = author
    properties.title = title
    properties.description = site_name(identity)
    properties.language = "vi-VN"
    return workbook


def describe_document(document, *, title, author=None):
    """A Word file's document properties (python-docx), as `describe_workbook` for Excel: `author` (the agency
    whose document it is; the portal's operator by default), the portal's operator as the last to modify it,
    the title, Vietnamese, and today's date (not python-docx's template of 2013). The Company field is
    written when the file is saved (core.workbooks.document_bytes)."""
    from django.utils import timezone

    identity = current_identity()
    operator = identity.operator_name.strip() or site_name(identity)
    now = timezone.now().replace(microsecond=0)
    properties = document.core_properties
    properties.title = title
    properties.author = author or operator
    properties.last_modified_by = operator
    properties.comments = ""
    properties.language = "vi-VN"
    properties.created = properties.modified = now
    properties.revision = 1
    return document


def context(request):
    """Template context processor: `portal`, the identity, read only by a page that uses it."""
    return {"portal": SimpleLazyObject(current_identity)}


class IdentityPanel(Panel):
    """The staff start page says so while nobody has said whose portal this is, and while the contact
    details Nghị định 42/2022 asks for are missing (what `setup_province` leaves: the name only)."""

    order = 1
    template_name = "admin/identity_panel.html"

    def is_shown(self):
        identity = current_identity()
        return self.user.is_active and self.user.is_staff and not (identity.is_set
                                                                   and not identity.missing_contact_fields)

    def get_context_data(self):
        from django.urls import reverse

        identity = current_identity()
        exists = not identity._state.adding  # saved once, even if its fields are empty
        needed = "core.change_portalidentity" if exists else "core.add_portalidentity"
        url = reverse("admin:core_portalidentity_change", args=[1]) if exists else reverse(
            "admin:core_portalidentity_add")
        return {"may_edit": self.user.has_perm(needed), "url": url, "generic_name": GENERIC_SITE_NAME,
                "identity": identity, "missing": identity.missing_contact_fields}
