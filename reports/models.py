from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from campaigns.models import PeriodKind, Plan, PublishStatus, ReportingPeriod
from core.fields import RichTextField
from core.identity import current_identity
from core.models import TimeStamped
from core.slugs import TitleSlugField, keeping_old_addresses

from . import queries
from .figures import read_figures


class ReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublishStatus.PUBLISHED)

    def listing(self):
        """For lists: without the frozen figures and the narrative, which can be large."""
        return self.defer("figures", "narrative")


class Report(TimeStamped):
    """Báo cáo. While a draft, its figures are computed live; publishing freezes them in `figures`
    (see reports.report_publishing), and every later refresh is kept in the history."""

    class Period(models.TextChoices):
        YEAR = "nam", _("Năm")
        HALF = "6thang", _("6 tháng")
        QUARTER = "quy", _("Quý")
        MONTH = "thang", _("Tháng")
        OTHER = "khac", _("Khác")

    title = models.CharField(_("tên báo cáo"), max_length=300)
    slug = TitleSlugField(_("đường dẫn"), max_length=120, unique=True)
    document_number = models.CharField(_("số, ký hiệu"), max_length=50, blank=True,
                                       help_text=_("Ví dụ: 45/BC-UBND"))
    date = models.DateField(_("ngày báo cáo"))
    issuing_agency = models.ForeignKey(Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT,
                                       related_name="reports")
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, null=True, blank=True,
                             related_name="reports", help_text=_("Báo cáo kết quả thực hiện kế hoạch này."))
    reporting_period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("thuộc kỳ báo cáo"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="reports",
        help_text=_("Chọn kỳ báo cáo (Quý I, 6 tháng, Quý III, Năm): loại kỳ và thời gian lấy số liệu lấy theo kỳ, "
                    "không phải nhập lại. Để trống với báo cáo không theo kỳ nào."))
    period = models.CharField(_("kỳ báo cáo"), max_length=10, choices=Period.choices, default=Period.YEAR)
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    summary = models.TextField(_("trích yếu"), blank=True)
    narrative = RichTextField(_("nội dung báo cáo"), blank=True,
                              help_text=_("Kết quả đạt được, tồn tại, hạn chế, phương hướng nhiệm vụ."))
    # For the Word document (Nghị định 30/2020/NĐ-CP): letterhead, place, signature block, recipients.
    letterhead = models.TextField(
        _("tên cơ quan (góc trái)"), blank=True,
        help_text=_("Mỗi dòng một cấp, viết hoa, ví dụ: ỦY BAN NHÂN DÂN / TỈNH …; báo cáo mới lấy theo thông tin "
                    "cổng. Để trống: lấy theo cơ quan ban hành."))
    place_name = models.CharField(_("địa danh"), max_length=80, blank=True,
                                  help_text=_("Trong dòng “…, ngày … tháng … năm …” (tên tỉnh, thành phố)."))
    signer_authority = models.TextField(
        _("thẩm quyền ký"), blank=True,
        help_text=_("Mỗi dòng một ý, ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."))
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True,
                                  help_text=_("Mỗi dòng một nơi nhận, ví dụ: Bộ Nội vụ (b/c); dòng cuối: Lưu: VT."))
    status = models.CharField(_("trạng thái"), max_length=20, choices=PublishStatus.choices,
                              default=PublishStatus.DRAFT, editable=False)
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True, editable=False)
    figures = models.JSONField(_("số liệu đã chốt"), null=True, blank=True, editable=False)
    figures_as_of = models.DateTimeField(_("số liệu tính đến"), null=True, blank=True, editable=False)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-date", "-id"]
        permissions = [("publish_report", _("Công khai báo cáo và cập nhật số liệu đã chốt"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False) | (Q(period_start__isnull=False) & Q(period_end__isnull=False)),
                name="report_has_plan_or_period",
            ),
            models.CheckConstraint(
                condition=Q(status=PublishStatus.DRAFT)
                | (Q(figures__isnull=False) & Q(figures_as_of__isnull=False)),
                name="published_report_has_frozen_figures",
            ),
        ]
        indexes = [models.Index(fields=["status", "-date"], name="report_status_date_idx")]

    def __str__(self):
        return f"{self.document_number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("reports:report_detail", kwargs={"slug": self.slug})

    @staticmethod
    def document_defaults():
        """What a new report's Word document starts with: the portal's identity (core.identity). Stored
        in the report once it is saved, so a later change of the identity leaves existing reports alone."""
        identity = current_identity()
        return {"letterhead": identity.letterhead, "place_name": identity.document_place.strip(),
                "signer_authority": identity.document_signer_authority.strip(),
                "signer_name": identity.document_signer_name.strip()}

    # /bao-cao/rss/ and /bao-cao/atom/ are the feeds: never a report's address.
    RESERVED_SLUGS = ("rss", "atom")
    # What the frozen figures were counted for (compute_figures) and what labels them (the period's name):
    # frozen with them while the report is published. To change it: withdraw, edit, publish again.
    SCOPE_FIELDS = ("plan", "reporting_period", "period", "period_start", "period_end")
    # A reporting period's kind as the report's period choice.
    KIND_PERIODS = {PeriodKind.Q1: Period.QUARTER, PeriodKind.H1: Period.HALF, PeriodKind.Q3: Period.QUARTER,
                    PeriodKind.YEAR: Period.YEAR}

    @staticmethod
    def slug_addresses(slug):
        """Every public address made from a report's slug: a changed slug redirects each (core.slugs)."""
        return [reverse("reports:report_detail", kwargs={"slug": slug}),
                *(reverse("reports:report_download", kwargs={"slug": slug, "fmt": fmt})
                  for fmt in ("docx", "xlsx", "csv")),
                reverse("api:report_detail", kwargs={"slug": slug}),
                reverse("reports:open_data_csv", kwargs={"slug": slug}),
                reverse("reports:open_data_csv_metadata", kwargs={"slug": slug})]

    def follow_reporting_period(self):
        """The one rule: a report of a reporting period has that period's kind and data window (for clean()
        and save(), whatever writes the report). A published report keeps the window it was frozen for."""
        if self.reporting_period_id is None or self.is_published:
            return
        period = self.reporting_period
        self.period = self.KIND_PERIODS.get(period.kind, self.Period.OTHER)
        self.period_start, self.period_end = period.start, period.end

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & {*self.SCOPE_FIELDS, "plan_id", "reporting_period_id"}:
            self.follow_reporting_period()
            self._refuse_scope_change()
        with keeping_old_addresses(self, reserved=self.RESERVED_SLUGS):
            super().save(*args, **kwargs)

    def frozen_fields(self):
        """Fields that cannot change as the report stands: its scope, once published; the window taken from
        its reporting period. The admin shows them read-only and a history revert keeps them (core.history)."""
        if self.is_published:
            return self.SCOPE_FIELDS
        # A report of a reporting period: its kind and window are the period's, not typed.
        return ("period", "period_start", "period_end") if self.reporting_period_id else ()

    def _refuse_scope_change(self):
        """The one check, for clean() and save() (a form, a history revert, code): the stored report is
        published and this would change what its frozen figures were counted for."""
        if self.pk is None:  # not `_state.adding`: an old version from the history has its pk and is new
            return
        attnames = [self._meta.get_field(name).attname for name in self.SCOPE_FIELDS]
        stored = Report.objects.filter(pk=self.pk, status=PublishStatus.PUBLISHED).values(*attnames).first()
        if stored is None:
            return
        changed = [name for name, attname in zip(self.SCOPE_FIELDS, attnames, strict=True)
                   if getattr(self, attname) != stored[attname]]
        if changed:
            labels = ", ".join(f"“{self._meta.get_field(name).verbose_name}”" for name in changed)
            raise ValidationError(
                _("Báo cáo đã công khai: số liệu đã chốt được tính cho kế hoạch, kỳ báo cáo và thời gian đã "
                  "chọn, nên không sửa được %(fields)s. Muốn đổi, hãy thu hồi công khai, sửa, rồi công khai lại "
                  "(số liệu sẽ được chốt lại).") % {"fields": labels}, code="frozen_scope")

    def clean(self):
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError({"slug": _("“%(slug)s” là địa chỉ của bản tin RSS/Atom; chọn đường dẫn khác.")
                                   % {"slug": self.slug}}, code="reserved_slug")
        self.follow_reporting_period()
        if self.plan_id is None and not (self.period_start and self.period_end):
            raise ValidationError(_("Chọn kế hoạch hoặc nhập kỳ báo cáo (từ ngày, đến ngày)."), code="no_scope")
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError({"period_end": _("“Đến ngày” phải sau “Từ ngày”.")}, code="period_order")
        if self.issuing_agency_id and self.date and (refusal := self.issuing_agency.refusal(self.date)):
            raise ValidationError({"issuing_agency": ValidationError(refusal, code="agency_closed")})
        self._refuse_scope_change()

    @property
    def is_published(self):
        return self.status == PublishStatus.PUBLISHED

    def compute_figures(self):
        return queries.report_figures(plan=self.plan, start=self.period_start, end=self.period_end)

    def pending_figures(self, figures):
        """For a draft's preview: what is entered but not yet approved (so not in `figures`), per channel,
        with the total it would make once approved."""
        approved = {row["name"]: row["total"] for row in figures["channels"]}
        return [{**row, "approved": approved.get(row["channel"], 0),
                 "with_pending": approved.get(row["channel"], 0) + row["total"]}
                for row in queries.pending_totals(plan=self.plan, start=self.period_start, end=self.period_end)]

    def current_figures(self):
        """Frozen figures once published, live ones for a draft (the staff preview); either way in the
        current shape (reports.figures), whatever version they were frozen in."""
        return read_figures(self.figures if self.is_published else self.compute_figures())
