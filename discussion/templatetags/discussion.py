from django import template

from core.numbers import parse_id

from ..forms import CommentForm
from ..queries import answer_stats, thread_for
from ..views import content_type_key

register = template.Library()


@register.inclusion_tag("comments/section_body.html", takes_context=True)
def comment_section(context, target, form=None):
    """Approved comments with their replies and official answers, the answer statistics, and the
    comment form (a reply form when the page was opened with ?tra-loi=<id>)."""
    request = context["request"]
    threads = thread_for(target)
    reply_to = None
    reply_id = parse_id(request.GET.get("tra-loi", ""))
    if reply_id is not None:
        reply_to = next((c for c, _replies in threads if c.pk == reply_id), None)
    if form is None:
        form = CommentForm(target, initial={"parent": reply_to.pk if reply_to else None})
    return {
        "request": request, "target": target, "threads": threads, "stats": answer_stats(target),
        "form": form, "reply_to": reply_to, "content_type": content_type_key(target),
    }


@register.inclusion_tag("comments/form.html", takes_context=True)
def comment_form_for(context, form, limited=False):
    """The form again, bound to what the person typed, with its errors (after a failed post)."""
    target = form.target_object
    parent = parse_id(form.data.get("parent", ""))
    reply_to = None
    if parent is not None:
        reply_to = next((c for c, _replies in thread_for(target) if c.pk == parent), None)
    return {"request": context["request"], "form": form, "limited": limited, "reply_to": reply_to,
            "content_type": content_type_key(target)}
