"""A percentage never reads 100 before the target is met: 548 of 550 is 99 %, beside "Đang thực hiện", on
every page, file and answer that shows it (one rule: core.numbers.percent, floored); 550 of 550 is 100 %; more
than the target stays at 100 %, as before."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from reports.models import Report
from reports.report_publishing import report_publish
from tests.factories import (
    ActivityFactory,
    AgencyFactory,
    ChannelFactory,
    PlanFactory,
    TaskFactory,
    coordinator_user,
    data_entry_user,
)

pytestmark = pytest.mark.django_db

CASES = [(548, 99, "Đang thực hiện"), (550, 100, "Hoàn thành"), (600, 100, "Hoàn thành")]


@pytest.fixture(params=CASES, ids=["548-of-550", "550-of-550", "600-of-550"])
def task_case(request):
    achieved, percent, status = request.param
    agency, channel = AgencyFactory(), ChannelFactory(unit="đề tài")
    plan = PlanFactory(slug="ke-hoach-phan-tram")
    task = TaskFactory(plan=plan, channel=channel, lead_agency=agency, target_quantity=550, title="Phát sóng đề tài")
    ActivityFactory(plan=plan, task=task, channel=channel, agency=agency, quantity=achieved, approved=True,
                    date=dt.date(2019, 5, 10))
    report = report_publish(report=Report.objects.create(
        title="Báo cáo", slug="bao-cao-phan-tram", date=dt.date(2019, 12, 20), issuing_agency=agency,
        plan=plan), user=None)
    return {"achieved": achieved, "percent": percent, "status": status, "plan": plan, "report": report,
            "agency": agency}


def test_the_public_plan_page(client, task_case):
    html = client.get(task_case["plan"].get_absolute_url()).content.decode()
    achieved, percent = task_case["achieved"], task_case["percent"]
    assert f"550 / {achieved} đề tài ({percent}%)" in html
    assert f'aria-label="Đạt {percent}%"' in html
    assert task_case["status"] in html


def test_the_public_report_page(client, task_case):
    html = client.get(task_case["report"].get_absolute_url()).content.decode()
    row = re.search(r"<tr><th scope=\"row\">Phát sóng đề tài</th>.*?</tr>", html).group(0)
    assert f'<td class="num">{task_case["percent"]}%</td><td>{task_case["status"]}</td>' in row


def test_the_api(client, task_case):
    plan = client.get(reverse("api:plan_detail", kwargs={"slug": task_case["plan"].slug})).json()
    report = client.get(reverse("api:report_detail", kwargs={"slug": task_case["report"].slug})).json()
    for task in (plan["nhiem_vu"][0], report["so_lieu"]["hoan_thanh_nhiem_vu"]["nhiem_vu"][0]):
        assert (task["ty_le_hoan_thanh"], task["ten_trang_thai"]) == (task_case["percent"], task_case["status"])


def test_the_excel_and_word_files(client, task_case):
    url = task_case["report"].get_absolute_url()
    tasks = load_workbook(io.BytesIO(client.get(f"{url}tai-ve.xlsx").content))["Nhiệm vụ"]
    assert (tasks["G2"].value, tasks["H2"].value) == (task_case["percent"] / 100, task_case["status"])
    document = Document(io.BytesIO(client.get(f"{url}tai-ve.docx").content))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    task_row = next(row for row in rows if "Phát sóng đề tài" in row)
    assert f"{task_case['percent']}%" in task_row and task_case["status"] in task_row


def test_the_admin_task_list_and_the_officers_start_page(client, task_case):
    client.force_login(coordinator_user())
    html = client.get(reverse("admin:campaigns_task_changelist")).content.decode()
    assert f"{task_case['achieved']}/550 đề tài ({task_case['percent']}%)" in html
    client.force_login(data_entry_user(task_case["agency"]))
    html = client.get(reverse("admin:index")).content.decode()
    assert f"{task_case['achieved']}/550 đề tài ({task_case['percent']}%)" in html
