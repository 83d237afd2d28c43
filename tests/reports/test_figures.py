"""Frozen figures keep the shape they were published in. A report frozen before task progress was scoped to
the period (version 1, no "version" key) still renders everywhere, read through reports.figures."""

import copy
import csv
import datetime as dt
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from campaigns.models import PublishStatus
from reports.figures import FIGURES_VERSION, read_figures
from reports.models import Report
from tests.factories import AgencyFactory, PlanFactory

# What reports.queries.report_figures froze until version 2, for a Quý II 2019 report of a district plan
# (copied from its output): the task's "achieved" is everything entered by the day of freezing (40 in Q1
# and 35 in Q2), and there is no "achieved_in_period".
VERSION_1 = json.loads("""
{
 "computed_at": "2019-07-05T01:00:00+00:00",
 "totals": {"activities": 2, "participants": 80, "agencies": 2},
 "channels": [
  {"channel_id": 1, "name": "Phát thanh – truyền hình", "unit": "đề tài", "code": "phat-thanh-truyen-hinh",
   "total": 35, "activities": 1, "participants": 0, "awards": 0},
  {"channel_id": 5, "name": "Tọa đàm, hội thảo", "unit": "buổi", "code": "toa-dam-hoi-thao",
   "total": 2, "activities": 1, "participants": 80, "awards": 0}
 ],
 "agencies": [
  {"agency_id": 14, "name": "UBND huyện Thử", "short_name": "UBND huyện Thử", "activities": 1, "participants": 80},
  {"agency_id": 15, "name": "Đài Truyền thanh huyện Thử", "short_name": "Đài TT huyện", "activities": 1,
   "participants": 0}
 ],
 "agency_channels": [
  {"agency_id": 14, "agency": "UBND huyện Thử", "channel": "Tọa đàm, hội thảo", "unit": "buổi", "total": 2,
   "activities": 1},
  {"agency_id": 15, "agency": "Đài TT huyện", "channel": "Phát thanh – truyền hình", "unit": "đề tài",
   "total": 35, "activities": 1}
 ],
 "months": [
  {"month": "2019-04", "label": "04/2019", "activities": 0, "participants": 0},
  {"month": "2019-05", "label": "05/2019", "activities": 1, "participants": 0},
  {"month": "2019-06", "label": "06/2019", "activities": 1, "participants": 80}
 ],
 "completion": {
  "planned": 2, "done": 0, "percent": 0,
  "tasks": [
   {"id": 9, "title": "Phát sóng đề tài CCHC", "target": 100, "achieved": 75, "unit": "đề tài", "percent": 75,
    "status": "in_progress", "status_label": "Đang thực hiện", "deadline": "2019-12-31",
    "lead_agency": "Đài TT huyện"},
   {"id": 10, "title": "Lồng ghép tuyên truyền trong họp giao ban", "target": null, "achieved": null,
    "unit": null, "percent": 0, "status": "in_progress", "status_label": "Đang thực hiện", "deadline": null,
    "lead_agency": "UBND huyện Thử"}
  ]
 }
}
""")
SLUG = "bao-cao-quy-ii-2019-huyen-thu"


@pytest.fixture
def v1_report():
    district = AgencyFactory(name="UBND huyện Thử", short_name="UBND huyện Thử")
    plan = PlanFactory(title="Kế hoạch tuyên truyền CCHC huyện Thử năm 2019", issuing_agency=district)
    frozen_at = timezone.make_aware(dt.datetime(2019, 7, 5, 8, 0))
    return Report.objects.create(
        title="Báo cáo kết quả tuyên truyền CCHC quý II năm 2019 huyện Thử", slug=SLUG,
        document_number="12/BC-UBND", date=dt.date(2019, 7, 5), period=Report.Period.QUARTER,
        period_start=dt.date(2019, 4, 1), period_end=dt.date(2019, 6, 30), plan=plan, issuing_agency=district,
        status=PublishStatus.PUBLISHED, published_at=frozen_at, figures_as_of=frozen_at,
        figures=copy.deepcopy(VERSION_1),
    )


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def download(client, fmt):
    response = client.get(reverse("reports:report_download", kwargs={"slug": SLUG, "fmt": fmt}))
    assert response.status_code == 200
    return response.content


def test_reading_version_1_upgrades_it_without_touching_the_stored_record():
    figures = read_figures(copy.deepcopy(VERSION_1))
    assert (FIGURES_VERSION, figures["version"]) == (4, 4)
    radio, meeting = figures["completion"]["tasks"]
    assert (radio["overdue"], meeting["overdue"]) == (False, False)  # no period end recorded: never guessed
    assert (radio["achieved"], radio["achieved_in_period"], radio["percent"]) == (75, None, 75)
    assert (meeting["achieved"], meeting["achieved_in_period"]) == (None, None)
    assert (figures["completion"]["start"], figures["completion"]["end"]) == (None, None)
    assert figures["channels"][0]["total"] == 35
    stored = copy.deepcopy(VERSION_1)
    read_figures(stored)
    assert stored == VERSION_1


def test_reading_fills_what_an_older_record_lacks():
    figures = read_figures({"channels": [{"name": "Phát thanh – truyền hình", "unit": "đề tài", "total": 12}]})
    assert figures["totals"] == {"activities": 0, "participants": 0, "agencies": 0}
    assert figures["channels"][0]["activities"] == 0 and figures["channels"][0]["participants"] == 0
    assert (figures["agencies"], figures["agency_channels"], figures["months"]) == ([], [], [])
    assert figures["completion"] is None


