"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Where Chromium or axe-core is missing, these tests skip on a developer's machine with a message saying
what to install, and fail in CI (CI=true): a missing browser must never turn into a green run.
"""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command

from tests.conftest import DESKTOP, PHONE, missing_tool, restore_seed_data

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "CaMau-CCHC-2019"
TIMEOUT_MS = 10_000  # a page on loopback that takes longer than this is a failure, not a slow pass


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def portal(live_server, settings):
    """The demo data (Cà Mau 2019, demo logins) behind a live server; returns its base URL."""
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 1
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600  # as in production: pages cached, invalidated on commit
    # live_server commits data, so its database is emptied after each test, taking with it what the
    # data migrations had created; put that back first. (serialized_rollback cannot be relied on here:
    # when the database was set up before Playwright started, the restore does not happen.)
    restore_seed_data()
    cache.clear()  # the comment rate limit counts per IP in the cache
    call_command("load_demo", force=True, stdout=io.StringIO())
    return live_server.url


def _watch_csp(page, violations):
    """Every page a test opens is watched: the Content-Security-Policy must never block anything."""
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return page


@pytest.fixture
def csp_violations():
    violations = []
    yield violations
    assert violations == [], f"Content-Security-Policy blocked: {violations}"


@pytest.fixture
def phone(browser, csp_violations):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2,
                                  locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    page = _watch_csp(context.new_page(), csp_violations)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, csp_violations):
    """Pages in separate browser contexts (separate cookies): one person each."""
    contexts = []

    def make(viewport=DESKTOP, **kwargs):
        context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return _watch_csp(context.new_page(), csp_violations)

    yield make
    for context in contexts:
        context.close()


def admin_url(base, path=""):
    return f"{base}/{settings.ADMIN_URL}{path}"


def log_in(page, base, username, password=DEMO_PASSWORD):
    page.goto(admin_url(base, "login/"))
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def accessibility_violations(page):
    """Run axe-core (the npm package, injected into the page) and return its violations of every impact —
    minor to critical — as readable lines, "impact: rule-id (help): [targets]". Issue 26 asks for no serious
    or moderate one and Lighthouse 100; Lighthouse's accessibility score is made of axe-core's rules (the same
    4.14.1 as here, minor ones included), so a page with none of these scores 100 (docs/testing.md)."""
    if not AXE.exists():
        missing_tool(f"axe-core is not installed at {AXE}")
    # Evaluated through the DevTools protocol, not as a <script> tag: the page's Content-Security-Policy
    # (script-src 'self') rightly refuses inline scripts, and the test must not weaken it.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary)}));
    }""")
    return [f"{v['impact']}: {v['id']} ({v['help']}): {json.dumps(v['targets'], ensure_ascii=False)}"
            for v in results]


STATION = "Đài Phát thanh – Truyền hình Cà Mau"


def station_quarter_report(quantity, **activity_fields):
    """The reporting cycle's browser journeys start alike: Quý I/2020 (15/12/2019–14/3/2020, due 20/3), the
    radio-TV station expected in it, and one more broadcast of `quantity` in its window. Returns (period, the
    station's submission, the demo broadcast the new one copies)."""
    import datetime as dt

    from agencies.models import Agency
    from campaigns.models import Activity, ReportingPeriod, Submission

    station = Agency.objects.get(name=STATION)
    period = ReportingPeriod.objects.create(kind="q1", year=2020, start=dt.date(2019, 12, 15),
                                            end=dt.date(2020, 3, 14), due_date=dt.date(2020, 3, 20))
    submission = Submission.objects.create(period=period, agency=station)
    broadcast = Activity.objects.filter(agency=station, channel__code="phat-thanh-truyen-hinh").first()
    Activity.objects.create(plan=broadcast.plan, task=broadcast.task, agency=station, channel=broadcast.channel,
                            date=dt.date(2019, 12, 20), title="Chuyên đề CCHC bổ sung cuối năm", quantity=quantity,
                            **activity_fields)
    return period, submission, broadcast
