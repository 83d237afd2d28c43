"""Every Excel and Word file the portal writes, read as a reader's program reads it (issue 26, items 7-9):
it prints on A4 one page wide at a readable scale with its header row repeated, and says whose it is
(author, company, title, language). The files are made from the demo data by the functions the admin and
the public pages call."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from docx import Document
from openpyxl import Workbook, load_workbook

from accounts import spreadsheets as staff_files
from agencies import spreadsheets as agency_files
from campaigns import evidence
from campaigns import spreadsheets as activity_files
from campaigns.cycle import period_dates
from campaigns.models import Activity, PeriodKind, ReportingPeriod
from core.workbooks import company_name, print_scale
from reports.exports import figures_xlsx
from reports.models import Report
from reports.word_documents import report_docx

REPORT_SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"


def xlsx(headers, rows):
    workbook = Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def every_excel_file():
    user = get_user_model().objects.get(username="dieuphoi")
    officer = get_user_model().objects.get(username="dai_ptth")
    activities = Activity.objects.select_related("plan", "task", "agency", "channel").order_by("date", "pk")
    bad_activities = xlsx(activity_files.HEADERS, [
        [None, "15/KH-UBND", "", "Báo Cà Mau", "Phát thanh – truyền hình", "19/03/2091", "-2 kỳ bị lùi lịch", 2]])
    bad_staff = xlsx(staff_files.HEADERS, [["@Trần Văn Bình", "khong-phai-email", "SNV", "Cán bộ nhập liệu", ""]])
    bad_agencies = xlsx(agency_files.HEADERS, [["1", "=UBND xã thử", "", "Không có loại này", "", "", "", "", ""]])
    start, end, due = period_dates(PeriodKind.Q1, 2019)
    period = ReportingPeriod.objects.create(kind=PeriodKind.Q1, year=2019, start=start, end=end, due_date=due)
    pack = io.BytesIO()
    evidence.build_pack(period, pack)
    report = Report.objects.get(slug=REPORT_SLUG)
    return {
        "activity export": activity_files.activities_xlsx(activities),
        "activity template": activity_files.template_workbook(officer),
        "activity problems": activity_files.problems_workbook(
            activity_files.read_activities(bad_activities, officer), officer),
        "staff template": staff_files.template_workbook(user),
        "staff problems": staff_files.problems_workbook(staff_files.read_staff(bad_staff, user), user),
        "agency template": agency_files.template_workbook(user),
        "agency problems": agency_files.problems_workbook(agency_files.read_agencies(bad_agencies, user), user),
        "report figures": figures_xlsx(report, report.current_figures()),
        "evidence index": zipfile.ZipFile(pack).read(evidence.INDEX_NAME),
    }


@pytest.fixture
def excel_files(demo):
    return every_excel_file()


def company(data):
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    return app.split("<Company>")[1].split("</Company>")[0] if "<Company>" in app else None


def test_every_excel_file_prints_one_page_wide_at_a_readable_scale(excel_files):
    for name, data in excel_files.items():
        workbook = load_workbook(io.BytesIO(data))
        for sheet in workbook.worksheets:
            where = f"{name} › {sheet.title}"
            setup = sheet.page_setup
            assert int(setup.paperSize) == 9, where
            assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), where
            assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
            assert sheet.oddFooter.center.text == "Trang &P/&N", where
            if sheet.max_column > 6:
                assert setup.orientation == "landscape", where
            # 11 pt text printed at no less than ~6.7 pt (the activity export was printed at 48 % on 11 pages).
            assert print_scale(sheet) >= 0.6, (where, print_scale(sheet))
            assert all(cell.font.sz is None or cell.font.sz >= 10 for row in sheet.iter_rows() for cell in row
                       if cell.value is not None), where
            if sheet.title != "Thông tin":  # the report's cover sheet has no header row
                assert sheet.print_title_rows in ("$1:$1", "$2:$2"), where
                assert sheet.freeze_panes in ("A2", "A3"), where


def test_every_excel_file_says_whose_it_is(excel_files):
    owner = company_name()
    assert owner and owner != "openpyxl"
    for name, data in excel_files.items():
        properties = load_workbook(io.BytesIO(data)).properties
        assert (properties.creator, properties.language) == (owner, "vi-VN"), name
        assert properties.title, name
        assert company(data) == owner, name


def test_the_exact_print_scales_of_the_widest_files(excel_files):
    """Measured on the widths (core.workbooks.print_scale): A4 landscape, 0,4-inch side margins."""
    scales = {name: round(print_scale(load_workbook(io.BytesIO(excel_files[name])).active), 2)
              for name in ("activity export", "activity template", "activity problems", "evidence index")}
    assert scales == {"activity export": 0.74, "activity template": 0.74, "activity problems": 0.62,
                      "evidence index": 0.89}


def test_the_word_report_says_whose_it_is(demo):
    report = Report.objects.get(slug=REPORT_SLUG)
    data = report_docx(report)
    properties = Document(io.BytesIO(data)).core_properties
    # Its author is the agency that issues it; the company, the portal's operator, as in the Excel files.
    assert (properties.author, properties.title, properties.language) == (
        report.issuing_agency.name, report.title, "vi-VN")
    assert properties.last_modified_by == company_name()
    assert company(data) == company_name()
