"""Staff accounts onboarded from Excel: one officer a row (full name, official email, agency, role, and a
user name, the email when left blank), with the activity import's template, preview, problems file and
all-or-nothing confirmation (core.spreadsheets).

Every row goes through the very form a coordinator fills in by hand (`StaffCreationForm`, with the
importing user as its editor): an email is used once (whatever its case), a data-entry officer needs an
agency, and that agency must be open today (`User.clean`, `Agency.refusal`), the role is one the importing
user may grant (`accounts.access.grantable_roles`). Reading a file saves nothing that stays: its rows are
saved one after another inside a transaction that is then rolled back (`read_staff`), so a row meets the
accounts of the rows above it exactly as it will when the file is saved — one rule, one place, no second
copy of the checks. `staff_import` does the same and commits, all or nothing; each new account receives
its set-password email once the transaction has committed (accounts.emails.welcome_emails_send: one that
fails is reported, the others still go)."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from openpyxl import Workbook

from agencies.models import Agency
from core import spreadsheets as sheets
from core.identity import describe_workbook
from core.spreadsheets import TableResult, TableRow, blank, name_key, one_line
from core.workbooks import workbook_bytes

from .access import grantable_roles
from .emails import welcome_emails_send
from .forms import ROLE_CHOICES, StaffCreationForm
from .models import User

DATA_SHEET = "Cán bộ"


class Column:
    def __init__(self, key, header, required, width, hint):
        self.key, self.header, self.required, self.width, self.hint = key, header, required, width, hint


COLUMNS = [
    Column("full_name", "Họ và tên", True, 28, "Theo thứ tự họ, tên đệm, tên, ví dụ Nguyễn Văn An"),
    Column("email", "Email công vụ", True, 32, "Tài khoản nhận tại đây đường liên kết để tự đặt mật khẩu; mỗi "
                                              "email chỉ dùng cho một tài khoản"),
    Column("agency", "Cơ quan, đơn vị", False, 44, "Tên hoặc mã đơn vị như ở trang Danh mục; bắt buộc với cán "
                                                 "bộ nhập liệu và lãnh đạo cơ quan. Chỉ đơn vị đang hoạt động"),
    Column("role", "Vai trò", True, 22, "Cán bộ nhập liệu, Lãnh đạo cơ quan hoặc Điều phối cấp tỉnh (vai trò "
                                        "bạn được cấp)"),
    Column("username", "Tên đăng nhập", False, 24, "Để trống: dùng email làm tên đăng nhập. Chỉ gồm chữ, số và "
                                                 "@ . + - _"),
]
HEADERS = [c.header for c in COLUMNS]
HEADER_OF = {c.key: c.header for c in COLUMNS}


class _Rollback(Exception):
    """Leaves the checking transaction, undoing what it saved."""


def may_import(user) -> bool:
    """Who imports accounts: whoever may add accounts and grant some role (a provincial coordinator, a
    superuser); a data-entry officer may do neither."""
    return user.is_active and user.has_perm("accounts.add_user") and bool(grantable_roles(user))


def _template(user, title):
    """The template's sheets; its second sheet lists the agencies open today (name and code) and the roles
    `user` may grant, which the drop-downs offer."""
    agencies = Agency.objects.open_now().order_by("kind", "name")
    roles = grantable_roles(user)
    return sheets.template_sheets(describe_workbook(Workbook(), title=title), sheet_title=DATA_SHEET,
                                  columns=COLUMNS, lists={
        "agency": ("Cơ quan, đơn vị", [a.name for a in agencies]),
        "role": ("Vai trò", [name for name, _label in ROLE_CHOICES if name in roles]),
    })


def template_workbook(user) -> bytes:
    return workbook_bytes(_template(user, "Mẫu nhập tài khoản cán bộ"))


def problems_workbook(result: TableResult, user) -> bytes:
    """The rows of the checked file in `user`'s template, each with its problems, to fix in place."""
    return sheets.problems_workbook(_template(user, "Tài khoản cán bộ: lỗi khi nhập"),
                                    rows=((row.cells, row.problems) for row in result.rows))


def _agencies():
    """Every agency by name, short name and official code (a closed one is found, then refused with why)."""
    found = {}
    for agency in Agency.objects.all():
        for name in (agency.name, agency.short_name, agency.official_code):
            if name:
                found.setdefault(name_key(name), agency)
    return found


