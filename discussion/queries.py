from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import CitizenComment

COMMENTS_PER_PAGE = 50


def public_comments(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return CitizenComment.objects.filter(
        content_type=content_type, object_pk=str(obj.pk), is_public=True, is_removed=False
    )


def _threads(obj):
    return public_comments(obj).filter(parent__isnull=True)


def comment_page(obj, number):
    """One page of an object's approved threads, newest first, each with its replies (oldest first):
    (page, [(comment, [replies])]). Three queries at most, whatever the number of comments."""
    page = Paginator(_threads(obj).select_related("answer_agency").order_by("-submit_date", "-pk"),
                     COMMENTS_PER_PAGE).get_page(number)
    if not page.paginator.count:
        return page, []  # no comment yet (most pages): one query, not three
    parents = list(page.object_list)
    replies = {}
    for reply in (public_comments(obj).filter(parent__in=[c.pk for c in parents])
                  .select_related("answer_agency").order_by("submit_date", "pk")):
        replies.setdefault(reply.parent_id, []).append(reply)
    return page, [(c, replies.get(c.pk, [])) for c in parents]


def latest_answers(obj, limit=3):
    """The newest official answers on an object, each with `page_number`, the comment page it is on
    (threads newest first, as comment_page pages them). One query."""
    newer = (_threads(obj).filter(Q(submit_date__gt=OuterRef("submit_date"))
                                  | Q(submit_date=OuterRef("submit_date"), pk__gt=OuterRef("pk")))
             .order_by().values("content_type").annotate(n=Count("pk")).values("n"))
    answered = (_threads(obj).filter(answered_at__isnull=False).select_related("answer_agency")
                .annotate(newer=Coalesce(Subquery(newer[:1]), 0)).order_by("-answered_at", "-pk")[:limit])
    for comment in answered:
        comment.page_number = comment.newer // COMMENTS_PER_PAGE + 1
        yield comment


def reply_target(obj, pk):
    """The approved thread `pk` of `obj` a reply form answers, or None."""
    if pk is None:
        return None
    return _threads(obj).filter(pk=pk).first()
