from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from .models import CitizenComment


def public_comments(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return CitizenComment.objects.filter(
        content_type=content_type, object_pk=str(obj.pk), is_public=True, is_removed=False
    )


def thread_for(obj):
    """Approved comments of an object as [(comment, [replies])], in two queries at most."""
    comments = list(public_comments(obj).select_related("answer_agency").order_by("submit_date", "pk"))
    replies = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.pk, [])) for c in comments if c.parent_id is None]


def answer_stats(obj):
    """How many approved comments got an official answer, and the average days it took."""
    stats = public_comments(obj).aggregate(
        total=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        delay=Avg(ExpressionWrapper(F("answered_at") - F("submit_date"), output_field=DurationField()),
                  filter=Q(answered_at__isnull=False)),
    )
    delay = stats.pop("delay")
    stats["average_days"] = round(delay.total_seconds() / 86400, 1) if delay is not None else None
    return stats
