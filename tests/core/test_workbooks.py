"""Every Excel file the portal writes prints as a reader expects and says whose it is (issue 26, items 7-9):
core.workbooks gives each sheet its print setup and each file its properties; a text that looks like a
formula is a text cell with the quote-prefix style, never shown with an apostrophe."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from core.files import append_row, set_text
from core.workbooks import print_scale, print_setup, workbook_bytes

HOSTILE = ['=HYPERLINK("http://evil.example","Bấm vào")', "-2 kỳ bị lùi lịch", "@SUM(A1)", "+84 290 3831 234",
           "\t=1+1"]


def reopened(workbook):
    return load_workbook(io.BytesIO(workbook_bytes(workbook)))


@pytest.mark.django_db
def test_formula_like_text_is_a_quote_prefixed_text_cell_without_an_apostrophe():
    workbook = Workbook()
    append_row(workbook.active, [*HOSTILE, "#N/A", 7])
    set_text(workbook.active.cell(2, 1), HOSTILE[0])
    sheet = reopened(workbook).active
    for column, value in enumerate(HOSTILE, 1):
        cell = sheet.cell(1, column)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (value, "s", True)
    assert (sheet["F1"].value, sheet["F1"].data_type) == ("#N/A", "s")  # a text, not Excel's error value
    assert (sheet["G1"].value, sheet["G1"].data_type, sheet["G1"].quotePrefix) == (7, "n", False)
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["A2"].quotePrefix) == (HOSTILE[0], "s", True)


@pytest.mark.django_db
def test_a_write_only_sheet_gets_the_same_guard():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh mục")
    append_row(sheet, [HOSTILE[0], WriteOnlyCell(sheet, value=HOSTILE[1])])
    cells = reopened(workbook).active[1]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [(HOSTILE[0], "s", True),
                                                                      (HOSTILE[1], "s", True)]


def wide_sheet(widths):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"Cột {i}" for i in range(1, len(widths) + 1)])
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[chr(64 + i)].width = width
    return workbook, sheet


@pytest.mark.django_db
def test_a_wide_sheet_prints_a4_landscape_one_page_wide_with_its_header_repeated():
    workbook, sheet = wide_sheet([26] * 9)
    print_setup(sheet)
    sheet = reopened(workbook).active
    setup = sheet.page_setup
    assert (int(setup.paperSize), setup.orientation) == (9, "landscape")
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"
    assert sheet.oddFooter.center.text == "Trang &P/&N"
    assert sheet.print_options.gridLines  # the cells told apart on paper
    # 9 columns of 26 (187 px each: 1,683 px) on 297 mm less 2 × 0,4 inch (1,046 px): printed at 62 %.
    assert print_scale(sheet) == pytest.approx(0.621, abs=0.002)


@pytest.mark.django_db
def test_a_narrow_sheet_prints_portrait_at_full_size():
    workbook, sheet = wide_sheet([30, 12, 12])
    print_setup(sheet)
    sheet = reopened(workbook).active
    assert sheet.page_setup.orientation == "portrait"
    assert print_scale(sheet) == 1


@pytest.mark.django_db
def test_every_sheet_without_a_setup_of_its_own_gets_the_default_one_when_saved():
    workbook, _sheet = wide_sheet([20] * 9)
    workbook.create_sheet("Danh mục").append(["Loại"])
    for sheet in reopened(workbook).worksheets:
        assert int(sheet.page_setup.paperSize) == 9, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title


@pytest.mark.django_db
def test_the_file_names_the_portal_as_its_company(settings):
    from core.models import PortalIdentity

    PortalIdentity.objects.create(site_name="Cổng thông tin tuyên truyền CCHC tỉnh Thử Nghiệm",
                                  short_name="CCHC Thử Nghiệm", operator_name="Sở Nội vụ tỉnh Thử Nghiệm")
    from core.identity import describe_workbook, forget

    forget()
    data = workbook_bytes(describe_workbook(Workbook(), title="Kết quả thực hiện"))
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode()
    assert "<Company>Sở Nội vụ tỉnh Thử Nghiệm</Company>" in app
    properties = load_workbook(io.BytesIO(data)).properties
    assert (properties.creator, properties.title, properties.language) == (
        "Sở Nội vụ tỉnh Thử Nghiệm", "Kết quả thực hiện", "vi-VN")
