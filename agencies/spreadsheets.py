"""A province's agencies loaded from Excel: one agency a row (official code, name, short name, kind, parent,
the date it exists from) and, for a unit born of a change, the agencies before it with the change's kind
and legal basis — the activity import's template, preview, problems file and all-or-nothing confirmation
(core.spreadsheets).

Every rule is the model's or agency_change_record's, never a copy: each row becomes an Agency through
`Agency.full_clean` (the code's shape by kind, a code never given twice nor reused, a unique name); the
parent is an agency of the file or of the database, by code or name; the agencies before are recorded with
`agencies.changes.agency_change_record` (no cycle of successors, not dated before the agencies before
existed, which it closes). Rows naming the same agencies before, on the same date, kind and basis, are one
change (a split: one source, several rows). Reading a file saves it all inside a transaction that is then
rolled back (`read_agencies`), so each row meets the rows above it exactly as when it is saved;
`agency_import` does the same and commits, all or nothing."""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from openpyxl import Workbook

from core import spreadsheets as sheets
from core.dates import vn_date
from core.identity import describe_workbook
from core.spreadsheets import TableResult, TableRow, blank, cell_date, name_key, one_line
from core.workbooks import workbook_bytes

from .changes import agency_change_record
from .models import Agency, AgencyChange

DATA_SHEET = "Cơ quan, đơn vị"


class Column:
    def __init__(self, key, header, required, width, hint):
        self.key, self.header, self.required, self.width, self.hint = key, header, required, width, hint


# Widths in Calibri-11 digits, 179 in all: the template prints on A4 landscape at ~80 %, the problems file at
# ~66 % (they were 220: the problems file printed at 56 %).
COLUMNS = [
    Column("code", "Mã đơn vị", False, 9, "Mã đơn vị hành chính (Quyết định 19/2025/QĐ-TTg): tỉnh 2 chữ số, xã 5 "
                                          "chữ số; sở, ban, ngành để trống"),
    Column("name", "Tên cơ quan, đơn vị", True, 32, "Tên đầy đủ, ví dụ UBND xã Tân Thành; không trùng tên đã có"),
    Column("short_name", "Tên viết tắt", False, 12, "Có thể để trống"),
    Column("kind", "Loại", True, 20, "Chọn trong danh sách"),
    Column("parent", "Cơ quan cấp trên", False, 26, "Mã hoặc tên của một đơn vị trong tệp này hoặc đã có"),
    Column("existed_from", "Hoạt động từ ngày", False, 12, "dd/mm/yyyy; bắt buộc khi có đơn vị trước (là ngày hiệu "
                                                          "lực của thay đổi)"),
    Column("predecessors", "Đơn vị trước", False, 28, "Mã hoặc tên các đơn vị trước (trong tệp này hoặc đã có), "
                                                    "cách nhau bằng dấu ;"),
    Column("change_kind", "Loại thay đổi", False, 16, "Khi có đơn vị trước: sáp nhập, chia tách, đổi tên hoặc "
                                                    "chuyển giao"),
    Column("legal_basis", "Căn cứ pháp lý", False, 24, "Khi có đơn vị trước, ví dụ Nghị quyết 202/2025/QH15"),
]
HEADERS = [c.header for c in COLUMNS]
HEADER_OF = {c.key: c.header for c in COLUMNS}
# Where change_errors' and full_clean's fields are shown.
CHANGE_FIELD_COLUMN = {"kind": "change_kind", "effective_date": "existed_from", "legal_basis": "legal_basis",
                       "sources": "predecessors", "successors": "predecessors"}
AGENCY_FIELD_COLUMN = {"official_code": "code", "name": "name", "short_name": "short_name", "kind": "kind",
                       "parent": "parent", "existed_from": "existed_from", "existed_to": "existed_from"}


class _Rollback(Exception):
    """Leaves the checking transaction, undoing what it saved."""


def may_import(user) -> bool:
    """Who loads agencies: whoever may add agencies and record their changes for the whole province (the
    provincial coordinators' role, agencies.apps; a superuser)."""
    return user.is_active and user.has_perms(["agencies.add_agency", "agencies.add_agencychange",
                                              "agencies.manage_all_agencies"])


