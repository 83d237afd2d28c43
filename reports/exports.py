"""A report's figures as files: Word (reports.documents), Excel and CSV, with Vietnamese headers and units.
The functions here take figures as reports.figures.read_figures gives them."""

import io

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from core.files import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, append_row, csv_bytes, download

from .documents import DOCX_CONTENT_TYPE, document_filename, report_docx
from .figures import progress_columns, read_figures

CHANNEL_HEADERS = ["Hình thức tuyên truyền", "Kết quả", "Đơn vị tính", "Số hoạt động", "Lượt người tham dự",
                   "Số giải"]
AGENCY_HEADERS = ["Cơ quan, đơn vị", "Hình thức tuyên truyền", "Kết quả", "Đơn vị tính", "Số hoạt động"]


def task_headers(figures):
    """The task sheet always has both progress columns, so its layout does not depend on the report: without
    a period they hold the same figure."""
    in_period, cumulative = progress_columns(figures["completion"]) or ("Trong kỳ", "Lũy kế")
    return ["Nhiệm vụ", "Cơ quan chủ trì", "Chỉ tiêu", in_period, cumulative, "Đơn vị tính",
            "Tỷ lệ hoàn thành (%)", "Trạng thái", "Thời hạn"]


def channel_rows(figures):
    for row in figures["channels"]:
        yield [row["name"], row["total"], row["unit"], row["activities"], row["participants"] or None,
               row["awards"] or None]


def task_rows(figures):
    for task in (figures["completion"] or {}).get("tasks", []):
        deadline = task["deadline"] or ""
        if deadline:
            year, month, day = deadline.split("-")
            deadline = f"{day}/{month}/{year}"
        measured = bool(task["target"])
        yield [task["title"], task["lead_agency"], task["target"],
               task["achieved_in_period"] if measured else None, task["achieved"] if measured else None,
               task["unit"] or "", task["percent"], task["status_label"], deadline]


def agency_rows(figures):
    for row in figures["agency_channels"]:
        yield [row["agency"], row["channel"], row["total"], row["unit"], row["activities"]]


def _period(report):
    if not (report.period_start and report.period_end):
        return "Toàn bộ kế hoạch"
    return (f"{report.get_period_display()}, từ {report.period_start:%d/%m/%Y} "
            f"đến {report.period_end:%d/%m/%Y}")


def _stem(report):
    return slugify(f"so-lieu {report.document_number} {report.slug}".replace("/", "-"))[:120]


def figures_xlsx(report, figures):
    workbook = Workbook()
    info = workbook.active
    info.title = "Thông tin"
    as_of = report.figures_as_of.strftime("%d/%m/%Y %H:%M") if report.is_published and report.figures_as_of else (
        "Dự thảo — số liệu tạm tính, chưa chốt")
    for label, value in (("Báo cáo", report.title), ("Số, ký hiệu", report.document_number),
                         ("Ngày báo cáo", report.date.strftime("%d/%m/%Y")),
                         ("Cơ quan ban hành", report.issuing_agency.name), ("Kỳ báo cáo", _period(report)),
                         ("Số liệu tính đến", as_of),
                         ("Tỷ lệ hoàn thành nhiệm vụ (%)", (figures["completion"] or {}).get("percent")),
                         ("Ghi chú", "Mỗi hình thức tính theo đơn vị riêng; không cộng các đơn vị khác nhau.")):
        append_row(info, [label, value])
        info.cell(info.max_row, 1).font = Font(bold=True)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 30, 90
    for title, headers, rows, widths in (
        ("Theo hình thức", CHANNEL_HEADERS, channel_rows(figures), (44, 12, 12, 14, 18, 10)),
        ("Nhiệm vụ", task_headers(figures), task_rows(figures), (70, 30, 12, 12, 22, 12, 20, 16, 12)),
        ("Theo cơ quan", AGENCY_HEADERS, agency_rows(figures), (44, 44, 12, 12, 14)),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in rows:
            append_row(sheet, row)
        for i, width in enumerate(widths, 1):
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
