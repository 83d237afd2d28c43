"""Every public page is valid HTML: the Nu Html Checker (vnu, the W3C's validator; the npm package `vnu-jar`,
pinned in package-lock.json, run offline on Java) reads every page the public can reach on the demo data —
comment pages in their error, limited and sent states and the pages behind the emails' links included — in
one run, and finds no error (issue 26, "Done means").

No browser: the pages come from Django's test client, are written to a temporary folder and checked by one
`java -jar vnu.jar` process. Where Java or the jar is missing the test skips on a developer's machine and
fails in CI, like the browser tests (`make test-tools` installs both)."""

import json
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Plan
from cchc_portal.views import server_error
from discussion import tokens
from discussion.models import CitizenComment
from reports.models import Report
from tests.conftest import missing_tool
from tests.discussion.test_comments import comment_data as filled_comment_form

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
EMAIL = "nguoidan@example.com"

# A page with one error of each kind the test must never miss, checked in the same run as the portal's
# pages: if vnu stops reporting (a changed output format, a wrong option), this test fails instead of passing.
CANARY = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Thử</title></head>'
          '<body><p id="a">Một</p><p id="a">Hai</p></body></html>')

# Errors allowed while another change removes them: (page name, start of vnu's message). Each must still
# occur — a fixed one fails this test until its entry goes — and nothing else may. Empty: issue 26's comment
# pages (items 2 and 3: heading order, <time datetime> fractions) are fixed.
KNOWN_ERRORS: set[tuple[str, str]] = set()


def comment_data(target, **fields):
    """The comment form as a browser sends it (tests.discussion.test_comments), from this test's citizen."""
    return filled_comment_form(target, **{"email": EMAIL, **fields})


def vnu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Page name → vnu's errors on it ("line 12: message — extract"), from one run over every page."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        missing_tool("the HTML checker needs Java and node_modules/vnu-jar (apt-get install default-jre-headless;"
                     " npm ci)")
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    run = subprocess.run([java, "-Xss8m", "-jar", str(VNU), "--format", "json", "--errors-only", *sorted(
        str(folder / f"{name}.html") for name in pages)], capture_output=True, text=True, timeout=300)
    report = json.loads(run.stderr)  # vnu writes its report to stderr, exit status 1 when there are errors
    errors = defaultdict(list)
    for message in report["messages"]:
        name = Path(unquote(urlsplit(message.get("url", "")).path)).stem  # file:/tmp/…/<name>.html
        extract = " ".join(message.get("extract", "").split())
        errors[name].append(f"line {message.get('lastLine', '?')}: {message['message']} — {extract}")
    return dict(errors)


