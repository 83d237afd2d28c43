"""The report's figures as Excel and CSV, read back as a spreadsheet program reads them: real dates and
numbers with their formats, Việt Nam's time, print settings."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.workbooks import print_scale
from reports.exports import figures_xlsx
from reports.models import Report
from reports.report_publishing import report_unpublish

SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"
SHEETS = ["Thông tin", "Theo hình thức", "Nhiệm vụ", "Theo tháng", "Theo cơ quan", "Theo đơn vị hiện nay"]


def download(client, slug, fmt):
    response = client.get(reverse("reports:report_download", kwargs={"slug": slug, "fmt": fmt}))
    assert response.status_code == 200
    return response.content


@pytest.fixture
def workbook(client, demo):
    return load_workbook(io.BytesIO(download(client, SLUG, "xlsx")))


def info(workbook):
    return {row[0].value: row[1] for row in workbook["Thông tin"].iter_rows()}


class TestExportsOnTheDemo:
    def test_figures_as_excel_with_vietnamese_headers_and_units(self, workbook):
        assert workbook.sheetnames == SHEETS
        rows = list(workbook["Theo hình thức"].iter_rows(values_only=True))
        assert rows[0] == ("Hình thức tuyên truyền", "Kết quả", "Đơn vị tính", "Số hoạt động", "Lượt người tham dự",
                           "Số giải")
        by_channel = {row[0]: row for row in rows[1:]}
        assert by_channel["Phát thanh – truyền hình"][1:3] == (574, "đề tài")
        assert by_channel["Báo chí (báo in, báo ảnh)"][1:3] == (40, "kỳ")
        assert by_channel["Hội thi, cuộc thi"][4:6] == (51, 7)
        assert info(workbook)["Số, ký hiệu"].value == "45/BC-UBND"

    def test_figures_as_of_is_vietnam_time_and_dates_are_dates(self, workbook):
        fields = info(workbook)
        # Frozen at 2020-01-05 01:00 UTC: 08:00 in Cà Mau (the file said 01:00).
        assert fields["Số liệu tính đến"].value == dt.datetime(2020, 1, 5, 8, 0)
        assert fields["Số liệu tính đến"].number_format == "dd/mm/yyyy hh:mm"
        assert fields["Ngày báo cáo"].value == dt.datetime(2020, 1, 5)  # a date cell, not the text "05/01/2020"
        assert fields["Ngày báo cáo"].number_format == "dd/mm/yyyy"
        tasks = workbook["Nhiệm vụ"]
        assert tasks["I1"].value == "Thời hạn"
        assert [tasks.cell(line, 9).value for line in (2, 5)] == [dt.datetime(2019, 12, 31), dt.datetime(2019, 11, 30)]
        assert {tasks.cell(line, 9).number_format for line in range(2, tasks.max_row + 1)} == {"dd/mm/yyyy"}

    def test_numbers_carry_the_thousands_separator_and_the_rate_is_a_percentage(self, workbook):
        channels = workbook["Theo hình thức"]
        leaflets = next(row for row in channels.iter_rows(min_row=2) if row[0].value.startswith("Tờ rơi"))
        assert (leaflets[1].value, leaflets[1].number_format) == (2000, "#,##0")  # shown 2.000 in Vietnamese
        assert {row[1].number_format for row in channels.iter_rows(min_row=2)} == {"#,##0"}
        rate = info(workbook)["Tỷ lệ hoàn thành nhiệm vụ"]
        assert (rate.value, rate.number_format) == (1, "0%")  # 100 %, not 100
        tasks = workbook["Nhiệm vụ"]
        assert tasks["G1"].value == "Tỷ lệ hoàn thành"
        assert {(tasks.cell(line, 7).value, tasks.cell(line, 7).number_format)
                for line in range(2, tasks.max_row + 1)} == {(1, "0%")}
        assert (tasks["C2"].value, tasks["C2"].number_format) == (550, "#,##0")

    def test_long_names_wrap_in_wide_columns_and_headers_have_a_named_font(self, workbook):
        tasks = workbook["Nhiệm vụ"]
        assert tasks.column_dimensions["A"].width >= 45
        first = tasks["A2"]
        assert first.value.startswith("Xây dựng, phát sóng chuyên mục")
        assert first.alignment.wrap_text
        assert tasks.row_dimensions[2].height >= 2 * 15  # tall enough for its two lines
        for name in SHEETS[1:]:
            header = workbook[name]["A1"]
            assert (header.font.name, header.font.b) == ("Times New Roman", True)
            assert workbook[name]["A2"].font.name == "Times New Roman"

    def test_every_sheet_prints_on_a4_one_page_wide_with_its_header_row_repeated(self, workbook):
        for name in SHEETS:
            sheet = workbook[name]
            setup = sheet.page_setup
            assert setup.paperSize == 9  # A4
            assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            # landscape where portrait would print it small (issue 26: core.workbooks.print_setup)
            assert setup.orientation == ("landscape" if name in ("Nhiệm vụ", "Theo đơn vị hiện nay") else "portrait")
            assert print_scale(sheet) >= 0.85, name
            if name != "Thông tin":
                assert sheet.print_title_rows == "$1:$1"
                assert sheet.freeze_panes == "A2"

    def test_a_monthly_sheet_as_the_report_page_has_it(self, workbook):
        rows = list(workbook["Theo tháng"].iter_rows(values_only=True))
        assert rows[0] == ("Tháng", "Số hoạt động", "Lượt người tham dự")
        assert [row[0] for row in rows[1:]] == [dt.datetime(2019, month, 1) for month in range(1, 13)]
        assert sum(row[1] for row in rows[1:]) == 49
        assert rows[1][1:] == (2, None)
        assert workbook["Theo tháng"]["A2"].number_format == "mm/yyyy"

    def test_a_drafts_excel_says_its_figures_are_provisional(self, demo):
        report = Report.objects.get(slug=SLUG)
        report_unpublish(report=report, user=None)
        report.refresh_from_db()
        workbook = load_workbook(io.BytesIO(figures_xlsx(report, report.current_figures())))
        assert info(workbook)["Số liệu tính đến"].value == "Dự thảo — số liệu tạm tính, chưa chốt"

    def test_quarter_report_excel_task_sheet_has_the_quarter_and_the_total_to_its_end(self, client, q2_report):
        workbook = load_workbook(io.BytesIO(download(client, q2_report.slug, "xlsx")))
        rows = list(workbook["Nhiệm vụ"].iter_rows(values_only=True))
        assert rows[0] == ("Nhiệm vụ", "Cơ quan chủ trì", "Chỉ tiêu", "Trong kỳ", "Lũy kế đến 30/06/2019",
                           "Đơn vị tính", "Tỷ lệ hoàn thành", "Trạng thái", "Thời hạn")
        assert rows[1][1:] == ("Đài PT-TH Cà Mau", 550, 144, 285, "đề tài", 0.51, "Đang thực hiện",
                               dt.datetime(2019, 12, 31))
        fields = info(workbook)
        assert fields["Kỳ báo cáo"].value == "Quý, từ 01/04/2019 đến 30/06/2019"
        assert fields["Tỷ lệ hoàn thành nhiệm vụ"].value == 0.5

    def test_figures_as_csv_in_utf8_with_a_bom(self, client, demo):
        content = download(client, SLUG, "csv")
        assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel and LibreOffice recognise the charset
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert rows[0][:3] == ["Hình thức tuyên truyền", "Kết quả", "Đơn vị tính"]
        assert ["Tọa đàm, hội thảo", "10", "buổi"] in [row[:3] for row in rows]

    def test_the_report_page_offers_excel_first_and_says_how_to_open_the_csv(self, client, demo):
        html = client.get(reverse("reports:report_detail", kwargs={"slug": SLUG})).content.decode()
        links = [html.index(reverse("reports:report_download", kwargs={"slug": SLUG, "fmt": fmt}))
                 for fmt in ("xlsx", "docx", "csv")]
        assert links == sorted(links)  # Excel first
        assert "Bộ ký tự “Unicode (UTF-8)”" in html
        assert "dấu phẩy" in html
