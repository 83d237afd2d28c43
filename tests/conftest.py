import importlib
import io
import os
import sys

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import transaction
from PIL import Image

from tests.factories import ActivityFactory, AgencyFactory, data_entry_user


def demo_in_an_outer_transaction(django_db_blocker, keep_periods):
    """Load the demo once inside an outer transaction, hand it to the tests, then roll it all back.

    Each test's own `db` fixture runs in a savepoint inside this transaction, so every test still starts
    from the freshly loaded demo and whatever it writes is undone before the next one. The database is
    unblocked only to load and to roll back: a test reaches it through its own `db`, as before."""
    from campaigns.models import ReportingPeriod

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", force=True, stdout=io.StringIO())
            if not keep_periods:
                ReportingPeriod.objects.all().delete()
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# Class scope: the demo is loaded once for all the tests of a class (`class TestX:`); a test function
# outside a class gets its own load (pytest falls back to function scope). A module may override
# `_demo_once` with scope="module" where its tests must stay functions. pytest sets up the wider scope
# first, so the load's transaction is open before each test's `db` savepoint starts inside it.
# pytest_collection_modifyitems below refuses any order in which a test would see a demo it did not ask for.
@pytest.fixture(scope="class")
def _demo_once(django_db_setup, django_db_blocker):
    yield from demo_in_an_outer_transaction(django_db_blocker, keep_periods=False)


@pytest.fixture(scope="class")
def _demo_cycle_once(django_db_setup, django_db_blocker):
    yield from demo_in_an_outer_transaction(django_db_blocker, keep_periods=True)


@pytest.fixture
def demo(_demo_once, db):
    """The demo as it stood before the reporting cycle: its activities count (approved), no period is
    locked, so tests about entering and importing data can change 2019's rows."""


@pytest.fixture
def demo_cycle(_demo_cycle_once, db):
    """The whole demo: 2019's four periods, submissions sent, returned, approved; approved data locked."""


@pytest.fixture(autouse=True)
def _fresh_identity():
    """The portal's identity is cached (core.identity) and a test's rollback sends no signal: each test
    reads it from its own database."""
    from django.core.cache import cache

    from core.identity import CACHE_KEY

    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)


_DEMOS = ("_demo_once", "_demo_cycle_once")
_COMMITTING = ("transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback")


def _commits(item):
    marker = item.get_closest_marker("django_db")
    by_marker = marker is not None and bool(
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args[:1] == (True,))
    return by_marker or any(name in item.fixturenames for name in _COMMITTING)


def _uses_db(item):
    return item.get_closest_marker("django_db") is not None or "db" in item.fixturenames or _commits(item)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """A demo shared by a class (or a module) is open from its first test to the end of that class (or
    module), in the order the tests finally run. Refuse, at collection, any test in that stretch that would
    see a demo it did not ask for, the other demo, or that commits (it cannot run in a rolled-back
    transaction)."""
    open_demo = {}  # scope node (class or module) → the demo fixture open in it
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is None:
            continue
        demos = [name for name in _DEMOS if name in names]
        if demos and _commits(item):
            raise pytest.UsageError(f"{item.nodeid}: the demo fixtures run in a rolled-back transaction; "
                                    "a test whose data commits must load its own data")
        scopes = {"class": getattr(item, "cls", None), "module": item.module}
        for name in demos:
            scope = item._fixtureinfo.name2fixturedefs[name][-1].scope
            if scopes.get(scope) is not None:
                open_demo.setdefault(scopes[scope], name)
        for node in scopes.values():
            wanted = open_demo.get(node)
            if wanted is not None and _uses_db(item) and demos != [wanted]:
                raise pytest.UsageError(
                    f"{item.nodeid}: runs while `{wanted}` is loaded for its class or module; every test "
                    "there that uses the database must use that same demo (`demo` or `demo_cycle`)")


_SET_UP = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "setup":
        item.stash[_SET_UP] = report.passed
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test whose data commits ends with every table emptied (pytest-django flushes them in its fixtures'
    teardown): afterwards, put back what the data migrations made, so the next test on this process finds
    the database as `migrate` left it, whatever order the tests run in (pytest-xdist sends whole modules to
    each worker, committing ones included)."""
    result = yield
    # Only between tests: after the last one (nextitem None) the test database is already gone, and the
    # connection points at the real one again. And only after a test whose database fixtures ran.
    if nextitem is not None and _commits(item) and item.stash.get(_SET_UP, False):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            restore_seed_data()
    return result


@pytest.fixture
def two_agencies(db):
    """Two data-entry staff of two agencies, each with one activity."""
    radio, paper = AgencyFactory(name="Đài PT-TH thử"), AgencyFactory(name="Báo thử")
    return {
        "radio": radio, "paper": paper,
        "radio_user": data_entry_user(radio), "paper_user": data_entry_user(paper),
        "radio_activity": ActivityFactory(agency=radio, title="Phát sóng của Đài"),
        "paper_activity": ActivityFactory(agency=paper, title="Chuyên trang của Báo"),
    }


def image_bytes(fmt="PNG", size=(64, 48), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def png_bytes():
    return image_bytes()


# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make to set up and
# check data are still ordinary synchronous calls, so Django's async-safety guard must stand aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The browser every test that needs one shares (pytest-playwright's session-scoped `browser`, one per
# process): Debian's Chromium, never a downloaded one. Two Playwright sessions cannot run in one process.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def missing_tool(what):
    message = (f"{what} — run `make test-tools` (as root) or "
               "`apt-get install chromium chromium-driver default-jre-headless && npm ci --ignore-scripts`")
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI: the browser tests cannot run: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        missing_tool(f"Chromium is not installed at {CHROMIUM}")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "viewport": DESKTOP}



def restore_seed_data():
    """Tests whose data really commits (transaction=True, live_server) start from emptied tables: put back
    what the data migrations create (channels, staff groups)."""
    importlib.import_module("campaigns.migrations.0002_seed_channels").seed(django_apps, None)
    call_command("setup_roles", stdout=io.StringIO())
