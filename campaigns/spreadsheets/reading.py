"""An uploaded .xlsx read into rows (`read_activities`), saving nothing: the file checked as a whole
(`open_workbook`: its size, its kind, what it unpacks to; its header row: the current layout or the one
before "Mã dòng"), then each row's cells parsed by their columns' parsers, the row matched to the activity
it corrects ("Mã dòng", or in an old file plan, agency, date and content), checked by the model's own rules
(`Activity.full_clean`), and warned about (an unusual quantity, a likely duplicate). Every problem is
reported with its row and column, in Vietnamese (`ImportResult`)."""

import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils.html import escape
from openpyxl import load_workbook

from accounts.models import User
from agencies import scoping
from core import spreadsheets as sheets
from core.sanitize import clean_html
from core.spreadsheets import PROBLEMS_HEADER, ImportFileError, Problem, RowsSummary, clean_cells, header_key

from ..models import Activity
from ..plausibility import unusual_quantity_message, usual_quantities
from .cells import CellError, _blank, _note_from_html
from .columns import (
    COLUMN_OF_FIELD,
    COLUMNS,
    DATA_SHEET,
    FIELD_OF,
    HEADER_OF,
    HEADERS,
    KEYS,
    LEGACY_KEYS,
    _snapshot,
)
from .names import _Lookups, _plan_label

# Checked by the scoped look-ups, not by a query per row and foreign key.
_NOT_FIELD_VALIDATED = ["plan", "task", "agency", "channel", "created_by", "import_batch", "id", "created_at",
                        "updated_at"]


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
class ImportResult(RowsSummary):
    rows: list
    keys: list = field(default_factory=lambda: list(KEYS))  # the file's layout

    @property
    def legacy(self):
        return "id" not in self.keys


def open_workbook(data: bytes):
    """Check the bytes really are an .xlsx of a sane size before parsing them (core.spreadsheets)."""
    return sheets.open_workbook(data, load=load_workbook)


def _layout(header):
    """The file's columns (current layout or the one before "Mã dòng"), or ImportFileError saying why not."""
    found = [header_key(h) for h in header]
    while found and found[-1] == "":
        found.pop()
    if found and found[-1] == header_key(PROBLEMS_HEADER):  # our problems file, fixed and sent back
        found.pop()
    expected = [header_key(h) for h in HEADERS]
    if found == expected:
        return list(KEYS)
    if found == expected[1:]:
        return list(LEGACY_KEYS)
    raise sheets.header_error(header, HEADERS, optional=[HEADER_OF["id"]])


def _read_row(line, cells, keys, lookups):
    """Parse one row's cells into values, each by its column's parser; problems of form (a number, a date, a
    name not found): first the required cells left blank, then the others in the order of the columns."""
    cells = clean_cells(cells)
    row = RowResult(line=line, cells=cells)
    raw = dict.fromkeys(KEYS)
    raw.update(zip(keys, cells, strict=True))
    for column in COLUMNS:
        if column.required and not column.parse_checks_blank and _blank(raw[column.key]):
            row.problem(column.key, "không được để trống")
    for column in COLUMNS:
        try:
            row.values[column.key] = column.parse(raw[column.key], row.values, lookups)
        except CellError as exc:
            row.problem(column.key, exc.message)
            row.values[column.key] = exc.value
    return row


def read_activities(data: bytes, user: User | None) -> ImportResult:
    """Read an uploaded .xlsx into rows with their problems and what saving would do. Saves nothing."""
    workbook = open_workbook(data)
    try:
        sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        lines = sheets.sheet_lines(sheet)
        header = next(lines, None)
        if header is None or all(v in (None, "") for v in header):
            raise ImportFileError("Trang tính đầu tiên trống: không có dòng tiêu đề và dữ liệu.")
        keys = _layout(header)
        lookups = _Lookups(user)
        rows = []
        width = len(keys)
        for line, cells in enumerate(lines, start=2):
            # Every row read counts, blank ones too: a small file can hold a million rows of spaces.
            if error := sheets.too_many_rows(line):
                raise error
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
        row.problem("agency", agency.refusal() or f"cơ quan, đơn vị “{agency.name}” không nhận kết quả mới")
    row.values["agency"] = None


def _description(note, current=""):
    if current and note == _note_from_html(current):
        return current  # unchanged text keeps its formatting
    return clean_html(f"<p>{escape(note)}</p>") if note else ""  # what the database will hold


def _new_activity(values, skip, user):
    """A new activity from a row's values (except the columns in `skip`, which did not parse). Plan, task
    and agency are given as the looked-up instances (clean() reads them: the agency's dates); the channel
    as an id, which costs less per row."""
    given = {FIELD_OF[key]: values[key] for key in FIELD_OF if key not in skip and key != "note"}
    if "channel" in given:
        channel = given.pop("channel")
        given["channel_id"] = channel.pk if channel else None
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
            setattr(activity, key, value)  # the looked-up instance: clean() reads its plan, agency and channel
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
    if row.values.get("channel") is None:  # the task's, given by Activity.clean
        row.values["channel"] = activity.channel
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

