from django import template
from django.conf import settings

from core.numbers import parse_id

from ..forms import CommentForm
from ..queries import answer_timeliness_of_page, comment_page, latest_answers, reply_target
from ..views import content_type_key

register = template.Library()


@register.inclusion_tag("comments/section_body.html", takes_context=True)
def comment_section(context, target, form=None):
    """A page of approved comments (50, newest first) with their replies and official answers, the
    newest answers, how quickly (and how well) the page's questions and its agency's were answered, and
    the comment form (a reply form when the page was opened with ?tra-loi=<id>)."""
    request = context["request"]
    page, threads = comment_page(target, parse_id(request.GET.get("trang", ""), max_digits=6))
    reply_to = reply_target(target, parse_id(request.GET.get("tra-loi", ""))) if threads else None
    if form is None:
        form = CommentForm(target, initial={"parent": reply_to.pk if reply_to else None})
    stats, agency_stats = answer_timeliness_of_page(target=target)
    return {
        "request": request, "target": target, "threads": threads, "page": page,
        "latest_answers": list(latest_answers(target)) if page.paginator.count > 3 else [],
        "stats": stats, "agency_stats": agency_stats,
        "agency": target.issuing_agency, "form": form, "reply_to": reply_to,
        "content_type": content_type_key(target), "answer_days": settings.COMMENTS_ANSWER_DAYS,
    }


@register.inclusion_tag("comments/form.html", takes_context=True)
def comment_form_for(context, form, limited=False):
    """The form again, bound to what the person typed, with its errors (after a failed post)."""
    target = form.target_object
    reply_to = reply_target(target, parse_id(form.data.get("parent", "")))
    return {"request": context["request"], "form": form, "limited": limited, "reply_to": reply_to,
            "content_type": content_type_key(target), "has_comments": True}