def _template(title):
    return sheets.template_sheets(describe_workbook(Workbook(), title=title), sheet_title=DATA_SHEET,
                                  columns=COLUMNS, lists={
        "kind": ("Loại", [str(label) for label in Agency.Kind.labels]),
        "change_kind": ("Loại thay đổi", [str(label) for label in AgencyChange.Kind.labels]),
    }, number_formats={"existed_from": "DD/MM/YYYY"})


def template_workbook(user) -> bytes:
    return workbook_bytes(_template("Mẫu nhập cơ quan, đơn vị"))


def problems_workbook(result: TableResult, user) -> bytes:
    """The rows of the checked file in the template, each with its problems, to fix in place."""
    return sheets.problems_workbook(_template("Cơ quan, đơn vị: lỗi khi nhập"),
                                    rows=((row.cells, row.problems) for row in result.rows),
                                    number_formats={HEADERS.index(HEADER_OF["existed_from"]) + 1: "DD/MM/YYYY"})


def _choices(choices):
    """{name_key: value} of a TextChoices' values and labels."""
    found = {}
    for value, label in choices.choices:
        found[name_key(value)] = value
        found[name_key(label)] = value
        found.setdefault(name_key(re.sub(r"\s*\(.*\)$", "", str(label))), value)  # "Cấp huyện (đến 30/6/2025)"
    return found


_KINDS, _CHANGE_KINDS = _choices(Agency.Kind), _choices(AgencyChange.Kind)


def _code(value):
    """A code as typed or as Excel keeps it: 1 for "01" in a number cell cannot be told apart, so a number
    is read as it shows (integers only)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return one_line(value)


def _parse(line, cells):
    row = TableRow(line=line, cells=cells)
    raw = dict(zip([c.key for c in COLUMNS], cells, strict=True))
    for column in COLUMNS:
        if column.required and blank(raw[column.key]):
            row.problem(column.header, "không được để trống")
    v = row.values
    v["code"] = _code(raw["code"])
    v["name"], v["short_name"] = one_line(raw["name"]), one_line(raw["short_name"])
    v["kind"] = _KINDS.get(name_key(one_line(raw["kind"]))) if not blank(raw["kind"]) else None
    if not blank(raw["kind"]) and v["kind"] is None:
        row.problem(HEADER_OF["kind"], f"không có loại “{one_line(raw['kind'])}”; chọn một trong: "
                                       + ", ".join(str(label) for label in Agency.Kind.labels) + ".")
    v["parent"] = _code(raw["parent"])
    v["existed_from"] = None
    if not blank(raw["existed_from"]):
        try:
            v["existed_from"] = cell_date(raw["existed_from"])
        except (ValueError, OverflowError):
            row.problem(HEADER_OF["existed_from"], f"“{raw['existed_from']}” không phải ngày hợp lệ (dd/mm/yyyy)")
    v["predecessors"] = [ref for ref in (one_line(part) for part in re.split(r"[;\n]", _code(raw["predecessors"])))
                         if ref]
    v["change_kind"] = None
    if not blank(raw["change_kind"]):
        v["change_kind"] = _CHANGE_KINDS.get(name_key(one_line(raw["change_kind"])))
        if v["change_kind"] is None:
            row.problem(HEADER_OF["change_kind"], f"không có loại thay đổi “{one_line(raw['change_kind'])}”; chọn "
                        "một trong: " + ", ".join(str(label) for label in AgencyChange.Kind.labels) + ".")
    v["legal_basis"] = one_line(raw["legal_basis"])
    if v["predecessors"]:
        if v["existed_from"] is None and blank(raw["existed_from"]):
            row.problem(HEADER_OF["existed_from"], "đơn vị có đơn vị trước cần ngày hoạt động từ (ngày hiệu lực "
                                                   "của thay đổi).")
        if blank(raw["change_kind"]):
            row.problem(HEADER_OF["change_kind"], "đơn vị có đơn vị trước cần loại thay đổi (sáp nhập, chia tách, "
                                                  "đổi tên hoặc chuyển giao).")
    elif v["change_kind"] or v["legal_basis"]:
        row.problem(HEADER_OF["predecessors"], "có loại thay đổi hoặc căn cứ pháp lý nhưng không ghi đơn vị trước.")
    return row


def _same_twice(rows):
    """A code or a name given twice in the file: the second names the first's row."""
    for key, label in (("code", "mã"), ("name", "tên")):
        first = {}
        for row in rows:
            value = row.values[key]
            if not value:
                continue
            if name_key(value) in first:
                row.problem(HEADER_OF[key], f"{label} “{value}” đã có ở dòng {first[name_key(value)]}; mỗi đơn vị "
                                            "chỉ một dòng.")
            else:
                first[name_key(value)] = row.line


