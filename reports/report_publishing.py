"""Writes that are more than a form save: publishing a report freezes its figures.

Publishing is done knowingly: the admin's confirmation page (reports.admin.ReportAdmin.publish_view) shows
`publishing_overview` — the expected agencies of the report's reporting period with their status and the
figures as they will be frozen — and when the period is incomplete, `report_publish` and
`report_refresh_figures` refuse to go on without a recorded reason."""

import functools
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import PublishStatus, ReportingPeriod, Submission, SubmissionStatus

from .models import Report


def _check(user):
    """`user=None` is for trusted management commands (load_demo); every web path passes the user."""
    if user is not None and not user.has_perm("reports.publish_report"):
        raise PermissionDenied("Chỉ cán bộ điều phối mới được công khai báo cáo.")


def one_snapshot(function):
    """Run `function` in its own transaction in which every query sees the database at one instant.

    The figures are several GROUP BY queries (channels, agencies, months, tasks). On PostgreSQL's default
    READ COMMITTED level each query sees what was committed when *it* started, so staff saving activities
    while a report is published could leave the channel table counting one more activity than the agency
    table. REPEATABLE READ gives the whole transaction one snapshot. PostgreSQL may then refuse the row
    lock with a serialization failure (someone changed the same report meanwhile): the call is retried.
    SQLite holds its read lock for the whole transaction, which is one snapshot already. Inside an outer
    transaction (a test, a management command's atomic block) the isolation level can no longer be set,
    and the outer transaction's rules apply."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        outermost = not transaction.get_connection().in_atomic_block
        for attempt in range(3):
            try:
                with transaction.atomic():
                    if outermost and connection.vendor == "postgresql":
                        with connection.cursor() as cursor:
                            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    return function(*args, **kwargs)
            except OperationalError as exc:
                serialization_failure = getattr(getattr(exc, "__cause__", None), "pgcode", None) == "40001"
                if not (outermost and serialization_failure) or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    return wrapper


# The history's change reason holds 100 characters: the prefix and the reason must fit.
REASON_MAX_LENGTH = 45


def reporting_period_of(report: Report) -> ReportingPeriod | None:
    """The reporting period (Kỳ báo cáo) whose expected agencies the report's figures come from: the one it
    belongs to, or for a report without one, the one whose data window is exactly the report's window."""
    if report.reporting_period_id:
        return report.reporting_period
    if not (report.period_start and report.period_end):
        return None
    return ReportingPeriod.objects.filter(start=report.period_start, end=report.period_end).first()


@dataclass
class PublishingOverview:
    """What the confirmation page shows and what publishing checks: who has reported for the period,
    and the figures as they would be frozen now."""

    period: ReportingPeriod | None
    submissions: list = field(default_factory=list)
    figures: dict | None = None

    @property
    def approved(self):
        return sum(1 for s in self.submissions if s.status == SubmissionStatus.APPROVED)

    @property
    def incomplete(self):
        """Some expected agency's report is not approved (not sent, waiting, or returned)."""
        return self.approved < len(self.submissions)

    @property
    def completion_line(self):
        """"40% nhiệm vụ hoàn thành (2/5)", as the public pages will read it; None without a plan."""
        completion = (self.figures or {}).get("completion")
        if not completion:
            return None
        return (f"{completion['percent'] or 0}% nhiệm vụ hoàn thành "
                f"({completion['done']}/{completion['planned']})")


def publishing_overview(report: Report, *, with_figures=True) -> PublishingOverview:
    period = reporting_period_of(report)
    submissions = (list(Submission.objects.filter(period=period).select_related("agency", "period")
                        .order_by("agency__name")) if period else [])
    return PublishingOverview(period=period, submissions=submissions,
                              figures=report.compute_figures() if with_figures else None)


def _require_reason(report: Report, reason: str) -> str:
    """The one rule for publishing and refreshing: an incomplete period needs a reason, recorded in the
    history. Returns the words the history records about the period ("" when it is complete)."""
    overview = publishing_overview(report, with_figures=False)
    if not overview.incomplete:
        return ""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Kỳ báo cáo %(period)s mới có %(approved)s/%(expected)s cơ quan được duyệt. Muốn vẫn công khai, "
              "hãy đánh dấu “Vẫn công khai” và ghi lý do.")
            % {"period": overview.period, "approved": overview.approved, "expected": len(overview.submissions)},
            code="period_incomplete")
    return f"{overview.approved}/{len(overview.submissions)} cơ quan đã duyệt; lý do: {reason}"


@one_snapshot
def report_publish(*, report: Report, user, reason: str = "") -> Report:
    """Publish a draft and freeze the figures as the database has them now. The row is locked so two
    coordinators publishing at once do not freeze twice. An incomplete reporting period needs `reason`."""
    _check(user)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        return report
    incomplete = _require_reason(report, reason)
    report.figures = report.compute_figures()
    report.figures_as_of = timezone.now()
    report.status = PublishStatus.PUBLISHED
    report.published_at = report.figures_as_of
    report._change_reason = (f"Công khai ({incomplete})" if incomplete else "Công khai, chốt số liệu")[:100]
    report.save()
    return report


@one_snapshot
def report_refresh_figures(*, report: Report, user, reason: str) -> Report:
    """An explicit act: replace a published report's frozen figures with today's. The earlier figures
    stay in the report's history (django-simple-history keeps every saved version). An incomplete
    reporting period needs `reason`, as publishing does."""
    _check(user)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.is_published:
        return report
    incomplete = _require_reason(report, reason)
    report.figures = report.compute_figures()
    report.figures_as_of = timezone.now()
    report._change_reason = f"Cập nhật số liệu ({incomplete})" if incomplete else f"Cập nhật số liệu: {reason}"
    report._change_reason = report._change_reason[:100]
    report.save()
    return report


@transaction.atomic
def report_unpublish(*, report: Report, user) -> Report:
    _check(user)
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.status = PublishStatus.DRAFT
    report._change_reason = "Thu hồi công khai"
    report.save()
    return report
