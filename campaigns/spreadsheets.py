"""Activities in and out of Excel, the way provincial staff keep them.

One list of columns (`COLUMNS`) serves the import template, the export and the importer, so an exported
file imports back unchanged. Its first column, "Mã dòng", is the activity's id: an exported file edited in
Excel and imported again corrects those very activities; a row without an id is a new activity. Files in
the layout before that column (`LEGACY_HEADERS`) still import: their rows are new unless they match an
existing activity exactly on (plan, agency, date, content), so importing an old file twice adds nothing.

Reading a file saves nothing. Every row becomes an `Activity` that goes through the model's own validation
(`Activity.full_clean`, the rules the admin form applies), with names looked up only among what the user
may use (`agencies.scoping`); every problem is reported with its row and column in Vietnamese. Errors
block the file; warnings (an unusual quantity, a likely duplicate) are shown and confirmed. A confirmed
file is saved all or nothing, in one transaction, as one `ImportBatch` (`import_activities`) that its
author or a coordinator can undo (`import_batch_undo`).
"""

import datetime as dt
import difflib
import hashlib
import io
import re
import textwrap
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape, strip_tags
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agencies import scoping
from agencies.models import Agency
from core import caching as page_cache
from core.dates import DATE, vn_date
from core.files import append_row, csv_bytes, safe_cell, unsafe_cell
from core.numbers import NumberError, parse_whole_number
from core.sanitize import clean_html, clean_text

from . import access, cycle
from .models import Activity, ActivityPhoto, Channel, ImportBatch, approved_windows
from .plausibility import unusual_quantity_message, usual_quantities

DATA_SHEET = "Kết quả thực hiện"
LISTS_SHEET = "Danh mục"
PROBLEMS_HEADER = "Lỗi / cảnh báo"
PROBLEMS_WIDTH, PROBLEMS_LINE_CHARS = 80, 75  # the problems column, and about how many characters fit a line
IMPORT_REASON = "Nhập từ Excel"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int
    hint: str = ""


COLUMNS = [
    Column("id", "Mã dòng", False, 10, "Mã của hoạt động, có trong tệp xuất Excel. Để trống với hoạt động mới; "
                                       "giữ nguyên để sửa đúng hoạt động đó"),
    Column("plan", "Kế hoạch", True, 18, "Số, ký hiệu của kế hoạch, ví dụ 15/KH-UBND"),
    Column("task", "Nhiệm vụ", False, 40, "Tên nhiệm vụ trong kế hoạch (có thể để trống)"),
    Column("agency", "Cơ quan, đơn vị", True, 32, "Tên cơ quan, đơn vị như ở trang Danh mục"),
    Column("channel", "Hình thức tuyên truyền", True, 30, "Như ở trang Danh mục"),
    Column("date", "Ngày thực hiện", True, 14, "dd/mm/yyyy"),
    Column("title", "Nội dung", True, 50, "Nội dung hoạt động"),
    Column("quantity", "Số lượng", True, 10, "Số nguyên không âm, theo đơn vị tính của hình thức; 1.000 là một nghìn"),
    Column("participants", "Số người tham dự", False, 12, "Lượt người; có thể để trống"),
    Column("awards", "Số giải", False, 9, "Với hội thi, cuộc thi"),
    Column("evidence_url", "Đường dẫn minh chứng", False, 36, "https://…"),
    Column("note", "Ghi chú", False, 40, "Mô tả ngắn; có thể để trống"),
]
HEADERS = [c.header for c in COLUMNS]
# The template marks the required columns "*" (README; the importer reads the headers with or without it).
TEMPLATE_HEADERS = [c.header + ("*" if c.required else "") for c in COLUMNS]
HEADER_LINE_POINTS = 15  # one line of the header's 11 pt bold text
KEYS = [c.key for c in COLUMNS]
LEGACY_KEYS = [k for k in KEYS if k != "id"]
LEGACY_HEADERS = [c.header for c in COLUMNS if c.key != "id"]  # the layout before "Mã dòng"
HEADER_OF = {c.key: c.header for c in COLUMNS}
# The model's fields and the columns that carry them (the column "note" is the field "description").
FIELD_OF = {"plan": "plan", "task": "task", "agency": "agency", "channel": "channel", "date": "date",
            "title": "title", "quantity": "quantity", "participants": "participants", "awards": "awards",
            "evidence_url": "evidence_url", "note": "description"}
COLUMN_OF_FIELD = {f: k for k, f in FIELD_OF.items()}
# What an import writes, and so what an undo puts back.
UNDO_FIELDS = ("plan", "task", "agency", "channel", "date", "title", "quantity", "participants", "awards",
               "evidence_url", "description")
_ATTNAMES = tuple(Activity._meta.get_field(name).attname for name in UNDO_FIELDS)
# Checked by the scoped look-ups, not by a query per row and foreign key.
_NOT_FIELD_VALIDATED = ["plan", "task", "agency", "channel", "created_by", "import_batch", "id", "created_at",
                        "updated_at"]


