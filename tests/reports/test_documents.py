"""The report as a Word document a leader could sign, and the figures as Excel and CSV."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from campaigns.models import Activity
from reports.documents import place_and_date
from reports.models import Report
from reports.publishing import report_unpublish

SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"
PUBLIC_DOCX = reverse("reports:report_download", kwargs={"slug": SLUG, "fmt": "docx"})


def document_text(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def table_rows(table):
    """Cell texts, non-breaking spaces (which keep "285 đề tài" on one line) read as spaces."""
    return [[cell.text.replace("\u00a0", " ") for cell in row.cells] for row in table.rows]


@pytest.fixture
def published_docx(client, demo):
    response = client.get(PUBLIC_DOCX)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert response["Content-Disposition"].startswith('attachment; filename="45-bc-ubnd-')
    return Document(io.BytesIO(response.content))


def test_heading_block_follows_decree_30(published_docx):
    left, right = published_docx.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU", "Số: 45/BC-UBND"]
    issuer = left.paragraphs[1].runs[0]
    assert issuer.bold and issuer.font.size.pt == 13
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Cà Mau, ngày 05 tháng 01 năm 2020"]
    assert right.paragraphs[-1].runs[0].italic
    texts = [p.text for p in published_docx.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "Kết quả thực hiện Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2019."
    assert "DỰ THẢO" not in document_text(published_docx)


def test_figures_table_has_units_and_the_completion_rate(published_docx):
    channels = {row[1]: row for row in table_rows(published_docx.tables[1])[1:]}
    assert channels["Phát thanh – truyền hình"][2:4] == ["574", "đề tài"]
    assert channels["Tọa đàm, hội thảo"][2:4] == ["10", "buổi"]
    assert channels["Báo chí (báo in, báo ảnh)"][2:4] == ["40", "kỳ"]
    assert channels["Tờ rơi, tờ gấp, tài liệu hướng dẫn"][2] == "2.000"  # Vietnamese thousands separator
    assert "Lũy kế đến ngày 31/12/2019, hoàn thành 8/8 nhiệm vụ, đạt tỷ lệ 100%." in document_text(published_docx)
    assert "Số liệu tính đến ngày 05/01/2020." in document_text(published_docx)
    tasks = table_rows(published_docx.tables[2])
    assert tasks[0] == ["STT", "Nhiệm vụ", "Chỉ tiêu", "Trong kỳ", "Lũy kế đến 31/12/2019", "Tỷ lệ hoàn thành",
                        "Trạng thái"]
    assert tasks[1][2:6] == ["550 đề tài", "574 đề tài", "574 đề tài", "100%"]


def test_signature_block_and_recipients(published_docx):
    left, right = published_docx.tables[-1].rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert left.paragraphs[0].runs[0].bold and left.paragraphs[0].runs[0].italic
    assert left.paragraphs[0].runs[0].font.size.pt == 12
    recipients = [p.text for p in left.paragraphs[1:]]
    assert recipients[0] == "- Văn phòng Chính phủ (b/c);"
    assert recipients[-1] == "- Lưu: VT, NC."
    assert all(p.runs[0].font.size.pt == 11 for p in left.paragraphs[1:])
    assert [p.text for p in right.paragraphs if p.text.strip()][:3] == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_a4_margins_font_and_page_numbers_from_page_two(published_docx):
    section = published_docx.sections[0]
    def mm(length):
        return round(length.mm, 1)  # Word stores twentieths of a point

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (20, 20)
    assert (mm(section.left_margin), mm(section.right_margin)) == (30, 15)
    assert published_docx.styles["Normal"].font.name == "Times New Roman"
    fonts = {run.font.name for p in published_docx.paragraphs for run in p.runs}
    for table in published_docx.tables:
        fonts |= {run.font.name for row in table.rows for cell in row.cells for p in cell.paragraphs
                  for run in p.runs}
    assert fonts <= {"Times New Roman", None}  # None inherits Normal
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_published_figures_do_not_change_in_the_document(client, demo):
    first = Activity.objects.filter(channel__code="phat-thanh-truyen-hinh").first()
    Activity.objects.create(plan=first.plan, task=first.task, agency=first.agency, channel=first.channel,
                            date=dt.date(2019, 12, 30), title="Bổ sung sau khi công khai", quantity=100)
    document = Document(io.BytesIO(client.get(PUBLIC_DOCX).content))
    channels = {row[1]: row for row in table_rows(document.tables[1])[1:]}
    assert channels["Phát thanh – truyền hình"][2] == "574"


def test_a_draft_is_marked_and_only_staff_can_download_it(client, demo):
    report = Report.objects.get(slug=SLUG)
    report_unpublish(report=report, user=None)
    assert client.get(PUBLIC_DOCX).status_code == 404

    client.force_login(get_user_model().objects.get(username="dieuphoi"))
    response = client.get(reverse("admin:reports_report_download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert 'filename="du-thao-' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "DỰ THẢO"
    assert "Số liệu tạm tính" in document_text(document)


def test_data_entry_staff_without_report_permission_cannot_download_from_the_admin(client, demo):
    report = Report.objects.get(slug=SLUG)
    client.force_login(get_user_model().objects.get(username="dai_ptth"))
    response = client.get(reverse("admin:reports_report_download", args=[report.pk, "docx"]))
    assert response.status_code in (302, 403)


@pytest.mark.parametrize(("date", "expected"), [
    (dt.date(2020, 1, 5), "Cà Mau, ngày 05 tháng 01 năm 2020"),
    (dt.date(2026, 2, 28), "Cà Mau, ngày 28 tháng 02 năm 2026"),
    (dt.date(2026, 3, 9), "Cà Mau, ngày 09 tháng 3 năm 2026"),
    (dt.date(2026, 11, 28), "Cà Mau, ngày 28 tháng 11 năm 2026"),
])
def test_place_and_date_line(date, expected):
    assert place_and_date("Cà Mau", date) == expected


def test_figures_as_excel_with_vietnamese_headers_and_units(client, demo):
    response = client.get(reverse("reports:report_download", kwargs={"slug": SLUG, "fmt": "xlsx"}))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Thông tin", "Theo hình thức", "Nhiệm vụ", "Theo cơ quan"]
    rows = list(workbook["Theo hình thức"].iter_rows(values_only=True))
    assert rows[0] == ("Hình thức tuyên truyền", "Kết quả", "Đơn vị tính", "Số hoạt động", "Lượt người tham dự",
                       "Số giải")
    by_channel = {row[0]: row for row in rows[1:]}
    assert by_channel["Phát thanh – truyền hình"][1:3] == (574, "đề tài")
    assert by_channel["Báo chí (báo in, báo ảnh)"][1:3] == (40, "kỳ")
    assert by_channel["Hội thi, cuộc thi"][4:6] == (51, 7)
    info = dict(workbook["Thông tin"].iter_rows(values_only=True))
    assert info["Số, ký hiệu"] == "45/BC-UBND"
    assert info["Tỷ lệ hoàn thành nhiệm vụ (%)"] == 100


def test_figures_as_csv_open_in_excel_with_vietnamese(client, demo):
    response = client.get(reverse("reports:report_download", kwargs={"slug": SLUG, "fmt": "csv"}))
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Hình thức tuyên truyền", "Kết quả", "Đơn vị tính"]
    assert ["Tọa đàm, hội thảo", "10", "buổi"] in [row[:3] for row in rows]


def test_public_report_page_links_its_downloads(client, demo):
    html = client.get(reverse("reports:report_detail", kwargs={"slug": SLUG})).content.decode()
    for fmt in ("docx", "xlsx", "csv"):
        assert reverse("reports:report_download", kwargs={"slug": SLUG, "fmt": fmt}) in html


def download(client, report, fmt):
    response = client.get(reverse("reports:report_download", kwargs={"slug": report.slug, "fmt": fmt}))
    assert response.status_code == 200
    return response.content


def test_quarter_report_word_task_table_has_the_quarter_and_the_total_to_its_end(client, q2_report):
    document = Document(io.BytesIO(download(client, q2_report, "docx")))
    tasks = table_rows(document.tables[2])
    assert tasks[0] == ["STT", "Nhiệm vụ", "Chỉ tiêu", "Trong kỳ", "Lũy kế đến 30/06/2019", "Tỷ lệ hoàn thành",
                        "Trạng thái"]
    assert tasks[1][2:7] == ["550 đề tài", "144 đề tài", "285 đề tài", "52%", "Đang thực hiện"]
    assert document.tables[2].rows[1].cells[4].text == "285\u00a0đề\u00a0tài"
    assert tasks[5][2:7] == ["—", "—", "—", "100%", "Hoàn thành"]  # qualitative: status typed by staff
    assert "Lũy kế đến ngày 30/06/2019, hoàn thành 4/8 nhiệm vụ, đạt tỷ lệ 50%." in document_text(document)


def test_quarter_report_excel_task_sheet_has_the_quarter_and_the_total_to_its_end(client, q2_report):
    workbook = load_workbook(io.BytesIO(download(client, q2_report, "xlsx")))
    rows = list(workbook["Nhiệm vụ"].iter_rows(values_only=True))
    assert rows[0] == ("Nhiệm vụ", "Cơ quan chủ trì", "Chỉ tiêu", "Trong kỳ", "Lũy kế đến 30/06/2019",
                       "Đơn vị tính", "Tỷ lệ hoàn thành (%)", "Trạng thái", "Thời hạn")
    assert rows[1][1:] == ("Đài PT-TH Cà Mau", 550, 144, 285, "đề tài", 52, "Đang thực hiện", "31/12/2019")
    info = dict(workbook["Thông tin"].iter_rows(values_only=True))
    assert info["Kỳ báo cáo"] == "Quý, từ 01/04/2019 đến 30/06/2019"
    assert info["Tỷ lệ hoàn thành nhiệm vụ (%)"] == 50
