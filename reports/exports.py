"""A report's figures as files: Word (reports.word_documents), Excel and CSV, with Vietnamese headers and units.
The functions here take figures as reports.figures.read_figures gives them.

The Excel file is meant to be read and printed as it comes: dates are dates (dd/mm/yyyy), whole numbers carry
the thousands separator (#,##0: 2.000 in Vietnamese Excel or LibreOffice), rates are percentages, the time
is Việt Nam's, long names wrap, and every sheet prints on A4 one page wide with its header row repeated."""

import datetime as dt
import math

from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.dates import vn_date
from core.files import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, append_row, csv_bytes, download
from core.identity import describe_workbook
from core.workbooks import print_setup, workbook_bytes

from .figures import progress_columns, read_figures
from .reform import by_current_units
from .word_documents import DOCX_CONTENT_TYPE, document_filename, report_docx

CHANNEL_HEADERS = ["Hình thức tuyên truyền", "Kết quả", "Đơn vị tính", "Số hoạt động", "Lượt người tham dự",
                   "Số giải"]
AGENCY_HEADERS = ["Cơ quan, đơn vị", "Hình thức tuyên truyền", "Kết quả", "Đơn vị tính", "Số hoạt động"]
CURRENT_UNITS_HEADERS = [*AGENCY_HEADERS, "Gồm số liệu của (đơn vị đã thôi hoạt động)"]
MONTH_HEADERS = ["Tháng", "Số hoạt động", "Lượt người tham dự"]

FONT_NAME = "Times New Roman"
FONT_SIZE = 12
LINE_POINTS = 15.75  # one line of 12 pt text
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MONTH_FORMAT = "mm/yyyy"
NUMBER_FORMAT = "#,##0"
PERCENT_FORMAT = "0%"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def task_headers(figures):
    """The task sheet always has both progress columns, so its layout does not depend on the report: without
    a period they hold the same figure."""
    in_period, cumulative = progress_columns(figures["completion"]) or ("Trong kỳ", "Lũy kế")
    return ["Nhiệm vụ", "Cơ quan chủ trì", "Chỉ tiêu", in_period, cumulative, "Đơn vị tính",
            "Tỷ lệ hoàn thành", "Trạng thái", "Thời hạn"]


def channel_rows(figures):
    for row in figures["channels"]:
        yield [row["name"], row["total"], row["unit"], row["activities"], row["participants"] or None,
               row["awards"] or None]


def _iso_date(value):
    return dt.date.fromisoformat(value) if value else None


def task_rows(figures):
    """Deadlines as dates, the completion rate as a fraction (1.0 is 100 %)."""
    for task in (figures["completion"] or {}).get("tasks", []):
        measured = bool(task["target"])
        yield [task["title"], task["lead_agency"], task["target"],
               task["achieved_in_period"] if measured else None, task["achieved"] if measured else None,
               task["unit"] or "", task["percent"] / 100, task["status_label"], _iso_date(task["deadline"])]


def month_rows(figures):
    """Each month as its first day (shown mm/yyyy), as the report page's monthly table."""
    for row in figures["months"]:
        yield [_iso_date(f"{row['month']}-01") if row["month"] else row["label"], row["activities"],
               row["participants"] or None]


def agency_rows(figures):
    for row in figures["agency_channels"]:
        yield [row["agency"], row["channel"], row["total"], row["unit"], row["activities"]]


def current_unit_rows(today):
    """`today`: the figures by reports.reform.by_current_units."""
    for row, includes in zip(agency_rows(today), today["agency_channels"], strict=True):
        yield [*row, ", ".join(includes["includes"]) or None]


def _period(report):
    if not (report.period_start and report.period_end):
        return "Toàn bộ kế hoạch"
    return (f"{report.get_period_display()}, từ {vn_date(report.period_start)} "
            f"đến {vn_date(report.period_end)}")


def _stem(report):
    return slugify(f"so-lieu {report.document_number} {report.slug}".replace("/", "-"))[:120]


def local_time(moment):
    """A stored (UTC) moment as Việt Nam's wall-clock time, without a zone: Excel cells have none."""
    return timezone.localtime(moment).replace(tzinfo=None, second=0, microsecond=0)


def _format(cell, value):
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, float):
        cell.number_format = PERCENT_FORMAT
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = NUMBER_FORMAT


