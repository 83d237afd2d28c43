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


# --- a NUL or another control character in the address (issue 23) ----------------------------------------
# PostgreSQL refuses a NUL in any text it is sent (psycopg: "A string literal cannot contain NUL (0x00)
# characters"), so an address whose parts reach a query as they come answered 500 there without nginx
# (the API's lookup of an old slug). SQLite takes a NUL silently: the guard below refuses it as PostgreSQL
# does, so the tests fail on SQLite too wherever a NUL would reach the database.

def refuse_nul_like_postgresql(execute, sql, params, many, context):
    values = [value for group in (params or ()) for value in (group if isinstance(group, list | tuple) else [group])]
    if "\x00" in sql or any(isinstance(value, str) and "\x00" in value for value in values):
        raise ValueError("A string literal cannot contain NUL (0x00) characters.")
    return execute(sql, params, many, context)


PUBLIC_ADDRESSES = ["/api/v1/ke-hoach/%00/", "/api/v1/bao-cao/bao-cao%00/", "/api/v1/%00/", "/api/v1/a%00b/c/",
                    "/ke-hoach/%00/", "/bao-cao/x%00/tai-ve.docx", "/tai-lieu/%00.pdf", "/binh-luan/xac-nhan/%00/",
                    "/%00", "/ke-hoach/a%01b/", "/api/v1/ke-hoach/a%0Ab/", "/api/v1/ke-hoach/a%7Fb/",
                    "/api/v1/ke-hoach/a%C2%85b/"]
STAFF_ADDRESSES = ["/admin/campaigns/plan/?status=%00", "/admin/campaigns/activity/?channel__id__exact=%00",
                   "/admin/campaigns/plan/%00/change/", "/admin/r/1/%00/", "/admin/%00/"]


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_a_control_character_in_a_public_address_is_a_400_before_the_database(address):
    from django.db import connection

    visitor = Client()
    with connection.execute_wrapper(refuse_nul_like_postgresql):
        response = visitor.get(address)
    assert response.status_code == 400, address
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("address", STAFF_ADDRESSES)
def test_a_nul_in_a_staff_address_or_its_filters_is_a_400_before_the_database(address):
    from django.db import connection

    from tests.factories import coordinator_user

    staff = Client()
    staff.force_login(coordinator_user())
    with connection.execute_wrapper(refuse_nul_like_postgresql):
        response = staff.get(address)
    assert response.status_code == 400, address


def test_ordinary_addresses_and_a_nul_typed_into_the_search_box_are_answered_as_before():
    from django.db import connection

    visitor = Client()
    with connection.execute_wrapper(refuse_nul_like_postgresql):
        assert visitor.get("/api/v1/ke-hoach/").status_code == 200
        assert visitor.get("/api/v1/ke-hoach/khong-co/").status_code == 404
        assert visitor.get("/tim-kiem/", {"q": "cai\x00cach"}).status_code == 200  # the search cleans its text
