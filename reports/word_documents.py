"""A report as a Word document laid out as Nghị định 30/2020/NĐ-CP (Phụ lục I) requires: A4, the decree's
margins, Times New Roman, letterhead and national motto side by side, "Số: …", place and date, the title,
the narrative, the figures per channel and the completion rate, the signature block, "Nơi nhận", and
page numbers centred in the top margin from page 2. A draft is marked "DỰ THẢO"."""

import re
from html.parser import HTMLParser

from django.utils.text import slugify
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from core.dates import vn_date
from core.identity import describe_document
from core.workbooks import document_bytes

from .figures import has_awards, progress_columns, read_figures

FONT = "Times New Roman"
BODY_PT = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
CELL_PADDING_TWIPS = 57  # 1 mm above and below the text of a table cell
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def vn_number(value):
    """1234567 -> "1.234.567" (Vietnamese thousands separator)."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}".replace(",", ".")


def place_and_date(place, date):
    """ "<địa danh>, ngày 05 tháng 01 năm 2020": a leading zero for days below 10 and for months 1 and 2."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {date.day:02d} tháng {month} năm {date.year}"


PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"


def _is_peoples_committee(agency):
    """A People's Committee (UBND tỉnh, huyện, xã) heads its own letterhead: no parent body above it."""
    name = agency.name.casefold()
    return agency.kind == agency.Kind.PROVINCE or name.startswith(("ubnd ", "ủy ban nhân dân", "uỷ ban nhân dân"))


def letterhead_lines(report):
    lines = [line.strip() for line in report.letterhead.splitlines() if line.strip()]
    if lines:
        return lines
    agency = report.issuing_agency
    if _is_peoples_committee(agency):
        rest = re.sub(r"(?i)^(ubnd|[ủu]y ban nhân dân)\s+", "", agency.name)
        return [PEOPLES_COMMITTEE, rest.upper()] if rest != agency.name else [agency.name.upper()]
    if agency.parent_id:
        return [agency.parent.name.upper(), agency.name.upper()]
    return [agency.name.upper()]


def letterhead_parent_lines(report, lines):
    """How many of the letterhead's first lines name the parent body (plain), the rest being the issuing
    body's own name (bold). Nghị định 30/2020, Phụ lục I, II.3: the direct parent ("cơ quan chủ quản trực
    tiếp", if any) in upright capitals; the issuing body in bold upright capitals, on several lines if it is
    long. "ỦY BAN NHÂN DÂN / TỈNH …" is one body's name on two lines, so both are bold; "UBND TỈNH … /
    SỞ NỘI VỤ" is a parent and the issuer. The issuing agency's parent in the data decides."""
    agency = report.issuing_agency
    if len(lines) < 2 or agency.parent_id is None or _is_peoples_committee(agency):
        return 0
    return 1


def summary_text(report):
    """The summary line (trích yếu) as the decree sets it: no full stop at its end."""
    text = " ".join((report.summary or report.title).split())
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


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
               space_before=0, indent_first=None, keep_with_next=False):
    """`keep_with_next`: a heading, or the sentence leading into a table, is never left alone at the foot of
    a page."""
    paragraph = container.add_paragraph()
    if text:
        _font(paragraph.add_run(text), size, bold, italic)
    fmt = paragraph.paragraph_format
    fmt.space_after, fmt.space_before = Pt(space_after), Pt(space_before)
    if align is not None:
        paragraph.alignment = align
    if indent_first is not None:
        fmt.first_line_indent = indent_first
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


# Elements Word expects after w:pBdr in a paragraph's properties, and after w:tblCellMar in a table's
# (ECMA-376 CT_PPr and CT_TblPr sequences): Word refuses a file whose properties are out of order.
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _insert_in_order(parent, child, successors):
    for tag in successors:
        following = parent.find(qn(tag))
        if following is not None:
            following.addprevious(child)
            return child
    parent.append(child)
    return child


def text_width_mm(text, size_pt):
    """About how wide `text` is in Times New Roman bold at `size_pt` (within a few per cent of the font's
    metrics for Vietnamese text): capitals 0.70 em, small letters and digits 0.50, spaces 0.25, the rest
    0.33. Enough to draw a rule "as long as the line" without the font file."""
    ems = 0.0
    for char in text:
        if char == " ":
            ems += 0.25
        elif char.isupper():
            ems += 0.70
        elif char.isalnum():
            ems += 0.50
        else:
            ems += 0.33
    return ems * size_pt * 25.4 / 72


