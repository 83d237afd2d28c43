"""One configured site address (SITE_URL): the Sites row follows it on every migrate, and the links a
page, an email or the API gives are built from it."""

import io

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command

from core.sites import absolute_url, site_domain, sync_site


def test_the_test_database_was_migrated_with_the_configured_host(db):
    assert Site.objects.get_current().domain == "testserver"  # test settings: SITE_URL = http://testserver
    assert Site.objects.get_current().domain != "example.com"


@pytest.mark.django_db
def test_a_changed_setting_reaches_the_sites_row_on_migrate(settings):
    settings.SITE_URL = "https://cchc.camau.gov.vn/"
    Site.objects.filter(pk=settings.SITE_ID).update(domain="example.com", name="example.com")
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("cchc.camau.gov.vn", "Cổng thông tin tuyên truyền cải cách hành chính")
    assert absolute_url("/ke-hoach/") == "https://cchc.camau.gov.vn/ke-hoach/"


@pytest.mark.django_db
def test_a_missing_row_is_created_with_the_port(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    Site.objects.all().delete()
    sync_site()
    assert (site_domain(), Site.objects.get(pk=settings.SITE_ID).domain) == ("127.0.0.1:8000", "127.0.0.1:8000")


def test_pages_declare_their_canonical_and_open_graph_address_from_the_setting(client, demo, settings):
    settings.SITE_URL = "https://cchc.camau.gov.vn"
    html = client.get("/ke-hoach/", {"nam": "2019"}, HTTP_HOST="localhost").content.decode()
    assert '<link rel="canonical" href="https://cchc.camau.gov.vn/ke-hoach/?nam=2019">' in html
    assert '<meta property="og:url" content="https://cchc.camau.gov.vn/ke-hoach/?nam=2019">' in html


def test_the_404_page_declares_no_canonical_address(client, db):
    response = client.get("/ke-hoach/khong-co-ke-hoach-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert 'rel="canonical"' not in html and 'property="og:url"' not in html
    assert '<meta name="robots" content="noindex">' in html
