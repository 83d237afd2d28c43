"""Figures across the 2025 reform: a reader sees each agency's figures as they were reported, or "theo đơn vị
hiện nay" — a closed agency's figures counted under today's units (a split by its declared shares, rounded so
the totals stay; a split without shares: everything to the first successor, and the page says so). The same
function serves the page, the API and Excel; a published report's recalculation starts from its frozen figures."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from agencies.changes import agency_change_record
from agencies.models import Agency, AgencyChange, AgencySuccession
from reports import queries
from reports.models import Report
from reports.reform import LABEL, by_current_units
from reports.report_publishing import report_publish
from tests.factories import ActivityFactory, ChannelFactory, PlanFactory

pytestmark = pytest.mark.django_db
REFORM = dt.date(2025, 7, 1)
BASIS = "Nghị quyết 1655/NQ-UBTVQH15"


def make(name, kind=Agency.Kind.COMMUNE, **values):
    return Agency.objects.create(name=name, kind=kind, **values)


@pytest.fixture
def reform():
    """2019: districts A (split 60/40 into communes X, Y), B and C (merged into commune Z), D (split into P
    and Q without shares) and a department that did not change, each with approved activities."""
    plan = PlanFactory(year=2019)
    radio = ChannelFactory(name="Phát thanh", unit="đề tài")
    a, b, c, d = (make(f"UBND huyện {n}", Agency.Kind.DISTRICT) for n in ("Năm Căn", "Cái Nước", "Phú Tân",
                                                                            "Đầm Dơi"))
    department = make("Sở Tư pháp", Agency.Kind.DEPARTMENT)
    x, y, z, p, q = (make(f"Xã {n}", existed_from=REFORM) for n in ("Năm Căn", "Tam Giang", "Cái Nước",
                                                                        "Đầm Dơi", "Tân Thuận"))
    # quantity, participants for each activity
    for agency, rows in ((a, [(4, 5), (3, 5)]), (b, [(2, 1)]), (c, [(5, 2), (1, 0)]), (d, [(6, 3)]),
                         (department, [(10, 4)])):
        for quantity, participants in rows:
            ActivityFactory(plan=plan, agency=agency, channel=radio, quantity=quantity, participants=participants,
                            approved=True)
    agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=REFORM, legal_basis=BASIS, sources=[a],
                         successors=[x, y], shares={x: Decimal(60), y: Decimal(40)})
    agency_change_record(kind=AgencyChange.Kind.MERGE, effective_date=REFORM, legal_basis=BASIS, sources=[b, c],
                         successors=[z])
    agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=REFORM, legal_basis=BASIS, sources=[d],
                         successors=[p, q])
    return {"plan": plan, "radio": radio, "a": a, "b": b, "c": c, "d": d, "department": department,
            "x": x, "y": y, "z": z, "p": p, "q": q}


def by_name(rows, field="activities"):
    return {row["name"]: row[field] for row in rows}


def channel_by_agency(rows):
    return {row["agency"]: row["total"] for row in rows}


def test_closed_agencies_figures_go_to_todays_units_with_equal_totals(reform):
    reported = queries.report_figures(plan=reform["plan"])
    today = by_current_units(reported)
    assert by_name(reported["agencies"]) == {"UBND huyện Năm Căn": 2, "UBND huyện Cái Nước": 1,
                                             "UBND huyện Phú Tân": 2, "UBND huyện Đầm Dơi": 1, "Sở Tư pháp": 1}
    # A's 2 activities, 10 participants, 7 đề tài split 60/40: 1.2/0.8 → 1/1; 6/4; 4.2/2.8 → 4/3.
    assert by_name(today["agencies"]) == {"Xã Năm Căn": 1, "Xã Tam Giang": 1, "Xã Cái Nước": 3, "Xã Đầm Dơi": 1,
                                          "Sở Tư pháp": 1}
    assert by_name(today["agencies"], "participants") == {"Xã Năm Căn": 6, "Xã Tam Giang": 4, "Xã Cái Nước": 3,
                                                          "Xã Đầm Dơi": 3, "Sở Tư pháp": 4}
    assert channel_by_agency(today["agency_channels"]) == {"Xã Năm Căn": 4, "Xã Tam Giang": 3, "Xã Cái Nước": 8,
                                                           "Xã Đầm Dơi": 6, "Sở Tư pháp": 10}
    for key, fields in (("agencies", ("activities", "participants")), ("agency_channels", ("total", "activities"))):
        for field in fields:
            assert sum(r[field] for r in today[key]) == sum(r[field] for r in reported[key]), (key, field)
    assert today["totals"]["activities"] == reported["totals"]["activities"] == 7
    assert today["channels"] == reported["channels"]
    assert today["recalculated"]["label"] == LABEL == "Tính lại theo đơn vị hiện nay"
    includes = {row["name"]: row["includes"] for row in today["agencies"]}
    assert includes["Xã Năm Căn"] == ["UBND huyện Năm Căn (60%)"]
    assert includes["Xã Cái Nước"] == ["UBND huyện Cái Nước", "UBND huyện Phú Tân"]
    assert includes["Sở Tư pháp"] == []


def test_a_split_without_shares_stays_whole_with_the_first_successor_and_says_so(reform):
    today = by_current_units(queries.report_figures(plan=reform["plan"]))
    assert "Xã Tân Thuận" not in by_name(today["agencies"])
    (note,) = today["recalculated"]["unshared"]
    assert "UBND huyện Đầm Dơi" in note and "Xã Đầm Dơi" in note and "chưa khai tỷ lệ" in note


def test_chains_of_changes_lead_to_todays_unit(reform):
    renamed = make("Phường Cái Nước", existed_from=dt.date(2026, 1, 1))
    agency_change_record(kind=AgencyChange.Kind.RENAME, effective_date=dt.date(2026, 1, 1), legal_basis="NQ 2",
                         sources=[reform["z"]], successors=[renamed])
    today = by_current_units(queries.report_figures(plan=reform["plan"]))
    assert by_name(today["agencies"])["Phường Cái Nước"] == 3 and "Xã Cái Nước" not in by_name(today["agencies"])


def test_a_change_not_yet_in_force_does_not_move_figures(reform):
    department = make("Sở Nội vụ", Agency.Kind.DEPARTMENT)
    ActivityFactory(plan=reform["plan"], agency=department, channel=reform["radio"], quantity=1, approved=True)
    new = make("Sở Nội vụ mới", Agency.Kind.DEPARTMENT)
    agency_change_record(kind=AgencyChange.Kind.RENAME, effective_date=dt.date(2099, 1, 1), legal_basis="QĐ",
                         sources=[department], successors=[new])
    today = by_current_units(queries.report_figures(plan=reform["plan"]))
    assert "Sở Nội vụ" in by_name(today["agencies"]) and "Sở Nội vụ mới" not in by_name(today["agencies"])


def _changes(first, last):
    for i in range(first, last):
        old = make(f"UBND huyện thử {i}", Agency.Kind.DISTRICT)
        first, second = make(f"Xã thử {i}a", existed_from=REFORM), make(f"Xã thử {i}b", existed_from=REFORM)
        ActivityFactory(agency=old, quantity=3, approved=True)
        agency_change_record(kind=AgencyChange.Kind.SPLIT, effective_date=REFORM, legal_basis=BASIS,
                             sources=[old], successors=[first, second],
                             shares={first: Decimal(50), second: Decimal(50)})


def _queries(figures):
    with CaptureQueriesContext(connection) as captured:
        by_current_units(figures)
    return len(captured)


def test_the_recalculation_costs_the_same_queries_whatever_the_number_of_changes():
    _changes(0, 3)
    few = _queries(queries.report_figures(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31)))
    _changes(3, 30)
    figures = queries.report_figures(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
    assert len(figures["agencies"]) == 30
    assert _queries(figures) == few == 1
    assert len(by_current_units(figures)["agencies"]) == 60


@pytest.fixture
def published(reform):
    report = Report.objects.create(title="Báo cáo 2019", slug="bao-cao-2019", date=dt.date(2019, 12, 20),
                                   issuing_agency=reform["department"], plan=reform["plan"])
    return report_publish(report=report, user=None)


def test_a_published_reports_recalculation_starts_from_its_frozen_figures(reform, published):
    ActivityFactory(plan=reform["plan"], agency=reform["x"], channel=reform["radio"], quantity=100,
                    date=dt.date(2019, 6, 1), approved=True)  # entered after publishing: not in the record
    today = by_current_units(published.current_figures())
    assert sum(row["activities"] for row in today["agencies"]) == 7
    assert channel_by_agency(today["agency_channels"])["Xã Năm Căn"] == 4


class TestSurfaces:
    def test_the_report_page_toggles_and_labels_the_recalculation(self, client, reform, published):
        url = published.get_absolute_url()
        html = client.get(url).content.decode()
        assert "Theo đơn vị khi báo cáo" in html and "Theo đơn vị hiện nay" in html
        assert "UBND huyện Năm Căn" in html and LABEL not in html
        html = client.get(url, {"don-vi": "hien-nay"}).content.decode()
        assert LABEL in html and "chưa khai tỷ lệ" in html
        section = html[html.index('id="theo-co-quan"'):]
        assert "Xã Tam Giang" in section and "UBND huyện Năm Căn (60%)" in section
        assert '<th scope="row">UBND huyện Năm Căn</th>' not in section

    def test_the_agency_table_ends_with_its_totals_equal_both_ways(self, client, reform, published):
        """A reader checks the recalculation by its totals row: the same number of activities, added up from
        the rows shown, whichever way the table is drawn."""
        url = published.get_absolute_url()
        for query in ({}, {"don-vi": "hien-nay"}):
            html = client.get(url, query).content.decode()
            table = html[html.index("<caption>Kết quả theo cơ quan, đơn vị và hình thức"):]
            table = table[:table.index("</table>")]
            rows = re.findall(r'<td class="num">(\d+)</td></tr>', table[:table.index("<tfoot>")])
            foot = table[table.index("<tfoot>"):]
            assert "Tổng cộng (5 cơ quan, đơn vị)" in foot, query
            assert re.search(r'<td class="num">7</td></tr>', foot), query
            assert sum(int(n) for n in rows) == 7, query
            # With four columns on a 390 px phone, a result's number and its unit stay on one line.
            assert re.search(r'<td class="num">\d+&nbsp;đề tài</td>', table), query

    def test_the_parameter_is_a_known_one_for_the_page_cache(self, client, reform, published, settings):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 60
        cache.clear()
        url = published.get_absolute_url()
        response = client.get(url, {"don-vi": "hien-nay"})
        assert response.status_code == 200 and LABEL in response.content.decode()
        assert response["X-Cache"] == "MISS" and client.get(url, {"don-vi": "hien-nay"})["X-Cache"] == "HIT"
        assert LABEL not in client.get(url).content.decode()  # its own cache entry
        odd = client.get(url, {"don-vi": "x" * 40})
        assert odd.status_code == 200 and "X-Cache" not in odd  # answered, never stored

    def test_a_corrected_share_shows_at_once_on_the_cached_page(self, client, reform, published, settings,
                                                                 django_capture_on_commit_callbacks):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 60
        cache.clear()
        url = published.get_absolute_url()
        row = 'Xã Năm Căn<span class="includes">gồm số liệu của UBND huyện Năm Căn ({})'
        assert row.format("60%") in client.get(url, {"don-vi": "hien-nay"}).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            for link in AgencySuccession.objects.filter(agency__in=[reform["x"], reform["y"]]):
                link.share = 100 - link.share
                link.save()
        assert row.format("40%") in client.get(url, {"don-vi": "hien-nay"}).content.decode()

    def test_the_page_cache_knows_exactly_the_parameters_words(self, settings):
        from reports import reform as module

        assert settings.PUBLIC_PAGE_PARAMETERS[module.PARAMETER] == module.CHOICES

    def test_the_api_answers_both_ways_as_its_schema_says(self, client, reform, published):
        document = client.get("/api/v1/openapi.json").json()
        parameters = document["paths"]["/bao-cao/{slug}/"]["get"]["parameters"]
        assert any(p["name"] == "don-vi" for p in parameters)
        validator = Draft202012Validator({"$ref": "#/components/schemas/BaoCao",
                                          "components": document["components"]})
        url = f"/api/v1/bao-cao/{published.slug}/"
        reported = client.get(url).json()["so_lieu"]
        today = client.get(url, {"don-vi": "hien-nay"}).json()["so_lieu"]
        for data in (reported, today):
            assert not list(validator.iter_errors({**client.get(url).json(), "so_lieu": data}))
        assert "tinh_lai" not in reported
        assert today["tinh_lai"]["nhan"] == LABEL and today["tinh_lai"]["chua_khai_ty_le"]
        assert {r["ten"]: r["so_hoat_dong"] for r in today["theo_co_quan"]}["Xã Cái Nước"] == 3
        assert (sum(r["so_luong"] for r in today["theo_co_quan_va_hinh_thuc"])
                == sum(r["so_luong"] for r in reported["theo_co_quan_va_hinh_thuc"]) == 31)
        bad = client.get(url, {"don-vi": "ngay-mai"})
        assert bad.status_code == 400 and "don-vi" in bad.json()["loi"]

    def test_the_excel_file_has_a_sheet_by_todays_units(self, client, reform, published):
        response = client.get(f"/bao-cao/{published.slug}/tai-ve.xlsx")
        workbook = load_workbook(io.BytesIO(response.getvalue()))
        assert "Theo đơn vị hiện nay" in workbook.sheetnames
        sheet = workbook["Theo đơn vị hiện nay"]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        totals = {row[0]: row[2] for row in rows if row[0]}
        assert totals["Xã Năm Căn"] == 4 and totals["Xã Cái Nước"] == 8 and "UBND huyện Năm Căn" not in totals
        info = " ".join(str(c) for row in workbook["Thông tin"].iter_rows(values_only=True) for c in row if c)
        assert LABEL in info and "chưa khai tỷ lệ" in info
        before = list(workbook["Theo cơ quan"].iter_rows(min_row=2, values_only=True))
        assert sum(row[2] for row in before) == sum(row[2] for row in rows if row[0]) == 31