def _messages(error: ValidationError):
    """{field or NON_FIELD_ERRORS: [messages]} of a ValidationError with or without fields."""
    return error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}


def _report(row, errors, columns):
    bad = {p.column for p in row.problems if not p.warning}
    for field, messages in errors.items():
        column = HEADER_OF.get(columns.get(field, "")) if field != NON_FIELD_ERRORS else None
        if column in bad:
            continue
        for message in messages:
            row.problem(column, message)


class _Refs:
    """Agencies by code, name and short name: the file's rows first, then the database's."""

    def __init__(self, rows):
        self.file, self.db = {}, {}
        for row in rows:
            for name in (row.values["code"], row.values["name"], row.values["short_name"]):
                if name:
                    self.file.setdefault(name_key(name), row)
        for agency in Agency.objects.all():
            for name in (agency.official_code, agency.name, agency.short_name):
                if name:
                    self.db.setdefault(name_key(name), agency)

    def get(self, ref):
        """(the file's row, None) or (None, the agency already there) or (None, None) for an unknown one."""
        key = name_key(ref)
        if key in self.file:
            return self.file[key], None
        return None, self.db.get(key)


def _unknown(ref):
    return (f"không tìm thấy đơn vị “{ref}” (mã hoặc tên) trong tệp này hay trong danh sách cơ quan, đơn vị "
            "đã có.")


def _create_agencies(rows):
    for row in rows:
        if row.errors:
            continue
        v = row.values
        agency = Agency(official_code=v["code"], name=v["name"], short_name=v["short_name"], kind=v["kind"],
                        existed_from=v["existed_from"])
        try:
            agency.full_clean(exclude=["parent"])
        except ValidationError as exc:
            _report(row, _messages(exc), AGENCY_FIELD_COLUMN)
            continue
        with transaction.atomic():
            agency.save()
        v["agency"] = agency


def _parent_loop(row, parents):
    """Whether following the file's parents from `row` comes back to it."""
    seen, current = set(), parents.get(row.line)
    while current is not None and current.line not in seen:
        if current.line == row.line:
            return True
        seen.add(current.line)
        current = parents.get(current.line)
    return False


def _set_parents(rows, refs):
    parents = {}
    for row in rows:
        ref = row.values["parent"]
        if not ref:
            continue
        in_file, in_db = refs.get(ref)
        if in_file is None and in_db is None:
            row.problem(HEADER_OF["parent"], _unknown(ref))
        elif in_file is row:
            row.problem(HEADER_OF["parent"], "một đơn vị không thể là cấp trên của chính nó.")
        elif in_file is not None:
            parents[row.line] = in_file
    for row in rows:
        if row.line in parents and _parent_loop(row, parents):
            row.problem(HEADER_OF["parent"], "tạo thành vòng cơ quan cấp trên (đơn vị này lại là cấp trên, trực tiếp "
                                             "hoặc gián tiếp, của cơ quan cấp trên của nó).")
    for row in rows:
        agency, ref = row.values.get("agency"), row.values["parent"]
        if agency is None or not ref or row.errors:
            continue
        in_file, in_db = refs.get(ref)
        parent = in_db if in_file is None else in_file.values.get("agency")
        if parent is None:
            continue  # the parent's own row has an error, reported there
        agency.parent = parent
        with transaction.atomic():
            agency.save(update_fields=["parent", "updated_at"])


