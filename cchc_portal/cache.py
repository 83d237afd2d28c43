"""A cache that keeps working when Redis stops: the comment rate limit must not fail open (spam floods
in) nor closed (no citizen can comment) because the cache server restarted."""

import logging

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache

log = logging.getLogger(__name__)


class FallbackCache(BaseCache):
    """Every call goes to the shared cache named by OPTIONS["PRIMARY"] (configure it to raise errors,
    IGNORE_EXCEPTIONS off); when that raises, the call is answered by a cache in this process's memory.

    While Redis is down each gunicorn worker therefore counts on its own: the limit still applies, only
    per worker (a citizen might get WEB_CONCURRENCY times the allowance), and counting returns to Redis as
    soon as it answers again."""

    def __init__(self, location, params):
        super().__init__(params)
        self._primary_alias = params.get("OPTIONS", {})["PRIMARY"]
        self._local = LocMemCache(f"fallback-{location}", {"TIMEOUT": params.get("TIMEOUT", 300)})

    def _call(self, method, *args, **kwargs):
        try:
            return getattr(caches[self._primary_alias], method)(*args, **kwargs)
        except Exception as exc:  # any failure of the shared cache: answer from this process
            log.warning("cache %s unavailable (%s); using this process's memory", self._primary_alias,
                        exc.__class__.__name__)
            return getattr(self._local, method)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def clear(self):
        self._local.clear()
        return self._call("clear")
