"""The reporting cycle's records: periods, each agency's submission for a period, reminders sent."""


from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from core.dates import end_of_day
from core.fields import YearField
from core.models import TimeStamped


class PeriodKind(models.TextChoices):
    """The periodic CCHC reports (581/BNV-CCHC): each with its data window and due date."""

    Q1 = "q1", _("Quý I")
    H1 = "h1", _("6 tháng")
    Q3 = "q3", _("Quý III")
    YEAR = "year", _("Năm")


class ReportingPeriodQuerySet(models.QuerySet):
    def applicable(self):
        """Periods that apply (ReportingPeriod.applies): the only ones reminded or counted overdue."""
        return self.filter(applies=True)


class ReportingPeriod(TimeStamped):
    """Kỳ báo cáo: a data window (thời gian lấy số liệu), a due date (hạn gửi) and the agencies expected to
    report, one `Submission` each. Windows overlap (6 tháng contains Quý I), as the instruction sets them."""

    kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices)
    year = YearField(_("năm"))
    start = models.DateField(_("lấy số liệu từ ngày"))
    end = models.DateField(_("đến ngày (ngày chốt số liệu)"))
    due_date = models.DateField(_("hạn gửi báo cáo"))
    # A period created after its due date (set up in December: Quý I–III are over) does not apply: nobody is
    # "quá hạn" for it, nobody is reminded. A coordinator may tick it back (is_past_due, applicable()).
    applies = models.BooleanField(
        _("áp dụng"), default=True,
        help_text=_("Bỏ chọn khi kỳ này không áp dụng (ví dụ tạo sau hạn gửi): không tính quá hạn, không nhắc."))
    applies_note = models.CharField(_("ghi chú áp dụng"), max_length=200, blank=True)
    expected_agencies = models.ManyToManyField(
        Agency, through="Submission", related_name="reporting_periods", verbose_name=_("cơ quan phải báo cáo"))

    history = HistoricalRecords()
    objects = ReportingPeriodQuerySet.as_manager()

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
    def on_time_until(self):
        """The last instant a report first sent is on time: the end of the due date in the portal's time zone
        (core.dates.end_of_day). The one place "đúng hạn" is decided (submissions, dashboard, reminders)."""
        return end_of_day(self.due_date)

    def is_past_due(self, today):
        """Whether the due date is over on `today` (a report not sent by now is quá hạn) — never for a period
        that does not apply. The one overdue rule: the admin, the dashboard, the reminders' digest ask it."""
        return self.applies and today > self.due_date


