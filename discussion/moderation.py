

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django_comments.moderation import CommentModerator

from core import caching

from . import landing, notifications, tokens
from .citizens import answers_published, comment_posted, replies_published
from .filters import held_for_moderator, normalize_email
from .models import CitizenComment, Commenter


class PortalModerator(CommentModerator):
    """Every comment is held for a moderator, except — if COMMENTS_AUTO_APPROVE_RETURNING is on — one from
    an address that was confirmed (its owner opened the link mailed to it), sent from the browser that
    confirmed it, and whose earlier comment was approved. A question or a reply alike: a reply that
    publishes at once is mailed to its thread's poster (citizens.comment_posted), so the filters gate it
    first — a link, a name that claims an office, a text or name mixing scripts (filters.held_for_moderator)
    is always held."""

    # No email per held comment (a flood of comments was a flood of emails to every moderator): held
    # comments are counted in one digest per interval, `moderation_digest_send`.
    email_notification = False

    def moderate(self, comment, content_object, request):
        if held_for_moderator(name=comment.user_name, text=comment.comment):
            return True
        if not settings.COMMENTS_AUTO_APPROVE_RETURNING:
            return True
        email = normalize_email(comment.user_email)
        if not Commenter.objects.filter(email=email, confirmed_at__isnull=False,
                                        pk__in=tokens.confirmed_commenters(request)).exists():
            return True
        approved_before = CitizenComment.objects.filter(
            user_email=email, is_public=True, is_removed=False).exists()
        return not approved_before


def moderator_emails() -> list[str]:
    User = get_user_model()
    users = User.objects.filter(is_active=True).exclude(email="").filter(
        Q(is_superuser=True) | Q(groups__permissions__codename="can_moderate",
                                 groups__permissions__content_type__app_label="discussion")
    ).distinct()
    return sorted({u.email for u in users} | set(settings.COMMENTS_MODERATOR_EMAILS))


def tell_the_poster(sender, comment, request, **kwargs):
    comment_posted(comment, comment.content_object, request=request)
    landing.remember(request, comment, "Cảm ơn bạn! Chúng tôi đã nhận bình luận của bạn.")


def comments_moderate(*, comments: QuerySet[CitizenComment], approve: bool, user) -> int:
    """Approve (or reject) the comments of a queryset at once: one UPDATE, the public pages refreshed
    once when it commits; replies going public tell their parents' posters, answers waiting for their
    comment's approval reach theirs. Returns how many comments were changed."""
    if not user.has_perm("discussion.can_moderate"):
        raise PermissionDenied("Bạn không có quyền kiểm duyệt bình luận.")
    with caching.bulk_changes(), transaction.atomic():
        going_public = list(comments.filter(is_public=False).select_related("parent")) if approve else []
        count = comments.update(is_public=approve, is_removed=not approve)
        for comment in going_public:
            comment.is_public, comment.is_removed = True, False
        replies_published([c for c in going_public if c.parent_id])
        answers_published([c for c in going_public if c.answer])
        return count


def moderation_digest_send(*, now=None) -> dict | None:
    """One email to each moderator with how many comments wait for moderation and a link to that list —
    sent only when some comment was held since the last digest (each held comment records when it was
    counted, `moderators_notified_at`, in the database: a second run, another worker or a restart sends
    nothing new). Run every COMMENTS_MODERATION_DIGEST_MINUTES by deploy/cchc-moderation-digest.timer
    (`manage.py send_moderation_digest`). Returns {"waiting", "new", "recipients"}, or None when nothing
    new waits. A digest that could not be sent to anyone leaves its comments new for the next run."""
    now = now or timezone.now()
    waiting = CitizenComment.objects.filter(is_public=False, is_removed=False)
    counted = waiting.filter(moderators_notified_at__isnull=True).aggregate(new=Count("pk"), last=Max("pk"))
    if not counted["new"]:
        return None
    recipients = moderator_emails()
    total = waiting.count()
    sent = notifications.send_moderation_digest(recipients=recipients, waiting=total, new=counted["new"])
    if sent:
        # What was counted, bounded by its newest id — not a list of every id (SQLite refuses more than
        # ~32,000 variables, and the digest would then fail for ever); a comment held since stays new.
        waiting.filter(moderators_notified_at__isnull=True, pk__lte=counted["last"]).update(
            moderators_notified_at=now)
    return {"waiting": total, "new": counted["new"], "recipients": recipients, "sent": sent}
