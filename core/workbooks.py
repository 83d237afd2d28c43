"""What every .xlsx file the portal writes shares once it is filled in — the activity export and import
template, the problems file of an import, the staff and agency templates, a report's figures, the evidence
pack's index: each sheet prints as a reader expects (`print_setup`: A4, landscape where wide, one page
wide, its header row repeated on every page and frozen on screen, page numbers), and the file says whose it
is (`workbook_bytes`: the properties `core.identity.describe_workbook` set, and the Company field, which
openpyxl does not write).

A sheet is fitted to the page's width, so its columns decide how small it prints: `print_scale` estimates
it (a column `w` wide is w × 7 + 5 pixels of Calibri 11, 96 to the inch), and the writers keep their
columns narrow enough, wrapping long texts, that 11 pt text is not printed at less than about 60 %."""

import io
import zipfile
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

A4_MM = (210, 297)
SIDE_MARGIN_INCHES = 0.4
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's, for a column the writer left alone
LANDSCAPE_COLUMNS = 6  # more columns than this print landscape
LANDSCAPE_BELOW = 0.85  # ... and so does a sheet that portrait would shrink below this


def _width_px(sheet, columns=None):
    count = columns or sheet.max_column
    total = 0
    for index in range(1, count + 1):
        dimension = sheet.column_dimensions.get(get_column_letter(index))
        width = dimension.width if dimension is not None and dimension.width else DEFAULT_COLUMN_WIDTH
        if dimension is not None and dimension.hidden:
            continue
        total += width * 7 + 5
    return total


def _scale(width_px, *, landscape, margins_inches):
    printable_mm = A4_MM[1 if landscape else 0] - margins_inches * 25.4
    return min(1.0, printable_mm / 25.4 * 96 / width_px) if width_px else 1.0


def print_scale(sheet, *, columns=None) -> float:
    """About the scale at which `sheet` prints, fitted to its page's width (1.0: full size)."""
    margins = sheet.page_margins
    return _scale(_width_px(sheet, columns), landscape=sheet.page_setup.orientation == "landscape",
                  margins_inches=(margins.left or 0) + (margins.right or 0))


def print_setup(sheet, *, header_row: int | None = 1, landscape: bool | None = None, columns: int | None = None):
    """A4, one page wide (as many pages down as it takes), landscape when the sheet has more than six
    columns or would print small in portrait (or as `landscape` says), centred between narrow side margins,
    "Trang 1/3" at the foot; the header row `header_row` repeated on every printed page and frozen on screen
    (None: a sheet without one). `columns`: how many the sheet has, for a write-only sheet (set its column
    widths first)."""
    count = columns or sheet.max_column
    if landscape is None:
        landscape = count > LANDSCAPE_COLUMNS or _scale(
            _width_px(sheet, columns), landscape=False, margins_inches=2 * SIDE_MARGIN_INCHES) < LANDSCAPE_BELOW
    setup = sheet.page_setup
    setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4; a write-only sheet lacks the name)
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = sheet.page_margins
    margins.left = margins.right = SIDE_MARGIN_INCHES
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    sheet.print_options.horizontalCentered = True
    sheet.print_options.gridLines = header_row is not None  # a table's cells are told apart on paper too
    sheet.oddFooter.center.text = "Trang &P/&N"
    if header_row:
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.freeze_panes = f"A{header_row + 1}"
    return sheet


def _company_app_xml(data: bytes, company: str) -> bytes:
    """docProps/app.xml with `company` as its Company (the extended properties are an xsd:all: any order)."""
    text = data.decode("utf-8")
    element = f"<Company>{escape(company)}</Company>"
    if "<Company/>" in text:
        return text.replace("<Company/>", element, 1).encode("utf-8")
    if "<Company>" in text:
        start, end = text.index("<Company>"), text.index("</Company>") + len("</Company>")
        return (text[:start] + element + text[end:]).encode("utf-8")
    return text.replace("</Properties>", element + "</Properties>", 1).encode("utf-8")


def with_company(data: bytes, company: str) -> bytes:
    """An Office file (.xlsx, .docx) with `company` in its Company property (File › Info in Excel/Word)."""
    if not company:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                content = _company_app_xml(content, company)
            target.writestr(info, content)
    return buffer.getvalue()


def company_name():
    from .identity import current_identity, site_name

    identity = current_identity()
    return identity.operator_name.strip() or site_name(identity)


def workbook_bytes(workbook) -> bytes:
    """The .xlsx file of `workbook` (already described by core.identity.describe_workbook): every sheet
    its writer did not set up for printing gets `print_setup` with its first row as the header, and the
    file names the portal's operator as its Company."""
    for sheet in workbook.worksheets:
        if sheet.page_setup.paperSize is None and not getattr(workbook, "write_only", False):
            print_setup(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return with_company(buffer.getvalue(), company_name())


def text_lines(value, width) -> int:
    """About how many lines a text takes wrapped in a column `width` wide (Calibri 11 fits about 1.2 letters
    of Vietnamese text in a width unit, a width unit being one digit; less a word that does not fit)."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1, int(width * 1.2) - 2)
    return sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))


def fit_row_height(sheet, line: int, *, line_points: float = 15, most: int = 20) -> None:
    """Row `line` tall enough for its wrapped texts (at most `most` lines): no spreadsheet program grows a
    row for wrapped text in a file it did not lay out itself (Excel never; LibreOffice not reliably)."""
    lines = 1
    for cell in sheet[line]:
        if cell.alignment is not None and cell.alignment.wrap_text and isinstance(cell.value, str):
            dimension = sheet.column_dimensions.get(cell.column_letter)
            width = dimension.width if dimension is not None and dimension.width else DEFAULT_COLUMN_WIDTH
            lines = max(lines, text_lines(cell.value, width))
    if lines > 1:
        sheet.row_dimensions[line].height = min(409, min(lines, most) * line_points)


def document_bytes(document) -> bytes:
    """The .docx file of a python-docx `document` (described by core.identity.describe_document), naming the
    portal's operator as its Company."""
    buffer = io.BytesIO()
    document.save(buffer)
    return with_company(buffer.getvalue(), company_name())