def _succession_loops(rows, refs):
    """Rows of the file that succeed themselves through the file's "Đơn vị trước" (2 after 3, 3 after 2):
    named as a loop, before any change is recorded (dates alone would refuse them less clearly)."""
    before = {row.line: [r for r in (refs.get(ref)[0] for ref in row.values["predecessors"]) if r is not None]
              for row in rows}
    by_line = {row.line: row for row in rows}
    for row in rows:
        path, todo = {}, [(row.line, [row.line])]
        while todo:
            line, trail = todo.pop()
            for earlier in before.get(line, ()):
                if earlier.line == row.line:
                    loop = " → ".join(f"dòng {n}" for n in [*trail, row.line])
                    by_line[row.line].problem(HEADER_OF["predecessors"], "tạo thành vòng kế thừa (" + loop + "): một "
                                              "đơn vị không thể là đơn vị trước của chính mình.")
                    todo = []
                    break
                if earlier.line not in path:
                    path[earlier.line] = True
                    todo.append((earlier.line, [*trail, earlier.line]))


def _record_changes(rows, refs):
    """The rows' agencies before, as change events: one per (kind, date, legal basis, agencies before), in
    the order of their dates, so that a chain of changes in one file is recorded as it happened."""
    groups = {}
    for row in rows:
        v = row.values
        if not v["predecessors"] or v.get("agency") is None or row.errors:
            continue
        sources, unknown = [], False
        for ref in v["predecessors"]:
            in_file, in_db = refs.get(ref)
            if in_file is None and in_db is None:
                row.problem(HEADER_OF["predecessors"], _unknown(ref))
                unknown = True
            elif in_file is not None and in_file.values.get("agency") is None:
                unknown = True  # its row has an error, reported there
            else:
                sources.append(in_db if in_file is None else in_file.values["agency"])
        if unknown:
            continue
        key = (v["change_kind"], v["existed_from"], name_key(v["legal_basis"]), tuple(sorted(a.pk for a in sources)))
        groups.setdefault(key, (sources, []))[1].append(row)
    ordered = sorted(groups.items(), key=lambda item: (item[0][1], item[1][1][0].line))
    for (kind, date, _basis, _pks), (sources, group) in ordered:
        try:
            with transaction.atomic():
                agency_change_record(kind=kind, effective_date=date, legal_basis=group[0].values["legal_basis"],
                                     sources=sources, successors=[row.values["agency"] for row in group])
        except ValidationError as exc:
            errors = _messages(exc)
            if len(group) > 1:
                lines = ", ".join(str(row.line) for row in group)
                errors = {field: [f"{message} (thay đổi ghi ở các dòng {lines})" for message in messages]
                          for field, messages in errors.items()}
            for row in group:
                _report(row, errors, CHANGE_FIELD_COLUMN)


def _check_and_save(result: TableResult, *, commit: bool) -> list[Agency]:
    """The rows saved in order inside one transaction, rolled back unless `commit` and the file is good."""
    try:
        with transaction.atomic():
            refs = _Refs(result.rows)
            _create_agencies(result.rows)
            _set_parents(result.rows, refs)
            _succession_loops(result.rows, refs)
            _record_changes(result.rows, refs)
            if not (commit and result.ok):
                raise _Rollback
    except _Rollback:
        for row in result.rows:
            row.values.pop("agency", None)
        return []
    return [row.values["agency"] for row in result.rows]


def read_agencies(data: bytes, user) -> TableResult:
    """Check an uploaded file of agencies: every problem with its row and column. Saves nothing."""
    table = sheets.read_table(data, sheet_name=DATA_SHEET, headers=HEADERS)
    result = TableResult(rows=[_parse(line, cells) for line, cells in table], headers=HEADERS)
    _same_twice(result.rows)
    _check_and_save(result, commit=False)
    return result


def agency_import(*, result: TableResult, user) -> list[Agency]:
    """Create the agencies of a checked file with their parents and the changes that made them, all or
    nothing (checked again in the saving transaction). Returns them, or [] with the new problems on
    `result` if the file no longer passes."""
    if not result.ok:
        raise ValueError("a file with errors cannot be saved")
    return _check_and_save(result, commit=True)


def describe(row) -> list:
    """The preview's cells of a row, under HEADERS."""
    v = row.values
    kind = Agency.Kind(v["kind"]).label if v.get("kind") else "—"
    change = AgencyChange.Kind(v["change_kind"]).label if v.get("change_kind") else "—"
    return [v.get("code") or "—", v.get("name") or "—", v.get("short_name") or "—", kind, v.get("parent") or "—",
            vn_date(v.get("existed_from"), "—"), "; ".join(v.get("predecessors") or []) or "—", change,
            v.get("legal_basis") or "—"]