# --- names ----------------------------------------------------------------------------------------------

_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def name_key(value):
    """What two spellings of one name have in common: Unicode form (NFC/NFD), letter case, the kind of dash
    and the spaces around it, and where the tone mark sits ("hoà"/"hòa", "uỷ"/"ủy", "Toạ"/"Tọa"): a
    Vietnamese syllable has one tone, so it is moved to the syllable's end."""
    return _name_key("" if value is None else str(value))


@lru_cache(maxsize=20_000)
def _name_key(text):
    text = unicodedata.normalize("NFD", text).casefold()
    text = " ".join(_DASHES.sub(" - ", text).split())
    out, tone = [], ""
    for char in text:
        if char in _TONE_MARKS:
            tone = char
        elif char.isalnum() or unicodedata.combining(char):
            out.append(char)
        else:
            out.append(tone + char)
            tone = ""
    out.append(tone)
    return unicodedata.normalize("NFC", "".join(out))


class _Names:
    """Objects by the `name_key` of their names, with "did you mean" for a name that is not there."""

    def __init__(self):
        self.by_key, self.shown, self._suggestions = {}, {}, {}

    def add(self, name, obj, shown=None):
        if name:
            key = name_key(name)
            self.by_key.setdefault(key, obj)
            self.shown.setdefault(key, shown or name)

    def get(self, text):
        return self.by_key.get(name_key(text))

    def suggestion(self, text):
        key = name_key(text)
        if key not in self._suggestions:
            close = difflib.get_close_matches(key, list(self.shown), n=1, cutoff=0.6)
            self._suggestions[key] = f" Có phải là: “{self.shown[close[0]]}”?" if close else ""
        return self._suggestions[key]


def _plan_label(plan):
    return plan.document_number or plan.title


class _Lookups:
    """Everything a row may refer to, for this user, loaded once per file (a bounded number of queries)."""

    def __init__(self, user):
        self.user = user
        self.sees_all = scoping.sees_all(user)
        self.own_agency = getattr(user, "agency", None) if getattr(user, "agency_id", None) else None
        self.plans = _Names()
        for plan in access.plans_for_activities(user).order_by("-year", "title"):
            for name in (plan.document_number, plan.title, plan.slug):
                self.plans.add(name, plan, _plan_label(plan))
        self.tasks, self.tasks_anywhere = {}, _Names()
        for task in access.tasks_for_activities(user).select_related("plan", "channel").order_by("plan", "order"):
            self.tasks.setdefault(task.plan_id, _Names()).add(task.title, task)
            self.tasks_anywhere.add(task.title, task)
        # Every agency is recognised (their names are public), so that "not yours" is told apart from "no
        # such agency"; only `may_enter` (and an existing row's own agency) may be used.
        self.agencies, self.entry = _Names(), _Names()
        self.may_enter = set()
        for agency in Agency.objects.all():
            for name in (agency.name, agency.short_name):
                self.agencies.add(name, agency, agency.name)
        self.approved_windows = approved_windows(scoping.entry_agencies(user))  # the reporting cycle's locks
        for agency in scoping.entry_agencies(user):
            self.may_enter.add(agency.pk)
            for name in (agency.name, agency.short_name):
                self.entry.add(name, agency, agency.name)
        self.channels = _Names()
        for channel in Channel.objects.all():
            for name in (channel.name, f"{channel.name} ({channel.unit})", channel.code):
                self.channels.add(name, channel, channel.name)


# --- writing ------------------------------------------------------------------------------------------

def _column_letter(key):
    return get_column_letter(KEYS.index(key) + 1)


def _style_header(sheet, widths):
    """Bold wrapped headers in a row tall enough for the longest of them, so that none runs over row 2."""
    lines = 1
    for cell, width in zip(sheet[1], widths, strict=False):
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2E6E6")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(lines, len(textwrap.wrap(str(cell.value or ""), width=max(1, width - 1))) or 1)
    sheet.row_dimensions[1].height = lines * HEADER_LINE_POINTS
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width


