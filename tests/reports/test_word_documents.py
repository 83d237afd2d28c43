"""The report as a Word document a leader could sign (Excel and CSV: test_exports.py)."""

import copy
import datetime as dt
import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from agencies.models import Agency
from campaigns.models import Activity
from reports.admin import ReportAdmin
from reports.models import Report
from reports.report_publishing import report_unpublish
from reports.word_documents import place_and_date, report_docx

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


class TestDocumentsOnTheDemo:
    def test_heading_block_follows_decree_30(self, published_docx):
        left, right = published_docx.tables[0].rows[0].cells
        assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU", "Số: 45/BC-UBND"]
        # "Ủy ban nhân dân tỉnh Cà Mau" is the issuing body's whole name (no parent body above it), on two lines:
        # bold capitals, both lines.
        for issuer in (left.paragraphs[0].runs[0], left.paragraphs[1].runs[0]):
            assert issuer.bold and issuer.font.size.pt == 13
        assert [p.text for p in right.paragraphs if p.text] == [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Cà Mau, ngày 05 tháng 01 năm 2020"]
        assert right.paragraphs[-1].runs[0].italic
        texts = [p.text for p in published_docx.paragraphs]
        title = texts.index("BÁO CÁO")
        # The summary (trích yếu) without the full stop the report's field has.
        assert texts[title + 1] == "Kết quả thực hiện Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2019"
        assert "DỰ THẢO" not in document_text(published_docx)

    def test_figures_table_has_units_and_the_completion_rate(self, published_docx):
        channels = {row[1]: row for row in table_rows(published_docx.tables[1])[1:]}
        assert channels["Phát thanh – truyền hình"][2:4] == ["574", "đề tài"]
        assert channels["Tọa đàm, hội thảo"][2:4] == ["10", "buổi"]
        assert channels["Báo chí (báo in, báo ảnh)"][2:4] == ["40", "kỳ"]
        assert channels["Tờ rơi, tờ gấp, tài liệu hướng dẫn"][2] == "2.000"  # Vietnamese thousands separator
        assert "Lũy kế đến ngày 31/12/2019, hoàn thành 8/8 nhiệm vụ, đạt tỷ lệ 100%." in document_text(published_docx)
        assert "Số liệu tính đến ngày 05/01/2020." in document_text(published_docx)
        tasks = table_rows(published_docx.tables[2])
        # "Chủ trì" as on the report page (issue 26)
        assert tasks[0] == ["STT", "Nhiệm vụ", "Chủ trì", "Chỉ tiêu", "Trong kỳ", "Lũy kế đến 31/12/2019",
                            "Tỷ lệ hoàn thành", "Trạng thái"]
        assert tasks[1][2:7] == ["Đài PT-TH Cà Mau", "550 đề tài", "574 đề tài", "574 đề tài",
                                 "100%"]

    def test_signature_block_and_recipients(self, published_docx):
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

    def test_a4_margins_font_and_page_numbers_from_page_two(self, published_docx):
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

    def test_published_figures_do_not_change_in_the_document(self, client, demo):
        first = Activity.objects.filter(channel__code="phat-thanh-truyen-hinh").first()
        Activity.objects.create(plan=first.plan, task=first.task, agency=first.agency, channel=first.channel,
                                date=dt.date(2019, 12, 30), title="Bổ sung sau khi công khai", quantity=100)
        document = Document(io.BytesIO(client.get(PUBLIC_DOCX).content))
        channels = {row[1]: row for row in table_rows(document.tables[1])[1:]}
        assert channels["Phát thanh – truyền hình"][2] == "574"

    def test_a_draft_is_marked_and_only_staff_can_download_it(self, client, demo):
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

    def test_data_entry_staff_without_report_permission_cannot_download_from_the_admin(self, client, demo):
        report = Report.objects.get(slug=SLUG)
        client.force_login(get_user_model().objects.get(username="dai_ptth"))
        response = client.get(reverse("admin:reports_report_download", args=[report.pk, "docx"]))
        assert response.status_code in (302, 403)

    def test_public_report_page_links_its_downloads(self, client, demo):
        html = client.get(reverse("reports:report_detail", kwargs={"slug": SLUG})).content.decode()
        for fmt in ("docx", "xlsx", "csv"):
            assert reverse("reports:report_download", kwargs={"slug": SLUG, "fmt": fmt}) in html

    def test_quarter_report_word_task_table_has_the_quarter_and_the_total_to_its_end(self, client, q2_report):
        document = Document(io.BytesIO(download(client, q2_report, "docx")))
        tasks = table_rows(document.tables[2])
        assert tasks[0] == ["STT", "Nhiệm vụ", "Chủ trì", "Chỉ tiêu", "Trong kỳ", "Lũy kế đến 30/06/2019",
                            "Tỷ lệ hoàn thành", "Trạng thái"]
        assert tasks[1][3:8] == ["550 đề tài", "144 đề tài", "285 đề tài", "51%", "Đang thực hiện"]
        assert document.tables[2].rows[1].cells[5].text == "285\u00a0đề\u00a0tài"
        assert tasks[5][3:8] == ["—", "—", "—", "100%", "Hoàn thành"]  # qualitative: status typed by staff
        assert "Lũy kế đến ngày 30/06/2019, hoàn thành 4/8 nhiệm vụ, đạt tỷ lệ 50%." in document_text(document)

    def test_rules_under_the_agency_the_motto_and_the_summary_have_the_decrees_lengths(self, published_docx):
        heading = published_docx.tables[0]
        left, right = heading.rows[0].cells
        assert (round(left.width.mm), round(right.width.mm)) == (65, 100)
        assert 'w:left w:w="0"' in heading._tbl.tblPr.xml  # no cell padding: the widths are the text's
        # Widths of the lines in Times New Roman bold (the font's metrics; Liberation Serif has the same):
        # "ỦY BAN NHÂN DÂN" 13 pt 41.4 mm, "Độc lập - Tự do - Hạnh phúc" 13 pt 53.1 mm; the summary wraps, so
        # its line is the text width, 165 mm.
        (agency_rule,) = rules(left.paragraphs)
        assert 41.4 / 3 <= rule_mm(agency_rule, 65) <= 41.4 / 2
        (motto_rule,) = rules(right.paragraphs)
        assert 52 <= rule_mm(motto_rule, 100) <= 55.5  # as long as the motto (it was 44 mm)
        (summary_rule,) = rules(published_docx.paragraphs)
        assert 165 / 3 <= rule_mm(summary_rule, 165) <= 165 / 2  # ⅓–½ (it was 28 %)

    def test_a_short_summary_gets_a_rule_a_third_to_a_half_of_its_own_length(self, client, q2_report):
        document = Document(io.BytesIO(download(client, q2_report, "docx")))
        texts = [p.text for p in document.paragraphs]
        assert texts[texts.index("BÁO CÁO") + 1] == "Kết quả quý II năm 2019"  # 51.8 mm in 14 pt bold
        (summary_rule,) = rules(document.paragraphs)
        assert 51.8 / 3 <= rule_mm(summary_rule, 165) <= 51.8 / 2

    def test_a_departments_letterhead_has_its_parent_plain_and_its_own_name_bold(self, client, demo):
        report = Report.objects.get(slug=SLUG)
        report.issuing_agency = Agency.objects.get(name="Sở Nội vụ tỉnh Cà Mau")
        report.letterhead = ""
        report.save()
        document = Document(io.BytesIO(client.get(PUBLIC_DOCX).content))
        left = document.tables[0].rows[0].cells[0]
        parent, issuer = left.paragraphs[0].runs[0], left.paragraphs[1].runs[0]
        assert (parent.text, issuer.text) == ("UBND TỈNH CÀ MAU", "SỞ NỘI VỤ TỈNH CÀ MAU")
        assert not parent.bold and issuer.bold

    def test_an_empty_letterhead_of_a_peoples_committee_is_its_full_name_in_bold(self, client, demo):
        report = Report.objects.get(slug=SLUG)
        report.letterhead = ""
        report.save()
        left = Document(io.BytesIO(client.get(PUBLIC_DOCX).content)).tables[0].rows[0].cells[0]
        assert [(p.runs[0].text, p.runs[0].bold) for p in left.paragraphs[:2]] == [
            ("ỦY BAN NHÂN DÂN", True), ("TỈNH CÀ MAU", True)]

    def test_table_headers_repeat_on_each_page_rows_never_split_and_cells_have_vertical_padding(self, published_docx):
        for table in published_docx.tables[1:3]:
            rows = [row._tr for row in table.rows]
            assert rows[0].trPr.find(qn("w:tblHeader")) is not None
            assert all(tr.trPr.find(qn("w:tblHeader")) is None for tr in rows[1:])
            assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
            margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
            assert [int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("top", "bottom")] == [57, 57]

    def test_channel_table_has_the_prizes_column_where_a_contest_gave_prizes(self, client, demo, published_docx):
        rows = table_rows(published_docx.tables[1])
        assert rows[0][-2:] == ["Lượt người tham dự", "Số giải"]
        contest = next(row for row in rows if row[1] == "Hội thi, cuộc thi")
        assert contest[-2:] == ["51", "7"]
        assert next(row for row in rows if row[1] == "Phát thanh – truyền hình")[-1] == "—"

        report = Report.objects.get(slug=SLUG)
        figures = copy.deepcopy(report.figures)
        for row in figures["channels"]:
            row["awards"] = 0
        without = Document(io.BytesIO(report_docx(report, figures=figures)))
        assert "Số giải" not in table_rows(without.tables[1])[0]

    def test_headings_keep_with_the_paragraph_or_table_they_introduce(self, published_docx):
        """A heading is never left alone at the foot of a page (issue 26): the narrative's headings, the figures'
        headings and the sentence or note that leads into a table."""
        paragraphs = {p.text: p for p in published_docx.paragraphs if p.text}
        for text in ("SỐ LIỆU KẾT QUẢ THỰC HIỆN", "1. Kết quả theo hình thức tuyên truyền",
                     "2. Tỷ lệ hoàn thành nhiệm vụ theo kế hoạch", "Số liệu tính đến ngày 05/01/2020.",
                     "Lũy kế đến ngày 31/12/2019, hoàn thành 8/8 nhiệm vụ, đạt tỷ lệ 100%."):
            assert paragraphs[text].paragraph_format.keep_with_next, text
        narrative = [p for p in published_docx.paragraphs if p.text.startswith(("I. ", "II. ", "III. "))]
        assert len(narrative) >= 2
        assert all(p.paragraph_format.keep_with_next for p in narrative)
        body = next(p for p in published_docx.paragraphs if len(p.text) > 200)
        assert not body.paragraph_format.keep_with_next

    def test_language_dates_author_and_no_compatibility_mode(self, published_docx):
        properties = published_docx.core_properties
        assert properties.language == "vi-VN"
        defaults = published_docx.styles.element.find(qn("w:docDefaults"))
        lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("vi-VN", "vi-VN")
        now = timezone.now()
        for stamp in (properties.created, properties.modified):
            assert abs((stamp.replace(tzinfo=dt.UTC) - now).total_seconds()) < 120  # not python-docx's 2013
        assert properties.author == "UBND tỉnh Cà Mau"  # the issuing agency
        assert properties.last_modified_by == "Ủy ban nhân dân tỉnh Cà Mau"  # the portal's operator (issue 26)
        assert properties.comments == ""  # not "generated by python-docx"
        assert properties.subject == "Kết quả thực hiện Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2019"
        modes = [s.get(qn("w:val")) for s in published_docx.settings.element.iter(qn("w:compatSetting"))
                 if s.get(qn("w:name")) == "compatibilityMode"]
        assert modes == ["15"]

    def test_the_signers_name_is_written_and_a_draft_without_one_says_so(self, client, demo):
        report = Report.objects.get(slug=SLUG)
        report.signer_name = "Lâm Văn Bi"
        report.save()
        right = Document(io.BytesIO(client.get(PUBLIC_DOCX).content)).tables[-1].rows[0].cells[1]
        name = right.paragraphs[-1].runs[0]
        assert name.text == "Lâm Văn Bi" and name.bold

        report.signer_name = ""
        report.save()
        report_unpublish(report=report, user=None)
        report.refresh_from_db()
        right = Document(io.BytesIO(report_docx(report))).tables[-1].rows[0].cells[1]
        assert right.paragraphs[-1].text == "(Chưa nhập họ và tên người ký)"

    def test_the_admin_warns_of_an_empty_signer_name_on_save_and_on_publishing(self, client, demo):
        report = Report.objects.get(slug=SLUG)
        report_unpublish(report=report, user=None)
        Report.objects.filter(pk=report.pk).update(signer_name="")  # the demo's is filled in
        client.force_login(get_user_model().objects.get(username="dieuphoi"))
        confirmation = reverse("admin:reports_report_publish", args=[report.pk])
        response = client.post(confirmation, {}, follow=True)
        texts = admin_messages(response) or [m.message for m in response.context["messages"]]
        assert "Đã công khai báo cáo; số liệu đã được chốt." in texts
        assert ("Báo cáo “45/BC-UBND” chưa có họ và tên người ký: văn bản Word sẽ để trống chỗ ký tên. "
                "Hãy điền ở mục “Văn bản Word”, ô “Người ký”.") in texts

        request = RequestFactory().post("/")
        request.user = get_user_model().objects.get(username="dieuphoi")
        request.session = {}
        request._messages = FallbackStorage(request)
        report.refresh_from_db()
        ReportAdmin(Report, admin.site).save_model(request, report, form=None, change=True)
        assert any("chưa có họ và tên người ký" in str(m) for m in request._messages)
        report.signer_name = "Lâm Văn Bi"
        request._messages = FallbackStorage(request)
        ReportAdmin(Report, admin.site).save_model(request, report, form=None, change=True)
        assert not list(request._messages)


@pytest.mark.parametrize(("date", "expected"), [
    (dt.date(2020, 1, 5), "Cà Mau, ngày 05 tháng 01 năm 2020"),
    (dt.date(2026, 2, 28), "Cà Mau, ngày 28 tháng 02 năm 2026"),
    (dt.date(2026, 3, 9), "Cà Mau, ngày 09 tháng 3 năm 2026"),
    (dt.date(2026, 11, 28), "Cà Mau, ngày 28 tháng 11 năm 2026"),
])
def test_place_and_date_line(date, expected):
    assert place_and_date("Cà Mau", date) == expected


def download(client, report, fmt):
    response = client.get(reverse("reports:report_download", kwargs={"slug": report.slug, "fmt": fmt}))
    assert response.status_code == 200
    return response.content


# --- the decree's finer points, read back from the file ---------------------------------------------

def rule_mm(paragraph, container_mm):
    """The length of a short rule: its container's width less the paragraph's indents."""
    fmt = paragraph.paragraph_format
    assert "w:pBdr" in paragraph._p.xml
    return container_mm - fmt.left_indent.mm - fmt.right_indent.mm


def rules(paragraphs):
    return [p for p in paragraphs if "<w:bottom " in p._p.xml and not p.text]


def admin_messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]
