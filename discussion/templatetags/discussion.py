from django import template
from django.conf import settings

from core.numbers import parse_id

from .. import landing
from ..forms import CommentForm
from ..queries import answer_timeliness_of_page, comment_page, latest_answers, reply_target
from ..views import content_type_key

register = template.Library()


@register.inclusion_tag("comments/section_body.html", takes_context=True)
def comment_section(context, target, form=None):
    """A page of approved comments (50, newest first) with their replies and official answers, the
    newest answers, how quickly (and how well) the page's questions and its agency's were answered, and
    the comment form (a reply form, under its comment, when the page was opened with ?tra-loi=<id>), and
    at its top what this browser just sent (discussion.landing)."""
    request = context["request"]
    page, threads = comment_page(target, parse_id(request.GET.get("trang", ""), max_digits=6))
    reply_to = reply_target(target, parse_id(request.GET.get("tra-loi", ""))) if threads else None
    if form is None:
        form = CommentForm(target, initial={"parent": reply_to.pk if reply_to else None})
    stats, agency_stats = answer_timeliness_of_page(target=target)
    page_url = target.get_absolute_url() + (f"?trang={page.number}" if page.number > 1 else "")
    return {
        "request": request, "target": target, "threads": threads, "page": page,
        "latest_answers": list(latest_answers(target)) if page.paginator.count > 3 else [],
        "stats": stats, "agency_stats": agency_stats,
        "agency": target.issuing_agency, "form": form, "reply_to": reply_to,
        "content_type": content_type_key(target), "answer_days": settings.COMMENTS_ANSWER_DAYS,
        "sent": landing.sent(request, target), "page_url": page_url,
        "confirm_days": settings.COMMENTS_CONFIRM_DAYS,
        # a reply form opens under the comment it answers (?tra-loi=<id>); the new-comment form's place then
        # holds a link back to it, so that one form (one set of field ids) is on the page
        "reply_here": reply_to is not None and any(comment.pk == reply_to.pk for comment, _ in threads),
    }


@register.inclusion_tag("comments/form.html", takes_context=True)
def comment_form_for(context, form, limited=False):
    """The form again, bound to what the person typed, with its errors (after a failed post)."""
    target = form.target_object
    reply_to = reply_target(target, parse_id(form.data.get("parent", "")))
    return {"request": context["request"], "form": form, "limited": limited, "reply_to": reply_to,
            "content_type": content_type_key(target), "heading_level": 2}
