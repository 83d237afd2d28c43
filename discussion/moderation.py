import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django_comments.moderation import CommentModerator

from core import caching

LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|net|org|vn|xyz|info|io)\b)", re.IGNORECASE)


class PortalModerator(CommentModerator):
    """Every comment is held for a moderator, except — if COMMENTS_AUTO_APPROVE_RETURNING is on — one
    from an email whose earlier comment was approved. Comments with links are always held."""

    email_notification = True

    def moderate(self, comment, content_object, request):
        if LINK.search(comment.comment):
            return True
        if settings.COMMENTS_AUTO_APPROVE_RETURNING:
            from .models import CitizenComment

            approved_before = CitizenComment.objects.filter(
                user_email__iexact=comment.user_email, is_public=True, is_removed=False
            ).exists()
            return not approved_before
        return True

    def email(self, comment, content_object, request):
        if comment.is_public:
            return
        recipients = moderator_emails()
        if not recipients:
            return
        url = request.build_absolute_uri(reverse("admin:discussion_citizencomment_change", args=[comment.pk]))
        # After the comment's transaction commits: a slow mail server must not hold the page's lock
        # (discussion.views.post), and a comment rolled back must not be announced.
        transaction.on_commit(lambda: send_mail(
            subject=f"[CCHC] Bình luận chờ duyệt: {content_object}"[:150],
            message=(f"Có bình luận mới chờ kiểm duyệt về “{content_object}”.\n\n"
                     f"Người gửi: {comment.user_name}\n\n{comment.comment}\n\nDuyệt tại: {url}\n"),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
            fail_silently=True,
        ))


def moderator_emails():
    User = get_user_model()
    users = User.objects.filter(is_active=True).exclude(email="").filter(
        Q(is_superuser=True) | Q(groups__permissions__codename="can_moderate",
                                 groups__permissions__content_type__app_label="discussion")
    ).distinct()
    return sorted({u.email for u in users} | set(settings.COMMENTS_MODERATOR_EMAILS))


def tell_the_poster(sender, comment, request, **kwargs):
    if comment.is_public:
        messages.success(request, "Cảm ơn bạn! Bình luận đã được đăng.")
    else:
        messages.info(request, "Cảm ơn bạn! Bình luận của bạn đang chờ kiểm duyệt và sẽ hiển thị sau khi "
                               "được cán bộ duyệt.")


def comments_moderate(*, comments, approve, user):
    """Approve (or reject) the comments of a queryset at once: one UPDATE, the public pages refreshed
    once when it commits. Returns how many comments were changed."""
    if not user.has_perm("discussion.can_moderate") and not user.has_perm("discussion.change_citizencomment"):
        raise PermissionDenied("Bạn không có quyền kiểm duyệt bình luận.")
    with caching.bulk_changes(), transaction.atomic():
        return comments.update(is_public=approve, is_removed=not approve)
