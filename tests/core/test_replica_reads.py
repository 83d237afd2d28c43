"""Issue 27, item 2: public pages read from the replica when it is within a bounded lag; staff, writes and
any request after a write from the same browser read from the primary (read-your-writes)."""

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from campaigns.models import Activity, Plan
from core import db_routing
from core.db_routing import PRIMARY_COOKIE, ReplicaReadsMiddleware, ReplicaRouter

router = ReplicaRouter()


@pytest.fixture
def replica(monkeypatch):
    """A configured replica whose measured lag the test sets (seconds; None = unreachable)."""
    state = {"lag": 0.0}
    monkeypatch.setattr(db_routing, "replica_configured", lambda: True)
    monkeypatch.setattr(db_routing, "replica_lag", lambda: state["lag"])
    return state


def seen_by_view(request):
    """Which database the view's reads of public data and of sessions would go to."""
    seen = {}

    def view(request):
        seen["plan"] = router.db_for_read(Plan) or "default"
        seen["activity"] = router.db_for_read(Activity) or "default"
        seen["session"] = router.db_for_read(Session) or "default"
        return HttpResponse("ok")

    response = ReplicaReadsMiddleware(view)(request)
    return seen, response


def test_a_citizens_page_reads_public_data_from_the_replica(replica):
    seen, response = seen_by_view(RequestFactory().get("/ke-hoach/"))
    assert seen == {"plan": "replica", "activity": "replica", "session": "default"}
    assert PRIMARY_COOKIE not in response.cookies
    assert router.db_for_read(Plan) is None, "outside a request everything reads from the primary"


@override_settings(REPLICA_MAX_LAG_SECONDS=10)
def test_a_replica_too_far_behind_or_unreachable_is_not_read(replica):
    replica["lag"] = 11.0
    assert seen_by_view(RequestFactory().get("/"))[0]["plan"] == "default"
    replica["lag"] = None
    assert seen_by_view(RequestFactory().get("/"))[0]["plan"] == "default"
    replica["lag"] = 9.5
    assert seen_by_view(RequestFactory().get("/"))[0]["plan"] == "replica"


@override_settings(READ_YOUR_WRITES_SECONDS=300)
def test_after_a_write_the_same_browser_reads_from_the_primary(replica):
    seen, response = seen_by_view(RequestFactory().post("/binh-luan/gui/"))
    assert seen["plan"] == "default"
    cookie = response.cookies[PRIMARY_COOKIE]
    assert cookie["max-age"] == 300 and cookie["httponly"] and cookie["samesite"] == "Lax"
    after = RequestFactory().get("/ke-hoach/", HTTP_COOKIE=f"{PRIMARY_COOKIE}=1")
    assert seen_by_view(after)[0]["plan"] == "default"


def test_staff_read_from_the_primary(replica):
    with_session = RequestFactory().get("/ke-hoach/", HTTP_COOKIE="sessionid=abc")
    assert seen_by_view(with_session)[0]["plan"] == "default"
    assert seen_by_view(RequestFactory().get("/admin/"))[0]["plan"] == "default"


def test_without_a_replica_nothing_changes(monkeypatch):
    monkeypatch.setattr(db_routing, "replica_configured", lambda: False)
    seen, response = seen_by_view(RequestFactory().get("/ke-hoach/"))
    assert seen["plan"] == "default" and PRIMARY_COOKIE not in response.cookies


def test_writes_and_migrations_go_to_the_primary_only():
    assert router.db_for_write(Plan) == "default"
    assert router.allow_migrate("default", "campaigns") is True
    assert router.allow_migrate("replica", "campaigns") is False


@override_settings(REPLICA_MAX_LAG_SECONDS=10, REPLICA_LAG_CHECK_SECONDS=1)
def test_a_page_rendered_from_the_replica_is_cached_no_longer_than_the_bound_allows(replica):
    replica["lag"] = 4.0
    seen_by_view(RequestFactory().get("/"))  # outside: nothing
    assert db_routing.cache_seconds(600) == 600

    def view(request):
        return HttpResponse(str(db_routing.cache_seconds(600)))

    # 4 s behind when measured, measured up to 1 s ago: kept 10 - 4 - 1 = 5 s at most.
    assert ReplicaReadsMiddleware(view)(RequestFactory().get("/")).content == b"5"


