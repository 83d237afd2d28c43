"""What every Excel import of the portal shares (the activities', the agencies', the staff accounts'): an
uploaded .xlsx opened only within its bounds (`open_workbook`: its size, its kind, what it unpacks to; then
`sheet_lines` and IMPORT_MAX_ROWS), its header row matched by name (`header_key`), its cells cleaned and our
own apostrophe taken off (`clean_cells`), each problem told with its row and column (`Problem`); the files
handed out: a template with its headers, hints and drop-down lists (`template_sheets`), the same template
holding the uploaded rows with a last column "Lỗi / cảnh báo" (`problems_workbook`); and the checked file
kept for its owner between the preview and the confirmation, in the private storage every node sees
(`pending_store`, `pending_path`).

A simple table (one header row, one record a row) is read by `read_table`; what a row means, and the rules
it must meet, belong to the app that imports it. Nothing here knows an app of the portal."""

import datetime as dt
import io
import re
import secrets
import textwrap
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from .dates import DATE
from .files import append_row, private_storage, set_text, unsafe_cell
from .sanitize import clean_text
from .workbooks import fit_row_height, print_setup, workbook_bytes

PROBLEMS_HEADER = "Lỗi / cảnh báo"  # the last column of the problems file, which the importers ignore
LISTS_SHEET = "Danh mục"
PROBLEMS_WIDTH = 36  # the problems column
LIST_MAX_WIDTH = 48  # a column of the "Danh mục" sheet; longer names wrap
HEADER_LINE_POINTS = 15  # one line of the header's 11 pt bold text
PENDING_STALE_SECONDS = 24 * 3600


class ImportFileError(Exception):
    """The file as a whole cannot be read (not an xlsx, too big, wrong columns, empty)."""


# --- names as people type them -------------------------------------------------------------------------

_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def name_key(value: object) -> str:
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


def header_key(value) -> str:
    """A header as matched: its name_key, without the "*" the templates put on required columns."""
    return name_key(str(value or "").strip().rstrip("*"))


# --- reading --------------------------------------------------------------------------------------------

