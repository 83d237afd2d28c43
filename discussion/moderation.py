import re
import unicodedata

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django_comments.moderation import CommentModerator

from core import caching
from core.sites import absolute_url
from core.text import fold

from . import tokens

# Links, written plainly or disguised: "http://", "hxxps://", "h t t p s : / /", "www.", an IP address, and
# anything domain-like — "evil.ru", "evil.Com", "evil[.]ru", "evil (dot) ru", "evil chấm ru", "evil．ru",
# "пример.рф" — whatever its top-level domain. Checked on the text in NFKC (full-width dots are dots),
# without invisible characters, and without marks (core.text.fold).
_INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_DOTS = str.maketrans({"\u3002": ".", "\uff61": ".", "\u30fb": ".", "\u2024": "."})
_DOT = (r"(?:\s*(?:\[\s*(?:\.|dot|cham)\s*\]|\(\s*(?:\.|dot|cham)\s*\)|\{\s*(?:\.|dot|cham)\s*\}"
        r"|<\s*(?:\.|dot|cham)\s*>)\s*|\s+(?:dot|cham)\s+)")
_SCHEME = re.compile(r"(?:[a-z*x]{2}[tpx*]{1,2}p?s?|ftp)(?:\[:\]|:)[/\\]{2}")  # on the text without spaces
_DISGUISED = re.compile(r"\bwww\s*(?:\.|" + _DOT + r")|\b[^\W_][\w-]*" + _DOT + r"[^\W\d_]{2,24}\b"
                        r"|\b\d{1,3}(?:\s*\.\s*\d{1,3}){3}\b")
_PLAIN = re.compile(r"\b([^\W_][\w-]*)(\s*)\.(\s*)([^\W\d_]{2,24})\b")
# Written with spaces around the dot ("evil . ru"), a domain is a deliberate disguise: these endings.
_COMMON_TLDS = {"com", "net", "org", "vn", "ru", "cn", "xyz", "info", "io", "top", "shop", "online", "site", "club",
                "biz", "me", "co", "us", "uk", "tk", "ml", "ga", "cf", "gq", "app", "dev", "link", "live", "store",
                "tv", "cc", "pw", "ly", "to", "in", "asia", "tech", "fun", "icu", "bet", "win", "vip"}
# Abbreviations Vietnamese text writes with a dot.
_NOT_A_DOMAIN = {"tp.hcm", "tp.hn", "ts.bs", "ths.bs", "pgs.ts", "gs.ts", "bs.ck", "bs.cki", "bs.ckii", "p.gd",
                 "tp.ct", "tt.hue"}


def _prepared(text):
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or "")).translate(_DOTS)


def _vietnamese_word(word):
    """"Tiếp" (a word with Vietnamese marks), not a top-level domain: those are plain ASCII."""
    folded = fold(word)
    return folded.isascii() and folded != word.lower()


def has_link(text):
    text = _prepared(text)
    folded = fold(text)
    if _SCHEME.search(re.sub(r"\s+", "", folded)) or _DISGUISED.search(folded):
        return True
    for match in _PLAIN.finditer(text):
        label, before, after, tld = match.groups()
        if f"{fold(label)}.{fold(tld)}" in _NOT_A_DOMAIN or _vietnamese_word(tld):
            continue  # "TP.HCM", "xong.Tiếp theo": an abbreviation, a missing space
        if not before and not after:
            return True  # "evil.ru", "Evil.Com", "пример.рф"
        if fold(tld) in _COMMON_TLDS and (before or tld.islower()):
            return True  # "evil .ru", "evil . ru", "evil. ru" — but not "xong. Tiep theo"
    return False


# Names that claim an office. Written together or apart, with or without marks ("ChủTịch", "U.B.N.D",
# "chu tich") — on the name's letters alone …
_OFFICIAL_LETTERS = re.compile(
    r"chutich|ubnd|hdnd|uyban|hoidongnhandan|chinhthuc|admin|moderator|official|quantrivien|ttdt|tinhuy|huyenuy")
# … words that are also ordinary names or words when written together, only as separate words …
_OFFICIAL_WORDS = re.compile(
    r"\b(giam doc|bi thu|can bo|lanh dao|co quan|chinh quyen|cuc thue|chi cuc|toa an|vien kiem sat"
    r"|phat ngon|cong thong tin|ban quan tri|quan tri|trung tam hanh chinh|cong an (tinh|huyen|xa|phuong|thanh pho)"
    r"|van phong (ubnd|hdnd|uy ban|tinh|huyen|so|bo))\b")
# … and the kind of an agency with its marks, where an agency's name starts ("Sở Nội vụ", "Báo Cà Mau") —
# a person's name starts with a family name, never with these.
_AGENCY_KINDS = re.compile(r"(?:^|[(\[,;:/–—-]\s*)(sở|ban|báo|đài|phòng|xã|huyện|tỉnh|thành phố|bộ|cục|chi cục|"
                           r"tòa|toà|viện|trung tâm|văn phòng|công an|hội|ủy|uỷ|đảng)(?!\w)")
_OTHER_SCRIPTS = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")  # Greek, Cyrillic: "Сhủ tịch" with a Cyrillic С


def looks_official(name):
    """Does this name claim to speak for an office or agency ("Chủ tịch UBND tỉnh Cà Mau (chính thức)",
    "Sở Nội vụ", an agency's own name)? Such comments are always held for a moderator."""
    name = _prepared(name).strip()
    folded = fold(name)
    words = " ".join(re.findall(r"[^\W_]+", folded))
    if (_OTHER_SCRIPTS.search(name) or _OFFICIAL_LETTERS.search(words.replace(" ", ""))
            or _OFFICIAL_WORDS.search(words) or _AGENCY_KINDS.search(name.lower())):
        return True
    return any(agency in words for agency in _folded_agency_names())


_agency_names = {}


def _folded_agency_names():
    """The agencies' names and short names (8 letters or more) as `looks_official` compares them, folded
    once per change of the agency table (one small query to know), not on every comment: a province
    has hundreds of agencies, the whole country thousands."""
    from campaigns.models import Agency

    state = tuple(Agency.objects.aggregate(n=Count("pk"), last=Max("updated_at")).values())
    if state not in _agency_names:
        names = {" ".join(re.findall(r"[^\W_]+", fold(n)))
                 for pair in Agency.objects.values_list("name", "short_name") for n in pair if n and len(n) >= 8}
        _agency_names.clear()
        _agency_names[state] = tuple(names)
    return _agency_names[state]


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
        if not Commenter.objects.filter(email=email, confirmed_at__isnull=False,
                                        pk__in=tokens.confirmed_commenters(request)).exists():
            return True
        approved_before = CitizenComment.objects.filter(
            user_email=email, is_public=True, is_removed=False).exists()
        return not approved_before

    def email(self, comment, content_object, request):
        if comment.is_public:
            return
        recipients = moderator_emails()
        if not recipients:
            return
        url = absolute_url(reverse("admin:discussion_citizencomment_change", args=[comment.pk]))
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


def normalize_email(email):
    """One address, one spelling: "NguoiDan@Example.COM " → "nguoidan@example.com"."""
    return (email or "").strip().lower()
