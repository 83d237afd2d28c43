"""Addresses from Vietnamese titles (đ → d, ế → e), on the server and in the admin's prepopulated field, and
old addresses answering 301 once a slug changes — never a stale cached page."""

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import ValidationError

from campaigns.forms import PlanForm
from campaigns.models import Plan
from core.slugs import slugify_vi
from reports.models import Report
from tests.factories import AgencyFactory, PlanFactory

TITLE = "Báo cáo kết quả công tác thông tin, tuyên truyền cải cách hành chính đợt 1 năm 2019"
EXPECTED = "bao-cao-ket-qua-cong-tac-thong-tin-tuyen-truyen-cai-cach-hanh-chinh-dot-1-nam-2019"
REPORT_SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"


def test_vietnamese_letters_are_transliterated_not_dropped():
    assert slugify_vi(TITLE) == EXPECTED
    assert slugify_vi("ĐỢT ĐẦU: Ưu tiên ngư dân, phường Tân Thành") == "dot-dau-uu-tien-ngu-dan-phuong-tan-thanh"


def test_a_long_title_is_cut_at_a_word():
    assert slugify_vi(TITLE, 40) == "bao-cao-ket-qua-cong-tac-thong-tin-tuyen"


def test_the_admin_prepopulated_field_gives_the_same_slug_as_the_server():
    """Django's URLify (admin/js/urlify.js) writes đ as "dj" and drops ế; our wrapper runs before it."""
    scripts = [Path(finders.find("admin/js/urlify.js")), Path(finders.find("core/js/slug-vi.js"))]
    program = "const window = globalThis;\n" + "\n".join(p.read_text(encoding="utf-8") for p in scripts) + (
        f"\nprocess.stdout.write(JSON.stringify([URLify({json.dumps(TITLE)}, 120, false),"
        f" URLify({json.dumps(TITLE)}, 40, false)]));")
    out = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True, timeout=30).stdout
    assert json.loads(out) == [EXPECTED, slugify_vi(TITLE, 40)]


def test_the_field_widget_loads_the_script_after_djangos(admin_client, db):
    html = admin_client.get("/" + settings.ADMIN_URL + "campaigns/plan/add/").content.decode()
    assert html.index("admin/js/urlify.js") < html.index("core/js/slug-vi.js")


@pytest.mark.django_db
def test_an_empty_slug_is_made_from_the_title_and_kept_unique():
    agency = AgencyFactory()
    first = Plan.objects.create(title="Kế hoạch tuyên truyền đợt 1", year=2026, issuing_agency=agency)
    second = Plan.objects.create(title="Kế hoạch tuyên truyền đợt 1", year=2027, issuing_agency=agency)
    assert (first.slug, second.slug) == ("ke-hoach-tuyen-truyen-dot-1", "ke-hoach-tuyen-truyen-dot-1-2")


@pytest.mark.django_db
def test_a_form_left_without_a_slug_or_typed_with_marks_saves_a_plain_one():
    agency = AgencyFactory()
    data = {"title": "Kế hoạch đối thoại", "year": 2026, "issuing_agency": agency.pk, "slug": "",
            "status": "draft"}
    form = PlanForm(data=data)
    form.fields["issuing_agency"].queryset = type(agency).objects.all()
    assert form.is_valid(), form.errors
    assert form.save().slug == "ke-hoach-doi-thoai"
    form = PlanForm(data={**data, "slug": "Đối thoại tháng Tư"})
    form.fields["issuing_agency"].queryset = type(agency).objects.all()
    assert form.is_valid(), form.errors
    assert form.save().slug == "doi-thoai-thang-tu"


@pytest.mark.django_db
def test_a_report_never_takes_a_feeds_address():
    plan = PlanFactory()
    report = Report(title="rss", slug="rss", date="2020-01-05", plan=plan, issuing_agency=plan.issuing_agency)
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "bản tin RSS/Atom" in str(error.value)
    made = Report.objects.create(title="Atom", date="2020-01-05", plan=plan, issuing_agency=plan.issuing_agency)
    assert made.slug == "atom-2"


@pytest.fixture
def page_cache_on(settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()


def _rename(obj, slug, capture):
    with capture(execute=True):  # the page-cache version moves on when the change commits
        obj.slug = slug
        obj.save()


class TestSlugsOnTheDemo:
    def test_a_changed_report_slug_keeps_every_old_address(self, client, demo, page_cache_on,
                                                           django_capture_on_commit_callbacks):
        old = f"/bao-cao/{REPORT_SLUG}/"
        assert client.get(old).status_code == 200  # now in the page cache
        report = Report.objects.get(slug=REPORT_SLUG)
        _rename(report, "bao-cao-nam-2019", django_capture_on_commit_callbacks)
        for before, after in [(old, "/bao-cao/bao-cao-nam-2019/"),
                              (f"{old}tai-ve.docx", "/bao-cao/bao-cao-nam-2019/tai-ve.docx"),
                              (f"{old}tai-ve.csv", "/bao-cao/bao-cao-nam-2019/tai-ve.csv"),
                              (f"/api/v1/bao-cao/{REPORT_SLUG}/", "/api/v1/bao-cao/bao-cao-nam-2019/")]:
            response = client.get(before)
            assert (response.status_code, response["Location"]) == (301, after), before
        assert client.get("/bao-cao/bao-cao-nam-2019/").status_code == 200

    def test_renamed_twice_redirects_in_one_step_and_back_again_serves_the_page(self, client, demo, page_cache_on,
                                                                                django_capture_on_commit_callbacks):
        plan = Plan.objects.get(slug="ke-hoach-tuyen-truyen-cchc-2019")
        _rename(plan, "ke-hoach-b", django_capture_on_commit_callbacks)
        _rename(plan, "ke-hoach-c", django_capture_on_commit_callbacks)
        response = client.get("/ke-hoach/ke-hoach-tuyen-truyen-cchc-2019/")
        assert (response.status_code, response["Location"]) == (301, "/ke-hoach/ke-hoach-c/")
        assert client.get("/ke-hoach/ke-hoach-b/")["Location"] == "/ke-hoach/ke-hoach-c/"
        _rename(plan, "ke-hoach-tuyen-truyen-cchc-2019", django_capture_on_commit_callbacks)
        assert client.get("/ke-hoach/ke-hoach-tuyen-truyen-cchc-2019/").status_code == 200
        assert client.get("/ke-hoach/ke-hoach-c/")["Location"] == "/ke-hoach/ke-hoach-tuyen-truyen-cchc-2019/"
        assert not Redirect.objects.filter(old_path="/ke-hoach/ke-hoach-tuyen-truyen-cchc-2019/").exists()
