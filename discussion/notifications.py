"""The emails a commenter and an agency receive. Each is sent after the transaction that caused it commits
(a comment rolled back is never announced, a slow mail server holds no lock). Citizens' emails carry a
link to delete their data; answer emails, sent only with consent, a one-click unsubscribe (the link and
RFC 8058's List-Unsubscribe / List-Unsubscribe-Post headers)."""

import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.dates import vn_date, vn_datetime
from core.identity import sender
from core.sites import absolute_url

from . import tokens

logger = logging.getLogger(__name__)
SUBJECT_PREFIX = "[CCHC]"


def link(name, purpose, value):
    return absolute_url(reverse(f"discussion:{name}", args=[tokens.make(purpose, value)]))


def unsubscribe_link(email):
    return link("unsubscribe", tokens.UNSUBSCRIBE, {"e": email})


def erase_link(email):
    return link("erase", tokens.ERASE, {"e": email})


def _send(*, template, subject, to, context, unsubscribe=False, citizen=True):
    """The one way an email of the comments leaves: after its transaction, rendered from
    emails/comments/<template>.txt and .html, prefixed, one recipient; a refusal is logged, never raised
    (a mail server down must not turn a saved answer into an error page). A citizen's email carries the link
    to delete their data; a staff digest (`citizen=False`) none. Returns whether it was sent."""
    context = {**context, "subject": subject, "site": absolute_url("/")}
    if citizen:
        context["erase_link"] = erase_link(to)
    headers = {}
    if unsubscribe:
        context["unsubscribe_link"] = unsubscribe_link(to)
        headers = {"List-Unsubscribe": f"<{context['unsubscribe_link']}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    text = render_to_string(f"emails/comments/{template}.txt", context)
    html = render_to_string(f"emails/comments/{template}.html", context)
    message = EmailMultiAlternatives(f"{SUBJECT_PREFIX} {subject}"[:200], text, sender(),
                                     [to], headers=headers)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:  # one mailbox refused, or the server is down: logged, the others still get theirs
        logger.exception("discussion: could not send %s to %s", template, hashlib.sha256(to.encode()).hexdigest()[:12])
        return False
    return True


def _d(moment):
    return vn_datetime(moment)


def send_confirmation(comment, target):
    return _send(template="confirm", subject="Xác nhận email cho bình luận của bạn", to=comment.user_email.lower(),
                 context={"target": str(target), "days": settings.COMMENTS_CONFIRM_DAYS,
                          "confirm_link": link("confirm", tokens.CONFIRM, {"e": comment.user_email.lower()})})


def send_answered(comment, *, reply=None):
    """Tell the poster of `comment` (who asked for it) about the agency's answer, or about `reply`."""
    target = comment.content_object
    context = {
        "name": comment.user_name, "target": str(target), "submitted": _d(comment.submit_date),
        "comment": comment.comment, "reply": reply is not None,
        # a reply's email links to the thread: the replies folded into it are there
        "link": absolute_url(f"{target.get_absolute_url()}#bl-{comment.pk}"),
        "reply_hours": settings.COMMENTS_REPLY_MAIL_HOURS,
    }
    if reply is None:
        agency = comment.answer_agency.name if comment.answer_agency else "Cơ quan"
        context.update(agency=agency, answer=comment.answer,
                       rate_link=link("rate", tokens.RATE, {"c": comment.pk}))
        subject = f"{agency} đã trả lời bình luận của bạn"
    else:
        context.update(reply_name=reply.user_name, answer=reply.comment)
        subject = "Bình luận của bạn có trả lời mới"
    return _send(template="answered", subject=subject, to=comment.user_email.lower(), context=context,
                 unsubscribe=True)


def send_waiting(*, agency, recipients, comments, total, overdue, today):
    """One agency's digest of the comments on its pages that wait for an answer."""
    rows = [{
        "name": c.user_name, "target": str(c.content_object or "—"), "excerpt": c.comment[:200],
        "due": vn_date(c.answer_due_at, "—"),
        "overdue": c.is_overdue(timezone.now()),
        "link": absolute_url(reverse("admin:discussion_citizencomment_change", args=[c.pk])),
    } for c in comments]
    context = {"agency": agency.name, "comments": rows, "total": total, "overdue": overdue,
               "more": total - len(rows), "today": vn_date(today), "days": settings.COMMENTS_ANSWER_DAYS,
               "queue_link": absolute_url(reverse("admin:discussion_citizencomment_changelist") + "?da_tra_loi=chua")}
    subject = (f"{total} góp ý của người dân chờ cơ quan trả lời" + (f" ({overdue} quá hạn)" if overdue else ""))
    # The digest goes to staff: no citizen's data links in it.
    sent = [_send(template="waiting", subject=subject, to=to, context=context, citizen=False) for to in recipients]
    return all(sent)


def send_moderation_digest(*, recipients, waiting, new):
    """The moderators' digest: how many comments wait for moderation, how many are new since the last one,
    and a link to that list — no citizen's text. Returns how many moderators it reached."""
    context = {"waiting": waiting, "new": new, "minutes": settings.COMMENTS_MODERATION_DIGEST_MINUTES,
               "queue_link": absolute_url(reverse("admin:discussion_citizencomment_changelist") + "?kiem_duyet=cho")}
    return sum(_send(template="moderation_digest", subject=f"{waiting} bình luận chờ duyệt", to=to, context=context,
                     citizen=False) for to in recipients)


DIGEST_ROWS = 20


def send_waiting_digests(*, dry_run=False, now=None):
    """Every agency with questions on its pages still waiting for an answer gets one digest (the 20 due
    soonest, overdue first). Returns [(agency, recipients, total, overdue, sent)]."""
    from django.db.models import Count

    from agencies.models import Agency
    from campaigns.reminders import agency_recipients

    from .models import CitizenComment, overdue_q

    now = now or timezone.now()
    # Approved questions only: what waits for moderation is the coordinators' (and may be abuse).
    waiting = CitizenComment.objects.filter(parent__isnull=True, is_public=True, is_removed=False,
                                            answered_at__isnull=True, responsible_agency__isnull=False)
    counts = (waiting.values("responsible_agency").annotate(total=Count("pk"),
                                                           overdue=Count("pk", filter=overdue_q(now)))
              .order_by("responsible_agency"))
    agencies = Agency.objects.in_bulk([row["responsible_agency"] for row in counts])
    outcomes = []
    for row in counts:
        agency = agencies[row["responsible_agency"]]
        recipients = agency_recipients(agency.pk)
        comments = list(waiting.filter(responsible_agency=agency).prefetch_related("content_object")
                        .order_by("answer_due_at", "pk")[:DIGEST_ROWS])
        sent = False
        if recipients and not dry_run:
            sent = send_waiting(agency=agency, recipients=recipients, comments=comments, total=row["total"],
                                overdue=row["overdue"], today=timezone.localdate(now))
        outcomes.append((agency, recipients, row["total"], row["overdue"], sent))
    return outcomes
