from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .files import RandomName


class TimeStamped(models.Model):
    """When a row was made and last changed ("tạo lúc", "cập nhật lúc"), for every model people ask that of."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


GENERIC_SITE_NAME = "Cổng thông tin tuyên truyền cải cách hành chính"  # the public name while none is set
PHONE = RegexValidator(r"^\+?[0-9 ().-]{6,30}$", _("Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang "
                                                  "hoặc dấu ngoặc, ví dụ 0290 3831 234."), code="phone")
PROVINCE_CODE = RegexValidator(r"^[0-9]{2}$", _("Mã tỉnh gồm 2 chữ số, ví dụ 96."), code="province_code")


class PortalIdentity(TimeStamped):
    """Whose portal this is — set once, in the admin, by those allowed to (core.admin): the portal's name and
    logo, the agency that runs it and how to reach it and its contact official (Nghị định 42/2022/NĐ-CP,
    Điều 4), and the defaults of every Word document. There is one row (pk 1); read it through
    core.identity.current_identity(), which is cached and falls back to an empty identity."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    site_name = models.CharField(
        _("tên cổng thông tin"), max_length=200, blank=True,
        help_text=_("Hiện ở đầu mọi trang, trong thư điện tử, bản tin và khi chia sẻ lên mạng xã hội, ví dụ: "
                    "Cổng thông tin tuyên truyền cải cách hành chính tỉnh …"))
    short_name = models.CharField(
        _("tên ngắn"), max_length=60, blank=True,
        help_text=_("Ở cuối tiêu đề trang (thẻ trình duyệt) và tên người gửi thư, ví dụ: CCHC tỉnh …. "
                    "Để trống: dùng tên cổng thông tin."))
    operator_name = models.CharField(
        _("cơ quan chủ quản"), max_length=200, blank=True,
        help_text=_("Cơ quan vận hành cổng, viết đầy đủ, ví dụ: Ủy ban nhân dân tỉnh …"))
    province_code = models.CharField(
        _("mã tỉnh"), max_length=2, blank=True, validators=[PROVINCE_CODE],
        help_text=_("Mã đơn vị hành chính cấp tỉnh theo Quyết định 19/2025/QĐ-TTg (2 chữ số), nếu cổng của một "
                    "tỉnh, thành phố."))
    logo = models.ImageField(
        _("biểu trưng (logo)"), upload_to=RandomName("nhan-dien/"), blank=True,
        help_text=_("Ảnh JPEG, PNG, WebP hoặc GIF; nên là ảnh vuông, nền trong suốt (PNG). Hiện bên trái tên cổng."))
    # The agency's contact details and its contact official (Nghị định 42/2022/NĐ-CP, Điều 4).
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True, validators=[PHONE])
    fax = models.CharField(_("fax"), max_length=30, blank=True, validators=[PHONE])
    email = models.EmailField(_("thư điện tử"), blank=True)
    contact_name = models.CharField(_("họ và tên cán bộ đầu mối"), max_length=120, blank=True)
    contact_title = models.CharField(_("chức vụ"), max_length=120, blank=True)
    contact_unit = models.CharField(_("đơn vị công tác"), max_length=200, blank=True)
    contact_phone = models.CharField(_("điện thoại của cán bộ đầu mối"), max_length=30, blank=True,
                                     validators=[PHONE])
    contact_email = models.EmailField(_("thư điện tử công vụ của cán bộ đầu mối"), blank=True)
    # What a new report's Word document starts with (Nghị định 30/2020/NĐ-CP, Phụ lục I); each report can
    # change them, and a published report keeps its own.
    document_parent_body = models.TextField(
        _("cơ quan chủ quản trực tiếp"), blank=True,
        help_text=_("Dòng trên của góc trái, viết hoa, nếu cơ quan ban hành có cơ quan cấp trên trực tiếp (ví dụ "
                    "UBND TỈNH … trên SỞ NỘI VỤ). Để trống với Ủy ban nhân dân."))
    document_issuer = models.TextField(
        _("tên cơ quan ban hành"), blank=True,
        help_text=_("Viết hoa, mỗi dòng một dòng của góc trái, ví dụ: ỦY BAN NHÂN DÂN / TỈNH …"))
    document_place = models.CharField(
        _("địa danh"), max_length=80, blank=True,
        help_text=_("Trong dòng “…, ngày … tháng … năm …” (tên tỉnh, thành phố nơi cơ quan đóng trụ sở)."))
    document_signer_authority = models.TextField(
        _("thẩm quyền ký"), blank=True,
        help_text=_("Mỗi dòng một ý, ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."))
    document_signer_name = models.CharField(_("người ký"), max_length=120, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thông tin cổng")
        verbose_name_plural = _("thông tin cổng")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="portal_identity_is_one_row")]

    def __str__(self):
        return self.site_name or str(_("Thông tin cổng (chưa khai báo)"))

    def save(self, *args, **kwargs):
        self.id = 1
        super().save(*args, **kwargs)

    @property
    def is_set(self):
        """Enough to say whose portal this is: its name and the agency that runs it."""
        return bool(self.site_name.strip() and self.operator_name.strip())

    # What Nghị định 42/2022/NĐ-CP, Điều 4 asks a portal to show (fax only where the agency has one).
    CONTACT_FIELDS = ("address", "phone", "email", "contact_name", "contact_title", "contact_unit",
                      "contact_phone", "contact_email")

    @property
    def missing_contact_fields(self):
        """The labels of the contact details the footer still lacks, in the form's order."""
        return [str(self._meta.get_field(name).verbose_name) for name in self.CONTACT_FIELDS
                if not getattr(self, name).strip()]

    @property
    def display_name(self):
        return self.site_name.strip() or GENERIC_SITE_NAME

    @property
    def display_short_name(self):
        return self.short_name.strip() or self.display_name

    @property
    def phone_link(self):
        return _tel(self.phone)

    @property
    def contact_phone_link(self):
        return _tel(self.contact_phone)

    @property
    def letterhead(self):
        """The Word document's top left, parent body first, one line per line (reports.Report.letterhead)."""
        lines = [*self.document_parent_body.splitlines(), *self.document_issuer.splitlines()]
        return "\n".join(line.strip() for line in lines if line.strip())


def _tel(number):
    """"0290 3831 234" → "tel:02903831234" (a phone dials it with one tap)."""
    digits = "".join(c for c in number if c.isdigit() or c == "+")
    return f"tel:{digits}" if digits else ""


class JobRun(models.Model):
    """A scheduled job's claim (core.jobs): every application node has the same timers, and the node whose
    timer fires first claims the job — for its slot, when it must run only once in that slot (a day), or
    while it runs, when it only must not overlap itself. A row, not a PostgreSQL session lock, because
    PgBouncer in transaction mode hands each transaction to any server connection (a session lock would be
    held by whatever connection happened to run it); a row works on SQLite too."""

    job = models.CharField(_("việc"), max_length=60)
    slot = models.CharField(_("lượt"), max_length=40, blank=True,
                            help_text=_("Ngày của việc chạy mỗi ngày một lần; trống: việc chỉ cần không chạy chồng."))
    node = models.CharField(_("máy chạy"), max_length=100)
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    lease_until = models.DateTimeField(_("giữ đến"))

    class Meta:
        verbose_name = _("lượt chạy việc định kỳ")
        verbose_name_plural = _("lượt chạy việc định kỳ")
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="one_run_per_job_and_slot")]

    def __str__(self):
        return f"{self.job} {self.slot} ({self.node})".replace("  ", " ")