@pytest.mark.django_db
@override_settings(REPLICA_MAX_LAG_SECONDS=10, REPLICA_LAG_CHECK_SECONDS=1)
def test_what_is_cached_from_a_replica_read_expires_within_the_bound(replica, monkeypatch):
    """The portal's identity, read on the replica just after it changed on the primary, would be cached for
    ever (it is cached without expiry and invalidated only when saved): kept no longer than the bound."""
    from django.core.cache import cache

    from core import identity

    stored = {}
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None: stored.update({key: timeout}))
    replica["lag"] = 2.0

    def view(request):
        identity.current_identity()
        return HttpResponse("ok")

    ReplicaReadsMiddleware(view)(RequestFactory().get("/"))
    assert stored[identity.CACHE_KEY] == 7  # 10 - 2 - 1
    stored.clear()
    identity.current_identity()  # outside a replica read: kept until the identity is saved
    assert stored[identity.CACHE_KEY] is None


@pytest.mark.parametrize("failure", ["OperationalError", "InterfaceError"])
def test_a_replica_connection_lost_during_a_failover_means_reading_from_the_primary_not_an_error(monkeypatch, failure):
    """HAProxy closes the replica's sessions when Patroni promotes it: the next measurement finds the
    connection already closed (InterfaceError, which is not a DatabaseError) — the page must be read from
    the primary, not fail."""
    import django.db

    class ClosedConnection:
        vendor = "postgresql"

        def cursor(self):
            raise getattr(django.db, failure)("connection already closed")

        def close_if_unusable_or_obsolete(self):
            pass

    monkeypatch.setattr(db_routing, "connections", {db_routing.REPLICA: ClosedConnection()})
    monkeypatch.setitem(db_routing._measured, "at", float("-inf"))
    assert db_routing.replica_lag() is None


def test_while_one_thread_waits_on_a_slow_replica_the_others_read_the_primary_without_waiting(monkeypatch):
    """gthread workers: a measurement stuck on a replica that answers slowly (a failover, PgBouncer's
    queue) must not be started again by every other thread of the process, each waiting in turn."""
    import threading

    started, release, asked = threading.Event(), threading.Event(), []

    class SlowCursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql):
            asked.append(sql)
            started.set()
            release.wait(5)

        def fetchone(self):
            return (0.0,)

    class SlowConnection:
        vendor = "postgresql"

        def cursor(self):
            return SlowCursor()

    monkeypatch.setattr(db_routing, "connections", {db_routing.REPLICA: SlowConnection()})
    monkeypatch.setitem(db_routing._measured, "at", float("-inf"))
    first = {}
    measuring = threading.Thread(target=lambda: first.update(lag=db_routing.replica_lag()))
    measuring.start()
    assert started.wait(5)
    try:
        import time

        began = time.monotonic()
        assert db_routing.replica_lag() is None, "the others read the primary meanwhile"
        assert time.monotonic() - began < 0.5, "without waiting for the measurement"
        assert len(asked) == 1, "and without measuring again"
    finally:
        release.set()
        measuring.join(5)
    assert first["lag"] == 0.0


@override_settings(REPLICA_LAG_CHECK_SECONDS=1, REPLICA_MAX_LAG_SECONDS=10)
def test_while_another_thread_measures_the_last_figure_aged_is_used_so_the_replica_still_serves(monkeypatch):
    """During a primary's failover the replica is what answers the public: a thread that finds another one
    measuring must not send its citizen to the (lost) primary. The last figure plus its age bounds the lag
    (it grows at most a second a second), so the replica is read while that stays within the bound."""
    import time

    monkeypatch.setitem(db_routing._measured, "at", time.monotonic() - 2.0)
    monkeypatch.setitem(db_routing._measured, "lag", 0.5)
    assert db_routing._measuring.acquire(blocking=False)  # another thread is measuring
    try:
        lag = db_routing.replica_lag()
    finally:
        db_routing._measuring.release()
    assert lag is not None and 2.5 <= lag < 3.5
