import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Count, ExpressionWrapper, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from .models import CitizenComment, CitizenCommentQuerySet, answer_figures

COMMENTS_PER_PAGE = 50


def public_comments(obj: Model) -> QuerySet[CitizenComment]:
    content_type = ContentType.objects.get_for_model(obj)
    return CitizenComment.objects.filter(
        content_type=content_type, object_pk=str(obj.pk), is_public=True, is_removed=False
    )


def _threads(obj):
    return public_comments(obj).filter(parent__isnull=True)


def comment_page(obj: Model, number: int | None) -> tuple[Page, list]:
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


def latest_answers(obj: Model, limit: int = 3) -> QuerySet[CitizenComment]:
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


def reply_target(obj: Model, pk: int | None) -> CitizenComment | None:
    """The approved thread `pk` of `obj` a reply form answers, or None."""
    if pk is None:
        return None
    return _threads(obj).filter(pk=pk).first()


# Citizens' questions and the agencies' answers: the figures of the comment sections and the staff start page.

def answer_timeliness(*, target: Model | None = None, agency=None, public_only: bool = True,
                      now: dt.datetime | None = None) -> dict:
    """{questions, answered, decided, on_time, overdue, rated, satisfied, average_days} for one page's
    questions, one agency's, or all; one query."""
    questions = CitizenComment.objects.questions(public_only=public_only)
    if target is not None:
        questions = questions.on_page(target)
    if agency is not None:
        questions = questions.filter(responsible_agency=agency)
    return answer_figures(questions.aggregate(**CitizenCommentQuerySet.answer_aggregates(now or timezone.now())))


def answer_timeliness_of_page(*, target: Model, now: dt.datetime | None = None) -> tuple[dict, dict]:
    """(the page's figures, its issuing agency's on all its pages) for a plan's or report's comment
    section, in one query: grouped by (on this page, the agency's), at most four rows added up here —
    half the aggregates of one row per figure and scope, which the public pages pay for in ORM time."""
    page = Q(content_type=ContentType.objects.get_for_model(target), object_pk=str(target.pk))
    questions = CitizenComment.objects.questions()
    if target.issuing_agency_id:
        agency = Q(responsible_agency_id=target.issuing_agency_id)
        questions = questions.filter(page | agency).annotate(of_agency=ExpressionWrapper(agency, BooleanField()))
    else:
        questions = questions.filter(page).annotate(of_agency=Value(False))
    rows = list(questions.annotate(on_page=ExpressionWrapper(page, BooleanField()))
                .values("on_page", "of_agency")
                .annotate(**CitizenCommentQuerySet.answer_aggregates(now or timezone.now())).order_by())
    return (answer_figures(*(row for row in rows if row["on_page"])),
            answer_figures(*(row for row in rows if row["of_agency"])))


def answer_timeliness_by_agency_month(*, since: dt.date, now: dt.datetime | None = None,
                                      public_only: bool = True) -> list[dict]:
    """The same figures per responsible agency and month of posting, from `since` (a date) on:
    [{responsible_agency_id, agency, month, …}], one query."""
    rows = (CitizenComment.objects.questions(public_only=public_only).filter(submit_date__date__gte=since)
            .annotate(month=TruncMonth("submit_date"))
            .values("month", "responsible_agency_id", "responsible_agency__name")
            .annotate(**CitizenCommentQuerySet.answer_aggregates(now or timezone.now()))
            .order_by("responsible_agency__name", "month"))
    return [{"responsible_agency_id": row["responsible_agency_id"], "month": row["month"],
             "agency": row["responsible_agency__name"] or "—", **answer_figures(row)} for row in rows]
