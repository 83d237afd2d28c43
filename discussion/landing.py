"""Where a citizen lands after sending a comment: the page's comment section, opened at a block that quotes
what they sent (name and text, never the address) and says what happens next (issue 26, item 1).

The comment's id travels in a flash message (django.contrib.messages: a signed cookie, or the session), so
it reaches only the browser that sent it, once: the message's cookie also keeps that page out of every
shared cache (core.caching.is_personal, nginx's $cchc_personal), and reading the message ends it. Another
visitor — or the same one later — never sees a comment that is still waiting for moderation."""

import datetime as dt
import re

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .citizens import CONFIRMATION_RESEND_HOURS
from .filters import normalize_email
from .models import CitizenComment, Commenter

ANCHOR = "binh-luan-da-gui"
_TAG = re.compile(r"\bvua-gui-(\d{1,18})\b")


def url(target) -> str:
    return f"{target.get_absolute_url()}#{ANCHOR}"


def remember(request, comment, text: str) -> None:
    """The short thanks at the top of the page, carrying the id of the comment just sent (or stored before)."""
    messages.success(request, text, extra_tags=f"vua-gui-{comment.pk}")


def sent(request, target) -> dict | None:
    """What this browser just sent on `target`'s page, with what happens next; None when it sent nothing."""
    pk = next((int(m.group(1)) for m in (_TAG.search(message.extra_tags or "")
                                         for message in messages.get_messages(request)) if m), None)
    if pk is None:
        return None
    comment = CitizenComment.objects.filter(
        pk=pk, is_removed=False, content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk)).first()
    if comment is None:
        return None
    commenter = Commenter.objects.filter(email=normalize_email(comment.user_email)).first()
    confirmation = None
    if commenter is not None:
        if commenter.confirmed_at:
            confirmation = "confirmed"
        elif commenter.confirmation_sent_at and timezone.now() - commenter.confirmation_sent_at < dt.timedelta(
                hours=CONFIRMATION_RESEND_HOURS):
            confirmation = "sent"
    return {"comment": comment, "confirmation": confirmation}
