"""Numbers in HTML attributes are never localised: `value="2.019"` (Vietnamese thousands) made the year
filter do nothing, and an id above 999 would break filters, anchors and reply links (issue 16, item 4)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, AgencyFactory, PlanFactory, coordinator_user

# In attributes that carry ids and numbers (not an SVG path's "d", where "1.414" is a decimal).
LOCALISED_IN_ATTRIBUTE = re.compile(r'\b(?:value|href|id|for|action|viewBox|x|y|width|height)="'
                                    r'[^"]*?(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.])')


@pytest.fixture
def big_ids():
    agency = AgencyFactory(pk=12345, name="Sở có mã lớn")
    plan = PlanFactory(pk=4321, year=2019, status="published", issuing_agency=agency, slug="ke-hoach-ma-lon")
    PlanFactory(year=2027, status="published", slug="ke-hoach-2027")
    ActivityFactory(pk=98765, plan=plan, agency=agency, date=dt.date(2019, 5, 2))
    return plan


@pytest.mark.django_db
def test_the_year_and_agency_filters_use_plain_numbers_and_work(client, big_ids):
    page = client.get(reverse("reports:plan_list")).content.decode()
    assert '<option value="2019"' in page and '<option value="12345"' in page
    assert not LOCALISED_IN_ATTRIBUTE.findall(page)
    filtered = client.get(reverse("reports:plan_list"), {"nam": "2019"}).content.decode()
    assert "ke-hoach-ma-lon" in filtered and "ke-hoach-2027" not in filtered


@pytest.mark.django_db
def test_public_pages_and_the_admin_start_page_carry_no_localised_number_in_attributes(client, big_ids):
    for url in (reverse("reports:home"), big_ids.get_absolute_url(), reverse("reports:plan_list")):
        assert not LOCALISED_IN_ATTRIBUTE.findall(client.get(url).content.decode()), url
    client.force_login(coordinator_user())
    for url in (reverse("admin:index"), reverse("admin:campaigns_reportingperiod_changelist")):
        assert not LOCALISED_IN_ATTRIBUTE.findall(client.get(url).content.decode()), url


def test_chart_coordinates_are_plain_and_short():
    from reports.charts import column_bars

    chart = column_bars([{"label": "01/2019", "value": 3}, {"label": "02/2019", "value": 7}],
                        label="label", value="value")
    assert all(len(str(c["y"])) <= 6 for c in chart["columns"])


@pytest.mark.django_db
def test_favicon_is_served_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.ico")
    assert 'rel="icon"' in client.get(reverse("reports:home")).content.decode()


def test_the_coordinators_dashboard_links_filter_by_plain_year_and_ids(client, demo_cycle):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="dieuphoi"))
    page = client.get(reverse("admin:index")).content.decode()
    assert "plan__year=2026" in page  # the start page opens on the live 2026 cycle of the demo
    assert not LOCALISED_IN_ATTRIBUTE.findall(page)
