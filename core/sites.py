"""The portal's one public address (SITE_URL). Every absolute link — canonical and Open Graph links, the
API's links, feeds, emails — is built from it, never from the request's Host header: a visitor choosing
the Host cannot put their address into a page that the cache then serves to everyone, and an error page
never depends on a host that may be invalid."""

from django.conf import settings


def absolute_url(path):
    """"/ke-hoach/" → "https://cchc.camau.gov.vn/ke-hoach/"."""
    return settings.SITE_URL.rstrip("/") + path


def site(request):
    """Template context processor: `site_url`, and `canonical_url` (the page's path and its known
    query parameters, in the page cache's order)."""
    from .caching import canonical_query

    query = canonical_query(request)[0] if request.GET else ""
    return {"site_url": settings.SITE_URL.rstrip("/"),
            "canonical_url": absolute_url(request.path + (f"?{query}" if query else ""))}
