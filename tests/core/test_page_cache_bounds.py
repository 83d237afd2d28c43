"""The page cache cannot be flooded: only known parameters make distinct pages, and what is stored is
bounded whatever a client sends."""

import secrets

import pytest
from django.core.cache import cache, caches
from django.urls import reverse

from tests.conftest import demo_in_an_outer_transaction

pytestmark = pytest.mark.django_db


# scripts/security_check.py reads this file's results by test name (file::test), so its tests stay
# functions: the demo is loaded once for the module (tests/conftest.py) rather than for a class.
@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    yield from demo_in_an_outer_transaction(django_db_blocker, keep_periods=False)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    caches["pages"].clear()


def stored_pages():
    store = caches["pages"]
    return len(store._cache), sum(len(v) for v in store._cache.values())


def test_an_unknown_parameter_is_redirected_to_the_page_without_it(client, demo):
    response = client.get(reverse("reports:plan_list"), {"u": "abc", "nam": "2019", "utm_source": "zalo"})
    assert response.status_code == 301
    assert response["Location"] == reverse("reports:plan_list") + "?nam=2019"
    assert stored_pages()[0] == 0


def test_parameters_in_another_order_share_one_cached_page(client, demo):
    url = reverse("reports:plan_list")
    assert client.get(url + "?nam=2019&trang=1")["X-Cache"] == "MISS"
    assert client.get(url + "?trang=1&nam=2019")["X-Cache"] == "HIT"


def test_a_known_parameter_with_a_value_no_page_has_is_answered_but_not_stored(client, demo):
    response = client.get(reverse("reports:plan_list"), {"nam": "x" * 200})
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert stored_pages()[0] == 0


def test_thousands_of_random_addresses_leave_a_bounded_cache(client, demo, monkeypatch):
    """(With the real limit of 500 and 10,000 requests, 5,000 of them ?u=<random>: 352 pages, 1 MiB.)"""
    url = reverse("reports:plan_list")
    monkeypatch.setattr(caches["pages"], "_max_entries", 50)
    for _ in range(1000):
        assert client.get(url, {"u": secrets.token_hex(8)}).status_code == 301
    assert stored_pages()[0] == 0
    for i in range(300):
        client.get(url, {"co-quan": str(10_000 + i)})
    entries, size = stored_pages()
    assert 0 < entries <= 50
