import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import vn_date
from core.models import TimeStamped
from core.text import VIETNAMESE

# The official code's shape by kind (Quyết định 19/2025/QĐ-TTg: province 2 digits, commune 5; the districts'
# 3-digit codes come from the list before it, Quyết định 124/2004/QĐ-TTg). Other kinds have no code.
CODE_DIGITS = {"ubnd_tinh": 2, "cap_huyen": 3, "cap_xa": 5}


def code_shape_q():
    """The database's statement of CODE_DIGITS (a CheckConstraint): no code, or the right number of digits."""
    shape = Q(official_code="")
    for kind, digits in CODE_DIGITS.items():
        shape |= Q(kind=kind, official_code__regex=rf"^[0-9]{{{digits}}}$")
    return shape


class AgencyQuerySet(models.QuerySet):
    """Open or closed, as a query: `open_between` states the same rule as Agency.is_open_between."""

    def open_between(self, start, end=None):
        """Agencies open on some day of [start, end] (Agency.is_open_between, as a query)."""
        end = end or start
        return self.filter(Q(existed_from__isnull=True) | Q(existed_from__lte=end),
                           Q(existed_to__isnull=True) | Q(existed_to__gte=start),
                           Q(is_active=True) | Q(existed_to__isnull=False))

    def open_on(self, date):
        return self.open_between(date)

    def open_now(self):
        """What every picker for new work offers: open today and not marked closed. The one statement of it
        (agencies.scoping.offered_for_new_work and the autocompletes ask it)."""
        return self.filter(is_active=True).open_on(timezone.localdate())


