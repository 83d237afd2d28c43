"""A report as a Word document laid out as Nghị định 30/2020/NĐ-CP (Phụ lục I) requires: A4, the decree's
margins, Times New Roman, letterhead and national motto side by side, "Số: …", place and date, the title,
the narrative, the figures per channel and the completion rate, the signature block, "Nơi nhận", and
page numbers centred in the top margin from page 2. A draft is marked "DỰ THẢO"."""

import datetime as dt
import io
from html.parser import HTMLParser

from django.utils.text import slugify
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .figures import progress_columns, read_figures

FONT = "Times New Roman"
BODY_PT = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def vn_number(value):
    """1234567 -> "1.234.567" (Vietnamese thousands separator)."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}".replace(",", ".")


def place_and_date(place, date):
    """ "Cà Mau, ngày 05 tháng 01 năm 2020": a leading zero for days below 10 and for months 1 and 2."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {date.day:02d} tháng {month} năm {date.year}"


def letterhead_lines(report):
    lines = [line.strip() for line in report.letterhead.splitlines() if line.strip()]
    if lines:
        return lines
    agency = report.issuing_agency
    if agency.parent_id:
        return [agency.parent.name.upper(), agency.name.upper()]
    return [agency.name.upper()]


def document_filename(report):
    stem = slugify(f"{report.document_number} {report.slug}".replace("/", "-"))[:120] or "bao-cao"
    return f"{stem}.docx"


# --- low-level helpers -----------------------------------------------------------------------------

def _font(run, size=BODY_PT, bold=None, italic=None):
    run.font.name = FONT
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    return run


def _paragraph(container, text="", *, size=BODY_PT, bold=False, italic=False, align=None, space_after=0,
               space_before=0, indent_first=None):
    paragraph = container.add_paragraph()
    if text:
        _font(paragraph.add_run(text), size, bold, italic)
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.space_before = Pt(space_after), Pt(space_before)
    if align is not None:
        paragraph.alignment = align
    if indent_first is not None:
        fmt.first_line_indent = indent_first
    return paragraph


def _short_rule(paragraph, indent_cm):
    """A short horizontal rule under a heading block: a bottom border on an indented empty paragraph."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(indent_cm)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(4)  # the rule sits right under the text above it
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    return paragraph


def _boxed(paragraph):
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
            edge.set(qn(key), value)
        borders.append(edge)
    p_pr.append(borders)


def _page_number_field(paragraph):
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _clear(cell):
    """An empty cell with one empty paragraph (setting cell.text = "" would leave an empty run)."""
    paragraph = cell.paragraphs[0]
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    return paragraph


def _cell_text(cell, text, *, size=13, bold=False, italic=False, align=None):
    paragraph = _clear(cell)
    paragraph.paragraph_format.space_after = Pt(0)
    _font(paragraph.add_run(text), size, bold, italic)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _set_widths(table, widths_cm):
    """Word reads cell widths, LibreOffice the table grid: set both."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


# --- narrative: the sanitized rich text, as Word paragraphs ------------------------------------------

