"""Starting a real province from nothing (`manage.py setup_province`): its People's Committee and communes
from the official list, the standard departments, its first coordinator and, while it is empty, the
portal's identity. No demo data. Running it again changes nothing: units are matched by their official
code (departments, which have none, by their name), and what exists is counted as "đã có", never changed.

The official list is the National Statistics Office's (danhmuchanhchinh.gso.gov.vn: 34 provinces and 3,321
communes since 01/07/2025, codes by Quyết định 19/2025/QĐ-TTg), as packaged on PyPI by vietnam-provinces
(GPL-3.0-or-later; read from its JSON file, offline). Every row goes through the models' own validation
(Agency.clean and its constraints, the staff account form's rules), all in one transaction: a refusal
saves nothing."""

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache

import vietnam_provinces
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.emails import welcome_emails_send
from accounts.forms import StaffCreationForm
from accounts.models import User
from accounts.roles import COORDINATOR
from agencies.models import Agency
from core import caching
from core.models import PortalIdentity
from core.numbers import parse_id

# The day the new communes (xã, phường, đặc khu) began: local government in two levels from 01/07/2025
# (Nghị quyết 202/2025/QH15 on the provinces; each province's Nghị quyết of the Ủy ban Thường vụ Quốc hội
# on its communes, …/NQ-UBTVQH15, in force from that day).
COMMUNES_FROM = dt.date(2025, 7, 1)
DATA_SOURCE = "Danh mục đơn vị hành chính của cơ quan thống kê quốc gia (danhmuchanhchinh.gso.gov.vn)"