def _parse(line, cells, agencies, roles):
    row = TableRow(line=line, cells=cells)
    raw = dict(zip([c.key for c in COLUMNS], cells, strict=True))
    for column in COLUMNS:
        if column.required and blank(raw[column.key]):
            row.problem(column.header, "không được để trống")
    values = row.values
    values["full_name"] = one_line(raw["full_name"])
    values["email"] = one_line(raw["email"])
    values["username"] = one_line(raw["username"]) or values["email"].lower()
    values["username_from_email"] = blank(raw["username"])
    values["agency"] = None
    if not blank(raw["agency"]):
        values["agency"] = agencies.get(name_key(one_line(raw["agency"])))
        if values["agency"] is None:
            row.problem(HEADER_OF["agency"], f"không tìm thấy cơ quan, đơn vị “{one_line(raw['agency'])}” (tên hoặc "
                                             "mã như ở trang Danh mục của tệp mẫu).")
    values["role"] = None
    if not blank(raw["role"]):
        values["role"] = roles.get(name_key(one_line(raw["role"])))
        if values["role"] is None:
            row.problem(HEADER_OF["role"], f"không có vai trò “{one_line(raw['role'])}”; chọn một trong: "
                                           + ", ".join(name for name, _label in ROLE_CHOICES) + ".")
    return row


def _same_email_twice(rows):
    first = {}
    for row in rows:
        email = row.values["email"].casefold()
        if not email:
            continue
        if email in first:
            row.problem(HEADER_OF["email"], f"email “{row.values['email']}” đã có ở dòng {first[email]}; mỗi email "
                                            "chỉ dùng cho một tài khoản.")
        else:
            first[email] = row.line


def _check_and_save(result: TableResult, user, *, commit: bool) -> list[User]:
    """Each row through StaffCreationForm, saved in order inside one transaction (so that a row meets the
    rows above it), which is rolled back unless `commit` and the whole file is good."""
    form_class = type("StaffImportForm", (StaffCreationForm,), {"editor": user})
    created = []
    try:
        with transaction.atomic():
            for row in result.rows:
                values = row.values
                bad = {p.column for p in row.problems if not p.warning}
                if HEADER_OF["email"] in bad and values["username_from_email"]:
                    bad.add(HEADER_OF["username"])  # the email's problem, told once
                form = form_class(data={
                    "username": values["username"], "full_name": values["full_name"], "email": values["email"],
                    "role": values["role"] or "", "agency": values["agency"].pk if values["agency"] else ""})
                if not form.is_valid():
                    for field, errors in form.errors.as_data().items():
                        column = HEADER_OF.get(field) if field != NON_FIELD_ERRORS else None
                        if column in bad:
                            continue
                        for error in errors:
                            if field == "role" and error.code == "invalid_choice":
                                row.problem(column, f"bạn không được cấp vai trò “{values['role']}” (chỉ cấp vai "
                                                    "trò mà chính bạn có đủ quyền).")
                            else:
                                row.problem(column, " ".join(error.messages))
                    continue
                if row.errors:
                    continue
                with transaction.atomic():
                    account = form.save()
                created.append(account)
            if not (commit and result.ok):
                raise _Rollback
            # After the commit only: no email for an account that is then rolled back.
            transaction.on_commit(lambda: welcome_emails_send(created))
    except _Rollback:
        return []
    return created


def read_staff(data: bytes, user) -> TableResult:
    """Check an uploaded file of staff accounts: every problem with its row and column. Saves nothing."""
    table = sheets.read_table(data, sheet_name=DATA_SHEET, headers=HEADERS)
    agencies = _agencies()
    roles = {name_key(name): name for name, _label in ROLE_CHOICES}
    result = TableResult(rows=[_parse(line, cells, agencies, roles) for line, cells in table], headers=HEADERS)
    _same_email_twice(result.rows)
    _check_and_save(result, user, commit=False)
    return result


def staff_import(*, result: TableResult, user) -> list[User]:
    """Create the accounts of a checked file, all or nothing (checked again, in the same transaction as
    the saving); each new account gets its set-password email after the commit. Returns them, or [] with
    the new problems on `result` if the file no longer passes."""
    if not result.ok:
        raise ValueError("a file with errors cannot be saved")
    return _check_and_save(result, user, commit=True)


def describe(row) -> list:
    """The preview's cells of a row, under HEADERS."""
    v = row.values
    agency = v.get("agency")
    return [v.get("full_name") or "—", v.get("email") or "—", agency.name if agency else "—", v.get("role") or "—",
            v.get("username") or "—"]