class _NarrativeWriter(HTMLParser):
    """Writes the (already sanitized) narrative HTML as Word paragraphs: headings bold, paragraphs
    justified with a first-line indent, lists as "- " or "1. " items, bold/italic/underline kept."""

    BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "td", "th"}

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.styles = []
        self.lists = []

    def _start_block(self, tag):
        heading = tag in ("h2", "h3", "h4")
        self.paragraph = _paragraph(self.document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6,
                                    indent_first=Cm(1.0))
        self.paragraph.paragraph_format.line_spacing = 1.15
        if heading:
            self.styles.append("b")
        if tag == "li":
            kind, counter = self.lists[-1] if self.lists else ("ul", 0)
            if kind == "ol":
                self.lists[-1] = (kind, counter + 1)
                marker = f"{counter + 1}. "
            else:
                marker = "- "
            _font(self.paragraph.add_run(marker))

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.lists.append((tag, 0))
        elif tag in self.BLOCKS:
            self._start_block(tag)
        elif tag in ("strong", "b"):
            self.styles.append("b")
        elif tag in ("em", "i"):
            self.styles.append("i")
        elif tag == "u":
            self.styles.append("u")
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("h2", "h3", "h4"):
            self._pop("b")
            self.paragraph = None
        elif tag in self.BLOCKS:
            self.paragraph = None
        elif tag in ("strong", "b"):
            self._pop("b")
        elif tag in ("em", "i"):
            self._pop("i")
        elif tag == "u":
            self._pop("u")

    def _pop(self, style):
        if style in self.styles:
            self.styles.reverse()
            self.styles.remove(style)
            self.styles.reverse()

    def handle_data(self, data):
        if not data.strip() and self.paragraph is None:
            return
        if self.paragraph is None:
            self._start_block("p")
        run = _font(self.paragraph.add_run(data), BODY_PT, "b" in self.styles, "i" in self.styles)
        run.underline = "u" in self.styles


# --- the document -------------------------------------------------------------------------------------