# The specialised agencies every provincial People's Committee has (Nghị định 45/2025/NĐ-CP, Điều 8, then
# Nghị định 150/2025/NĐ-CP, Điều 8, from 01/07/2025): the twelve organised alike in every province, as
# (name without the province, short name). The special ones some provinces have (Sở Ngoại vụ, Sở Dân tộc
# và Tôn giáo, Sở Du lịch — where it exists the other is "Sở Văn hóa và Thể thao" —, Sở Quy hoạch - Kiến
# trúc) and the press are not in the official list: a province adds or renames them in the admin.
# "{level}" is "tỉnh" or "thành phố".
DEPARTMENTS = [
    ("Văn phòng UBND", "Văn phòng UBND {level}"),
    ("Sở Nội vụ", "Sở Nội vụ"),
    ("Sở Tư pháp", "Sở Tư pháp"),
    ("Sở Tài chính", "Sở Tài chính"),
    ("Sở Công Thương", "Sở Công Thương"),
    ("Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
    ("Sở Xây dựng", "Sở Xây dựng"),
    ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
    ("Sở Y tế", "Sở Y tế"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VH,TT&DL"),
    ("Thanh tra", "Thanh tra {level}"),
]
# The first coordinator's agency: the department that advises the province on administrative reform.
COORDINATOR_AGENCY = "Sở Nội vụ"
# A unit named after a person keeps its whole name, the kind of unit capitalised, in names and as the
# place on documents (Nghị định 30/2020/NĐ-CP, Phụ lục I and II): the only such province is code 79.
NAMED_AFTER_A_PERSON = {"79"}


class ProvinceSetupError(ValueError):
    """A refusal, in Vietnamese, naming what was wrong; nothing was saved."""


@dataclass(frozen=True)
class OfficialProvince:
    code: str
    name: str  # as the list writes it: "Lâm Đồng", "Thành phố Hà Nội"
    is_city: bool
    communes: tuple  # ((code, name, kind as listed: xã / phường / đặc khu), …)

    @property
    def bare_name(self):
        return self.name.removeprefix("Thành phố ")

    @property
    def level(self):
        """How the kind of unit is written before its name: "tỉnh", "thành phố", or "Thành phố" for a city
        named after a person."""
        if not self.is_city:
            return "tỉnh"
        return "Thành phố" if self.code in NAMED_AFTER_A_PERSON else "thành phố"

    @property
    def place(self):
        """"tỉnh Lâm Đồng", "thành phố Hà Nội", "Thành phố Hồ Chí Minh"."""
        return f"{self.level} {self.bare_name}"

    @property
    def document_place(self):
        """The place in "…, ngày … tháng … năm …": the name without its kind, except a unit named after a person."""
        return self.place if self.code in NAMED_AFTER_A_PERSON else self.bare_name


@dataclass
class SetupReport:
    province: OfficialProvince
    created: dict = field(default_factory=lambda: {"province": 0, "communes": 0, "departments": 0, "coordinator": 0})
    existing: dict = field(default_factory=lambda: {"province": 0, "communes": 0, "departments": 0, "coordinator": 0})
    identity_filled: list = field(default_factory=list)
    email_sent_to: str = ""
    email_error: str = ""


@cache
def official_list() -> dict:
    """{province code "96": OfficialProvince} from the package's JSON file."""
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as data:
        provinces = json.load(data)
    return {
        f"{item['code']:02d}": OfficialProvince(
            code=f"{item['code']:02d}", name=item["name"], is_city=item["division_type"] != "tỉnh",
            communes=tuple((f"{ward['code']:05d}", ward["name"], ward["division_type"]) for ward in item["wards"]))
        for item in provinces
    }


def official_province(code: str) -> OfficialProvince:
    code = (code or "").strip()
    if parse_id(code, max_digits=2) is None:  # ASCII digits only (str.isdigit takes "²" and "٩")
        raise ProvinceSetupError(f"Mã tỉnh “{code}” không hợp lệ: mã tỉnh, thành phố gồm 2 chữ số (Quyết định "
                                 "19/2025/QĐ-TTg), ví dụ 01.")
    code = code.zfill(2)
    provinces = official_list()
    if code not in provinces:
        raise ProvinceSetupError(
            f"Không có tỉnh, thành phố mã {code} trong danh mục đơn vị hành chính (dữ liệu ngày "
            f"{data_version()}). Các mã có trong danh mục: {', '.join(sorted(provinces))}. Chưa lưu gì.")
    return provinces[code]


def data_version() -> str:
    """The date the package's data was taken from the official list, as 18/10/2025."""
    return dt.date.fromisoformat(vietnam_provinces.__data_version__).strftime("%d/%m/%Y")


def province_setup(*, code: str, coordinator_email: str, coordinator_name: str) -> SetupReport:
    """Create what is missing of the province `code`, its first coordinator (a set-password email sent
    when the transaction commits) and, if the portal's identity is not yet set, its empty fields. The
    system acts here (a command): no user. Raises ProvinceSetupError, with nothing saved."""
    province = official_province(code)
    report = SetupReport(province=province)
    try:
        with caching.bulk_changes(), transaction.atomic():
            ubnd = _province_unit(province, report)
            _communes(province, ubnd, report)
            departments = _departments(province, ubnd, report)
            _coordinator(coordinator_email, coordinator_name, departments[COORDINATOR_AGENCY], report)
            _identity(province, report)
    except IntegrityError as error:  # a rule the checks above missed, held by the database
        raise ProvinceSetupError(f"Dữ liệu vi phạm một ràng buộc của cơ sở dữ liệu ({error}). Chưa lưu gì.") from error
    return report


def _validated(agency: Agency) -> Agency:
    """Through the model's validation (its fields, and Agency.clean: the code's shape for its kind, a code
    never given to another agency, live or in the history, dates in order), then saved. Agency.clean
    states each of the model's constraints in Python and the names were checked for the whole list in
    one query (_refuse_same_name), so the per-row constraint and uniqueness queries Django would add
    (three statements and three savepoints a row, two thirds of the time for 168 communes) are left to
    the database, which keeps every constraint as the backstop (an IntegrityError rolls everything back)."""
    try:
        agency.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        reasons = "; ".join(message for messages in error.message_dict.values() for message in messages)
        code = f" (mã {agency.official_code})" if agency.official_code else ""
        raise ProvinceSetupError(f"Không tạo được “{agency.name}”{code}: {reasons} Chưa lưu gì.") from error
    agency.save()
    return agency


def _refuse_same_name(units, matched_names):
    """A unit of the list whose name another agency already holds without its code: say what to do
    rather than Django's bare "already exists"."""
    names = {name: code for code, name in units}
    taken = Agency.objects.filter(name__in=names).exclude(name__in=matched_names).values_list("name", "official_code")
    problems = [f"“{name}” (đang có mã “{held or 'trống'}”, mã theo danh mục: {names[name]})" for name, held in taken]
    if problems:
        raise ProvinceSetupError(
            "Đã có đơn vị cùng tên nhưng không mang mã theo danh mục: " + "; ".join(problems) + ". Nếu là cùng "
            "đơn vị và chưa có mã, hãy nhập mã đó trong trang quản trị (Cơ quan, đơn vị) rồi chạy lại; nếu "
            "không, hãy đổi tên đơn vị đang có. Chưa lưu gì.")


def _province_unit(province, report):
    ubnd = Agency.objects.filter(official_code=province.code).first()
    if ubnd is not None:
        report.existing["province"] += 1
        return ubnd
    name = f"UBND {province.place}"
    _refuse_same_name([(province.code, name)], [])
    report.created["province"] += 1
    return _validated(Agency(name=name, short_name=f"UBND {province.level}", kind=Agency.Kind.PROVINCE,
                             official_code=province.code))


def _communes(province, ubnd, report):
    """Xã, phường and đặc khu are all commune-level units: kind "Cấp xã", their exact names kept."""
    existing = set(Agency.objects.filter(official_code__in=[code for code, _n, _k in province.communes])
                   .values_list("official_code", flat=True))
    missing = [(code, name) for code, name, _kind in province.communes if code not in existing]
    _refuse_same_name(missing, [])
    for code, name in missing:
        _validated(Agency(name=name, kind=Agency.Kind.COMMUNE, official_code=code, parent=ubnd,
                          existed_from=COMMUNES_FROM))
    report.existing["communes"] += len(existing)
    report.created["communes"] += len(missing)


def _departments(province, ubnd, report) -> dict:
    """{name without the province: Agency}. One that exists by its full name, or by its short name under
    the province's UBND (renamed in the admin since), is kept as it is."""
    planned = [(base, f"{base} {province.place}", short.format(level=province.level)) for base, short in DEPARTMENTS]
    by_name = {agency.name: agency for agency in Agency.objects.filter(name__in=[name for _b, name, _s in planned])}
    by_short = {agency.short_name: agency for agency in Agency.objects.filter(
        parent=ubnd, kind=Agency.Kind.DEPARTMENT, short_name__in=[short for _b, _n, short in planned])}
    found = {}
    for base, name, short in planned:
        agency = by_name.get(name) or by_short.get(short)
        if agency is not None:
            report.existing["departments"] += 1
        else:
            agency = _validated(Agency(name=name, short_name=short, kind=Agency.Kind.DEPARTMENT, parent=ubnd))
            report.created["departments"] += 1
        found[base] = agency
    return found


def _coordinator(email, full_name, agency, report):
    """The first coordinator: a staff account in the coordinator role with no usable password, made by the
    staff admin's own form (its rules: email not in use, name required, an agency open today); the
    welcome email's link sets the password. An account with this email that is already a coordinator is
    counted as existing (a second run)."""
    email = (email or "").strip()
    if email and User.objects.filter(email__iexact=email, groups__name=COORDINATOR).exists():
        report.existing["coordinator"] += 1
        return None
    form = StaffCreationForm(data={"username": email.lower(), "full_name": (full_name or "").strip(),
                                   "email": email, "role": COORDINATOR, "agency": agency.pk})
    if not form.is_valid():
        reasons = " ".join(message for messages in form.errors.values() for message in messages)
        raise ProvinceSetupError(f"Không tạo được tài khoản điều phối {email or '(chưa có email)'}: {reasons} "
                                 "Chưa lưu gì.")
    user = form.save()
    report.created["coordinator"] += 1
    transaction.on_commit(lambda: _welcome(user, report))
    return user


def _welcome(user, report):
    """A failure is logged and reported, never raised: the account is made, the link can be sent again."""
    for _user, reason in welcome_emails_send([user]):
        report.email_error = reason
    if user.welcome_email_sent:
        report.email_sent_to = user.email


def _identity(province, report):
    """Fill the portal's identity from the province while nobody has set it (no name or no operator);
    once set, it is left alone. Only empty fields are filled."""
    identity = PortalIdentity.objects.filter(pk=1).first() or PortalIdentity()
    if identity.is_set:
        return
    values = {
        "province_code": province.code,
        "site_name": f"Cổng thông tin tuyên truyền cải cách hành chính {province.place}",
        "short_name": f"CCHC {province.document_place}",
        "operator_name": f"Ủy ban nhân dân {province.place}",
        "document_issuer": f"ỦY BAN NHÂN DÂN\n{province.place.upper()}",
        "document_place": province.document_place,
    }
    filled = [name for name, value in values.items() if not getattr(identity, name).strip()]
    if not filled:
        return
    for name in filled:
        setattr(identity, name, values[name])
    identity.full_clean()
    identity.save()
    report.identity_filled = [str(PortalIdentity._meta.get_field(name).verbose_name) for name in filled]
