"""Activities (kết quả thực hiện): the work done, its photos and evidence, and the Excel imports that add them."""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from core.dates import vn_date
from core.fields import RichTextField
from core.files import RandomName, private_storage
from core.models import TimeStamped

from .plans import Channel, Plan, Task
from .reporting import covering_among, covering_approved_submission


class ActivityQuerySet(models.QuerySet):
    def counted(self):
        """The activities public figures count: approved ones (by an approved submission of their agency
        for a period covering their date), or all of them where REPORTING_APPROVAL_REQUIRED is off."""
        return self.filter(approved=True) if settings.REPORTING_APPROVAL_REQUIRED else self


class Activity(TimeStamped):
    """Kết quả thực hiện: one piece of communication work done, in the channel's unit."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="activities")
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="activities",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị thực hiện"), on_delete=models.PROTECT, related_name="activities"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("hình thức tuyên truyền"), on_delete=models.PROTECT, related_name="activities"
    )
    date = models.DateField(_("ngày thực hiện"))
    title = models.CharField(_("nội dung"), max_length=300)
    quantity = models.PositiveIntegerField(
        _("số lượng"), default=1, help_text=_("Theo đơn vị tính của hình thức tuyên truyền.")
    )
    participants = models.PositiveIntegerField(
        _("số người tham dự (lượt người)"), null=True, blank=True,
        help_text=_("Ví dụ: số thí sinh dự thi, số lượt người dự tọa đàm."),
    )
    awards = models.PositiveIntegerField(_("số giải"), null=True, blank=True, help_text=_("Với hội thi, cuộc thi."))
    description = RichTextField(_("mô tả chi tiết"), blank=True)
    evidence_url = models.URLField(_("đường dẫn minh chứng"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL,
        null=True, blank=True, editable=False, related_name="+",
    )
    import_batch = models.ForeignKey(
        "ImportBatch", verbose_name=_("thêm bởi lần nhập Excel"), on_delete=models.SET_NULL,
        null=True, blank=True, editable=False, related_name="activities",
    )
    # Written by campaigns.cycle only (activities_refresh_approval; activities_changed, which every writer calls):
    # True when an approved submission of the agency covers the date (or it was entered before the cycle
    # existed). Approved activities count in public. (The lock is the approved submission itself.)
    approved = models.BooleanField(_("đã duyệt"), default=False, editable=False)

    objects = ActivityQuerySet.as_manager()
    # `approved` follows the submission (whose history records each approval), not an edit of the row.
    history = HistoricalRecords(excluded_fields=["approved"])

    class Meta:
        verbose_name = _("kết quả thực hiện")
        verbose_name_plural = _("kết quả thực hiện")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="activity_quantity_non_negative"),
            models.CheckConstraint(
                condition=Q(participants__isnull=True) | Q(participants__gte=0),
                name="activity_participants_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(awards__isnull=True) | Q(awards__gte=0), name="activity_awards_non_negative"
            ),
            # "The task belongs to the plan" is enforced by triggers (see migration 0003).
        ]
        indexes = [
            models.Index(fields=["plan", "channel"], name="activity_plan_channel_idx"),
            models.Index(fields=["plan", "agency"], name="activity_plan_agency_idx"),
            models.Index(fields=["plan", "date"], name="activity_plan_date_idx"),
            models.Index(fields=["agency", "date"], name="activity_agency_date_idx"),
            models.Index(fields=["channel", "date"], name="activity_channel_date_idx"),
            models.Index(fields=["date"], name="activity_date_idx"),
            # Covering indexes (PostgreSQL; other databases get the plain index): task progress and the
            # per-channel totals read only the index, not a million table rows.
            models.Index(fields=["task", "channel"], include=["quantity", "approved", "date"],
                         name="activity_task_progress_idx"),
            # The coordinator's dashboard: each agency's last entry (MAX(created_at)) from the index's end.
            models.Index(fields=["agency", "created_at"], name="activity_agency_created_idx"),
        ]

    def __str__(self):
        return self.title

    def locking_submission(self):
        """The approved submission whose period covers this activity's agency and date (which locks it), or
        None. A bulk validator (the Excel import) sets `_approved_windows` (see `approved_windows`) so a
        thousand rows cost no query each."""
        windows = getattr(self, "_approved_windows", None)
        if windows is None:
            return covering_approved_submission(self.agency_id, self.date)
        return covering_among(windows.get(self.agency_id, ()), self.agency_id, self.date)

    def channel_from_task(self):
        """No channel chosen: the task's (a task is counted in one channel). Every writer goes through
        full_clean, so the form's first save and the Excel import get the same default."""
        if self.channel_id is None and self.task_id and self.task.channel_id:
            self.channel_id = self.task.channel_id

    def clean_fields(self, exclude=None):
        self.channel_from_task()  # before the "required" check of the channel
        super().clean_fields(exclude=exclude)

    def clean(self):
        errors = {}
        self.channel_from_task()  # the form and the import leave an empty channel to clean()
        if self.channel_id is None:
            errors["channel"] = ValidationError(
                _("Hãy chọn hình thức tuyên truyền (hoặc chọn nhiệm vụ có hình thức)."), code="channel_missing")
        locked_by = self.locking_submission()
        if locked_by is not None:
            errors["date"] = period_locked_error(locked_by, self.date)
        if self.task_id and self.plan_id and self.task.plan_id != self.plan_id:
            errors["task"] = ValidationError(
                _("Nhiệm vụ này không thuộc kế hoạch đã chọn."), code="task_not_in_plan"
            )
        elif self.task_id and self.channel_id and self.task.channel_id and self.task.channel_id != self.channel_id:
            errors["channel"] = ValidationError(
                _("Nhiệm vụ đã chọn tính theo hình thức “%(channel)s”."),
                code="channel_mismatch", params={"channel": self.task.channel},
            )
        if self.date and self.agency_id and (refusal := self.agency.refusal(self.date)):
            errors["agency"] = ValidationError(refusal, code="agency_closed")
        if self.date and self.plan_id:
            first, last = self.plan.activity_dates()
            if not first <= self.date <= last:
                errors["date"] = ValidationError(
                    _("Ngày thực hiện %(date)s nằm ngoài năm của kế hoạch %(year)s (được nhập từ %(first)s "
                      "đến %(last)s); hãy kiểm tra lại."),
                    code="date_outside_plan",
                    params={"date": vn_date(self.date), "year": self.plan.year,
                            "first": vn_date(first), "last": vn_date(last)},
                )
        if errors:
            raise ValidationError(errors)