def _setup_page(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    # Page numbers centred in the top margin, none on the first page.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(header)
    for run in header.runs:
        _font(run, 13)
    return section


def _heading_block(document, report, draft):
    if draft:
        mark = _paragraph(document, "DỰ THẢO", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=6)
        mark.paragraph_format.right_indent = Cm(13.5)
        _boxed(mark)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(table, [6.5, 10.0])
    left, right = table.rows[0].cells
    lines = letterhead_lines(report)
    _clear(left)
    for i, line in enumerate(lines):
        paragraph = left.paragraphs[0] if i == 0 else left.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(line), 13, bold=(i == len(lines) - 1))
    _short_rule(left.add_paragraph(), 2.0)
    number = left.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_before = Pt(6)
    _font(number.add_run(f"Số: {report.document_number or '      /BC-'}"), 13)

    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(motto.add_run("Độc lập - Tự do - Hạnh phúc"), 13, bold=True)
    _short_rule(right.add_paragraph(), 2.6)
    dated = right.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated.paragraph_format.space_before = Pt(6)
    _font(dated.add_run(place_and_date(report.place_name, report.date)), 14, italic=True)

    _paragraph(document, "BÁO CÁO", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=18)
    summary = report.summary or report.title
    _paragraph(document, summary, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _short_rule(_paragraph(document, space_after=12), 6.0)


def _rows_unbroken(table):
    """No row split across two pages, and the header row repeated on each page the table runs onto."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))


def _grid_table(document, headers):
    """A bordered, centred table with a bold header row."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return table


def _figures(document, report, figures, draft):
    """The figures tables; `figures` as reports.figures.read_figures gives them."""
    _paragraph(document, "SỐ LIỆU KẾT QUẢ THỰC HIỆN", bold=True, space_before=6, space_after=6)
    as_of = report.figures_as_of if not draft else None
    note = ("Số liệu tính đến ngày " + as_of.strftime("%d/%m/%Y") + "." if as_of else
            "Số liệu tạm tính tại thời điểm tải văn bản (dự thảo, chưa chốt).")
    _paragraph(document, note, size=13, italic=True, space_after=6, indent_first=Cm(1.0))

    _paragraph(document, "1. Kết quả theo hình thức tuyên truyền", bold=True, space_after=6,
               indent_first=Cm(1.0))
    table = _grid_table(document, ["STT", "Hình thức tuyên truyền", "Kết quả", "Đơn vị tính", "Số hoạt động",
                                   "Lượt người tham dự"])
    for i, row in enumerate(figures["channels"], 1):
        cells = table.add_row().cells
        values = [str(i), row["name"], vn_number(row["total"]), row["unit"], vn_number(row["activities"]),
                  vn_number(row["participants"]) if row.get("participants") else "—"]
        for j, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if j in (1, 3) else WD_ALIGN_PARAGRAPH.CENTER
            _cell_text(cell, text, size=12, align=align)
    _rows_unbroken(table)
    _set_widths(table, [1.3, 5.2, 2.2, 2.4, 2.2, 2.5])

    completion = figures["completion"] or {}
    if completion.get("planned"):
        _paragraph(document, "2. Tỷ lệ hoàn thành nhiệm vụ theo kế hoạch", bold=True, space_before=12,
                   space_after=6, indent_first=Cm(1.0))
        count = f"{completion['done']}/{completion['planned']} nhiệm vụ, đạt tỷ lệ {completion['percent']}%"
        end = completion["end"]
        sentence = (f"Lũy kế đến ngày {dt.date.fromisoformat(end):%d/%m/%Y}, hoàn thành {count}." if end
                    else f"Hoàn thành {count}.")
        _paragraph(document, sentence, space_after=6, indent_first=Cm(1.0))
        columns = progress_columns(completion)
        headers = ["STT", "Nhiệm vụ", "Chỉ tiêu", *(columns or ["Đã thực hiện"]), "Tỷ lệ hoàn thành", "Trạng thái"]
        table = _grid_table(document, headers)
        for i, task in enumerate(completion["tasks"], 1):
            def quantity(value, task=task):
                """ "285 đề tài", kept on one line (non-breaking spaces) in the narrow columns."""
                if not task["target"] or value is None:
                    return "—"
                return f"{vn_number(value)} {task['unit']}".replace(" ", "\u00a0")

            achieved = [quantity(task["achieved_in_period"]), quantity(task["achieved"])] if columns else [
                quantity(task["achieved"])]
            values = [str(i), task["title"], quantity(task["target"]), *achieved, f"{task['percent']}%",
                      task["status_label"]]
            for j, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
                _cell_text(cell, text, size=12, align=WD_ALIGN_PARAGRAPH.LEFT if j == 1 else WD_ALIGN_PARAGRAPH.CENTER)
        _rows_unbroken(table)
        # 16.5 cm between the margins.
        _set_widths(table, [1.2, 4.2, 2.3, 2.3, 2.6, 1.7, 2.2] if columns else [1.3, 6.0, 2.3, 2.3, 1.8, 2.1])


def _signature(document, report):
    table = document.add_table(rows=1, cols=2)
    _set_widths(table, [8.0, 8.5])
    left, right = table.rows[0].cells
    _cell_text(left, "Nơi nhận:", size=12, bold=True, italic=True)
    recipients = [line.strip().lstrip("-").strip() for line in report.recipients.splitlines() if line.strip()]
    for line in recipients or ["Lưu: VT."]:
        _font(left.add_paragraph().add_run(f"- {line}"), 11)

    authority = [line.strip() for line in report.signer_authority.splitlines() if line.strip()]
    authority = authority or [letterhead_lines(report)[0]]
    _clear(right)
    for i, line in enumerate(authority):
        paragraph = right.paragraphs[0] if i == 0 else right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(line.upper()), 14, bold=True)
    for _ in range(4):
        right.add_paragraph()
    name = right.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(name.add_run(report.signer_name or " "), 14, bold=True)


def report_docx(report, *, figures=None):
    """The report as .docx bytes. A draft is marked DỰ THẢO and carries live figures; a published
    report carries its frozen figures."""
    draft = not report.is_published
    figures = read_figures(figures) if figures is not None else report.current_figures()
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.subject = report.summary or report.title
    document.core_properties.author = report.issuing_agency.name
    document.core_properties.language = "vi-VN"
    _setup_page(document)
    _heading_block(document, report, draft)
    writer = _NarrativeWriter(document)
    writer.feed(report.narrative or "")
    writer.close()
    _figures(document, report, figures, draft)
    _paragraph(document, space_after=12)
    _signature(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