LISTS = [  # (letter on the lists sheet, header, width)
    ("A", "Hình thức tuyên truyền", 44), ("B", "Đơn vị tính", 12), ("C", None, 2),
    ("D", "Cơ quan, đơn vị", 50), ("E", None, 2),
    ("F", "Kế hoạch", 18), ("G", "Tên kế hoạch", 70), ("H", None, 2),
    ("I", "Nhiệm vụ", 70), ("J", "Thuộc kế hoạch", 18),
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
                sheet.cell(line, first + i).value = safe_cell(value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, _header, width in LISTS:
        sheet.column_dimensions[letter].width = width
    return {"channel": len(columns[0]), "agency": len(columns[1]), "plan": len(columns[2]), "task": len(columns[3])}


_LIST_LETTER = {"channel": "A", "agency": "D", "plan": "F", "task": "I"}


def template_workbook(user):
    """The empty template: Vietnamese headers with hints, drop-downs fed by the second sheet, which lists
    only what this user may use (their agency, the plans and tasks they may record activities against)."""
    workbook = Workbook()
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
    last_row = settings.IMPORT_MAX_ROWS + 1  # every row a file may have
    for key in ("plan", "task", "agency", "channel"):
        if not counts[key]:
            continue
        source = _LIST_LETTER[key]
        validation = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!${source}$2:${source}${counts[key] + 1}",
                                    allow_blank=True, error="Chọn một giá trị trong danh sách (trang Danh mục).",
                                    errorTitle="Giá trị không hợp lệ", showErrorMessage=True)
        letter = _column_letter(key)
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
    # A column style, not thousands of pre-formatted cells: rows a person (or a script) appends start at row 2.
    sheet.column_dimensions[_column_letter("date")].number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def activity_row(activity):
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


def _note_from_html(html):
    return re.sub(r"\s+", " ", strip_tags(html or "").replace("&nbsp;", " ")).strip()


def activities_xlsx(activities):
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(HEADERS)
    _style_header(sheet, [c.width for c in COLUMNS])
    date_column = KEYS.index("date") + 1
    for activity in activities:
        append_row(sheet, activity_row(activity))
        sheet.cell(sheet.max_row, date_column).number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def activities_csv(activities):
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


def problems_workbook(result):
    """The uploaded rows as they came (in the file's own layout), each with its errors and warnings in a last
    column "Lỗi / cảnh báo" and the cells concerned coloured, so the officer fixes them in Excel and uploads
    the same file again (the importer ignores that column)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    keys = result.keys
    sheet.append([HEADER_OF[k] for k in keys] + [PROBLEMS_HEADER])
    _style_header(sheet, [c.width for c in COLUMNS if c.key in keys] + [PROBLEMS_WIDTH])
    error_fill, warning_fill = PatternFill("solid", fgColor="F8D7DA"), PatternFill("solid", fgColor="FFF3CD")
    position = {HEADER_OF[k]: i for i, k in enumerate(keys, 1)}
    date_column = keys.index("date") + 1
    for row in result.rows:
        append_row(sheet, [*row.cells, "\n".join(p.in_file() for p in row.problems) or None])
        line = sheet.max_row
        sheet.cell(line, date_column).number_format = "DD/MM/YYYY"
        for problem in sorted(row.problems, key=lambda p: not p.warning):  # an error's colour wins
            cell = sheet.cell(line, position.get(problem.column, len(keys) + 1))
            cell.fill = warning_fill if problem.warning else error_fill
        if row.problems:
            sheet.cell(line, len(keys) + 1).alignment = Alignment(wrap_text=True, vertical="top")
            # Spreadsheet programs do not grow a row for wrapped text they did not lay out themselves.
            lines = sum(-(-len(p.in_file()) // PROBLEMS_LINE_CHARS) for p in row.problems)
            sheet.row_dimensions[line].height = min(409, 15 * lines)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading ------------------------------------------------------------------------------------------

class ImportFileError(Exception):
    """The file as a whole cannot be read (not an xlsx, too big, wrong columns, empty)."""


@dataclass(frozen=True)
class Problem:
    line: int
    column: str | None  # the column's header, or None for the whole row
    text: str
    warning: bool = False

    def __str__(self):
        where = f"Dòng {self.line}, cột {self.column}" if self.column else f"Dòng {self.line}"
        return f"{where}: {self.text}"

    def in_file(self):
        """As written on the row itself in the problems file."""
        kind = "Cảnh báo" if self.warning else "Lỗi"
        return f"{kind}, cột {self.column}: {self.text}" if self.column else f"{kind}: {self.text}"


@dataclass
class RowResult:
    line: int
    cells: list = field(default_factory=list)  # as uploaded, in the file's layout
    values: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    action: str = ""  # "create", "update", "unchanged"
    activity: Activity | None = None  # the existing activity this row corrects
    instance: Activity | None = None  # what saving writes
    previous: dict | None = None  # an updated activity's values before the import
    bad_columns: set = field(default_factory=set)

    def problem(self, key, text, *, warning=False):
        self.problems.append(Problem(self.line, HEADER_OF.get(key), text, warning))
        if not warning and key:
            self.bad_columns.add(key)

    @property
    def errors(self):
        return [str(p) for p in self.problems if not p.warning]

    @property
    def warnings(self):
        return [str(p) for p in self.problems if p.warning]

    @property
    def action_label(self):
        if self.errors:
            return "Lỗi"
        return {"create": "Thêm mới", "update": "Cập nhật", "unchanged": "Không đổi"}.get(self.action, "Lỗi")


@dataclass
class ImportResult:
    rows: list
    file_errors: list = field(default_factory=list)
    keys: list = field(default_factory=lambda: list(KEYS))  # the file's layout

    @property
    def legacy(self):
        return "id" not in self.keys

    @property
    def errors(self):
        return self.file_errors + [e for row in self.rows for e in row.errors]

    @property
    def warnings(self):
        return [w for row in self.rows for w in row.warnings]

    @property
    def warning_count(self):
        return sum(1 for row in self.rows for p in row.problems if p.warning)

    @property
    def ok(self):
        return not self.errors

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action and not row.errors)


def open_workbook(data):
    """Check the bytes really are an .xlsx of a sane size before parsing them."""
    limit = settings.IMPORT_MAX_BYTES
    if len(data) > limit:
        size = f"{len(data) / 1048576:.1f}".replace(".", ",")
        raise ImportFileError(f"Tệp quá lớn ({size} MB); tối đa {limit // 1048576} MB.")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError("Đây là tệp Excel cũ (.xls). Vui lòng mở bằng Excel và lưu lại dưới dạng "
                              "“Sổ làm việc Excel (.xlsx)” rồi tải lên lại.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError("Tệp không phải là bảng tính Excel (.xlsx). Nếu đây là tệp CSV hoặc tệp đã đổi "
                              "đuôi, hãy mở bằng Excel và lưu lại dưới dạng .xlsx.")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            raise ImportFileError("Tệp không phải là bảng tính Excel (.xlsx).")
        unpacked = sum(info.file_size for info in archive.infolist())
        # Parsing the sheets is what costs CPU: their XML is bounded by what IMPORT_MAX_ROWS rows can need.
        sheets = sum(info.file_size for info in archive.infolist()
                     if info.filename.startswith("xl/worksheets/") or info.filename == "xl/sharedStrings.xml")
        if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES or sheets > settings.IMPORT_MAX_SHEET_XML_BYTES:
            raise ImportFileError("Tệp giải nén ra quá lớn; vui lòng chia nhỏ tệp (tối đa khoảng "
                                  f"{settings.IMPORT_MAX_ROWS:,} dòng mỗi lần).".replace(",", "."))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file  # noqa: BLE001
        raise ImportFileError("Không đọc được tệp Excel (tệp bị hỏng hoặc không đúng định dạng .xlsx).") from exc


def _header_key(value):
    return name_key(str(value or "").strip().rstrip("*"))


def _layout(header):
    """The file's columns (current layout or the one before "Mã dòng"), or ImportFileError saying why not."""
    found = [_header_key(h) for h in header]
    while found and found[-1] == "":
        found.pop()
    if found and found[-1] == _header_key(PROBLEMS_HEADER):  # our problems file, fixed and sent back
        found.pop()
    expected = [_header_key(h) for h in HEADERS]
    if found == expected:
        return list(KEYS)
    if found == expected[1:]:
        return list(LEGACY_KEYS)
    missing = [h for h in HEADERS if _header_key(h) not in found and h != HEADER_OF["id"]]
    extra = [str(h) for h in header if h not in (None, "") and _header_key(h) not in expected
             and _header_key(h) != _header_key(PROBLEMS_HEADER)]
    parts = []
    if missing:
        parts.append("thiếu cột " + ", ".join(f"“{h}”" for h in missing))
    if extra:
        parts.append("thừa cột " + ", ".join(f"“{h}”" for h in extra))
    if not parts:
        parts.append("các cột không đúng thứ tự của tệp mẫu")
    raise ImportFileError("Dòng tiêu đề không khớp tệp mẫu: " + "; ".join(parts)
                          + ". Vui lòng dùng tệp mẫu tải về từ trang này.")


def _parse_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial day numbers (1900 date system)
            return from_excel(value).date()
        raise ValueError
    text = str(value).strip()
    for pattern in (DATE, "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


_WEB_ADDRESS = URLValidator(schemes=["http", "https"])


def _unquote(text):
    return unsafe_cell(text) if text.startswith("'") else text


def _read_row(line, cells, keys, lookups):
    """Parse one row's cells into values; problems of form (a number, a date, a name not found)."""
    # "_x000B_" (a line break pasted from Word) and the like; the quote our own files put before "=…".
    cells = [_unquote(clean_text(cell)) if isinstance(cell, str) else cell for cell in cells]
    row = RowResult(line=line, cells=cells)
    raw = dict.fromkeys(KEYS)
    raw.update(zip(keys, cells, strict=True))
    values = row.values

    for column in COLUMNS:
        if column.required and column.key != "agency" and _blank(raw[column.key]):
            row.problem(column.key, "không được để trống")

    values["id"] = None
    if not _blank(raw["id"]):
        try:
            values["id"] = parse_whole_number(raw["id"])
        except NumberError as exc:
            row.problem("id", str(exc.message))

    plan = None
    if not _blank(raw["plan"]):
        plan = lookups.plans.get(raw["plan"])
        if plan is None:
            row.problem("plan", f"không tìm thấy kế hoạch “{raw['plan']}” (xem trang Danh mục)."
                                + lookups.plans.suggestion(raw["plan"]))
    values["plan"] = plan

    task = None
    if not _blank(raw["task"]) and plan is not None:
        names = lookups.tasks.get(plan.pk) or _Names()
        task = names.get(raw["task"])
        if task is None:
            # A task of another plan goes to the model, which refuses it as the admin form does.
            task = lookups.tasks_anywhere.get(raw["task"])
        if task is None:
            row.problem("task", f"kế hoạch {_plan_label(plan)} không có nhiệm vụ “{raw['task']}”."
                                + names.suggestion(raw["task"]))
    values["task"] = task

    agency = None
    if _blank(raw["agency"]):
        if lookups.sees_all or lookups.own_agency is None:
            row.problem("agency", "không được để trống")
        else:
            agency = lookups.own_agency
    else:
        agency = lookups.agencies.get(raw["agency"])
        if agency is None:
            row.problem("agency", f"không tìm thấy cơ quan, đơn vị “{raw['agency']}” (xem trang Danh mục)."
                                  + lookups.entry.suggestion(raw["agency"]))
    values["agency"] = agency  # whether this user may use it is decided with the row's activity (_check_agency)

    channel = None
    if not _blank(raw["channel"]):
        channel = lookups.channels.get(raw["channel"])
        if channel is None:
            row.problem("channel", f"không có hình thức tuyên truyền “{raw['channel']}” (xem trang Danh mục)."
                                   + lookups.channels.suggestion(raw["channel"]))
    values["channel"] = channel

    values["date"] = None
    if not _blank(raw["date"]):
        try:
            values["date"] = _parse_date(raw["date"])
        except (ValueError, OverflowError):
            row.problem("date", f"“{raw['date']}” không phải ngày hợp lệ (dd/mm/yyyy)")

    values["title"] = re.sub(r"\s+", " ", str(raw["title"] or "")).strip()

    for key, required in (("quantity", True), ("participants", False), ("awards", False)):
        values[key] = 0 if required else None
        if not _blank(raw[key]):
            try:
                values[key] = parse_whole_number(raw[key])
            except NumberError as exc:
                row.problem(key, str(exc.message))
                values[key] = None

    url = str(raw["evidence_url"] or "").strip()
    if url:
        try:
            _WEB_ADDRESS(url)
        except ValidationError:
            row.problem("evidence_url", "không phải đường dẫn hợp lệ (bắt đầu bằng http:// hoặc https://)")
    values["evidence_url"] = url
    values["note"] = re.sub(r"\s+", " ", str(raw["note"] or "")).strip()
    return row


def read_activities(data, user):
    """Read an uploaded .xlsx into rows with their problems and what saving would do. Saves nothing."""
    workbook = open_workbook(data)
    try:
        sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None or all(v in (None, "") for v in header):
            raise ImportFileError("Trang tính đầu tiên trống: không có dòng tiêu đề và dữ liệu.")
        keys = _layout(header)
        lookups = _Lookups(user)
        rows = []
        width = len(keys)
        for line, cells in enumerate(lines, start=2):
            # Every row read counts, blank ones too: a small file can hold a million rows of spaces.
            if line - 1 > settings.IMPORT_MAX_ROWS:
                raise ImportFileError(f"Tệp có quá {settings.IMPORT_MAX_ROWS:,} dòng (kể cả dòng trống); vui "
                                      "lòng xóa các dòng thừa hoặc chia nhỏ tệp.".replace(",", "."))
            cells = list(cells[:width]) + [None] * (width - len(cells[:width]))
            if all(_blank(v) for v in cells):
                continue
            rows.append(_read_row(line, cells, keys, lookups))
    finally:
        workbook.close()
    if not rows:
        raise ImportFileError("Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề.")
    result = ImportResult(rows=rows, keys=keys)
    _match_ids(result, lookups)
    if result.legacy:
        _match_old_keys(result, lookups)
    for row in rows:
        _check_agency(row, lookups)
        _validate(row, lookups)
    _same_row_twice(result)
    _warn(result)
    return result


def _chunks(items, size=500):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _match_ids(result, lookups):
    """Rows with a "Mã dòng": the activity it names, if this user may change it; each id once per file."""
    first_line = {}
    for row in result.rows:
        pk = row.values["id"]
        if pk is None:
            continue
        if pk in first_line:
            row.problem("id", f"mã {pk} đã có ở dòng {first_line[pk]}; mỗi hoạt động chỉ một dòng.")
            row.values["id"] = None
        else:
            first_line[pk] = row.line
    found = {}
    for chunk in _chunks(first_line):
        found.update((a.pk, a) for a in scoping.editable(Activity.objects.filter(pk__in=chunk), lookups.user))
    for row in result.rows:
        pk = row.values["id"]
        if pk is None:
            continue
        row.activity = found.get(pk)
        if row.activity is None:
            row.problem("id", f"không có hoạt động mã {pk} mà bạn được sửa (Mã dòng lấy từ tệp xuất Excel; để "
                              "trống với hoạt động mới).")


def _old_key(plan_id, agency_id, date, title):
    return (plan_id, agency_id, date, title.casefold())


def _same_days(rows):
    """One WHERE for the activities of the rows' plans and agencies on the rows' dates (None if no rows)."""
    pairs = {}
    for row in rows:
        pairs.setdefault((row.values["plan"].pk, row.values["agency"].pk), set()).add(row.values["date"])
    if not pairs:
        return None
    condition = Q()
    for (plan_id, agency_id), dates in pairs.items():
        condition |= Q(plan_id=plan_id, agency_id=agency_id, date__in=dates)
    return condition


def _match_old_keys(result, lookups):
    """A file in the layout before "Mã dòng": a row that matches one activity exactly on (plan, agency, date,
    content) corrects it, so importing the same old file twice adds nothing."""
    rows = [r for r in result.rows if r.values["plan"] and r.values["agency"] and r.values["date"]
            and r.values["title"]]
    condition = _same_days(rows)
    if condition is None:
        return
    existing = {}
    for activity in scoping.editable(Activity.objects.filter(condition), lookups.user):
        existing.setdefault(_old_key(activity.plan_id, activity.agency_id, activity.date, activity.title),
                            []).append(activity)
    for row in rows:
        v = row.values
        matches = existing.get(_old_key(v["plan"].pk, v["agency"].pk, v["date"], v["title"]), [])
        if len(matches) > 1:
            row.problem(None, f"có {len(matches)} hoạt động cùng kế hoạch, cơ quan, ngày và nội dung trong cơ sở dữ "
                              "liệu; hãy xuất Excel rồi sửa trên tệp xuất (có cột Mã dòng), hoặc sửa trực tiếp trong "
                              "trang quản trị.")
        elif matches:
            row.activity = matches[0]


def _check_agency(row, lookups):
    """A row may name an agency the user records for (`scoping.entry_agencies`), or keep the one its
    activity already has (an old row of an agency that has since closed)."""
    agency = row.values["agency"]
    if agency is None or agency.pk in lookups.may_enter:
        return
    if row.activity is not None and row.activity.agency_id == agency.pk:
        return
    if not lookups.sees_all:
        own = lookups.own_agency.name if lookups.own_agency else "cơ quan mình"
        row.problem("agency", f"bạn chỉ được nhập kết quả của {own}")
    else:
        row.problem("agency", f"cơ quan, đơn vị “{agency.name}” đã ngừng hoạt động; không thêm được kết quả mới "
                              "cho cơ quan này")
    row.values["agency"] = None


def _description(note, current=""):
    if current and note == _note_from_html(current):
        return current  # unchanged text keeps its formatting
    return clean_html(f"<p>{escape(note)}</p>") if note else ""  # what the database will hold


def _new_activity(values, skip, user):
    """A new activity from a row's values (except the columns in `skip`, which did not parse). Plan and task
    are given as the looked-up instances (clean() reads them); the other foreign keys as ids, which costs
    less per row."""
    given = {FIELD_OF[key]: values[key] for key in FIELD_OF if key not in skip and key != "note"}
    for key in ("agency", "channel"):
        if key in given:
            related = given.pop(key)
            given[f"{key}_id"] = related.pk if related else None
    if "note" not in skip:
        given["description"] = _description(values["note"])
    return Activity(created_by_id=getattr(user, "pk", None), **given)


def _apply(activity, values, skip):
    """Copy a row's values (except the columns in `skip`, which did not parse) onto an activity; return
    whether anything changed."""
    changed = False
    for key in ("plan", "task", "agency", "channel"):
        if key in skip:
            continue
        value = values[key]
        if getattr(activity, f"{key}_id") != (value.pk if value else None):
            setattr(activity, key, value)
            changed = True
        elif value is not None:
            setattr(activity, key, value)  # the looked-up instance: clean() reads its plan and channel
    current_title = activity.title or ""
    new = {"date": values["date"],
           "title": current_title if re.sub(r"\s+", " ", current_title).strip() == values["title"]
           else values["title"],
           "quantity": values["quantity"], "participants": values["participants"], "awards": values["awards"],
           "evidence_url": values["evidence_url"], "description": _description(values["note"], activity.description)}
    for name, value in new.items():
        if COLUMN_OF_FIELD[name] in skip:
            continue
        if getattr(activity, name) != value:
            setattr(activity, name, value)
            changed = True
    return changed


def _validate(row, lookups):
    """The model's own rules (Activity.full_clean, as in the admin form), mapped onto the row's columns."""
    if row.activity is not None:
        row.previous = {**_snapshot(row.activity), "approved": row.activity.approved}  # undo puts it back
        activity = row.activity
        changed = _apply(activity, row.values, row.bad_columns)
    else:
        activity, changed = _new_activity(row.values, row.bad_columns, lookups.user), True
    exclude = _NOT_FIELD_VALIDATED + [FIELD_OF[k] for k in row.bad_columns if k in FIELD_OF]
    activity._approved_windows = lookups.approved_windows
    try:
        activity.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, errors in exc.error_dict.items():
            key = COLUMN_OF_FIELD.get(name) if name != NON_FIELD_ERRORS else None
            if key in row.bad_columns:
                continue
            for error in errors:
                for text in error:
                    if error.code == "task_not_in_plan" and activity.task_id:
                        task = activity.task
                        text = f"{text} (nhiệm vụ “{task.title}” thuộc kế hoạch {_plan_label(task.plan)})"
                    row.problem(key, text)
    if row.errors:
        return
    row.instance = activity
    if row.activity is None:
        row.action = "create"
    else:
        row.action = "update" if changed else "unchanged"


def _same_row_twice(result):
    """Two rows without a "Mã dòng" with the same plan, agency, date and content in one file: one of them is
    a mistake (and in an old-layout file both would correct the same activity)."""
    seen = {}
    for row in result.rows:
        if row.errors or row.values["id"] is not None:
            continue
        v = row.values
        key = _old_key(v["plan"].pk, v["agency"].pk, v["date"], v["title"])
        if key in seen:
            row.problem(None, f"trùng với dòng {seen[key]} (cùng kế hoạch, cơ quan, ngày và nội dung).")
        else:
            seen[key] = row.line


def _warn(result):
    """Warnings the officer confirms: a quantity far above the agency's usual one for the channel; a new row
    that looks like an activity already recorded. Three queries for any number of rows."""
    rows = [r for r in result.rows if not r.errors and (
        r.action == "create" or (r.action == "update" and r.previous["quantity"] != r.values["quantity"]))]
    usual = usual_quantities((r.values["agency"].pk, r.values["channel"].pk) for r in rows)
    for row in rows:
        v = row.values
        message = unusual_quantity_message(v["quantity"], usual.get((v["agency"].pk, v["channel"].pk)),
                                           v["channel"].unit)
        if message:
            row.problem("quantity", message, warning=True)

    new = [r for r in rows if r.action == "create"]
    condition = _same_days(new)
    if condition is None:
        return
    existing = {}
    for pk, title, *key in (Activity.objects.filter(condition).order_by("pk")
                            .values_list("pk", "title", "plan_id", "agency_id", "channel_id", "date", "quantity")):
        existing.setdefault(tuple(key), (pk, title))
    for row in new:
        v = row.values
        match = existing.get((v["plan"].pk, v["agency"].pk, v["channel"].pk, v["date"], v["quantity"]))
        if match:
            row.problem(None, f"có thể trùng với hoạt động mã {match[0]} “{match[1]}” đã có (cùng kế hoạch, cơ "
                              "quan, hình thức, ngày và số lượng). Nếu muốn sửa hoạt động đó, hãy xuất Excel và sửa "
                              "trên tệp xuất (có cột Mã dòng).", warning=True)


# --- saving and undoing -------------------------------------------------------------------------------

def _snapshot(activity):
    """The values an import may change, as JSON."""
    return {name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name, value in zip(UNDO_FIELDS, (getattr(activity, a) for a in _ATTNAMES), strict=True)}


def _fingerprint(activity):
    return hashlib.sha256(repr(list(_snapshot(activity).values())).encode()).hexdigest()[:20]


def import_activities(*, result, user, filename=""):
    """Save every row of a checked file, all or nothing, as one recorded ImportBatch (returned)."""
    if not result.ok:
        raise ValueError("a file with errors cannot be saved")
    new = [row.instance for row in result.rows if row.action == "create"]
    changed = [row for row in result.rows if row.action == "update"]
    user = user if getattr(user, "pk", None) else None
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=user, agency_id=getattr(user, "agency_id", None), file_name=clean_text(filename or "")[:255],
            created_count=len(new), updated_count=len(changed), unchanged_count=result.count("unchanged"),
            warning_count=result.warning_count,
            previous_values={str(row.activity.pk): row.previous for row in changed},
        )
        now = timezone.now()
        for activity in new:
            activity.import_batch = batch
        for row in changed:
            row.activity.updated_at = now
        if new:
            bulk_create_with_history(new, Activity, batch_size=1000, default_user=user,
                                     default_change_reason=IMPORT_REASON)
        if changed:
            bulk_update_with_history([row.activity for row in changed], Activity,
                                     [*UNDO_FIELDS, "updated_at"], batch_size=1000,
                                     default_user=user, default_change_reason=IMPORT_REASON)
            # Changed data waits for approval again (the reporting cycle's rule, which new rows meet too).
            cycle.activities_refresh_approval(activities=Activity.objects.filter(
                pk__in=[row.activity.pk for row in changed]))
        batch.imported_state = {str(a.pk): _fingerprint(a) for a in [*new, *(row.activity for row in changed)]}
        batch.save(update_fields=["imported_state"])
        page_cache.bump()  # bulk writes send no signals
    return batch


class ImportUndoError(Exception):
    """Why a batch cannot be undone, in Vietnamese (`message`)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _ids_text(ids, limit=10):
    ids = sorted(ids)
    shown = ", ".join(str(pk) for pk in ids[:limit])
    return f"mã {shown}" + (f" và {len(ids) - limit} hoạt động khác" if len(ids) > limit else "")


def import_batch_undo(*, batch, user):
    """Undo a confirmed import in one transaction: delete the activities it added, put back the previous
    values of those it changed. Refused if any of them has been changed (or deleted, or given photos) since
    the import, and for anyone but the batch's author or a coordinator."""
    if not access.can_undo_import(user, batch):
        raise ImportUndoError("Chỉ người đã nhập tệp hoặc cán bộ điều phối cấp tỉnh mới được hoàn tác lần nhập này.")
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == ImportBatch.Status.UNDONE:
            when = f"{timezone.localtime(batch.undone_at):%H:%M} ngày {vn_date(batch.undone_at)}"
            raise ImportUndoError(f"Lần nhập số {batch.pk} đã được hoàn tác lúc {when}.")
        state = batch.imported_state
        created = list(access.with_lock(batch.activities.all()))
        updated = {}
        for chunk in _chunks(int(pk) for pk in batch.previous_values):
            updated.update((a.pk, a) for a in access.with_lock(Activity.objects.filter(pk__in=chunk)))
        expected_created = {int(pk) for pk in state} - {int(pk) for pk in batch.previous_values}
        touched = [*created, *updated.values()]
        gone = (expected_created - {a.pk for a in created}) | ({int(pk) for pk in batch.previous_values} - set(updated))
        differ = {a.pk for a in touched if _fingerprint(a) != state.get(str(a.pk))}
        if gone or differ:
            raise ImportUndoError(
                f"Không thể hoàn tác lần nhập số {batch.pk}: {len(gone | differ)} hoạt động đã được sửa hoặc xóa sau "
                f"lần nhập ({_ids_text(gone | differ)}). Hãy sửa trực tiếp các hoạt động cần sửa.")
        with_photos = set(ActivityPhoto.objects.filter(activity__import_batch=batch)
                          .values_list("activity_id", flat=True).distinct())
        if with_photos:
            raise ImportUndoError(
                f"Không thể hoàn tác lần nhập số {batch.pk}: {len(with_photos)} hoạt động do lần nhập thêm vào đã có "
                f"ảnh ({_ids_text(with_photos)}). Hãy xóa ảnh trước hoặc giữ lại lần nhập.")

        locked = {a.pk for a in touched if a.locked}
        if locked:
            raise ImportUndoError(
                f"Không thể hoàn tác lần nhập số {batch.pk}: {len(locked)} hoạt động thuộc kỳ báo cáo đã được duyệt "
                f"({_ids_text(locked)}). Đề nghị điều phối viên mở lại kỳ trước.")

        _check_references(batch)

        reason = f"Hoàn tác lần nhập Excel số {batch.pk}"
        now = timezone.now()
        _delete_with_history(created, batch, user, reason, now)
        for pk, activity in updated.items():
            for name, attname in zip(UNDO_FIELDS, _ATTNAMES, strict=True):
                value = batch.previous_values[str(pk)][name]
                setattr(activity, attname, dt.date.fromisoformat(value) if name == "date" else value)
            # As it was before the import (see cycle.activities_refresh_approval): pre-cycle data stays counted.
            activity.approved = bool(batch.previous_values[str(pk)].get("approved", False))
            activity.updated_at = now
        if updated:
            bulk_update_with_history(list(updated.values()), Activity, [*UNDO_FIELDS, "updated_at", "approved"],
                                     batch_size=1000,
                                     default_user=user, default_change_reason=reason, default_date=now)
        batch.status, batch.undone_by, batch.undone_at = ImportBatch.Status.UNDONE, user, now
        batch.save(update_fields=["status", "undone_by", "undone_at"])
        page_cache.bump()  # once, for everything above
    return batch


def _check_references(batch):
    """The plans, tasks, agencies and channels the previous values name must still exist (a task an import
    took an activity away from may have been deleted since)."""
    for name, label in (("plan", "kế hoạch"), ("task", "nhiệm vụ"), ("agency", "cơ quan, đơn vị"),
                        ("channel", "hình thức tuyên truyền")):
        wanted = {v[name] for v in batch.previous_values.values() if v[name] is not None}
        model = Activity._meta.get_field(name).related_model
        missing = wanted - set(model.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
        if missing:
            raise ImportUndoError(
                f"Không thể hoàn tác lần nhập số {batch.pk}: {label} mà các hoạt động được cập nhật từng thuộc về đã "
                f"bị xóa (mã {', '.join(str(pk) for pk in sorted(missing))}).")


def _delete_with_history(activities, batch, user, reason, now):
    """Delete the batch's activities with one history row each, in bulk: a queryset delete would send two
    signals per row (history, page cache) — thousands of single inserts and cache bumps."""
    if not activities:
        return
    history = Activity.history.model
    history.objects.bulk_create([
        history(history_date=now, history_user=user, history_change_reason=reason, history_type="-",
                **{f.attname: getattr(a, f.attname) for f in history.tracked_fields})
        for a in activities
    ], batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(Activity._meta.db_table)} "  # noqa: S608  # nosec B608 — names from the model
                       f"WHERE {connection.ops.quote_name('import_batch_id')} = %s", [batch.pk])
