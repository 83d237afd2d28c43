"""Writes on plans that are more than a form save: publishing and withdrawing them.

Each is one transaction that records a history row per plan (who, why) and moves the public page
cache on once, however many plans it touches."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from core import caching

from .models import Plan, PublishStatus


def _check(user):
    if user is not None and not user.has_perm("campaigns.publish_plan"):
        raise PermissionDenied("Chỉ cán bộ điều phối mới được công khai hoặc thu hồi kế hoạch.")


def _set_status(plans, user, *, status, reason):
    _check(user)
    with transaction.atomic():
        changing = list(Plan.objects.select_for_update().filter(pk__in=plans.values("pk"))
                        .exclude(status=status))
        now = timezone.now()
        for plan in changing:
            plan.status = status
            if status == PublishStatus.PUBLISHED and plan.published_at is None:
                plan.published_at = now
            plan.updated_at = now
        if changing:
            bulk_update_with_history(changing, Plan, ["status", "published_at", "updated_at"],
                                     default_user=user, default_change_reason=reason)
            caching.bump()
    return len(changing)


def plan_publish(*, plans: QuerySet[Plan], user) -> int:
    """Publish the draft plans among `plans` (a queryset). Returns how many were published."""
    return _set_status(plans, user, status=PublishStatus.PUBLISHED, reason="Công khai kế hoạch")


def plan_unpublish(*, plans: QuerySet[Plan], user) -> int:
    """Withdraw published plans from the public pages. Returns how many were withdrawn."""
    return _set_status(plans, user, status=PublishStatus.DRAFT, reason="Thu hồi công khai kế hoạch")
