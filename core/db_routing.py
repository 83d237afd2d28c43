"""Reads from a PostgreSQL replica, when one is configured (REPLICA_DATABASE_URL), without anyone reading
stale data they would notice.

- A citizen's GET (no session cookie, no recent write) reads the public data — plans, tasks, activities,
  reports, agencies, comments — from the replica, when its replay lag, measured at most every
  REPLICA_LAG_CHECK_SECONDS per process, is within REPLICA_MAX_LAG_SECONDS; otherwise, or when it cannot be
  reached, from the primary.
- Staff (a session cookie), the admin, every write (POST, PUT, PATCH, DELETE) and every request from the
  same browser for READ_YOUR_WRITES_SECONDS after a write (a cookie the write's response sets) read from
  the primary: an officer who saves an activity, or a citizen who posts a comment, sees it at once however
  far behind the replica is. Sessions, accounts and logins are always read from the primary.
- Writes, migrations, publishing (which freezes figures in one snapshot, staff only) go to the primary.
- A public page rendered from the replica, and anything else cached from what it read (the portal's
  identity), is kept only as long as the bound allows (`cache_seconds`), so what a cache serves is at most
  REPLICA_MAX_LAG_SECONDS behind.

Without a replica nothing here does anything. The replica itself is PostgreSQL streaming replication run
by Patroni (docs/cluster.md); this module only chooses where to read."""

import contextvars
import logging
import threading
import time

from django.conf import settings
from django.db import Error as DatabaseFailure
from django.db import connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY_COOKIE = "cchc_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# What the public reads. Everything else (sessions, accounts, logins, two-step devices, history, admin
# log) is read from the primary always.
REPLICA_APPS = {"agencies", "campaigns", "reports", "discussion", "django_comments", "core", "sites",
                "redirects", "contenttypes"}

_reading_replica = contextvars.ContextVar("reading_replica", default=None)  # the lag (s) when reading it
_measured = {"at": float("-inf"), "lag": None}
_measuring = threading.Lock()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_lag() -> float | None:
    """How far (seconds) the replica's replay is behind; 0 when it has replayed all it received; None
    when it cannot be asked. Measured at most every REPLICA_LAG_CHECK_SECONDS in this process, by one
    thread at a time: while one measures (perhaps waiting on a slow replica), the process's other threads
    (gthread workers) take the last figure plus its age — the lag grows at most a second a second, so that
    bounds it — instead of each measuring and waiting in turn. (Not the primary: in a failover the replica
    is what still answers.)"""
    if time.monotonic() - _measured["at"] < settings.REPLICA_LAG_CHECK_SECONDS:
        return _measured["lag"]
    if not _measuring.acquire(blocking=False):
        last = _measured["lag"]
        return None if last is None else last + (time.monotonic() - _measured["at"])
    try:
        lag = _measure()
        _measured.update(at=time.monotonic(), lag=lag)  # its age counts from its answer
    finally:
        _measuring.release()
    return lag


def _measure() -> float | None:
    connection = connections[REPLICA]
    try:
        if connection.vendor != "postgresql":
            lag = 0.0
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT CASE WHEN NOT pg_is_in_recovery() "
                    "OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END")
                lag = float(cursor.fetchone()[0])
    except DatabaseFailure:  # unreachable, or its connection closed under it (InterfaceError)
        logger.warning("replica unreachable: reading from the primary", exc_info=True)
        connection.close_if_unusable_or_obsolete()
        lag = None
    return lag


def reading_replica() -> bool:
    return _reading_replica.get() is not None


def cache_seconds(seconds: int | None) -> int | None:
    """How long a cache may keep what this request read (`seconds`; None: until invalidated): shortened when
    it was read on the replica, which may not yet have the change whose invalidation just emptied the cache
    — so nothing cached from the replica is more than about REPLICA_MAX_LAG_SECONDS behind the primary (the
    lag measured up to REPLICA_LAG_CHECK_SECONDS ago, and at least one second of caching: at most the bound
    plus two seconds)."""
    lag = _reading_replica.get()
    if lag is None:
        return seconds
    bound = max(1, int(settings.REPLICA_MAX_LAG_SECONDS - lag - settings.REPLICA_LAG_CHECK_SECONDS))
    return bound if seconds is None else min(seconds, bound)


def _may_read_replica(request) -> bool:
    return (request.method in SAFE_METHODS
            and PRIMARY_COOKIE not in request.COOKIES
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith("/" + settings.ADMIN_URL))


class ReplicaReadsMiddleware:
    """Decides, per request, whether public reads may go to the replica (first in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        lag = replica_lag() if _may_read_replica(request) else None
        token = _reading_replica.set(lag if lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
                                     else None)
        try:
            response = self.get_response(request)
        finally:
            _reading_replica.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(PRIMARY_COOKIE, "1", max_age=settings.READ_YOUR_WRITES_SECONDS,
                                httponly=True, samesite="Lax", secure=request.is_secure())
        return response


class ReplicaRouter:
    """settings.DATABASE_ROUTERS when a replica is configured."""

    def db_for_read(self, model, **hints):
        if reading_replica() and model._meta.app_label in REPLICA_APPS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data, whichever copy it was read from

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
