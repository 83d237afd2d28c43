"""Text pasted from Word or Excel carries control characters (a manual line break is a vertical tab):
XML 1.0 cannot hold them, so the RSS feed, the sitemap and the Word download failed with a 500."""

import pytest
from django.test import Client

from reports.models import Report

pytestmark = pytest.mark.django_db


def test_a_title_pasted_from_word_is_stored_clean_and_every_download_still_works(demo):
    report = Report.objects.get()
    report.title = "Báo cáo kết quả\x0btuyên truyền\x07 CCHC năm 2019\x00"
    report.summary = "Trích yếu\x0cđoạn hai"
    report.save()
    report.refresh_from_db()
    assert report.title == "Báo cáo kết quả tuyên truyền CCHC năm 2019"
    assert report.summary == "Trích yếu đoạn hai"
    client = Client()
    for url in ("/bao-cao/rss/", "/bao-cao/atom/", "/sitemap.xml", report.get_absolute_url(),
                f"{report.get_absolute_url()}tai-ve.docx", f"{report.get_absolute_url()}tai-ve.xlsx"):
        assert client.get(url).status_code == 200, url
    assert "tuyên truyền CCHC năm 2019" in client.get("/bao-cao/rss/").content.decode()
