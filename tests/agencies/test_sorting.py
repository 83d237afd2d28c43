"""Agency names sort the Vietnamese way (core.text.VIETNAMESE: the name column's collation, PostgreSQL's ICU
"vi-x-icu", registered on SQLite with core.text.vietnamese_sort_key) — on the public pages, in the admin's
lists, pickers and autocompletes, and in the files. The suite runs on SQLite and again on PostgreSQL."""

import re

import pytest
from django.urls import reverse

from agencies.models import Agency
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

# In code-point order "Báo Cà Mau" came before "Báo ảnh Đất Mũi" and "Đài …" after "Văn phòng UBND".
IN_ORDER = ["Ban Dân tộc", "Báo ảnh Đất Mũi", "Báo Cà Mau", "Công an tỉnh", "Cơ quan Thường trực", "Dân tộc",
            "Đài Phát thanh - Truyền hình", "Ủy ban Mặt trận", "Ưng Hòa", "Văn phòng UBND"]


@pytest.fixture
def agencies():
    shuffled = IN_ORDER[5:] + IN_ORDER[::-1][5:]
    return [Agency.objects.create(name=name, kind=Agency.Kind.DEPARTMENT) for name in shuffled]


def test_the_database_orders_names_the_vietnamese_way(agencies):
    assert list(Agency.objects.order_by("name").values_list("name", flat=True)) == IN_ORDER
    assert list(Agency.objects.values_list("name", flat=True)) == IN_ORDER  # Meta.ordering: kind, name
    assert list(Agency.objects.order_by("-name").values_list("name", flat=True)) == IN_ORDER[::-1]


def test_the_public_plan_list_offers_its_agencies_in_vietnamese_order(client, agencies):
    for agency in agencies:
        PlanFactory(issuing_agency=agency)
    html = client.get(reverse("reports:plan_list")).content.decode()
    select = html[html.index('id="loc-co-quan"'):]
    select = select[:select.index("</select>")]
    assert re.findall(r'<option value="\d+">([^<]+)</option>', select) == IN_ORDER


def test_figures_under_todays_units_keep_ties_in_vietnamese_order():
    """reports.reform sorts in Python (the report page's "theo đơn vị hiện nay", the API, the Excel sheet)."""
    from agencies.succession import CurrentUnits
    from reports.reform import by_current_units

    rows = [{"agency_id": i, "name": name, "short_name": name, "activities": 3, "participants": 0}
            for i, name in enumerate(reversed(IN_ORDER), start=1)]
    cells = [{"agency_id": row["agency_id"], "agency": row["name"], "channel": "Báo chí", "unit": "bài",
              "total": 1, "activities": 1} for row in rows]
    figures = {"agencies": rows, "agency_channels": cells, "channels": [{"name": "Báo chí"}],
               "totals": {"activities": 30, "participants": 0, "agencies": 10}}
    today = by_current_units(figures, units=CurrentUnits())
    assert [row["name"] for row in today["agencies"]] == IN_ORDER
    assert [row["agency"] for row in today["agency_channels"]] == IN_ORDER


def test_the_admin_list_and_the_activity_forms_autocomplete_list_agencies_in_vietnamese_order(admin_client, agencies):
    listed = admin_client.get(reverse("admin:agencies_agency_changelist")).context["cl"].result_list
    assert [agency.name for agency in listed] == IN_ORDER
    found = admin_client.get(reverse("admin:autocomplete"), {
        "app_label": "campaigns", "model_name": "activity", "field_name": "agency"}).json()["results"]
    assert [row["text"] for row in found] == IN_ORDER
