"""Whole-page caching of the public pages, with invalidation that a citizen can rely on.

Every cached page is stored under the current *content version*. Any change a citizen could see — a plan,
task, activity, report, agency, channel or comment saved or deleted — moves the version on when its
transaction commits (`bump`), so the next request renders afresh: a change is visible at once. Old
entries are never read again and expire by themselves.

Only anonymous visitors without cookies share cached pages. A request carrying a session (staff, whose
drafts show as previews) or a flash message (a citizen who just posted) is always rendered for that
person and marked private. If the cache is down, pages are simply rendered: the cache failing is never
an outage.

Responses also carry `X-Accel-Expires` so nginx can keep a page for a few seconds
(`PUBLIC_PAGE_PROXY_SECONDS`, default 5): the stated delay before a change shows through nginx.
"""

import hashlib
import logging
import threading
import time
from contextlib import contextmanager
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control

from .db_routing import cache_seconds

logger = logging.getLogger(__name__)
VERSION_KEY = "public-pages:version"
PERSONAL_COOKIES = ("messages",)


def current_version():
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # Start from the clock, so a flushed cache never brings back an old version's pages.
            cache.add(VERSION_KEY, int(time.time() * 1000), None)
            version = cache.get(VERSION_KEY)
        return version
    except Exception:  # a cache backend that raises instead of ignoring  # noqa: BLE001
        logger.warning("page cache unavailable; serving uncached", exc_info=True)
        return None


def _bump_now():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or the cache was flushed)
        cache.set(VERSION_KEY, int(time.time() * 1000), None)
    except Exception:  # noqa: BLE001
        logger.warning("could not move the page-cache version on", exc_info=True)


_bulk = threading.local()


def bump(**_kwargs):
    """Public content changed: new pages from the moment the change is committed. Inside
    `bulk_changes()` nothing happens until the block ends, and then it happens once."""
    if getattr(_bulk, "depth", 0):
        return  # bulk_changes() invalidates once at its end
    transaction.on_commit(_bump_now)


@contextmanager
def bulk_changes():
    """Wrap a bulk write (an import, a generator, a bulk action): the rows it saves one by one send their
    signals as usual, but the pages are invalidated once, when the write commits. Writes that send no
    signals (bulk_create, update) are covered too: the block always invalidates at its end."""
    _bulk.depth = getattr(_bulk, "depth", 0) + 1
    try:
        yield
    finally:
        _bulk.depth -= 1
        if not _bulk.depth:
            bump()


def invalidate_on_change(*models):
    """Wire models whose rows a public page shows: saving or deleting one moves the version on. Each app
    calls this for its own models in `AppConfig.ready`. Bulk writes send no signals: the named function
    doing the bulk write calls `bump()` once."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        post_save.connect(bump, sender=model, dispatch_uid=f"page-cache-{model._meta.label}-save")
        post_delete.connect(bump, sender=model, dispatch_uid=f"page-cache-{model._meta.label}-delete")


def is_personal(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES or any(c in request.COOKIES for c in PERSONAL_COOKIES)


def canonical_query(request):
    """(query string of the known parameters in a fixed order, whether the request had others, whether
    every known value is plausible: a number of at most so many digits, or one of the parameter's words). See
    PUBLIC_PAGE_PARAMETERS."""
    from .numbers import parse_id

    known = settings.PUBLIC_PAGE_PARAMETERS
    kept, extra, plausible = [], False, True
    for name in request.GET:
        values = request.GET.getlist(name)
        if name not in known:
            extra = True
            continue
        if len(values) > 1:
            extra = True
        value, allowed = values[-1], known[name]
        if value != "" and (value not in allowed if isinstance(allowed, tuple)
                            else parse_id(value, max_digits=allowed) is None):
            plausible = False
        kept.append((name, value))
    kept.sort()
    return urlencode(kept), extra, plausible


def public_page(view):
    """Cache a public view's 200 responses for anonymous visitors, keyed by content version and the
    canonical address (path and known parameters; never the Host header)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method in ("GET", "HEAD") and request.GET:
            query, extra, plausible = canonical_query(request)
            if extra:  # ?utm_source=…, ?u=<random>: the same page, at its one address
                return HttpResponsePermanentRedirect(f"{request.path}?{query}" if query else request.path)
        else:
            query, plausible = "", True
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if request.method not in ("GET", "HEAD") or not seconds or is_personal(request):
            response = view(request, *args, **kwargs)
            if is_personal(request):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if not plausible:
            return view(request, *args, **kwargs)
        version = current_version()
        if version is None:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:40]
        key = f"public-page:{version}:{digest}"
        store = caches[settings.PUBLIC_PAGE_CACHE_ALIAS]
        try:
            response = store.get(key)
        except Exception:  # noqa: BLE001
            response = None
        if response is not None:
            response["X-Cache"] = "HIT"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            response["X-Accel-Expires"] = str(settings.PUBLIC_PAGE_PROXY_SECONDS)
            try:
                store.set(key, response, cache_seconds(seconds))
            except Exception:  # noqa: BLE001
                logger.warning("could not store a page in the cache", exc_info=True)
            response["X-Cache"] = "MISS"
        return response

    return wrapped