def _lines(value, width):
    """About how many lines a wrapped text takes in a column `width` wide (the unit is a digit of the default
    font; 12 pt Times New Roman fits about 1.3 Vietnamese letters in it, less a word that does not fit)."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1, int(width * 1.3) - 2)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))


def _table_sheet(workbook, title, headers, rows, widths, *, wrap=(), landscape=False):
    """One table per sheet: a bold named-font header row (frozen, repeated when printed), bordered cells,
    numbers and dates formatted, the `wrap` columns (0-based) wrapped with rows tall enough for them."""
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    header_lines = 1
    for i, cell in enumerate(sheet[1]):
        cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
        cell.fill = PatternFill("solid", fgColor="F2E6E6")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        header_lines = max(header_lines, _lines(cell.value, widths[i]))
    sheet.row_dimensions[1].height = header_lines * LINE_POINTS
    body = Font(name=FONT_NAME, size=FONT_SIZE)
    for row in rows:
        append_row(sheet, row)
        line = sheet.max_row
        lines = 1
        for i, cell in enumerate(sheet[line]):
            cell.font, cell.border = body, _BORDER
            _format(cell, cell.value)
            number = isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
            cell.alignment = Alignment(wrap_text=i in wrap, vertical="top", indent=1 if number else 0,
                                       horizontal="right" if number else None)
            if i in wrap:
                lines = max(lines, _lines(cell.value, widths[i]))
        if lines > 1:
            sheet.row_dimensions[line].height = lines * LINE_POINTS
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    print_setup(sheet, landscape=landscape or None)  # the header row repeated and frozen
    return sheet


def _current_units_text(today):
    recalculated = today["recalculated"]
    return "\n".join([f"{recalculated['label']} (trang “Theo đơn vị hiện nay”): {recalculated['method']}",
                      *recalculated["unshared"]])


def _info_sheet(sheet, report, figures, today):
    sheet.title = "Thông tin"
    if report.is_published and report.figures_as_of:
        as_of = local_time(report.figures_as_of)
    else:
        as_of = "Dự thảo — số liệu tạm tính, chưa chốt"
    percent = (figures["completion"] or {}).get("percent")
    label_font, body = Font(name=FONT_NAME, size=FONT_SIZE, bold=True), Font(name=FONT_NAME, size=FONT_SIZE)
    for label, value in (("Báo cáo", report.title), ("Số, ký hiệu", report.document_number),
                         ("Ngày báo cáo", report.date),
                         ("Cơ quan ban hành", report.issuing_agency.name), ("Kỳ báo cáo", _period(report)),
                         ("Số liệu tính đến", as_of),
                         ("Tỷ lệ hoàn thành nhiệm vụ", percent / 100 if percent is not None else None),
                         ("Ghi chú", "Mỗi hình thức tính theo đơn vị riêng; không cộng các đơn vị khác nhau."),
                         ("Theo đơn vị hiện nay", _current_units_text(today))):
        append_row(sheet, [label, value])
        line = sheet.max_row
        sheet.cell(line, 1).font = label_font
        sheet.cell(line, 1).alignment = Alignment(vertical="top")
        cell = sheet.cell(line, 2)
        cell.font = body
        _format(cell, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        lines = _lines(value, 70)
        if lines > 1:
            sheet.row_dimensions[line].height = lines * LINE_POINTS
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 28, 70
    print_setup(sheet, header_row=None, landscape=False)


def figures_xlsx(report, figures):
    workbook = describe_workbook(Workbook(), title=report.title)
    today = by_current_units(figures)
    _info_sheet(workbook.active, report, figures, today)
    _table_sheet(workbook, "Theo hình thức", CHANNEL_HEADERS, channel_rows(figures), (40, 11, 12, 11, 13, 9),
                 wrap=(0,))
    _table_sheet(workbook, "Nhiệm vụ", task_headers(figures), task_rows(figures),
                 (50, 24, 10, 11, 13, 11, 12, 15, 12), wrap=(0, 1), landscape=True)
    months = _table_sheet(workbook, "Theo tháng", MONTH_HEADERS, month_rows(figures), (12, 14, 14))
    for (cell,) in months.iter_rows(min_row=2, max_col=1):
        if isinstance(cell.value, dt.date):
            cell.number_format = MONTH_FORMAT
    _table_sheet(workbook, "Theo cơ quan", AGENCY_HEADERS, agency_rows(figures), (36, 36, 11, 12, 11),
                 wrap=(0, 1))
    # The same table with each closed agency's figures under today's units (same totals), beside it.
    _table_sheet(workbook, "Theo đơn vị hiện nay", CURRENT_UNITS_HEADERS, current_unit_rows(today),
                 (28, 28, 11, 12, 11, 30), wrap=(0, 1, 5))
    return workbook_bytes(workbook)


def figures_csv(figures):
    return csv_bytes(CHANNEL_HEADERS, channel_rows(figures))


def report_file_response(report, fmt, *, figures=None):
    """The report as a download: fmt is "docx", "xlsx" or "csv"."""
    figures = read_figures(figures) if figures is not None else report.current_figures()
    if fmt == "docx":
        content, content_type, name = report_docx(report, figures=figures), DOCX_CONTENT_TYPE, document_filename(
            report)
    elif fmt == "xlsx":
        content, content_type, name = figures_xlsx(report, figures), XLSX_CONTENT_TYPE, f"{_stem(report)}.xlsx"
    else:
        content, content_type, name = figures_csv(figures), CSV_CONTENT_TYPE, f"{_stem(report)}.csv"
    if not report.is_published:
        name = f"du-thao-{name}"
    return download(content, content_type, name, private=not report.is_published)
