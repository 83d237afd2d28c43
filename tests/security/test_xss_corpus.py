"""Every XSS payload of the corpus (tests/security/xss.py), typed by staff into every text and rich-text
field, posted by citizens in comments, and imported from Excel: nothing executable reaches a public page
or a staff page. Each page is compared with the same page holding harmless text in the same fields."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from agencies.models import Agency
from campaigns import spreadsheets
from campaigns.models import Activity, Channel, Plan, Task
from discussion.models import CitizenComment
from reports.models import Report
from reports.report_publishing import report_refresh_figures
from tests.discussion.test_comments import comment_data

from .xss import PAYLOADS, added_executable_parts, executable_parts

pytestmark = pytest.mark.django_db
HARMLESS = "Nội dung thử nghiệm"


def feed_texts(xml):
    """What a feed reader renders as HTML: RSS titles and descriptions, Atom elements of type "html"."""
    root = ET.fromstring(xml)
    rendered = []
    for el in root.iter():
        name = el.tag.rsplit("}", 1)[-1]
        if root.tag == "rss" and name in {"title", "description"} or el.get("type") in {"html", "xhtml"}:
            rendered.append(el.text or "")
    return "\n".join(rendered)


class Portal:
    def __init__(self):
        self.report = Report.objects.get()
        self.plan = self.report.plan
        self.public = Client()
        self.staff = Client()
        self.staff.force_login(get_user_model().objects.get(username="dieuphoi"))

    def pages(self):
        """Every page the fields appear on, as HTML (feeds as the HTML a reader would render)."""
        plan, report = Plan.objects.get(pk=self.plan.pk), Report.objects.get(pk=self.report.pk)
        html = {url: self.public.get(url).content.decode() for url in (
            "/", "/ke-hoach/", plan.get_absolute_url(), "/bao-cao/", report.get_absolute_url(), "/du-lieu-mo/")}
        for url in ("/bao-cao/rss/", "/bao-cao/atom/"):
            html[url] = feed_texts(self.public.get(url).content)
        for url in (reverse("admin:campaigns_activity_changelist"),
                    reverse("admin:campaigns_plan_change", args=[plan.pk]),
                    reverse("admin:reports_report_change", args=[report.pk]),
                    reverse("admin:discussion_citizencomment_changelist")):
            response = self.staff.get(url)
            assert response.status_code == 200, url
            html[url] = response.content.decode()
        return html


def fill_every_staff_field(portal, text):
    plan = Plan.objects.get(pk=portal.plan.pk)
    plan.title = plan.summary = plan.body = text
    plan.save()
    for task in Task.objects.filter(plan=plan):
        task.title = task.description = text[:300]
        task.save()
    agency = Agency.objects.get(pk=portal.report.issuing_agency_id)
    agency.name = agency.short_name = text[:80]
    agency.save()
    channel = Channel.objects.order_by("order").first()
    channel.name, channel.unit = text[:200], text[:30]
    channel.save()
    activity = Activity.objects.filter(plan=plan).order_by("pk").first()
    activity.title = activity.description = text[:300]
    activity.save()
    report = Report.objects.get(pk=portal.report.pk)
    report.title = report.summary = report.narrative = text
    report.save()
    report_refresh_figures(report=report, user=None, reason="thử")  # names frozen into the figures


def test_only_a_json_ld_data_block_is_a_script_that_never_runs():
    assert executable_parts('<script type="application/ld+json">{"a": 1}</script>') == {
        ("data block", "application/ld+json"): 1}
    for html in ("<script>alert(1)</script>", '<script type="text/javascript">alert(1)</script>',
                 '<script type="module">alert(1)</script>', '<script type="application/ld+json " src="x.js">',
                 '<script type="">alert(1)</script>'):
        assert executable_parts(html)[("tag", "script")] == 1, html


class TestXssOnTheDemo:
    def test_no_payload_typed_by_staff_reaches_a_page_executable(self, demo):
        portal = Portal()
        fill_every_staff_field(portal, HARMLESS)
        baseline = portal.pages()
        for url in ("/", "/bao-cao/", portal.report.get_absolute_url(), "/du-lieu-mo/"):
            found = executable_parts(baseline[url])
            assert not [s for s in found if s[0] not in ("tag", "data block") or s[1] == "script"], (
                "public pages: no script (a JSON-LD data block is not one), no inline style")
        tried = 0
        for payload in PAYLOADS:
            fill_every_staff_field(portal, f"{HARMLESS} {payload}")
            for url, html in portal.pages().items():
                assert not added_executable_parts(baseline[url], html), (payload, url)
                tried += 1
        assert tried == len(PAYLOADS) * len(baseline)
        plan = Plan.objects.get(pk=portal.plan.pk)
        assert HARMLESS in plan.body and "alert" not in plan.body.replace("&lt;", "<").split("<")[0]

    def test_no_payload_posted_in_a_comment_reaches_a_page_executable(self, demo, settings):
        settings.COMMENTS_RATE_LIMIT = "1000/m"
        settings.COMMENTS_RATE_LIMIT_PER_ADDRESS = "1000/m"
        portal = Portal()
        citizen = Client(headers={"Origin": "http://testserver"})

        def post(text):
            response = citizen.post(reverse("discussion:post"), comment_data(
                portal.report, name=text[:50], email="nguoidan@example.com", comment=text))
            if "\x00" in text:  # Django refuses NUL characters in any form field
                assert response.status_code == 200
                assert "Nội dung có ký tự điều khiển không hợp lệ" in response.content.decode()
                text = text.replace("\x00", "")
                response = citizen.post(reverse("discussion:post"), comment_data(
                    portal.report, name=text[:50], email="nguoidan@example.com", comment=text))
            assert response.status_code == 302, text
            CitizenComment.objects.update(is_public=True)  # a moderator approved it

        def pages():  # where comments appear: the page commented on and the moderators' queue and form
            comment = CitizenComment.objects.get()
            return {
                "report page": portal.public.get(portal.report.get_absolute_url()).content.decode(),
                "moderation queue": portal.staff.get(
                    reverse("admin:discussion_citizencomment_changelist")).content.decode(),
                "comment form": portal.staff.get(
                    reverse("admin:discussion_citizencomment_change", args=[comment.pk])).content.decode(),
            }

        post(HARMLESS)
        baseline = pages()
        for payload in PAYLOADS:
            CitizenComment.objects.all().delete()
            post(f"{HARMLESS} {payload}")
            assert CitizenComment.objects.filter(is_public=True).exists(), payload
            for url, html in pages().items():
                assert not added_executable_parts(baseline[url], html), (payload, url)
            html = portal.public.get(portal.report.get_absolute_url()).content.decode()
            assert "nguoidan@example.com" not in html

    def test_no_payload_imported_from_excel_reaches_a_page_executable(self, demo):
        portal = Portal()
        user = get_user_model().objects.get(username="dai_ptth")
        plan = Plan.objects.get(pk=portal.plan.pk)
        agency, channel = user.agency, Channel.objects.order_by("order").first()

        def import_rows(texts):
            workbook = Workbook()
            sheet = workbook.active
            sheet.append(spreadsheets.LEGACY_HEADERS)
            for i, text in enumerate(texts):
                sheet.append([plan.document_number, "", agency.name, channel.name, f"{1 + i % 28:02d}/05/2019",
                              f"{text} #{i}"[:300], 1, None, None, "", text])
            buffer = io.BytesIO()
            workbook.save(buffer)
            result = spreadsheets.read_activities(buffer.getvalue(), user)
            assert result.ok, [str(p) for p in result.errors][:3]
            spreadsheets.import_activities(result=result, user=user)

        import_rows([HARMLESS])
        baseline = portal.pages()
        # (A workbook cannot hold control characters at all: openpyxl refuses to write them.)
        import_rows([ILLEGAL_CHARACTERS_RE.sub("", f"{HARMLESS} {p}") for p in PAYLOADS])
        assert Activity.objects.filter(title__startswith=HARMLESS).count() == len(PAYLOADS) + 1
        for url, html in portal.pages().items():
            assert not added_executable_parts(baseline[url], html), url
        for description in Activity.objects.filter(title__startswith=HARMLESS).values_list("description", flat=True):
            assert not executable_parts(description), description

    @pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
                                     "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"])
    def test_an_evidence_link_that_is_not_a_web_address_is_refused_in_the_import(self, demo, url):
        user = get_user_model().objects.get(username="dai_ptth")
        plan = Report.objects.get().plan
        workbook = Workbook()
        workbook.active.append(spreadsheets.LEGACY_HEADERS)
        workbook.active.append([plan.document_number, "", user.agency.name,
                                Channel.objects.order_by("order").first().name,
                                "15/03/2019", "Phóng sự", 1, None, None, url, ""])
        buffer = io.BytesIO()
        workbook.save(buffer)
        result = spreadsheets.read_activities(buffer.getvalue(), user)
        assert not result.ok
        assert any("Đường dẫn" in str(problem) or "đường dẫn" in str(problem) for problem in result.errors)
