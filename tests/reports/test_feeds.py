"""The RSS and Atom feeds as a feed reader reads them (feedparser): valid, every entry dated and updated
(RFC 4287), every link absolute with the configured site address — never example.com or the Host."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from reports.models import Report

SITE = "https://cchc.camau.gov.vn"
REPORT_SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"


@pytest.fixture
def site_address(settings):
    settings.SITE_URL = SITE


def read(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200
    return feedparser.parse(response.content)


class TestFeedsOnTheDemo:
    @pytest.mark.parametrize("path", ["/bao-cao/atom/", "/bao-cao/rss/"])
    def test_feed_is_valid_and_links_to_the_site_address(self, client, demo, site_address, path):
        feed = read(client, path)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.link == f"{SITE}/bao-cao/"
        assert [entry.link for entry in feed.entries] == [f"{SITE}/bao-cao/{REPORT_SLUG}/"]
        assert [entry.title for entry in feed.entries] == [
            "45/BC-UBND Báo cáo kết quả công tác thông tin, tuyên truyền cải cách hành chính tỉnh Cà Mau năm 2019"]
        assert "example.com" not in str(feed) and "localhost" not in str(feed)

    def test_atom_entries_carry_updated_and_absolute_ids(self, client, demo, site_address):
        report = Report.objects.get(slug=REPORT_SLUG)
        Report.objects.filter(pk=report.pk).update(updated_at=timezone.make_aware(dt.datetime(2020, 1, 6, 9, 30)))
        feed = read(client, "/bao-cao/atom/")
        assert feed.version == "atom10"
        entry = feed.entries[0]
        assert entry.updated == "2020-01-06T09:30:00+07:00"
        assert entry.published == timezone.localtime(report.published_at).replace(microsecond=0).isoformat()
        assert entry.published.endswith("+07:00")
        assert entry.id == f"{SITE}/bao-cao/{REPORT_SLUG}/"
        assert entry.author == "UBND tỉnh Cà Mau"
        assert feed.feed.id == f"{SITE}/bao-cao/"
        assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{SITE}/bao-cao/atom/"]
        assert feed.feed.updated == "2020-01-06T09:30:00+07:00"

    def test_the_demos_entries_are_updated_when_published_not_when_loaded(self, client, demo, site_address):
        """Issue 26, item 11: <updated> said the moment the demo was loaded. The demo's report and plan were
        written and published on their dates (05/01/2020, 25/01/2019); nothing changed them since."""
        feed = read(client, "/bao-cao/atom/")
        assert [entry.updated for entry in feed.entries] == ["2020-01-05T08:00:00+07:00"]
        assert feed.feed.updated == "2020-01-05T08:00:00+07:00"
        xml = client.get("/sitemap.xml").content.decode()
        assert (f"<loc>{SITE}/bao-cao/{REPORT_SLUG}/</loc><lastmod>2020-01-05</lastmod>" in xml
                and f"<loc>{SITE}/ke-hoach/ke-hoach-tuyen-truyen-cchc-2019/</loc><lastmod>2019-01-25</lastmod>" in xml)

    def test_sitemap_links_to_the_site_address(self, client, demo, site_address):
        xml = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
        assert f"<loc>{SITE}/ke-hoach/ke-hoach-tuyen-truyen-cchc-2019/</loc>" in xml
        assert f"<loc>{SITE}/bao-cao/{REPORT_SLUG}/</loc>" in xml
        assert f"<loc>{SITE}/</loc>" in xml
        assert "example.com" not in xml and "localhost" not in xml and "http://cchc" not in xml