@pytest.mark.django_db
def test_current_figures_are_read_in_the_current_shape(v1_report):
    figures = v1_report.current_figures()
    assert figures["version"] == 4
    assert figures["completion"]["tasks"][0]["achieved_in_period"] is None
    v1_report.refresh_from_db()
    assert "version" not in v1_report.figures  # the official record is never rewritten


@pytest.mark.django_db
def test_a_version_1_report_page_renders_its_numbers(client, v1_report):
    html = text(client.get(reverse("reports:report_detail", kwargs={"slug": SLUG})))
    assert '<th scope="row">Phát thanh – truyền hình</th><td class="num">35</td><td>đề tài</td>' in html
    assert ('<th scope="row">Phát sóng đề tài CCHC</th><td>Đài TT huyện</td><td class="num">100 đề tài</td>'
            '<td class="num">—</td><td class="num">75 đề tài</td><td class="num">75%</td>'
            '<td>Đang thực hiện</td>') in html
    assert "Lũy kế đến ngày chốt số liệu" in html
    assert "75/100 đề tài, 75%" in html  # the task chart, from the frozen target and cumulative figure


@pytest.mark.django_db
def test_a_version_1_report_in_the_api(client, v1_report):
    data = json.loads(client.get(reverse("api:report_detail", kwargs={"slug": SLUG})).content)
    task = data["so_lieu"]["hoan_thanh_nhiem_vu"]["nhiem_vu"][0]
    assert (task["chi_tieu"], task["luy_ke"], task["thuc_hien_trong_ky"]) == (100, 75, None)
    assert data["so_lieu"]["theo_hinh_thuc"][1]["so_luong"] == 2


@pytest.mark.django_db
def test_a_version_1_report_as_word(client, v1_report):
    document = Document(io.BytesIO(download(client, "docx")))
    channels = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert channels[1][1:4] == ["Phát thanh – truyền hình", "35", "đề tài"]
    tasks = [[c.text.replace("\u00a0", " ") for c in row.cells] for row in document.tables[2].rows]
    assert tasks[0][2:6] == ["Chủ trì", "Chỉ tiêu", "Trong kỳ", "Lũy kế đến ngày chốt số liệu"]
    assert tasks[1][2:8] == ["Đài TT huyện", "100 đề tài", "—", "75 đề tài", "75%", "Đang thực hiện"]
    assert tasks[2][3:6] == ["—", "—", "—"]


@pytest.mark.django_db
def test_a_version_1_report_as_excel(client, v1_report):
    workbook = load_workbook(io.BytesIO(download(client, "xlsx")))
    rows = list(workbook["Nhiệm vụ"].iter_rows(values_only=True))
    assert rows[0][2:5] == ("Chỉ tiêu", "Trong kỳ", "Lũy kế đến ngày chốt số liệu")
    # The rate is a real percentage (0.75 shown as 75%, issue 16), as in a version-2 report's file.
    assert rows[1][:7] == ("Phát sóng đề tài CCHC", "Đài TT huyện", 100, None, 75, "đề tài", 0.75)
    assert workbook["Nhiệm vụ"].cell(row=2, column=7).number_format == "0%"
    channels = list(workbook["Theo hình thức"].iter_rows(values_only=True))
    assert channels[2][:3] == ("Tọa đàm, hội thảo", 2, "buổi")


@pytest.mark.django_db
def test_a_version_1_report_as_csv(client, v1_report):
    rows = list(csv.reader(io.StringIO(download(client, "csv").decode("utf-8-sig"))))
    assert [row[:4] for row in rows[1:]] == [["Phát thanh – truyền hình", "35", "đề tài", "1"],
                                            ["Tọa đàm, hội thảo", "2", "buổi", "1"]]


@pytest.mark.django_db
def test_the_home_page_leads_with_a_version_1_report(client, v1_report):
    html = text(client.get(reverse("reports:home")))
    assert '35</span> <span class="figure-unit">đề tài' in html
    assert '0%</span> <span class="figure-unit">nhiệm vụ' in html


def test_version_2_tasks_get_overdue_from_their_deadline_and_period_end():
    task = {"title": "Tọa đàm", "target": 10, "achieved": 4, "achieved_in_period": 2, "percent": 40,
            "status": "in_progress", "deadline": "2019-06-30"}
    done = {**task, "status": "done", "achieved": 10, "percent": 100}
    figures = read_figures({"version": 2, "completion": {"start": "2019-07-01", "end": "2019-09-30",
                                                          "tasks": [task, done]}})
    assert [t["overdue"] for t in figures["completion"]["tasks"]] == [True, False]


def test_version_3_percentages_rounded_up_to_100_are_read_floored_from_the_records_own_figures():
    """Until version 4 a task's percent was rounded: 548 of 550 was frozen as 100 beside "Đang thực hiện", and
    199 of 200 tasks done as 100 %. Read again from the record's own frozen target, achieved and counts."""
    short = {"title": "Phát sóng", "target": 550, "achieved": 548, "achieved_in_period": 548, "percent": 100,
             "status": "in_progress"}
    over = {**short, "achieved": 600, "achieved_in_period": 600, "status": "done"}
    qualitative = {"title": "Hướng dẫn", "target": None, "achieved": None, "percent": 100, "status": "done"}
    stored = {"version": 3, "completion": {"start": None, "end": None, "planned": 200, "done": 199,
                                           "percent": 100, "tasks": [short, over, qualitative]}}
    figures = read_figures(copy.deepcopy(stored))
    assert figures["version"] == FIGURES_VERSION
    assert [t["percent"] for t in figures["completion"]["tasks"]] == [99, 100, 100]
    assert figures["completion"]["percent"] == 99
