"""Writes that are more than a form save: publishing a report freezes its figures."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from campaigns.models import PublishStatus

from .models import Report


def _check(user):
    """`user=None` is for trusted management commands (load_demo); every web path passes the user."""
    if user is not None and not user.has_perm("reports.publish_report"):
        raise PermissionDenied("Chỉ cán bộ điều phối mới được công khai báo cáo.")


@transaction.atomic
def report_publish(*, report, user):
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


@transaction.atomic
def report_refresh_figures(*, report, user, reason):
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
def report_unpublish(*, report, user):
    _check(user)
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.status = PublishStatus.DRAFT
    report._change_reason = "Thu hồi công khai"
    report.save()
    return report
