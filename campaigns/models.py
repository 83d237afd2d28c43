import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Case, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import RichTextField
from core.files import RandomName, private_storage
from core.slugs import TitleSlugField, keeping_old_addresses


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class Agency(TimeStamped):
    """Cơ quan, đơn vị. Levels changed on 1 July 2025 (districts abolished), so old agencies are kept
    with their kind and marked inactive rather than deleted: old plans and reports keep their names."""

    class Kind(models.TextChoices):
        PROVINCE = "ubnd_tinh", _("UBND tỉnh")
        DEPARTMENT = "so_nganh", _("Sở, ban, ngành")
        PRESS = "bao_chi", _("Cơ quan báo chí, đài")
        DISTRICT = "cap_huyen", _("Cấp huyện (đến 30/6/2025)")
        COMMUNE = "cap_xa", _("Cấp xã")
        OTHER = "khac", _("Tổ chức khác")

    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="children",
    )
    is_active = models.BooleanField(
        _("đang hoạt động"), default=True,
        help_text=_("Bỏ chọn khi cơ quan giải thể hoặc sáp nhập; dữ liệu cũ vẫn được giữ."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name


class Channel(TimeStamped):
    """Hình thức tuyên truyền. Each channel has one unit, so a channel's total is always in one unit."""

    name = models.CharField(_("hình thức tuyên truyền"), max_length=200, unique=True)
    code = models.SlugField(
        _("mã"), max_length=50, unique=True,
        help_text=_("Mã ổn định dùng khi nhập, xuất dữ liệu (chữ thường không dấu, ví dụ: phat-thanh-truyen-hinh)."),
    )
    unit = models.CharField(
        _("đơn vị tính"), max_length=50,
        help_text=_("Ví dụ: đề tài, kỳ, buổi, cuộc, tờ. Không đổi được khi đã có kết quả thực hiện."),
    )
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang sử dụng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hình thức tuyên truyền")
        verbose_name_plural = _("hình thức tuyên truyền")
        ordering = ["order", "name"]

    def __str__(self):
        return f"{self.name} ({self.unit})"

    def clean(self):
        if self.pk:
            old_unit = Channel.objects.filter(pk=self.pk).values_list("unit", flat=True).first()
            if old_unit and old_unit != self.unit and self.activities.exists():
                raise ValidationError(
                    {"unit": _("Đã có kết quả thực hiện tính theo “%(unit)s”; hãy tạo hình thức mới "
                               "thay vì đổi đơn vị tính.") % {"unit": old_unit}},
                    code="unit_in_use",
                )


class PublishStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã công khai")


class PlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublishStatus.PUBLISHED)


class Plan(TimeStamped):
    """Kế hoạch thông tin, tuyên truyền CCHC."""

    title = models.CharField(_("tên kế hoạch"), max_length=300)
    slug = TitleSlugField(_("đường dẫn"), max_length=120, unique=True)
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    document_number = models.CharField(
        _("số, ký hiệu"), max_length=50, blank=True, help_text=_("Ví dụ: 05/KH-UBND")
    )
    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    summary = models.TextField(_("trích yếu"), blank=True)
    body = RichTextField(_("nội dung"), blank=True)
    attachment = models.FileField(
        _("tệp đính kèm (bản ký, PDF)"), upload_to=RandomName("plans/%Y/"), blank=True,
        storage=private_storage, validators=[FileExtensionValidator(["pdf"])],
        help_text=_("Chỉ người xem được kế hoạch mới tải được tệp: bản dự thảo không ai ngoài cơ quan thấy."),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=PublishStatus.choices, default=PublishStatus.DRAFT
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-issued_on", "title"]
        permissions = [("publish_plan", _("Công khai kế hoạch"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_year_sane"
            ),
        ]

    def __str__(self):
        return f"{self.document_number} {self.title}".strip()

    def save(self, *args, **kwargs):
        with keeping_old_addresses(self):  # an empty slug made from the title; old addresses redirect
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reports:plan_detail", kwargs={"slug": self.slug})

    @staticmethod
    def slug_addresses(slug):
        """Every public address made from a plan's slug: a changed slug redirects each (core.slugs)."""
        return [reverse("reports:plan_detail", kwargs={"slug": slug}),
                reverse("api:plan_detail", kwargs={"slug": slug})]

    @property
    def is_published(self):
        return self.status == PublishStatus.PUBLISHED

    def activity_dates(self):
        """First and last date an activity of this plan may carry: the plan's year, give or take
        ACTIVITY_DATE_MARGIN_DAYS (the yearly data window opens on 15/12 of the year before)."""
        margin = dt.timedelta(days=settings.ACTIVITY_DATE_MARGIN_DAYS)
        return dt.date(self.year, 1, 1) - margin, dt.date(self.year, 12, 31) + margin


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


def task_percent(*, target, achieved, status):
    """A task's share done: of its target when it has one (at most 100), else 100 when staff marked it
    done. The one place the rule lives (public pages, reports, the officer's start page)."""
    if target:
        return min(100, round(100 * (achieved or 0) / target))
    return 100 if status == TaskStatus.DONE else 0


def task_overdue(*, deadline, status, as_of):
    """A task is overdue (quá hạn) when its deadline is before `as_of` and it is not done. Dates or ISO
    strings (a frozen report's figures); the one place the rule lives."""
    return bool(deadline and as_of and deadline < as_of and status != TaskStatus.DONE)


class TaskQuerySet(models.QuerySet):
    def with_progress(self, *, start=None, end=None, counted=True):
        """Annotate `achieved` (sum of the quantities of its activities in the task's own channel, so
        units never mix, dated up to `end` if given) and `progress_status` as of then: for a task with a
        target the status comes from its activities; for a qualitative task, from what staff set. With
        `start`, also `achieved_in_period`: the activities dated within [start, end]. The one place the
        rule "done when the activities reach the target" lives. `counted`: only the activities public
        figures count (ActivityQuerySet.counted); False for staff pages, which show pending work too."""
        to_end = Q(activities__channel=F("channel"))
        if counted and settings.REPORTING_APPROVAL_REQUIRED:
            to_end &= Q(activities__approved=True)
        if end is not None:
            to_end &= Q(activities__date__lte=end)
        in_period = to_end & Q(activities__date__gte=start) if start is not None else to_end
        return self.annotate(
            achieved=Coalesce(Sum("activities__quantity", filter=to_end), Value(0)),
            achieved_in_period=Coalesce(Sum("activities__quantity", filter=in_period), Value(0)),
        ).annotate(
            progress_status=Case(
                When(target_quantity__isnull=True, then=F("status")),
                When(achieved__gte=F("target_quantity"), then=Value(TaskStatus.DONE)),
                When(achieved__gt=0, then=Value(TaskStatus.IN_PROGRESS)),
                default=Value(TaskStatus.NOT_STARTED),
                output_field=models.CharField(),
            )
        )


class Task(TimeStamped):
    """Nhiệm vụ of a plan. A task with a target (chỉ tiêu) is done when its activities reach the
    target; only qualitative tasks have a status typed by staff."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("nhiệm vụ"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    channel = models.ForeignKey(
        Channel, verbose_name=_("hình thức tuyên truyền"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="tasks",
    )
    lead_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan chủ trì"), on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan phối hợp"), blank=True, related_name="coordinated_tasks"
    )
    target_quantity = models.PositiveIntegerField(
        _("chỉ tiêu"), null=True, blank=True,
        help_text=_("Theo đơn vị tính của hình thức tuyên truyền. Để trống với nhiệm vụ định tính."),
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái (nhiệm vụ định tính)"), max_length=20, choices=TaskStatus.choices, blank=True,
        default=TaskStatus.NOT_STARTED,
        help_text=_("Chỉ dùng cho nhiệm vụ không có chỉ tiêu; nhiệm vụ có chỉ tiêu tự tính từ kết quả thực hiện."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_quantity__isnull=True) | Q(target_quantity__gt=0),
                name="task_target_positive",
            ),
            # Completion is typed only for qualitative tasks; for the others it is derived.
            models.CheckConstraint(
                condition=(Q(target_quantity__isnull=True) & ~Q(status=""))
                | (Q(target_quantity__isnull=False) & Q(status="")),
                name="task_status_only_when_qualitative",
            ),
        ]
        indexes = [models.Index(fields=["lead_agency", "plan"], name="task_lead_plan_idx")]

    def __str__(self):
        return self.title

    @property
    def progress_label(self):
        """Vietnamese label of `progress_status` (needs `Task.objects.with_progress()`)."""
        return TaskStatus(self.progress_status).label if self.progress_status else ""

    def clean(self):
        if self.target_quantity is not None:
            self.status = ""
            if not self.channel_id:
                raise ValidationError(
                    {"channel": _("Nhiệm vụ có chỉ tiêu cần chọn hình thức tuyên truyền để biết đơn vị tính.")},
                    code="target_needs_channel",
                )
        elif not self.status:
            self.status = TaskStatus.NOT_STARTED


class ActivityQuerySet(models.QuerySet):
    def counted(self):
        """The activities public figures count: approved ones (by an approved submission of their agency
        for a period covering their date), or all of them where REPORTING_APPROVAL_REQUIRED is off."""
        return self.filter(approved=True) if settings.REPORTING_APPROVAL_REQUIRED else self

    def for_plan(self, plan):
        return self.filter(plan=plan)

    def for_agency(self, agency):
        return self.filter(agency=agency)


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
    # Set only by campaigns.cycle (approving, returning, reopening a submission): True when an approved
    # submission of the agency covers the date (or it was entered before the cycle existed). Approved
    # activities count in public. (The lock is the approved submission itself: campaigns.scoping.)
    approved = models.BooleanField(_("đã duyệt"), default=False, editable=False)

    objects = ActivityQuerySet.as_manager()
    # `approved` follows the submission (whose history records each approval), not an edit of the row.
    history = HistoricalRecords(excluded_fields=["approved"])

    class Meta:
        verbose_name = _("kết quả thực hiện")
        verbose_name_plural = _("kết quả thực hiện")
        ordering = ["-date", "-id"]
        permissions = [("manage_all_agencies", _("Xem và sửa dữ liệu của mọi cơ quan (điều phối cấp tỉnh)"))]
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

    def save(self, *args, **kwargs):
        """A person changing an activity (form, revert) takes it out of the public figures until its agency's
        report is approved again: an activity that can be changed is never covered by an approved report
        (campaigns.scoping locks those), so a change is always new, unapproved data."""
        if not self._state.adding and self.approved and settings.REPORTING_APPROVAL_REQUIRED:
            self.approved = False
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "approved"}
        super().save(*args, **kwargs)

    def locking_submission(self):
        """The approved submission whose period covers this activity's agency and date (which locks it), or
        None. A bulk validator (the Excel import) sets `_approved_windows` (see `approved_windows`) so a
        thousand rows cost no query each."""
        windows = getattr(self, "_approved_windows", None)
        if windows is None:
            return covering_approved_submission(self.agency_id, self.date)
        return next((submission for submission in windows.get(self.agency_id, ())
                     if submission.period.covers(self.date)), None)

    def clean(self):
        errors = {}
        locked_by = self.locking_submission()
        if locked_by is not None:
            errors["date"] = ValidationError(
                _("Kỳ báo cáo “%(period)s” của %(agency)s đã được duyệt: không thêm hay sửa kết quả ngày %(date)s "
                  "được nữa. Đề nghị điều phối viên mở lại kỳ (kèm lý do) nếu cần sửa."),
                code="period_locked",
                params={"period": locked_by.period, "agency": locked_by.agency.display_name,
                        "date": self.date.strftime("%d/%m/%Y")},
            )
        if self.task_id and self.plan_id and self.task.plan_id != self.plan_id:
            errors["task"] = ValidationError(
                _("Nhiệm vụ này không thuộc kế hoạch đã chọn."), code="task_not_in_plan"
            )
        elif self.task_id and self.channel_id and self.task.channel_id and self.task.channel_id != self.channel_id:
            errors["channel"] = ValidationError(
                _("Nhiệm vụ đã chọn tính theo hình thức “%(channel)s”."),
                code="channel_mismatch", params={"channel": self.task.channel},
            )
        if self.date and self.plan_id:
            first, last = self.plan.activity_dates()
            if not first <= self.date <= last:
                errors["date"] = ValidationError(
                    _("Ngày thực hiện %(date)s nằm ngoài năm của kế hoạch %(year)s (được nhập từ %(first)s "
                      "đến %(last)s); hãy kiểm tra lại."),
                    code="date_outside_plan",
                    params={"date": self.date.strftime("%d/%m/%Y"), "year": self.plan.year,
                            "first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")},
                )
        if errors:
            raise ValidationError(errors)


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


class PeriodKind(models.TextChoices):
    """The periodic CCHC reports (581/BNV-CCHC): each with its data window and due date."""

    Q1 = "q1", _("Quý I")
    H1 = "h1", _("6 tháng")
    Q3 = "q3", _("Quý III")
    YEAR = "year", _("Năm")


class ReportingPeriod(TimeStamped):
    """Kỳ báo cáo: a data window (thời gian lấy số liệu), a due date (hạn gửi) and the agencies expected to
    report, one `Submission` each. Windows overlap (6 tháng contains Quý I), as the instruction sets them."""

    kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    start = models.DateField(_("lấy số liệu từ ngày"))
    end = models.DateField(_("đến ngày (ngày chốt số liệu)"))
    due_date = models.DateField(_("hạn gửi báo cáo"))
    expected_agencies = models.ManyToManyField(
        Agency, through="Submission", related_name="reporting_periods", verbose_name=_("cơ quan phải báo cáo"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "-due_date"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="period_kind_year_unique"),
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="period_start_before_end"),
            models.CheckConstraint(condition=Q(due_date__gte=F("end")), name="period_due_after_end"),
        ]

    def __str__(self):
        names = {PeriodKind.H1: "6 tháng đầu năm", PeriodKind.YEAR: "Năm"}
        return f"{names.get(self.kind, self.get_kind_display() + ' năm')} {self.year}"

    def clean(self):
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("Ngày chốt số liệu phải sau ngày bắt đầu lấy số liệu.")},
                                  code="period_order")
        if self.end and self.due_date and self.due_date < self.end:
            raise ValidationError({"due_date": _("Hạn gửi báo cáo không thể trước ngày chốt số liệu.")},
                                  code="period_due")

    def covers(self, date):
        """Whether `date` falls in the period's data window (start and end inclusive)."""
        return bool(date) and self.start <= date <= self.end

    @property
    def on_time_cutoff(self):
        """The first instant after the due date in the portal's time zone: a report first sent before it
        is on time. The one place "đúng hạn" is decided (submissions, dashboard, reminders)."""
        return timezone.make_aware(dt.datetime.combine(self.due_date + dt.timedelta(days=1), dt.time.min))

    def is_past_due(self, today):
        """Whether the due date is over on `today` (a report not sent by now is quá hạn)."""
        return today > self.due_date


class SubmissionStatus(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", _("Chưa gửi")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class SubmissionQuerySet(models.QuerySet):
    def covering(self, agency, date):
        """The approved submissions of `agency` whose period's window holds `date` — what locks an
        activity and makes it count. `agency` and `date` are values or expressions (OuterRef("date")),
        so the same rule serves one row, a subquery over many, and a bulk update."""
        return self.filter(agency_id=agency, status=SubmissionStatus.APPROVED,
                           period__start__lte=date, period__end__gte=date)


class Submission(TimeStamped):
    """An agency's report for a period. Its status changes only through campaigns.cycle (gửi, duyệt,
    trả lại, mở lại), each step recorded in the history with who and why."""

    period = models.ForeignKey(ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE,
                               related_name="submissions")
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT,
                               related_name="submissions")
    status = models.CharField(_("trạng thái"), max_length=20, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.NOT_SUBMITTED, editable=False)
    nothing_to_report = models.BooleanField(_("không phát sinh"), default=False, editable=False)
    note = models.TextField(_("ghi chú của cơ quan"), blank=True, editable=False)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True,
                                     blank=True, on_delete=models.SET_NULL, editable=False, related_name="+")
    reviewed_at = models.DateTimeField(_("duyệt / trả lại lúc"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True,
                                    blank=True, on_delete=models.SET_NULL, editable=False, related_name="+")
    return_reason = models.TextField(_("lý do trả lại / mở lại"), blank=True, editable=False)

    history = HistoricalRecords()
    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của cơ quan")
        verbose_name_plural = _("báo cáo của cơ quan")
        ordering = ["period", "agency__name"]
        permissions = [("review_submission", _("Duyệt, trả lại, mở lại báo cáo của các cơ quan"))]
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="submission_period_agency_unique"),
        ]
        indexes = [models.Index(fields=["agency", "status"], name="submission_agency_status_idx")]

    def __str__(self):
        return f"{self.agency.display_name} — {self.period}"

    @property
    def on_time(self):
        """Sent (the first time) by the end of the due date, in the portal's time zone; None if never sent."""
        if self.first_submitted_at is None:
            return None
        return self.first_submitted_at < self.period.on_time_cutoff


def covering_approved_submission(agency_id, date):
    """The approved submission of the agency whose period covers `date` (which locks it), or None."""
    if not agency_id or not date:
        return None
    return Submission.objects.covering(agency_id, date).select_related("period", "agency").first()


def approved_windows(agencies):
    """{agency id: its approved submissions (with their periods)} for `agencies` (a queryset), in one query."""
    windows = {}
    for submission in (Submission.objects.select_related("period", "agency")
                       .filter(status=SubmissionStatus.APPROVED, agency__in=agencies)):
        windows.setdefault(submission.agency_id, []).append(submission)
    return windows


class ReminderLog(models.Model):
    """One reminder sent (campaigns.reminders): never the same one twice."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(_("lần nhắc"), max_length=30)
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    recipients = models.TextField(_("người nhận"), blank=True)

    class Meta:
        verbose_name = _("thư nhắc hạn")
        verbose_name_plural = _("thư nhắc hạn")
        constraints = [
            models.UniqueConstraint(fields=["period", "agency", "stage"], name="reminder_once"),
            models.UniqueConstraint(fields=["period", "stage"], condition=Q(agency__isnull=True),
                                    name="digest_once"),  # the coordinators' digest has no agency
        ]

    def __str__(self):
        return f"{self.period} — {self.stage}"