def _short_rule(paragraph, width_mm, container_mm):
    """A horizontal rule `width_mm` long, centred in a container `container_mm` wide: the bottom border of an
    empty paragraph indented from both sides."""
    width_mm = min(width_mm, container_mm)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((container_mm - width_mm) / 2)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(4)  # the rule sits right under the text above it
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    _insert_in_order(p_pr, borders, _AFTER_PBDR)
    return paragraph


def _cell_margins(table, *, top=0, bottom=0, left=None, right=None):
    """The table's cell padding in twentieths of a point (None: the style's)."""
    tbl_pr = table._tbl.tblPr
    margins = tbl_pr.find(qn("w:tblCellMar"))
    if margins is None:
        margins = _insert_in_order(tbl_pr, OxmlElement("w:tblCellMar"), _AFTER_TBLCELLMAR)
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        if value is None:
            continue
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(value))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)


def _boxed(paragraph):
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
            edge.set(qn(key), value)
        borders.append(edge)
    _insert_in_order(p_pr, borders, _AFTER_PBDR)


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
            self.paragraph.paragraph_format.keep_with_next = True
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


LEFT_MM, RIGHT_MM = 65, 100  # the letterhead's two columns (no cell padding: the rules are measured in them)
TEXT_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
LANGUAGE = "vi-VN"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MISSING_SIGNER = "(Chưa nhập họ và tên người ký)"


def _heading_block(document, report, draft):
    if draft:
        mark = _paragraph(document, "DỰ THẢO", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, space_after=6)
        mark.paragraph_format.right_indent = Cm(13.5)
        _boxed(mark)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table, left=0, right=0)
    _set_widths(table, [LEFT_MM / 10, RIGHT_MM / 10])
    left, right = table.rows[0].cells
    lines = letterhead_lines(report)
    parents = letterhead_parent_lines(report, lines)
    _clear(left)
    for i, line in enumerate(lines):
        paragraph = left.paragraphs[0] if i == 0 else left.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(line), 13, bold=i >= parents)
    # Under the issuing body's name: ⅓–½ of its line.
    _short_rule(left.add_paragraph(), 0.45 * max(text_width_mm(line, 13) for line in lines[parents:]), LEFT_MM)
    number = left.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_before = Pt(6)
    _font(number.add_run(f"Số: {report.document_number or '      /BC-'}"), 13)

    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(motto.add_run(MOTTO), 13, bold=True)
    _short_rule(right.add_paragraph(), text_width_mm(MOTTO, 13), RIGHT_MM)  # as long as the motto
    dated = right.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated.paragraph_format.space_before = Pt(6)
    _font(dated.add_run(place_and_date(report.place_name, report.date)), 14, italic=True)

    _paragraph(document, "BÁO CÁO", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=18)
    summary = summary_text(report)
    _paragraph(document, summary, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    # Under the summary: 40 % of its line (⅓–½), the line being the text width when it wraps.
    _short_rule(_paragraph(document, space_after=12), 0.4 * min(text_width_mm(summary, 14), TEXT_MM), TEXT_MM)


def _rows_unbroken(table):
    """No row split across two pages, and the header row repeated on each page the table runs onto."""
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))