class TestEveryPublicPageIsValidHtml:
    """One test, one vnu run: starting Java costs a second; checking 30 pages costs a few more."""

    @pytest.fixture
    def pages(self, demo_cycle, settings):
        settings.COMMENTS_MIN_SUBMIT_SECONDS = 1
        cache.clear()  # the comment rate limits count in the cache
        browser = Client(headers={"Origin": "http://testserver"})
        plan = Plan.objects.published().order_by("pk").first()
        report = Report.objects.published().order_by("pk").first()
        pages = {}

        def get(name, url, status=200, client=browser, **kwargs):
            response = client.get(url, **kwargs)
            assert response.status_code == status, (name, url, response.status_code)
            pages[name] = response.content.decode()

        def post(name, url, data, status=200, follow=False, **extra):
            response = browser.post(url, data, follow=follow, **extra)
            assert response.status_code == status, (name, url, response.status_code)
            pages[name] = response.content.decode()

        get("trang-chu", "/")
        get("ke-hoach", reverse("reports:plan_list"))
        get("ke-hoach-chi-tiet", plan.get_absolute_url())
        get("bao-cao", reverse("reports:report_list"))
        get("bao-cao-chi-tiet", report.get_absolute_url())
        get("du-lieu-mo", reverse("reports:open_data"))
        get("tim-kiem-trong", reverse("portal:search"))
        get("tim-kiem", reverse("portal:search") + "?q=tuyên+truyền")
        get("tim-kiem-bao-cao", reverse("portal:search") + "?q=tuyên+truyền&loai=bao-cao")
        get("tim-kiem-khong-thay", reverse("portal:search") + "?q=xyzzy+không+có")

        # The comment form: the error state, and the page a citizen lands on after sending.
        post_url = reverse("discussion:post")
        post("binh-luan-loi", post_url, comment_data(report, email="", comment="Nội dung tôi đã gõ"))
        post("binh-luan-nhanh-qua", post_url, comment_data(report, seconds_ago=0))
        post("bao-cao-da-gui", post_url, comment_data(report), follow=True)
        post("binh-luan-400", post_url, comment_data(report, object_pk="²"), status=400)
        post("binh-luan-403", post_url, comment_data(report), status=403, HTTP_ORIGIN="https://evil.example")

        # Comments approved, answered, replied to: the report page as readers see it with a discussion.
        comment = CitizenComment.objects.get()
        now = timezone.now()
        CitizenComment.objects.filter(pk=comment.pk).update(
            is_public=True, answer="Sở Nội vụ đã đưa đề nghị vào kế hoạch năm 2020.", answered_at=now)
        comment.refresh_from_db()
        post("bao-cao-tra-loi-gui", post_url, comment_data(report, parent=str(comment.pk), name="Trần Thị Bình",
                                                           comment="Tôi đồng ý."), follow=True)
        CitizenComment.objects.update(is_public=True)
        get("bao-cao-co-binh-luan", report.get_absolute_url())
        get("bao-cao-tra-loi", report.get_absolute_url() + f"?tra-loi={comment.pk}")
        del pages["bao-cao-tra-loi-gui"]  # sent while the first comment was held: the same page as bao-cao-da-gui

        settings.COMMENTS_RATE_LIMIT = "1/m"  # a new rate is a new counter: its first post still passes
        browser.post(post_url, comment_data(report, comment="Góp ý thứ hai"))
        post("binh-luan-qua-nhieu", post_url, comment_data(report, comment="Góp ý thứ ba"), status=429)

        # The pages behind the links in the emails.
        get("xac-nhan", reverse("discussion:confirm", args=[tokens.make(tokens.CONFIRM, {"e": EMAIL})]))
        unsubscribe = reverse("discussion:unsubscribe", args=[tokens.make(tokens.UNSUBSCRIBE, {"e": EMAIL})])
        get("ngung-nhan-email", unsubscribe)
        post("da-ngung-nhan-email", unsubscribe, {})
        rate = reverse("discussion:rate", args=[tokens.make(tokens.RATE, {"c": comment.pk})])
        get("danh-gia", rate)
        post("danh-gia-loi", rate, {"danh_gia": ""}, status=400)
        post("da-danh-gia", rate, {"danh_gia": "hai_long", "y_kien": "Cảm ơn."})
        erase = reverse("discussion:erase", args=[tokens.make(tokens.ERASE, {"e": EMAIL})])
        get("xoa-du-lieu", erase)
        post("da-xoa-du-lieu", erase, {})
        get("lien-ket-hong", reverse("discussion:confirm", args=["hong"]), status=400)

        # Staff pages anyone can open: the login (also refused) and the forgotten-password pages.
        staff = f"/{settings.ADMIN_URL}"
        get("dang-nhap", staff + "login/")
        post("dang-nhap-loi", staff + "login/", {"username": "khong_co", "password": "sai"})
        get("quen-mat-khau", staff + "quen-mat-khau/")
        get("quen-mat-khau-da-gui", staff + "quen-mat-khau/da-gui/")
        get("dat-mat-khau-hong", staff + "dat-mat-khau/hong/hong/")
        get("dat-mat-khau-xong", staff + "dat-mat-khau/xong/")

        # Error pages.
        get("404", "/khong-co-trang-nay/", status=404)
        get("400", "/%01/", status=400)
        post("413", post_url, {}, status=413, CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1))
        pages["500"] = server_error(RequestFactory().get("/")).content.decode()
        try:
            raise OperationalError("the database restarts")
        except OperationalError:
            pages["503"] = server_error(RequestFactory().get("/")).content.decode()
        return pages

    def test_vnu_finds_no_error_on_any_public_page(self, pages, tmp_path):
        assert len(pages) == 38
        errors = vnu_errors({**pages, "canary": CANARY}, tmp_path)
        assert [re.sub(r" — .*", "", e) for e in errors.pop("canary", [])] == [
            "line 1: Duplicate ID “a”."], "vnu must report the canary page's duplicate id"
        unexpected = {name: [e for e in found if not any(
            name == known_name and e.split(": ", 1)[1].startswith(prefix) for known_name, prefix in KNOWN_ERRORS)]
            for name, found in errors.items()}
        unexpected = {name: found for name, found in unexpected.items() if found}
        assert unexpected == {}, "vnu errors:\n" + "\n".join(
            f"{name}.html {error}" for name, found in sorted(unexpected.items()) for error in found)
        known = {(name, prefix) for name, prefix in KNOWN_ERRORS
                 if any(e.split(": ", 1)[1].startswith(prefix) for e in errors.get(name, []))}
        assert known == KNOWN_ERRORS, f"known errors fixed, remove them from KNOWN_ERRORS: {KNOWN_ERRORS - known}"
