import re
import unicodedata

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
from core.text import fold

from . import tokens

# Links, written plainly or disguised: "http://", "hxxps://", "h**p://", "www.", and anything domain-like —
# "evil.ru", "evil[.]ru", "evil (dot) ru", "evil chấm ru" — whatever its top-level domain. Matched on the
# text without marks (core.text.fold), so "ví-dụ.vn" is caught too.
_DOT = r"(?:\s*(?:\[\s*(?:\.|dot|cham)\s*\]|\(\s*(?:\.|dot|cham)\s*\)|\{\s*(?:\.|dot|cham)\s*\})\s*|\s+(?:dot|cham)\s+)"
LINK = re.compile(
    r"(?:\b[a-z*x]{2}[tpx*]{1,2}p?s?\s*(?:\[\s*:\s*\]|:)\s*/\s*/"  # http:// hxxp:// h**ps:// ftp:/ /
    r"|\bwww\s*(?:\.|" + _DOT + r")"
    r"|\b[a-z0-9][a-z0-9-]*" + _DOT + r"[a-z]{2,24}\b"  # evil[.]ru, evil (dot) ru
    r"|\b[a-z0-9][a-z0-9-]*\.[a-z]{2,24}(?:\.[a-z]{2,24})?(?:/|\b))",  # evil.ru, evil.com.vn/…
    re.IGNORECASE,
)
# Plain "x.y" that is not a link: sentence typos ("xong.Tiếp") keep their capital, abbreviations are known.
_NOT_A_DOMAIN = {"tp.hcm", "tp.hn", "v.v", "t.p"}
_PLAIN_DOMAIN = re.compile(r"\b([\w-]+)\.([^\W\d_]{2,24})\b")


def has_link(text):
    folded = fold(text)
    for match in LINK.finditer(folded):
        found = match.group(0).strip().lower()
        if "." not in found or "/" in found or found.startswith("www") or _DOT_RE.search(found):
            return True
        if found.rstrip("/") not in _NOT_A_DOMAIN and not _sentence_typo(text, found):
            return True
    return False


_DOT_RE = re.compile(_DOT)


def _sentence_typo(text, found):
    """"…xong.Tiếp theo" is a missing space, not a domain: the original's word after the dot starts with a
    capital followed by small letters, or has Vietnamese marks (top-level domains are plain ASCII)."""
    for match in _PLAIN_DOMAIN.finditer(text):
        if fold(match.group(0)).lower() == found.rstrip("/"):
            tld = match.group(2)
            return not tld.isascii() or (tld[0].isupper() and tld[1:].islower())
    return False


# Names that claim an office. Whole words, on the name without marks …
_OFFICIAL_FOLDED = re.compile(
    r"\b(chu tich|ubnd|hdnd|uy ban|hoi dong nhan dan|chinh thuc|giam doc|van phong|trung tam|cong an|"
    r"tinh uy|huyen uy|bi thu|quan tri|admin|administrator|moderator|can bo|lanh dao|co quan|chinh quyen)\b")
# … and short words whose unmarked form is an ordinary name or word ("Bảo", "bạn"), so only with their marks.
_OFFICIAL_MARKED = re.compile(r"(?<!\w)(sở|ban|báo|đài|phòng|xã|huyện|tỉnh|thành phố|bộ)(?!\w)")


def looks_official(name):
    """Does this name claim to speak for an office or agency ("Chủ tịch UBND tỉnh Cà Mau (chính thức)",
    "Sở Nội vụ", an agency's own name)? Such comments are always held for a moderator."""
    from campaigns.models import Agency

    marked = unicodedata.normalize("NFC", name).lower()
    if _OFFICIAL_FOLDED.search(fold(name)) or _OFFICIAL_MARKED.search(marked):
        return True
    return Agency.objects.filter(Q(name__iexact=name.strip()) | Q(short_name__iexact=name.strip())).exists()


class PortalModerator(CommentModerator):
    """Every comment is held for a moderator, except — if COMMENTS_AUTO_APPROVE_RETURNING is on — one from
    an address that was confirmed (its owner opened the link mailed to it), sent from the browser that
    confirmed it, and whose earlier comment was approved. Comments with links, or whose name claims an
    office, are always held."""

    email_notification = True

    def moderate(self, comment, content_object, request):
        if has_link(comment.comment) or has_link(comment.user_name) or looks_official(comment.user_name):
            return True
        if not settings.COMMENTS_AUTO_APPROVE_RETURNING:
            return True
        from .models import CitizenComment, Commenter

        email = normalize_email(comment.user_email)
        if email not in tokens.confirmed_emails(request):
            return True
        if not Commenter.objects.filter(email=email, confirmed_at__isnull=False).exists():
            return True
        approved_before = CitizenComment.objects.filter(
            user_email__iexact=email, is_public=True, is_removed=False).exists()
        return not approved_before

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
    from .citizens import comment_posted

    comment_posted(comment, comment.content_object)
    if comment.is_public:
        messages.success(request, "Cảm ơn bạn! Bình luận đã được đăng.")
    else:
        messages.info(request, "Cảm ơn bạn! Bình luận của bạn đang chờ kiểm duyệt và sẽ hiển thị sau khi "
                               "được cán bộ duyệt.")


def comments_moderate(*, comments, approve, user):
    """Approve (or reject) the comments of a queryset at once: one UPDATE, the public pages refreshed
    once when it commits; replies going public tell their parents' posters, answers waiting for their
    comment's approval reach theirs. Returns how many comments were changed."""
    from .citizens import answers_published, replies_published

    if not user.has_perm("discussion.can_moderate") and not user.has_perm("discussion.change_citizencomment"):
        raise PermissionDenied("Bạn không có quyền kiểm duyệt bình luận.")
    with caching.bulk_changes(), transaction.atomic():
        going_public = list(comments.filter(is_public=False).select_related("parent")) if approve else []
        count = comments.update(is_public=approve, is_removed=not approve)
        for comment in going_public:
            comment.is_public, comment.is_removed = True, False
        replies_published([c for c in going_public if c.parent_id])
        answers_published([c for c in going_public if c.answer])
        return count


def normalize_email(email):
    """One address, one spelling: "NguoiDan@Example.COM " → "nguoidan@example.com"."""
    return (email or "").strip().lower()