def period_locked_error(submission, date):
    """Why nothing may be written at `date` for the agency of `submission`, an approved report whose window
    holds it: the one message of the lock, for the form, the import and every writer (campaigns.cycle)."""
    return ValidationError(
        _("Kỳ báo cáo “%(period)s” của %(agency)s đã được duyệt: không thêm hay sửa kết quả ngày %(date)s "
          "được nữa. Đề nghị điều phối viên mở lại kỳ (kèm lý do) nếu cần sửa."),
        code="period_locked",
        params={"period": submission.period, "agency": submission.agency.display_name, "date": vn_date(date)},
    )


class ImportBatch(models.Model):
    """One confirmed Excel import: who, when, which file, what it did. The activities it added point to it
    (`activities`); for those it changed, `previous_values` keeps what they held before, and
    `imported_state` a fingerprint of what the import wrote, so an undo can tell whether anyone has
    changed them since (see `campaigns.spreadsheets.import_batch_undo`)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hiệu lực")
        UNDONE = "undone", _("Đã hoàn tác")

    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan của người nhập"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="import_batches",
    )
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    created_count = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged_count = models.PositiveIntegerField(_("không đổi"), default=0)
    warning_count = models.PositiveIntegerField(_("cảnh báo đã xác nhận"), default=0)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người hoàn tác"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    undone_at = models.DateTimeField(_("hoàn tác lúc"), null=True, blank=True)
    previous_values = models.JSONField(
        _("giá trị trước khi nhập"), default=dict, blank=True, editable=False,
        help_text=_("Với mỗi hoạt động được cập nhật: các giá trị trước lần nhập."),
    )
    imported_state = models.JSONField(
        _("dấu vết giá trị đã nhập"), default=dict, blank=True, editable=False,
        help_text=_("Với mỗi hoạt động được thêm hoặc cập nhật: dấu vết (hash) các giá trị lần nhập đã ghi."),
    )

    class Meta:
        verbose_name = _("lần nhập Excel")
        verbose_name_plural = _("các lần nhập Excel")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agency", "created_at"], name="importbatch_agency_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", undone_at__isnull=True) | Q(status="undone", undone_at__isnull=False),
                name="importbatch_undone_has_a_time",
            ),
        ]

    def __str__(self):
        return _("Lần nhập số %(n)s (%(file)s)") % {"n": self.pk, "file": self.file_name or "—"}


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("kết quả thực hiện"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("ảnh"), upload_to="activities/%Y/%m/")
    thumbnail = models.ImageField(
        _("ảnh thu nhỏ"), upload_to="activities/%Y/%m/thumbs/", blank=True, editable=False
    )
    caption = models.CharField(_("chú thích (mô tả ảnh)"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ảnh hoạt động")
        verbose_name_plural = _("ảnh hoạt động")
        ordering = ["order", "id"]

    def __str__(self):
        return self.caption or self.image.name


class ActivityEvidence(models.Model):
    """Tài liệu kiểm chứng: a file proving an activity (PDF, image, office document), stored privately and
    handed out to who may see the activity (campaigns.views.private_file); what the PAR Index asks for."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("kết quả thực hiện"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("tệp minh chứng"), upload_to=RandomName("evidence/%Y/"), storage=private_storage)
    name = models.CharField(_("tên tệp"), max_length=255, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name or self.file.name