def _grid_table(document, headers, *, size=12):
    """A bordered, centred table with a bold header row (`size` pt)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table, top=CELL_PADDING_TWIPS, bottom=CELL_PADDING_TWIPS)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    return table


def _figures(document, report, figures, draft):
    """The figures tables; `figures` as reports.figures.read_figures gives them."""
    _paragraph(document, "SỐ LIỆU KẾT QUẢ THỰC HIỆN", bold=True, space_before=6, space_after=6, keep_with_next=True)
    as_of = report.figures_as_of if not draft else None
    note = ("Số liệu tính đến ngày " + vn_date(as_of) + "." if as_of else
            "Số liệu tạm tính tại thời điểm tải văn bản (dự thảo, chưa chốt).")
    _paragraph(document, note, size=13, italic=True, space_after=6, indent_first=Cm(1.0), keep_with_next=True)

    _paragraph(document, "1. Kết quả theo hình thức tuyên truyền", bold=True, space_after=6,
               indent_first=Cm(1.0), keep_with_next=True)
    # "Số giải" where a contest gave prizes (Hội thi: 51 contestants, 7 prizes), as the Excel file has it.
    awards = has_awards(figures)
    headers = ["STT", "Hình thức tuyên truyền", "Kết quả", "Đơn vị tính", "Số hoạt động", "Lượt người tham dự"]
    table = _grid_table(document, [*headers, "Số giải"] if awards else headers)
    for i, row in enumerate(figures["channels"], 1):
        cells = table.add_row().cells
        values = [str(i), row["name"], vn_number(row["total"]), row["unit"], vn_number(row["activities"]),
                  vn_number(row["participants"]) if row.get("participants") else "—"]
        if awards:
            values.append(vn_number(row["awards"]) if row.get("awards") else "—")
        for j, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if j in (1, 3) else WD_ALIGN_PARAGRAPH.CENTER
            _cell_text(cell, text, size=12, align=align)
    _rows_unbroken(table)
    _set_widths(table, [1.2, 4.6, 2.0, 2.2, 2.1, 2.4, 2.0] if awards else [1.3, 5.2, 2.2, 2.4, 2.2, 2.5])

    completion = figures["completion"] or {}
    if completion.get("planned"):
        _paragraph(document, "2. Tỷ lệ hoàn thành nhiệm vụ theo kế hoạch", bold=True, space_before=12,
                   space_after=6, indent_first=Cm(1.0), keep_with_next=True)
        count = f"{completion['done']}/{completion['planned']} nhiệm vụ, đạt tỷ lệ {completion['percent']}%"
        end = completion["end"]
        sentence = (f"Lũy kế đến ngày {vn_date(end)}, hoàn thành {count}." if end
                    else f"Hoàn thành {count}.")
        _paragraph(document, sentence, space_after=6, indent_first=Cm(1.0), keep_with_next=True)
        columns = progress_columns(completion)
        # "Chủ trì": the lead agency, as the report page and the Excel file have it.
        headers = ["STT", "Nhiệm vụ", "Chủ trì", "Chỉ tiêu", *(columns or ["Đã thực hiện"]), "Tỷ lệ hoàn thành",
                   "Trạng thái"]
        # Eight columns in 16,5 cm: 11 pt, so that "Lũy kế đến 31/12/2019" and "574 đề tài" keep their lines.
        size = 11 if columns else 12
        table = _grid_table(document, headers, size=size)
        for i, task in enumerate(completion["tasks"], 1):
            def quantity(value, task=task):
                """ "285 đề tài", kept on one line (non-breaking spaces) in the narrow columns."""
                if not task["target"] or value is None:
                    return "—"
                return f"{vn_number(value)} {task['unit']}".replace(" ", "\u00a0")

            achieved = [quantity(task["achieved_in_period"]), quantity(task["achieved"])] if columns else [
                quantity(task["achieved"])]
            values = [str(i), task["title"], task["lead_agency"] or "—", quantity(task["target"]), *achieved,
                      f"{task['percent']}%", task["status_label"]]
            for j, (cell, text) in enumerate(zip(table.add_row().cells, values, strict=True)):
                _cell_text(cell, text, size=size,
                           align=WD_ALIGN_PARAGRAPH.LEFT if j in (1, 2) else WD_ALIGN_PARAGRAPH.CENTER)
        _rows_unbroken(table)
        # 16.5 cm between the margins.
        # "STT" (bold) and "574 đề tài" need 1,2-1,3 and 2,2 cm with the cells' padding.
        _set_widths(table, [1.3, 3.0, 1.9, 2.2, 2.2, 2.3, 1.6, 2.0] if columns
                    else [1.2, 4.5, 2.6, 2.3, 2.3, 1.6, 2.0])


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
    if report.signer_name.strip():
        _font(name.add_run(report.signer_name.strip()), 14, bold=True)
    elif not report.is_published:
        # Not a silent gap: a draft says what is missing (the admin warns before publishing too).
        _font(name.add_run(MISSING_SIGNER), 14, italic=True)


def _describe(document, report):
    """Properties a reader's Word shows: title, subject, author and today's date (not python-docx's template
    of 2013), Vietnamese as the language for spelling and hyphenation, and Word 2013+ layout rules
    (compatibilityMode 15), so Word does not open it in compatibility mode."""
    describe_document(document, title=report.title, author=report.issuing_agency.name)
    document.core_properties.subject = summary_text(report)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    for setting in document.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def report_docx(report, *, figures=None):
    """The report as .docx bytes. A draft is marked DỰ THẢO and carries live figures; a published
    report carries its frozen figures."""
    draft = not report.is_published
    figures = read_figures(figures) if figures is not None else report.current_figures()
    document = Document()
    _describe(document, report)
    _setup_page(document)
    _heading_block(document, report, draft)
    writer = _NarrativeWriter(document)
    writer.feed(report.narrative or "")
    writer.close()
    _figures(document, report, figures, draft)
    _paragraph(document, space_after=12)
    _signature(document, report)
    return document_bytes(document)
