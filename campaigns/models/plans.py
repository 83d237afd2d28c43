"""Plans (kế hoạch), their tasks with targets and lead agencies, and the channels work is counted in."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Case, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from core.fields import RichTextField, YearField
from core.files import RandomName, private_storage
from core.models import TimeStamped
from core.numbers import percent
from core.slugs import TitleSlugField, keeping_old_addresses


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
    year = YearField(_("năm"), db_index=True)
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

    @property
    def short_label(self):
        """What a list column shows for the plan: its number ("15/KH-UBND"), or, before it has one, its
        year — a plan's full title would push every other column off the screen."""
        return self.document_number or _("Năm %(year)s, chưa có số") % {"year": self.year}

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

    def clean(self):
        if self.issuing_agency_id and self.year:
            start, end = ((self.issued_on, None) if self.issued_on
                          else (dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)))
            if refusal := self.issuing_agency.refusal(start, end):
                raise ValidationError({"issuing_agency": ValidationError(refusal, code="agency_closed")})

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
    """A task's share done: of its target when it has one (rounded down, core.numbers.percent, so never 100
    before the target is met; at most 100), else 100 when staff marked it done. The one place the rule lives
    (public pages, reports, the API, the files, the admin, the officer's start page)."""
    if target:
        return min(100, percent(achieved or 0, target))
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

    def agency_refusal(self, agency, *, plan=None):
        """Why `agency` cannot lead or coordinate this task ("" if it can): it must exist in the plan's year.
        `plan`: the plan a form is about to give the task (its own otherwise)."""
        if plan is None:
            try:
                plan = self.plan
            except Plan.DoesNotExist:
                return ""
        if agency is None or not plan.year:
            return ""
        return agency.refusal(dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31))

    def clean(self):
        if self.lead_agency_id and (refusal := self.agency_refusal(self.lead_agency)):
            raise ValidationError({"lead_agency": ValidationError(refusal, code="agency_closed")})
        if self.target_quantity is not None:
            self.status = ""
            if not self.channel_id:
                raise ValidationError(
                    {"channel": _("Nhiệm vụ có chỉ tiêu cần chọn hình thức tuyên truyền để biết đơn vị tính.")},
                    code="target_needs_channel",
                )
        elif not self.status:
            self.status = TaskStatus.NOT_STARTED
