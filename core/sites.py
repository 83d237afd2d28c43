"""The portal's one public address (SITE_URL). Every absolute link — canonical and Open Graph links, the
API's links, feeds, the sitemap, emails — is built from it, never from the request's Host header: a
visitor choosing the Host cannot put their address into a page that the cache then serves to everyone,
and an error page never depends on a host that may be invalid.

Django's Sites framework (whose row says "example.com" until someone changes it) is kept in step too,
for what reads it (django.contrib.redirects, the comments app): every `migrate` writes SITE_URL's host
into the row (`sync_site`, a post_migrate receiver wired in core.apps), so a changed setting is in the
database after the next deploy, and nothing of ours builds a link from the row. The row's name is the
portal's (core.identity), written again whenever the identity is saved.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError


def absolute_url(path):
    """"/ke-hoach/" → "https://cchc.example.gov.vn/ke-hoach/"."""
    return settings.SITE_URL.rstrip("/") + path


def site_domain():
    """SITE_URL's host (and port): "cchc.example.gov.vn", "127.0.0.1:8000"."""
    return urlsplit(settings.SITE_URL).netloc


def site_protocol():
    return urlsplit(settings.SITE_URL).scheme or "https"


def sync_site(*, apps=None, using="default", **_kwargs):
    """post_migrate: the Sites row SITE_ID says SITE_URL's host (created if missing) and the portal's name."""
    from django.contrib.sites.models import Site as CurrentSite

    from .identity import sites_row_name
    from .models import PortalIdentity

    try:
        identity = PortalIdentity.objects.using(using).filter(pk=1).first()
    except DatabaseError:  # migrated only up to an earlier state: no identity table yet
        identity = None
    site_model = apps.get_model("sites", "Site") if apps else CurrentSite
    site_model.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_domain(), "name": sites_row_name(identity or PortalIdentity())})
    CurrentSite.objects.clear_cache()


def site(request):
    """Template context processor: `site_url`, `canonical_url` (the page's path and its known query
    parameters, in the page cache's order) and `source_code_url` (SOURCE_CODE_URL)."""
    from .caching import canonical_query

    query = canonical_query(request)[0] if request.GET else ""
    return {"site_url": settings.SITE_URL.rstrip("/"), "source_code_url": settings.SOURCE_CODE_URL,
            "canonical_url": absolute_url(request.path + (f"?{query}" if query else ""))}


def source_code_published(app_configs=None, **kwargs):
    """`check --deploy`: the AGPL (LICENSE, section 13) asks that users over the network be offered the
    source of the version they use; the footer links to SOURCE_CODE_URL."""
    from django.core.checks import Warning

    if settings.SOURCE_CODE_URL:
        return []
    return [Warning("SOURCE_CODE_URL is empty: the footer offers no link to the portal's source code, which "
                    "the GNU AGPL-3.0 (section 13) asks for.", hint="Set SOURCE_CODE_URL to where this "
                    "version's source is published (docs/operations.md).", id="cchc.W001")]
