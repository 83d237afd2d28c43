"""Workbooks and CSV files the portal hands out: the empty import template (`template_workbook`, with
drop-downs of what the user may name), the export of activities (`activities_xlsx`, `activities_csv`, in
the template's columns so that an export imports back unchanged) and the problems file of a checked upload
(`problems_workbook`). Every text cell goes through `core.files`, which neutralises formulas."""

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from accounts.models import User
from agencies import scoping
from core import spreadsheets as sheets
from core.files import append_row, csv_bytes, set_text
from core.identity import describe_workbook
from core.spreadsheets import LISTS_SHEET
from core.spreadsheets import style_header as _style_header
from core.workbooks import fit_row_height, print_setup, workbook_bytes

from .. import access
from ..models import Activity, Channel
from .cells import _note_from_html
from .columns import COLUMNS, DATA_SHEET, HEADERS, KEYS, TEMPLATE_HEADERS
from .names import _plan_label
from .reading import ImportResult


def _column_letter(key):
    return get_column_letter(KEYS.index(key) + 1)


LISTS = [  # (letter on the lists sheet, header, width): about 200 in all, so it prints at ~70 %, names wrapped
    ("A", "Hình thức tuyên truyền", 34), ("B", "Đơn vị tính", 10), ("C", None, 2),
    ("D", "Cơ quan, đơn vị", 36), ("E", None, 2),
    ("F", "Kế hoạch", 14), ("G", "Tên kế hoạch", 40), ("H", None, 2),
    ("I", "Nhiệm vụ", 44), ("J", "Thuộc kế hoạch", 14),
]


def _lists_sheet(workbook, channels, agencies, plans, tasks):
    """The second sheet: what the drop-downs offer. Returns how many of each it lists."""
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.append([header for _letter, header, _width in LISTS])
    columns = [
        [(c.name, c.unit) for c in channels],
        [(a.name,) for a in agencies],
        [(_plan_label(p), p.title) for p in plans],
        [(t.title, _plan_label(t.plan)) for t in tasks],
    ]
    offsets = (1, 4, 6, 9)  # the first column of each list, 1-based
    for values, first in zip(columns, offsets, strict=True):
        for line, cells in enumerate(values, start=2):
            for i, value in enumerate(cells):
                set_text(sheet.cell(line, first + i), value).alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, _header, width in LISTS:
        sheet.column_dimensions[letter].width = width
    for line in range(2, sheet.max_row + 1):
        fit_row_height(sheet, line)
    print_setup(sheet)
    return {"channel": len(columns[0]), "agency": len(columns[1]), "plan": len(columns[2]), "task": len(columns[3])}


_LIST_LETTER = {"channel": "A", "agency": "D", "plan": "F", "task": "I"}


def _template(user: User | None, title: str) -> Workbook:
    """The template's sheets: Vietnamese headers ("*" on the required ones) with hints, drop-downs fed by the
    second sheet, which lists only what this user may use (their agency, the plans and tasks they may record
    activities against)."""
    workbook = describe_workbook(Workbook(), title=title)
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(TEMPLATE_HEADERS)
    _style_header(sheet, [c.width for c in COLUMNS])
    for i, column in enumerate(COLUMNS, 1):
        if column.hint:
            sheet.cell(1, i).comment = Comment(column.hint + (" (bắt buộc)" if column.required else ""), "CCHC")
    counts = _lists_sheet(
        workbook,
        Channel.objects.filter(is_active=True),
        scoping.entry_agencies(user).order_by("kind", "name"),
        access.plans_for_activities(user).order_by("-year", "title"),
        access.tasks_for_activities(user).select_related("plan").order_by("-plan__year", "plan__title", "order",
                                                                          "id"),
    )
    for key in ("plan", "task", "agency", "channel"):
        sheets.add_list_validation(sheet, KEYS.index(key) + 1, LISTS_SHEET, _LIST_LETTER[key], counts[key])
    # A column style, not thousands of pre-formatted cells: rows a person (or a script) appends start at row 2.
    sheet.column_dimensions[_column_letter("date")].number_format = "DD/MM/YYYY"
    print_setup(sheet)
    return workbook


def template_workbook(user: User | None) -> bytes:
    """The empty template (`_template`)."""
    return workbook_bytes(_template(user, "Mẫu nhập kết quả thực hiện"))


def activity_row(activity: Activity) -> list:
    """One activity as the template's columns (used by the export, so that it imports back unchanged).
    Texts are as stored: `append_row` and `csv_bytes` neutralise the ones that look like formulas."""
    return [
        activity.pk,
        _plan_label(activity.plan),
        activity.task.title if activity.task_id else "",
        activity.agency.name,
        activity.channel.name,
        activity.date,
        activity.title,
        activity.quantity,
        activity.participants,
        activity.awards,
        activity.evidence_url,
        _note_from_html(activity.description),
    ]


def activities_xlsx(activities: Iterable[Activity]) -> bytes:
    """The template's columns, long texts wrapped in rows tall enough for them, printable on A4 landscape."""
    workbook = describe_workbook(Workbook(), title="Kết quả thực hiện")
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(HEADERS)
    _style_header(sheet, [c.width for c in COLUMNS])
    date_column = KEYS.index("date") + 1
    wrapped = Alignment(wrap_text=True, vertical="top")
    for activity in activities:
        append_row(sheet, activity_row(activity))
        line = sheet.max_row
        sheet.cell(line, date_column).number_format = "DD/MM/YYYY"
        for cell in sheet[line]:
            cell.alignment = wrapped
        fit_row_height(sheet, line)
    print_setup(sheet)
    return workbook_bytes(workbook)


def activities_csv(activities: Iterable[Activity]) -> bytes:
    """The dates as ISO 8601 (2019-12-10): a CSV carries no date type, and a spreadsheet program under an
    English locale reads 10/12/2019 as 12 October, silently. Excel and LibreOffice read ISO dates as dates
    whatever their locale."""
    date = KEYS.index("date")

    def rows():
        for activity in activities:
            values = activity_row(activity)
            values[date] = values[date].isoformat()
            yield values

    return csv_bytes(HEADERS, rows())


def problems_workbook(result: ImportResult, user: User | None) -> bytes:
    """The uploaded rows in `user`'s template (its drop-downs, required marks and "Danh mục" sheet kept; a
    file of the layout before "Mã dòng" moved into today's columns), each with its errors and warnings in a
    last column "Lỗi / cảnh báo" and the cells concerned coloured, so the officer fixes them in place and
    uploads the same file again (the importer ignores that column)."""
    template = _template(user, "Kết quả thực hiện: lỗi và cảnh báo khi nhập")

    def in_template(row):
        cells = dict(zip(result.keys, row.cells, strict=False))
        return [cells.get(key) for key in KEYS]

    return sheets.problems_workbook(template, rows=((in_template(row), row.problems) for row in result.rows),
                                    number_formats={KEYS.index("date") + 1: "DD/MM/YYYY"})
