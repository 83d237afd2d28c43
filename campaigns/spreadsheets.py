"""Activities in and out of Excel, the way provincial staff keep them.

One list of columns (`COLUMNS`) serves the import template, the export and the importer, so an exported
file imports back unchanged. The importer reads the whole file first and reports every problem with its
row and column in Vietnamese; only a file without problems can be saved, and then all of it is saved in
one transaction. A row's stable key is (plan, agency, date, content): importing the same file again
updates those activities instead of adding them twice.
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils.html import escape, strip_tags
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import caching as page_cache
from core.files import csv_bytes
from core.sanitize import clean_text

from .models import Activity, Agency, Channel, Plan, Task

MAX_INT = 2_147_483_647
DATA_SHEET = "Kết quả thực hiện"
LISTS_SHEET = "Danh mục"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    width: int
    hint: str = ""


COLUMNS = [
    Column("plan", "Kế hoạch", True, 18, "Số, ký hiệu của kế hoạch, ví dụ 15/KH-UBND"),
    Column("task", "Nhiệm vụ", False, 40, "Tên nhiệm vụ trong kế hoạch (có thể để trống)"),
    Column("agency", "Cơ quan, đơn vị", True, 32, "Tên cơ quan, đơn vị như ở trang Danh mục"),
    Column("channel", "Hình thức tuyên truyền", True, 30, "Như ở trang Danh mục"),
    Column("date", "Ngày thực hiện", True, 14, "dd/mm/yyyy"),
    Column("title", "Nội dung", True, 50, "Nội dung hoạt động"),
    Column("quantity", "Số lượng", True, 10, "Số không âm, theo đơn vị tính của hình thức"),
    Column("participants", "Số người tham dự", False, 12, "Lượt người; có thể để trống"),
    Column("awards", "Số giải", False, 9, "Với hội thi, cuộc thi"),
    Column("evidence_url", "Đường dẫn minh chứng", False, 36, "https://…"),
    Column("note", "Ghi chú", False, 40, "Mô tả ngắn; có thể để trống"),
]
HEADERS = [c.header for c in COLUMNS]


def _norm(text):
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip("*").strip().casefold()


# --- writing ------------------------------------------------------------------------------------------

def _style_header(sheet):
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2E6E6")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    for i, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = column.width


def _lists_sheet(workbook, agencies, plans):
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet.append(["Hình thức tuyên truyền", "Đơn vị tính", "", "Cơ quan, đơn vị", "", "Kế hoạch", "Tên kế hoạch"])
    channels = list(Channel.objects.filter(is_active=True))
    agencies, plans = list(agencies), list(plans)
    for i in range(max(len(channels), len(agencies), len(plans))):
        channel = channels[i] if i < len(channels) else None
        agency = agencies[i] if i < len(agencies) else None
        plan = plans[i] if i < len(plans) else None
        sheet.append([channel.name if channel else None, channel.unit if channel else None, None,
                      agency.name if agency else None, None,
                      (plan.document_number or plan.title) if plan else None, plan.title if plan else None])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (44, 12, 2, 50, 2, 18, 70), strict=True):
        sheet.column_dimensions[letter].width = width
    return len(channels), len(agencies)


def template_workbook(user):
    """The empty template: Vietnamese headers with hints, dropdowns fed by the second sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(HEADERS)
    _style_header(sheet)
    for i, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(1, i)
        if column.hint:
            from openpyxl.comments import Comment
            cell.comment = Comment(column.hint + (" (bắt buộc)" if column.required else ""), "CCHC")
    agencies = Agency.objects.filter(is_active=True)
    if not user.sees_all_agencies:
        agencies = agencies.filter(pk=user.agency_id)
    plans = Plan.objects.order_by("-year", "title")
    n_channels, n_agencies = _lists_sheet(workbook, agencies, plans)
    for letter, source in (("D", f"'{LISTS_SHEET}'!$A$2:$A${n_channels + 1}"),
                           ("C", f"'{LISTS_SHEET}'!$D$2:$D${n_agencies + 1}")):
        validation = DataValidation(type="list", formula1=source, allow_blank=True,
                                    error="Chọn một giá trị trong danh sách (trang Danh mục).",
                                    errorTitle="Giá trị không hợp lệ", showErrorMessage=True)
        validation.add(f"{letter}2:{letter}5000")
        sheet.add_data_validation(validation)
    # A column style, not 5,000 pre-formatted cells: rows a person (or a script) appends start at row 2.
    sheet.column_dimensions["E"].number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def activity_row(activity):
    """One activity as the template's columns (used by the export, so that it imports back unchanged)."""
    return [
        activity.plan.document_number or activity.plan.title,
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
    _style_header(sheet)
    for activity in activities:
        sheet.append(activity_row(activity))
        sheet.cell(sheet.max_row, 5).number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def activities_csv(activities):
    return csv_bytes(HEADERS, (activity_row(a) for a in activities))


# --- reading ------------------------------------------------------------------------------------------

class ImportFileError(Exception):
    """The file as a whole cannot be read (not an xlsx, too big, wrong columns, empty)."""


@dataclass
class RowResult:
    line: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    action: str = ""  # "create", "update", "unchanged"
    activity: Activity | None = None

    @property
    def action_label(self):
        return {"create": "Thêm mới", "update": "Cập nhật", "unchanged": "Không đổi"}.get(self.action, "Lỗi")


@dataclass
class ImportResult:
    rows: list
    file_errors: list = field(default_factory=list)

    @property
    def errors(self):
        return self.file_errors + [e for row in self.rows for e in row.errors]

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
        if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise ImportFileError("Tệp giải nén ra quá lớn; vui lòng chia nhỏ tệp (tối đa khoảng "
                                  f"{settings.IMPORT_MAX_ROWS:,} dòng mỗi lần).".replace(",", "."))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file  # noqa: BLE001
        raise ImportFileError("Không đọc được tệp Excel (tệp bị hỏng hoặc không đúng định dạng .xlsx).") from exc


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
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _parse_count(value):
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        number = int(value)
    else:
        text = str(value).strip().replace(" ", "")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # 1.234 — the Vietnamese thousands separator
            text = text.replace(".", "")
        if not re.fullmatch(r"\d+", text):
            raise ValueError
        number = int(text)
    if not 0 <= number <= MAX_INT:
        raise ValueError
    return number


class _Lookups:
    """Everything a row refers to, loaded once per file (a bounded number of queries for any size)."""

    def __init__(self, user):
        self.user = user
        self.plans = {}
        for plan in Plan.objects.all():
            for key in (plan.document_number, plan.title, plan.slug):
                if key:
                    self.plans.setdefault(_norm(key), plan)
        self.tasks = {(t.plan_id, _norm(t.title)): t for t in Task.objects.all()}
        self.agencies = {}
        for agency in Agency.objects.all():
            for key in (agency.name, agency.short_name):
                if key:
                    self.agencies.setdefault(_norm(key), agency)
        self.channels = {}
        for channel in Channel.objects.all():
            self.channels[_norm(channel.name)] = channel
            self.channels[_norm(channel.code)] = channel
            self.channels[_norm(f"{channel.name} ({channel.unit})")] = channel


def _cell_error(line, header, message):
    return f"Dòng {line}, cột {header}: {message}"


def _read_row(line, cells, lookups):
    row = RowResult(line=line)
    cells = [clean_text(cell) for cell in cells]  # "_x000B_" (a line break pasted from Word) and the like
    raw = dict(zip([c.key for c in COLUMNS], cells, strict=True))
    headers = {c.key: c.header for c in COLUMNS}

    def error(key, message):
        row.errors.append(_cell_error(line, headers[key], message))

    for column in COLUMNS:
        value = raw[column.key]
        if column.required and (value is None or str(value).strip() == "") and column.key != "agency":
            error(column.key, "không được để trống")

    plan = None
    if raw["plan"] not in (None, ""):
        plan = lookups.plans.get(_norm(raw["plan"]))
        if plan is None:
            error("plan", f"không tìm thấy kế hoạch “{raw['plan']}”")
    row.values["plan"] = plan

    task = None
    if raw["task"] not in (None, "") and plan is not None:
        task = lookups.tasks.get((plan.pk, _norm(raw["task"])))
        if task is None:
            error("task", f"kế hoạch {plan.document_number or plan.title} không có nhiệm vụ “{raw['task']}”")
    row.values["task"] = task

    user = lookups.user
    agency = None
    if raw["agency"] in (None, ""):
        if user.sees_all_agencies or user.agency_id is None:
            error("agency", "không được để trống")
        else:
            agency = user.agency
    else:
        agency = lookups.agencies.get(_norm(raw["agency"]))
        if agency is None:
            error("agency", f"không tìm thấy cơ quan, đơn vị “{raw['agency']}” (xem trang Danh mục)")
        elif not user.sees_all_agencies and agency.pk != user.agency_id:
            error("agency", f"bạn chỉ được nhập kết quả của {user.agency.name if user.agency else 'cơ quan mình'}")
            agency = None
    row.values["agency"] = agency

    channel = None
    if raw["channel"] not in (None, ""):
        channel = lookups.channels.get(_norm(raw["channel"]))
        if channel is None:
            error("channel", f"không có hình thức tuyên truyền “{raw['channel']}” (xem trang Danh mục)")
    row.values["channel"] = channel

    if raw["date"] not in (None, ""):
        try:
            row.values["date"] = _parse_date(raw["date"])
        except (ValueError, OverflowError):
            error("date", f"“{raw['date']}” không phải ngày hợp lệ (dd/mm/yyyy)")

    title = re.sub(r"\s+", " ", str(raw["title"] or "")).strip()
    if len(title) > 300:
        error("title", f"dài tối đa 300 ký tự (hiện có {len(title)})")
    row.values["title"] = title

    for key, required in (("quantity", True), ("participants", False), ("awards", False)):
        value = raw[key]
        if value is None or str(value).strip() == "":
            row.values[key] = 0 if required else None
            continue
        try:
            row.values[key] = _parse_count(value)
        except (ValueError, OverflowError):
            error(key, "phải là số không âm")

    url = str(raw["evidence_url"] or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            error("evidence_url", "không phải đường dẫn hợp lệ (bắt đầu bằng http:// hoặc https://)")
        if len(url) > 500:
            error("evidence_url", "dài tối đa 500 ký tự")
    row.values["evidence_url"] = url
    row.values["note"] = re.sub(r"\s+", " ", str(raw["note"] or "")).strip()
    return row


def read_activities(data, user):
    """Read an uploaded .xlsx into rows with their problems and what saving would do. Saves nothing."""
    workbook = open_workbook(data)
    try:
        sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(v in (None, "") for v in header):
            raise ImportFileError("Trang tính đầu tiên trống: không có dòng tiêu đề và dữ liệu.")
        found = [_norm(h) for h in header]
        while found and found[-1] == "":
            found.pop()
        expected = [_norm(h) for h in HEADERS]
        if found != expected:
            missing = [h for h in HEADERS if _norm(h) not in found]
            extra = [str(h) for h in header if h not in (None, "") and _norm(h) not in expected]
            parts = []
            if missing:
                parts.append("thiếu cột " + ", ".join(f"“{h}”" for h in missing))
            if extra:
                parts.append("thừa cột " + ", ".join(f"“{h}”" for h in extra))
            if not parts:
                parts.append("các cột không đúng thứ tự của tệp mẫu")
            raise ImportFileError("Dòng tiêu đề không khớp tệp mẫu: " + "; ".join(parts)
                                  + ". Vui lòng dùng tệp mẫu tải về từ trang này.")
        lookups = _Lookups(user)
        results = []
        width = len(COLUMNS)
        for line, cells in enumerate(rows, start=2):
            cells = list(cells[:width]) + [None] * (width - len(cells[:width]))
            if all(v is None or str(v).strip() == "" for v in cells):
                continue
            if len(results) >= settings.IMPORT_MAX_ROWS:
                raise ImportFileError(f"Tệp có quá {settings.IMPORT_MAX_ROWS:,} dòng; vui lòng chia nhỏ "
                                      "tệp.".replace(",", "."))
            results.append(_read_row(line, cells, lookups))
    finally:
        workbook.close()
    if not results:
        raise ImportFileError("Tệp không có dòng dữ liệu nào bên dưới dòng tiêu đề.")
    result = ImportResult(rows=results)
    _match_existing(result)
    return result


def _key(values):
    return (values["plan"].pk, values["agency"].pk, values["date"], values["title"].casefold())


def _match_existing(result):
    """Decide create / update / unchanged for each valid row by its stable key, in one query."""
    valid = [row for row in result.rows if not row.errors]
    seen = {}
    for row in valid:
        key = _key(row.values)
        if key in seen:
            row.errors.append(f"Dòng {row.line}: trùng với dòng {seen[key]} (cùng kế hoạch, cơ quan, ngày và "
                              "nội dung).")
        else:
            seen[key] = row.line
    valid = [row for row in valid if not row.errors]
    if not valid:
        return
    condition = Q()
    for plan_id, agency_id in {(k[0], k[1]) for k in seen}:
        dates = {k[2] for k in seen if k[0] == plan_id and k[1] == agency_id}
        condition |= Q(plan_id=plan_id, agency_id=agency_id, date__in=dates)
    existing = {}
    for activity in Activity.objects.filter(condition):
        existing.setdefault((activity.plan_id, activity.agency_id, activity.date, activity.title.casefold()),
                            []).append(activity)
    for row in valid:
        matches = existing.get(_key(row.values), [])
        if len(matches) > 1:
            row.errors.append(f"Dòng {row.line}: có {len(matches)} hoạt động cùng kế hoạch, cơ quan, ngày và nội "
                              "dung trong cơ sở dữ liệu; hãy sửa trực tiếp trong trang quản trị.")
        elif matches:
            row.activity = matches[0]
            row.action = "update" if _apply(row.activity, row.values) else "unchanged"
        else:
            row.action = "create"


def _description(values, current=""):
    note = values["note"]
    if note == _note_from_html(current):
        return current  # unchanged text keeps its formatting
    return f"<p>{escape(note)}</p>" if note else ""


UPDATABLE = ("task", "channel", "quantity", "participants", "awards", "evidence_url", "description")


def _apply(activity, values):
    """Copy a row's values onto an activity; return whether anything changed."""
    changed = False
    new = {**{k: values[k] for k in UPDATABLE if k != "description"},
           "description": _description(values, activity.description)}
    for name, value in new.items():
        current = getattr(activity, name)
        if name in ("task", "channel"):
            current_id = getattr(activity, f"{name}_id")
            if current_id != (value.pk if value else None):
                setattr(activity, name, value)
                changed = True
        elif current != value:
            setattr(activity, name, value)
            changed = True
    return changed


def save_activities(result, user):
    """Save every row of a checked file, all or nothing. Returns (created, updated)."""
    if not result.ok:
        raise ValueError("a file with errors cannot be saved")
    new, changed = [], []
    for row in result.rows:
        if row.action == "create":
            values = row.values
            new.append(Activity(plan=values["plan"], task=values["task"], agency=values["agency"],
                                channel=values["channel"], date=values["date"], title=values["title"],
                                quantity=values["quantity"], participants=values["participants"],
                                awards=values["awards"], evidence_url=values["evidence_url"],
                                description=_description(values), created_by=user))
        elif row.action == "update":
            changed.append(row.activity)
    with transaction.atomic():
        if new:
            bulk_create_with_history(new, Activity, batch_size=1000, default_user=user,
                                     default_change_reason="Nhập từ Excel")
        if changed:
            bulk_update_with_history(changed, Activity, list(UPDATABLE), batch_size=1000, default_user=user,
                                     default_change_reason="Nhập từ Excel")
        page_cache.bump()  # bulk writes send no signals
    return len(new), len(changed)