def open_workbook(data: bytes, *, load=load_workbook) -> Workbook:
    """Check the bytes really are an .xlsx of a sane size before parsing them (with `load`)."""
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
        return load(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file  # noqa: BLE001
        raise ImportFileError("Không đọc được tệp Excel (tệp bị hỏng hoặc không đúng định dạng .xlsx).") from exc


def sheet_lines(sheet):
    """The sheet's rows as values. openpyxl reads a cell Excel stores as a number with int() or float() as it
    goes: a number of more than 4,300 digits (int() refuses it) or a damaged one stops the whole sheet there,
    so the file is refused naming its row — never a 500, nothing saved."""
    lines = sheet.iter_rows(values_only=True)
    line = 1
    while True:
        try:
            cells = next(lines)
        except StopIteration:
            return
        except ValueError as exc:
            raise ImportFileError(
                f"Dòng {line} có một số quá dài (hơn 4.300 chữ số) hoặc một ô hỏng nên không đọc được tệp; chưa "
                "có gì được lưu. Vui lòng sửa ô đó (số lượng tối đa 2.147.483.647) rồi tải lên lại.") from exc
        yield cells
        line += 1


def too_many_rows(line: int) -> ImportFileError | None:
    """The error for a file that reaches sheet line `line` beyond IMPORT_MAX_ROWS data rows (blank rows
    count: a small file can hold a million rows of spaces)."""
    if line - 1 > settings.IMPORT_MAX_ROWS:
        return ImportFileError(f"Tệp có quá {settings.IMPORT_MAX_ROWS:,} dòng (kể cả dòng trống); vui "
                               "lòng xóa các dòng thừa hoặc chia nhỏ tệp.".replace(",", "."))
    return None


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def unquote(text: str) -> str:
    """The quote our own files put before "=…" taken off again."""
    return unsafe_cell(text) if text.startswith("'") else text


def clean_cells(cells) -> list:
    """"_x000B_" (a line break pasted from Word) and the like cleaned; the quote our own files put before
    "=…" taken off. Numbers and dates as they are."""
    return [unquote(clean_text(cell)) if isinstance(cell, str) else cell for cell in cells]


def one_line(value) -> str:
    """A text on one line, its runs of spaces and line breaks made one space ("" for a blank cell)."""
    return re.sub(r"\s+", " ", str(value if value is not None else "")).strip()


def cell_date(value) -> dt.date:
    """A date cell, an Excel serial day number, or a text dd/mm/yyyy (or dd-mm-yyyy, dd.mm.yyyy,
    yyyy-mm-dd). ValueError (or OverflowError) if it is none of them."""
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


def check_header(header, headers: list[str]) -> None:
    """ImportFileError naming the missing and extra columns unless `header` (a sheet's first row) is
    `headers` in this order (with or without "*", and an ignored last column "Lỗi / cảnh báo")."""
    found = [header_key(h) for h in header]
    while found and found[-1] == "":
        found.pop()
    if found and found[-1] == header_key(PROBLEMS_HEADER):  # our problems file, fixed and sent back
        found.pop()
    expected = [header_key(h) for h in headers]
    if found == expected:
        return
    raise header_error(header, headers)


def header_error(header, headers: list[str], *, optional=()) -> ImportFileError:
    """What is wrong with a header row that is not `headers`: the missing columns (except `optional`), the
    extra ones, or their order."""
    found = [header_key(h) for h in header]
    expected = [header_key(h) for h in headers]
    missing = [h for h in headers if header_key(h) not in found and h not in optional]
    extra = [str(h) for h in header if h not in (None, "") and header_key(h) not in expected
             and header_key(h) != header_key(PROBLEMS_HEADER)]
    parts = []
    if missing:
        parts.append("thiếu cột " + ", ".join(f"“{h}”" for h in missing))
    if extra:
        parts.append("thừa cột " + ", ".join(f"“{h}”" for h in extra))
    if not parts:
        parts.append("các cột không đúng thứ tự của tệp mẫu")
    return ImportFileError("Dòng tiêu đề không khớp tệp mẫu: " + "; ".join(parts)
                           + ". Vui lòng dùng tệp mẫu tải về từ trang này.")


def read_table(data: bytes, *, sheet_name: str, headers: list[str]) -> list[tuple[int, list]]:
    """The data rows of a simple table, [(line in the sheet, cleaned cells)], blank rows left out: the sheet
    `sheet_name` (or the first), whose header row must be `headers`. ImportFileError for a file that cannot
    be read, has other columns, more than IMPORT_MAX_ROWS rows, or no data row. Saves nothing."""
    workbook = open_workbook(data)
    rows = []
    try:
        sheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
        lines = sheet_lines(sheet)
        header = next(lines, None)
        if header is None or all(v in (None, "") for v in header):
            raise ImportFileError("Trang tính đầu tiên trống: không có dòng tiêu đề và dữ liệu.")
        check_header(header, headers)
        width = len(headers)
        for line, cells in enumerate(lines, start=2):
            if error := too_many_rows(line):
                raise error
            cells = list(cells[:width]) + [None] * (width - len(cells[:width]))
            if all(blank(v) for v in cells):
                continue
            rows.append((line, clean_cells(cells)))
    finally:
        workbook.close()
    if not rows:
        raise ImportFileError("Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề.")
    return rows


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
class TableRow:
    """One data row of a simple table: its cells as uploaded, what they mean (`values`), its problems and
    what saving it does (`action`, "create" unless it has errors)."""

    line: int
    cells: list
    values: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    action: str = "create"

    def problem(self, column: str | None, text: str, *, warning: bool = False):
        self.problems.append(Problem(self.line, column, str(text), warning))

    @property
    def errors(self):
        return [str(p) for p in self.problems if not p.warning]

    @property
    def warnings(self):
        return [str(p) for p in self.problems if p.warning]

    @property
    def action_label(self):
        return "Lỗi" if self.errors else {"create": "Thêm mới"}.get(self.action, "Lỗi")


class RowsSummary:
    """What a checked file's rows add up to, for every import (its `rows` each carry errors, warnings,
    problems and an action)."""

    @property
    def errors(self):
        return [e for row in self.rows for e in row.errors]

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


@dataclass
class TableResult(RowsSummary):
    """A checked file: its rows and its headers (for the preview and the problems file)."""

    rows: list
    headers: list


# --- writing --------------------------------------------------------------------------------------------

def style_header(sheet, widths):
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


def add_list_validation(sheet, column: int, lists_sheet: str, list_letter: str, count: int) -> None:
    """A drop-down on every data row a file may have (IMPORT_MAX_ROWS) of `column` (1-based), offering the
    `count` values under the header of `list_letter` on the sheet `lists_sheet`."""
    if not count:
        return
    validation = DataValidation(type="list", formula1=f"'{lists_sheet}'!${list_letter}$2:${list_letter}${count + 1}",
                                allow_blank=True, error="Chọn một giá trị trong danh sách (trang Danh mục).",
                                errorTitle="Giá trị không hợp lệ", showErrorMessage=True)
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{settings.IMPORT_MAX_ROWS + 1}")
    sheet.add_data_validation(validation)


def template_sheets(workbook: Workbook, *, sheet_title: str, columns, lists=None, number_formats=None) -> Workbook:
    """An empty import template in `workbook` (already described): the data sheet with the columns' headers
    ("*" on required ones), their hints as comments, and for each column key in `lists` ({key: (header,
    [values])}) a drop-down fed by a column of the second sheet "Danh mục". `number_formats` ({key: format})
    styles whole columns (rows a person appends start at row 2). `columns` have key, header, required,
    width and hint. Both sheets print A4, one page wide (core.workbooks)."""
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append([c.header + ("*" if c.required else "") for c in columns])
    style_header(sheet, [c.width for c in columns])
    for i, column in enumerate(columns, 1):
        if column.hint:
            sheet.cell(1, i).comment = Comment(column.hint + (" (bắt buộc)" if column.required else ""), "CCHC")
    position = {c.key: i for i, c in enumerate(columns, 1)}
    if lists:
        lists_sheet = workbook.create_sheet(LISTS_SHEET)
        for n, (key, (header, values)) in enumerate(lists.items()):
            letter = get_column_letter(2 * n + 1)  # a narrow blank column between two lists
            lists_sheet[f"{letter}1"] = header
            lists_sheet[f"{letter}1"].font = Font(bold=True)
            width = min(LIST_MAX_WIDTH, max([len(header), *(len(str(v)) for v in values)]) + 4)
            lists_sheet.column_dimensions[letter].width = width
            lists_sheet.column_dimensions[get_column_letter(2 * n + 2)].width = 2
            for line, value in enumerate(values, start=2):
                cell = set_text(lists_sheet[f"{letter}{line}"], value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            add_list_validation(sheet, position[key], LISTS_SHEET, letter, len(values))
        print_setup(lists_sheet)
    for key, number_format in (number_formats or {}).items():
        sheet.column_dimensions[get_column_letter(position[key])].number_format = number_format
    print_setup(sheet)
    return workbook


def problems_workbook(template: Workbook, *, rows, number_formats=None) -> bytes:
    """The uploaded rows written into the import's own template (`template`, as `template_sheets` made it:
    its required marks, hints, drop-downs and "Danh mục" sheet kept), so the officer fixes them in place
    and uploads the same file again: `rows` are (cells in the template's columns, problems), each problem
    written in a last column "Lỗi / cảnh báo" (which the importers ignore) and the cell of its column (a
    header, without "*") coloured. `number_formats` ({1-based column: format}) for dates."""
    sheet = template.worksheets[0]
    position = {header_key(cell.value): cell.column for cell in sheet[1] if cell.value}
    last = len(position) + 1
    sheet.cell(1, last).value = PROBLEMS_HEADER
    style_header(sheet, [*(sheet.column_dimensions[get_column_letter(i)].width for i in range(1, last)),
                         PROBLEMS_WIDTH])
    error_fill, warning_fill = PatternFill("solid", fgColor="F8D7DA"), PatternFill("solid", fgColor="FFF3CD")
    for cells, problems in rows:
        append_row(sheet, [*cells, "\n".join(p.in_file() for p in problems) or None])
        line = sheet.max_row
        for column, number_format in (number_formats or {}).items():
            sheet.cell(line, column).number_format = number_format
        for problem in sorted(problems, key=lambda p: not p.warning):  # an error's colour wins
            cell = sheet.cell(line, position.get(header_key(problem.column), last))
            cell.fill = warning_fill if problem.warning else error_fill
        for cell in sheet[line]:  # the row's values beside the first of its problems, wrapped
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        fit_row_height(sheet, line)
    print_setup(sheet)
    return workbook_bytes(template)


# --- the checked file, between the preview and the confirmation --------------------------------------------

PENDING_FOLDER = "nhap-cho-xac-nhan"


class PendingUpload:
    """A checked upload waiting for its confirmation, in the private storage — which every application node
    sees (a shared folder or object storage), so the confirmation may reach another node than the check."""

    def __init__(self, name):
        self.name = name

    def exists(self) -> bool:
        return private_storage().exists(self.name)

    def read_bytes(self) -> bytes:
        with private_storage().open(self.name, "rb") as handle:
            return handle.read()

    def unlink(self, missing_ok=True) -> None:
        private_storage().delete(self.name)


def pending_path(user, token) -> PendingUpload | None:
    """Where the file `user` uploaded under `token` waits (None for a token that is not one of ours): the
    user's id is part of the name, so nobody else's token finds it."""
    if not (isinstance(token, str) and len(token) == 32 and all(c in "0123456789abcdef" for c in token)):
        return None
    return PendingUpload(f"{PENDING_FOLDER}/{user.pk}-{token}.xlsx")


def pending_forget_stale() -> None:
    storage = private_storage()
    cutoff = timezone.now() - dt.timedelta(seconds=PENDING_STALE_SECONDS)
    try:
        _folders, names = storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return
    for name in names:
        path = f"{PENDING_FOLDER}/{name}"
        try:
            if name.endswith(".xlsx") and storage.get_modified_time(path) < cutoff:
                storage.delete(path)
        except FileNotFoundError:  # removed meanwhile by another node
            pass


def pending_store(user, data: bytes) -> str:
    """Keep a checked upload of `user` for its confirmation (a day at most); return its random token."""
    pending_forget_stale()
    token = secrets.token_hex(16)
    private_storage().save(pending_path(user, token).name, ContentFile(data))
    return token
