"""Error pages speak Vietnamese; a database outage is a 503 to retry, not a 500."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_a_missing_page_says_so_in_vietnamese_with_ways_on(visitor):
    response = visitor.get("/bao-cao/khong-co-bao-cao-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html and 'href="/bao-cao/"' in html
    assert "Not Found" not in html


@override_settings(ROOT_URLCONF="tests.security.error_urls")
def test_a_database_outage_is_a_503_to_retry_in_a_few_seconds(visitor):
    response = visitor.get("/thu/csdl-ngung/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in html and "thử lại sau ít giây" in html
    assert "5432" not in html, "no internal detail reaches the visitor"


@override_settings(ROOT_URLCONF="tests.security.error_urls")
def test_a_connection_lost_mid_failover_is_a_503_even_when_the_error_page_cannot_read_the_database(visitor):
    """What the cluster drill saw when the primary's host was cut off: the request's connection already
    closed (InterfaceError, not a DatabaseError), the portal's identity not in the cache, so the error page's
    own read failed too — and the visitor got a bare 500 instead of the page saying to retry."""
    from unittest import mock

    from django.core.cache import cache
    from django.db import InterfaceError

    from core.identity import CACHE_KEY

    cache.delete(CACHE_KEY)
    with mock.patch("core.models.PortalIdentity.objects.filter",
                    side_effect=InterfaceError("connection already closed")):
        response = visitor.get("/thu/csdl-da-dong/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Hệ thống tạm thời gián đoạn" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.security.error_urls")
def test_a_bug_is_a_500_in_vietnamese_without_details(visitor):
    response = visitor.get("/thu/loi/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hệ thống đang gặp lỗi" in html
    assert "ZeroDivisionError" not in html and "Server Error" not in html


def test_an_expired_staff_form_says_what_happened_in_vietnamese():
    staff_browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = staff_browser.post("/admin/login/", {"username": "dieuphoi", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Phiên làm việc đã hết hạn" in html and "chưa có gì được lưu" in html
    assert "CSRF verification failed" not in html


@override_settings(ROOT_URLCONF="tests.security.error_urls")
def test_the_outage_page_keeps_the_province_s_name_when_its_cache_entry_has_expired(visitor):
    """A failover lasts ~25 s, longer than the identity stays cached when read from the replica: the 503
    page said "Cổng thông tin tuyên truyền cải cách hành chính" instead of the province's portal (seen
    through the cluster). The last identity read is kept for the error pages."""
    from unittest import mock

    from django.core.cache import cache
    from django.db import InterfaceError

    from core.identity import CACHE_KEY, current_identity
    from core.models import PortalIdentity

    PortalIdentity.objects.update_or_create(pk=1, defaults={"site_name": "Cổng thông tin CCHC tỉnh Thử Nghiệm",
                                                            "short_name": "CCHC Thử Nghiệm"})
    cache.delete(CACHE_KEY)
    current_identity()  # read once, as every page does
    cache.delete(CACHE_KEY)  # then its entry expires
    with mock.patch("core.models.PortalIdentity.objects.filter",
                    side_effect=InterfaceError("connection already closed")):
        response = visitor.get("/thu/csdl-da-dong/")
    assert response.status_code == 503
    assert "Cổng thông tin CCHC tỉnh Thử Nghiệm" in response.content.decode()
