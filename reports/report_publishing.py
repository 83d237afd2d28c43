"""Writes that are more than a form save: publishing a report freezes its figures."""

import functools

from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from campaigns.models import PublishStatus

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


@one_snapshot
def report_publish(*, report: Report, user) -> Report:
    """Publish a draft and freeze the figures as the database has them now. The row is locked so two
    coordinators publishing at once do not freeze twice."""
    _check(user)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_published:
        return report
    report.figures = report.compute_figures()
    report.figures_as_of = timezone.now()
    report.status = PublishStatus.PUBLISHED
    report.published_at = report.figures_as_of
    report._change_reason = "Công khai, chốt số liệu"
    report.save()
    return report


@one_snapshot
def report_refresh_figures(*, report: Report, user, reason: str) -> Report:
    """An explicit act: replace a published report's frozen figures with today's. The earlier figures
    stay in the report's history (django-simple-history keeps every saved version)."""
    _check(user)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.is_published:
        return report
    report.figures = report.compute_figures()
    report.figures_as_of = timezone.now()
    report._change_reason = f"Cập nhật số liệu: {reason}"[:100]
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