class SubmissionStatus(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", _("Chưa gửi")
    # Sent by the officer, waiting for the agency's head (only where REPORTING_AGENCY_CONFIRMATION is on).
    AWAITING_CONFIRMATION = "awaiting_head", _("Chờ lãnh đạo cơ quan xác nhận")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class SubmissionQuerySet(models.QuerySet):
    def governing(self, agency, date):
        """The submissions of `agency`, whatever their status, whose period's window holds `date`: where
        the reporting cycle decides whether an activity counts (activities no period covers were entered
        before the cycle existed). `agency` and `date` are values or expressions (OuterRef("date"))."""
        return self.filter(agency_id=agency, period__start__lte=date, period__end__gte=date)

    def covering(self, agency, date):
        """The approved submissions of `agency` whose period's window holds `date` — what locks an
        activity and makes it count. `agency` and `date` are values or expressions (OuterRef("date")),
        so the same rule serves one row, a subquery over many, and a bulk update."""
        return self.governing(agency, date).filter(status=SubmissionStatus.APPROVED)


class Submission(TimeStamped):
    """An agency's report for a period. Its status changes only through campaigns.cycle (gửi, lãnh đạo cơ
    quan xác nhận, duyệt, trả lại, mở lại), each step recorded in the history with who and why."""

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
    # The agency head's confirmation of the last sending (cycle.submission_confirm); empty when the province
    # does not use that step, or until the head confirms.
    confirmed_at = models.DateTimeField(_("lãnh đạo cơ quan xác nhận lúc"), null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo cơ quan xác nhận"),
                                     null=True, blank=True, on_delete=models.SET_NULL, editable=False,
                                     related_name="+")
    reviewed_at = models.DateTimeField(_("duyệt / trả lại lúc"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True,
                                    blank=True, on_delete=models.SET_NULL, editable=False, related_name="+")
    return_reason = models.TextField(_("lý do trả lại / mở lại"), blank=True, editable=False)
    # What the report held when it was last sent (campaigns.cycle.submission_submit): {"ids": [the activities
    # in the window, sorted], "totals": {channel id: sum of their quantities}}. Approval recomputes both from
    # the database and refuses any difference (cycle.submission_changes). None: never sent, or sent before
    # the portal recorded it.
    sent_content = models.JSONField(_("nội dung đã gửi"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["sent_content"])
    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của cơ quan")
        verbose_name_plural = _("báo cáo của cơ quan")
        ordering = ["period", "agency__name"]
        permissions = [("review_submission", _("Duyệt, trả lại, mở lại báo cáo của các cơ quan")),
                       ("confirm_submission", _("Xác nhận báo cáo của cơ quan mình trước khi gửi duyệt"))]
        constraints = [
            models.UniqueConstraint(fields=["period", "agency"], name="submission_period_agency_unique"),
        ]
        indexes = [models.Index(fields=["agency", "status"], name="submission_agency_status_idx")]

    def __str__(self):
        return f"{self.agency.display_name} — {self.period}"

    def clean(self):
        if self.agency_id and self.period_id and (
                refusal := self.agency.refusal(self.period.start, self.period.end)):
            raise ValidationError({"agency": ValidationError(refusal, code="agency_closed")})

    @property
    def on_time(self):
        """Sent (the first time) by the end of the due date, in the portal's time zone; None if never sent."""
        if self.first_submitted_at is None:
            return None
        return self.first_submitted_at <= self.period.on_time_until


def covering_approved_submission(agency_id, date):
    """The approved submission of the agency whose period covers `date` (which locks it), or None."""
    if not agency_id or not date:
        return None
    return Submission.objects.covering(agency_id, date).select_related("period", "agency").first()


def covering_among(submissions, agency_id, date):
    """`SubmissionQuerySet.covering` asked of submissions already read (with their periods), for a bulk
    validator or a writer that has just locked them: the first approved one of the agency whose period
    covers `date`, or None."""
    if not agency_id or not date:
        return None
    return next((s for s in submissions if s.agency_id == agency_id and s.status == SubmissionStatus.APPROVED
                 and s.period.covers(date)), None)


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
    # The coordinator who pressed "Nhắc" on the dashboard (stage "tay:<date>"); empty for the daily command.
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhắc"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

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


class NoticeEvent(models.TextChoices):
    """A step of the cycle somebody is told of by email (campaigns.notices.EVENTS says to whom and how)."""

    SUBMITTED = "submitted", _("Gửi báo cáo")
    AWAITING_CONFIRMATION = "awaiting_head", _("Chờ lãnh đạo cơ quan xác nhận")
    CONFIRMED = "confirmed", _("Lãnh đạo cơ quan xác nhận")
    RETURNED_BY_HEAD = "returned_by_head", _("Lãnh đạo cơ quan trả lại")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Duyệt")
    REOPENED = "reopened", _("Mở lại")


class CycleNotice(models.Model):
    """One person told of one step of one report (campaigns.notices): the row is written in the step's
    transaction (a step rolled back tells nobody), and the unique constraint makes "never twice for one
    event" the database's word. `sent_at` empty: not sent yet — waiting for the hourly digest
    (send_cycle_notices), or its email failed and the digest retries it."""

    submission = models.ForeignKey(Submission, verbose_name=_("báo cáo"), on_delete=models.CASCADE,
                                   related_name="notices")
    event = models.CharField(_("sự việc"), max_length=30, choices=NoticeEvent.choices)
    occurred_at = models.DateTimeField(_("lúc xảy ra"))
    reason = models.TextField(_("lý do"), blank=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"),
                                  on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo báo cáo kỳ")
        verbose_name_plural = _("thông báo báo cáo kỳ")
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "event", "occurred_at", "recipient"],
                                    name="cycle_notice_once"),
        ]
        indexes = [models.Index(fields=["recipient", "sent_at"], name="cycle_notice_recipient_idx")]

    def __str__(self):
        return f"{self.get_event_display()}: {self.submission} → {self.recipient}"