class Agency(TimeStamped):
    """Cơ quan, đơn vị: what every plan, task, activity, report, answer and staff account hangs on. Units
    change (districts abolished on 1 July 2025, departments merged on 1 March 2025), so an agency is never
    deleted or merged away: it is closed (`existed_to`, recorded by agencies.changes) and keeps everything
    it did and its name on its documents; its work is followed to its successors (AgencyChange)."""

    class Kind(models.TextChoices):
        PROVINCE = "ubnd_tinh", _("UBND tỉnh")
        DEPARTMENT = "so_nganh", _("Sở, ban, ngành")
        PRESS = "bao_chi", _("Cơ quan báo chí, đài")
        DISTRICT = "cap_huyen", _("Cấp huyện (đến 30/6/2025)")
        COMMUNE = "cap_xa", _("Cấp xã")
        OTHER = "khac", _("Tổ chức khác")

    # Sorted the Vietnamese way wherever the database orders agencies (core.text.VIETNAMESE).
    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255, unique=True, db_collation=VIETNAMESE)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    official_code = models.CharField(
        _("mã đơn vị hành chính"), max_length=5, blank=True, default="",
        help_text=_("Theo Quyết định 19/2025/QĐ-TTg: tỉnh 2 chữ số, xã 5 chữ số (huyện: 3 chữ số theo danh mục "
                    "trước đó). Sở, ban, ngành không có mã. Mã cố định suốt đời đơn vị, không cấp lại cho đơn "
                    "vị khác."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="children",
    )
    existed_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True,
                                    help_text=_("Để trống nếu không rõ."))
    existed_to = models.DateField(
        _("hoạt động đến ngày"), null=True, blank=True,
        help_text=_("Ngày cuối cùng đơn vị còn hoạt động (ngày trước ngày hiệu lực của quyết định sáp nhập, "
                    "chia tách…). Để trống khi đơn vị đang hoạt động."),
    )
    # Kept as the "open" flag the lists, filters and reminders read; consistent with existed_to (clean): a
    # past existed_to unticks it; unticked without a date means closed on a day nobody recorded.
    is_active = models.BooleanField(
        _("đang hoạt động"), default=True,
        help_text=_("Bỏ chọn khi cơ quan giải thể hoặc sáp nhập (nên ghi cả ngày thôi hoạt động); dữ liệu cũ "
                    "vẫn được giữ."),
    )

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["kind", "name"]
        # Held by the provincial coordinators' role: see and change every agency's data (agencies.scoping).
        permissions = [("manage_all_agencies", _("Xem và sửa dữ liệu của mọi cơ quan (điều phối cấp tỉnh)"))]
        constraints = [
            models.UniqueConstraint(fields=["official_code"], condition=~Q(official_code=""),
                                    name="agency_official_code_unique",
                                    violation_error_message=_("Mã đơn vị hành chính này đã cấp cho đơn vị khác.")),
            models.CheckConstraint(condition=code_shape_q(), name="agency_official_code_shape",
                                   violation_error_message=_("Mã đơn vị hành chính không đúng dạng theo loại.")),
            models.CheckConstraint(
                condition=Q(existed_from__isnull=True) | Q(existed_to__isnull=True)
                | Q(existed_from__lte=models.F("existed_to")),
                name="agency_dates_in_order",
                violation_error_message=_("Ngày thôi hoạt động không thể trước ngày bắt đầu hoạt động.")),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    def clean(self):
        errors = {}
        code_error = self._code_error()
        if code_error:
            errors["official_code"] = code_error
        if self.existed_from and self.existed_to and self.existed_to < self.existed_from:
            errors["existed_to"] = ValidationError(
                _("Ngày thôi hoạt động (%(to)s) không thể trước ngày bắt đầu hoạt động (%(from)s)."),
                code="dates_order", params={"to": vn_date(self.existed_to), "from": vn_date(self.existed_from)})
        closed_by = self.closing_change() if self.pk else None
        if closed_by is not None:
            last_day = closed_by.effective_date - dt.timedelta(days=1)
            if self.existed_to != last_day or (self.is_active and last_day < timezone.localdate()):
                # Its figures go to the successors (agencies.succession): it cannot be reopened here.
                errors["existed_to"] = ValidationError(
                    _("%(name)s đã thôi hoạt động theo %(change)s: hoạt động đến ngày %(date)s và không còn “đang "
                      "hoạt động”; số liệu của đơn vị được tính cho đơn vị kế thừa. Không sửa được ngày này ở đây."),
                    code="closed_by_change", params={"name": self.name, "change": closed_by,
                                                     "date": vn_date(last_day)})
        if self.existed_to and self.existed_to < timezone.localdate():
            self.is_active = False  # closed: the flag follows the recorded date
        if errors:
            raise ValidationError(errors)

    def _code_error(self):
        code = self.official_code = (self.official_code or "").strip()
        if self.pk:
            saved = Agency.objects.filter(pk=self.pk).values_list("official_code", flat=True).first()
            if saved and saved != code:
                return ValidationError(
                    _("Mã %(code)s cố định suốt đời của đơn vị (Quyết định 19/2025/QĐ-TTg): không đổi, không xóa "
                      "được."), code="code_fixed", params={"code": saved})
        if not code:
            return None
        digits = CODE_DIGITS.get(self.kind)
        if digits is None:
            return ValidationError(_("Đơn vị loại “%(kind)s” không có mã đơn vị hành chính: để trống."),
                                   code="code_not_for_kind", params={"kind": self.get_kind_display()})
        if not re.fullmatch(rf"[0-9]{{{digits}}}", code):
            return ValidationError(_("Mã đơn vị hành chính của đơn vị loại “%(kind)s” gồm %(digits)d chữ số."),
                                   code="code_shape", params={"kind": self.get_kind_display(), "digits": digits})
        # A code once used stays used: the live rows, and every agency the history remembers (deleted ones too).
        holder = (Agency.objects.filter(official_code=code).exclude(pk=self.pk).values_list("name", flat=True)
                  .first()
                  or Agency.history.filter(official_code=code).exclude(id=self.pk).order_by("-history_date")
                  .values_list("name", flat=True).first())
        if holder:
            return ValidationError(
                _("Mã %(code)s đã cấp cho “%(name)s”: mỗi mã chỉ dùng cho một đơn vị, kể cả khi đơn vị đó đã thôi "
                  "hoạt động hay đã bị xóa."), code="code_taken", params={"code": code, "name": holder})
        return None

    # ------------------------------------------------------------------ open or closed, and why

    # The one rule of "open", stated here and, as a query, in AgencyQuerySet.open_between: keep them alike.
    def is_open_between(self, start: dt.date, end: dt.date | None = None) -> bool:
        """Whether the agency was open on some day of [start, end]: by its recorded dates, an unknown date
        closing nothing; but one marked closed ("đang hoạt động" unticked) without a date closed on a day
        nobody recorded, so it is open on no day."""
        end = end or start
        if self.closed_undated:
            return False
        return not ((self.existed_to and self.existed_to < start) or (self.existed_from and self.existed_from > end))

    @property
    def closed_undated(self) -> bool:
        return not self.is_active and self.existed_to is None

    def refusal(self, start: dt.date | None = None, end: dt.date | None = None) -> str:
        """Why the agency cannot be given new work dated in [start, end] (one day when `end` is None), or ""
        if it can. Without dates: new work from today, where an agency marked closed is refused too. The one
        message every model's clean, the imports and the forms show."""
        if start is None:
            today = timezone.localdate()
            if self.is_active or (self.existed_to and self.existed_to >= today):
                start = today
            else:
                return self._closed_message()
        if self.is_open_between(start, end):
            return ""
        if self.existed_from and self.existed_from > (end or start) and not self.closed_undated:
            return str(_("%(name)s chỉ hoạt động từ ngày %(date)s.") % {
                "name": self.name, "date": vn_date(self.existed_from)})
        return self._closed_message()

    def _closed_message(self):
        since = vn_date(self.existed_to + dt.timedelta(days=1)) if self.existed_to else ""
        change = self.closing_change()
        text = (_("%(name)s đã thôi hoạt động từ %(date)s") % {"name": self.name, "date": since} if since
                else _("%(name)s đã thôi hoạt động") % {"name": self.name})
        if change is None:
            return f"{text}."
        successors = ", ".join(agency.name for agency in change.successors.order_by("name"))
        return str(_("%(text)s (%(kind)s theo %(basis)s); hãy chọn đơn vị kế thừa: %(successors)s.") % {
            "text": text, "kind": change.get_kind_display().lower(), "basis": change.legal_basis,
            "successors": successors})

    def closing_change(self):
        """The change event that closed this agency (the latest merge, split or rename it was a source of)."""
        return (AgencyChange.objects.filter(sources=self, kind__in=AgencyChange.CLOSING)
                .order_by("-effective_date", "-pk").first())

    def successors(self):
        return Agency.objects.filter(successions__change__source_links__agency=self).distinct()

    def predecessors(self):
        return Agency.objects.filter(source_links__change__successor_links__agency=self).distinct()


class AgencyChange(TimeStamped):
    """A change event (Nghị quyết, Quyết định): the agencies before and those after, its effective date
    and legal basis. Recorded only through agencies.changes.agency_change_record, which checks the rules
    (no cycle of successors, not before the agencies before existed) and closes the agencies before on
    the day before the effective date, in one transaction. A merge, split or rename closes its sources; a
    transfer (part of their work moves) leaves them open. Old agencies are closed, never deleted: an
    approval in 2019 is a fact about the agency that existed then."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Sáp nhập, hợp nhất")
        SPLIT = "split", _("Chia tách")
        RENAME = "rename", _("Đổi tên")
        TRANSFER = "transfer", _("Chuyển giao")

    CLOSING = (Kind.MERGE, Kind.SPLIT, Kind.RENAME)

    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=Kind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"),
                                      help_text=_("Các đơn vị trước thôi hoạt động từ ngày này (hoạt động đến hết "
                                                  "ngày hôm trước)."))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300,
                                   help_text=_("Ví dụ: Nghị quyết 202/2025/QH15."))
    note = models.TextField(_("ghi chú"), blank=True)
    sources = models.ManyToManyField(Agency, through="AgencyChangeSource", related_name="changes_as_source",
                                     verbose_name=_("đơn vị trước"))
    successors = models.ManyToManyField(Agency, through="AgencySuccession", related_name="changes_as_successor",
                                        verbose_name=_("đơn vị kế thừa"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thay đổi đơn vị")
        verbose_name_plural = _("thay đổi đơn vị (sáp nhập, chia tách, đổi tên, chuyển giao)")
        ordering = ["-effective_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["merge", "split", "rename", "transfer"]),
                                   name="agency_change_kind_known"),
            models.CheckConstraint(condition=~Q(legal_basis=""), name="agency_change_has_legal_basis"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {vn_date(self.effective_date)} — {self.legal_basis}"


class AgencyChangeSource(models.Model):
    """An agency before a change."""

    change = models.ForeignKey(AgencyChange, on_delete=models.CASCADE, related_name="source_links")
    agency = models.ForeignKey(Agency, verbose_name=_("đơn vị trước"), on_delete=models.PROTECT,
                               related_name="source_links")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị trước")
        verbose_name_plural = _("đơn vị trước")
        constraints = [models.UniqueConstraint(fields=["change", "agency"], name="agency_change_source_once")]

    def __str__(self):
        return str(self.agency)


class AgencySuccession(models.Model):
    """An agency after a change; for a split, the share of the source's work it took, where declared
    (used to count old figures under today's units; none declared: the figures stay with the first)."""

    change = models.ForeignKey(AgencyChange, on_delete=models.CASCADE, related_name="successor_links")
    agency = models.ForeignKey(Agency, verbose_name=_("đơn vị kế thừa"), on_delete=models.PROTECT,
                               related_name="successions")
    share = models.DecimalField(_("tỷ lệ kế thừa (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị kế thừa")
        verbose_name_plural = _("đơn vị kế thừa")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["change", "agency"], name="agency_succession_once"),
            models.CheckConstraint(condition=Q(share__isnull=True) | (Q(share__gt=0) & Q(share__lte=100)),
                                   name="agency_succession_share_percent"),
        ]

    def __str__(self):
        return str(self.agency)
