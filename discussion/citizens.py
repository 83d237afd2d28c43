"""What a commenter's actions change, each one named function in a transaction: an address confirmed,
an answer written (and its poster told), email notifications withdrawn, an answer rated, a citizen's
comments and address erased."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from agencies.succession import answering_agency_id
from core import caching
from core.sanitize import clean_text
from core.workdays import due_at

from . import notifications
from .filters import normalize_email, suspect_name
from .models import CitizenComment, Commenter, ErasureLog, Rating

CONFIRMATION_RESEND_HOURS = 24  # an address gets at most one confirmation email a day, however many posts


def comment_defaults(*, target, parent: CitizenComment | None, notify: bool, now: dt.datetime) -> dict:
    """The fields a new comment gets besides what the person typed: who must answer it and by when (a
    question, not a reply: the page's issuing agency, or for a closed one the unit that carries its work
    today, agencies.succession.answering_agency_id), and the consent to emails, with its time."""
    notify = bool(notify) and parent is None  # a reply's poster is never emailed: no consent to collect
    return {
        "responsible_agency_id": answering_agency_id(target.issuing_agency_id),
        "answer_due_at": None if parent else due_at(now, settings.COMMENTS_ANSWER_DAYS),
        "notify": notify, "notify_consented_at": now if notify else None,
    }


def comment_posted(comment: CitizenComment, target, *, request=None) -> None:
    """After a comment is saved: its address is known (and asked to confirm itself once a day at most, within
    the limits of `_may_send_confirmation` for the client that sent it, `request`), and a reply that went
    public at once tells the poster it answers. Moderators hear of held comments only through the digest
    (discussion.moderation.moderation_digest_send), never from here."""
    email = normalize_email(comment.user_email)
    commenter, _created = Commenter.objects.get_or_create(email=email)
    now = timezone.now()
    recently = commenter.confirmation_sent_at and (now - commenter.confirmation_sent_at).total_seconds() < \
        CONFIRMATION_RESEND_HOURS * 3600
    if commenter.confirmed_at is None and not recently and _may_send_confirmation(comment, request):
        Commenter.objects.filter(pk=commenter.pk).update(confirmation_sent_at=now)
        transaction.on_commit(lambda: notifications.send_confirmation(comment, target))
    if comment.is_public:
        _tell_parent(comment)


def _may_send_confirmation(comment, request):
    """A confirmation email carries the page's title, never what the poster typed; none goes out for a
    comment whose name is suspect (filters.suspect_name), nor beyond COMMENTS_CONFIRMATIONS_PER_HOUR in all
    (the form must not become a way to mail strangers in the province's name) — and, counted first, not
    beyond COMMENTS_CONFIRMATIONS_PER_ADDRESS from the client's address (the comment limits' key, "ip", an
    IPv6 client by its /48: RATELIMIT_IPV6_MASK), so one sender cannot use up the hour's quota of everyone
    else. Both are django-ratelimit counters on its cache (RATELIMIT_USE_CACHE: Redis through FallbackCache
    in production), so both fail the same way when Redis is down: counted in the worker's memory."""
    if suspect_name(comment.user_name):
        return False
    if request is not None and is_ratelimited(request, group="comments-confirmations", key="ip",
                                              rate=settings.COMMENTS_CONFIRMATIONS_PER_ADDRESS, increment=True):
        return False
    return not is_ratelimited(request, group="comments-confirmations-all", key=lambda group, request: "all",
                              rate=(settings.COMMENTS_CONFIRMATIONS_PER_HOUR, 3600), increment=True)


def _tell_parent(reply):
    """Once per reply: its thread's poster, if they asked, hears of it (not of their own replies) — at most
    once per thread in COMMENTS_REPLY_MAIL_HOURS (`_may_mail_replies`): the email says more replies may
    follow and links to the thread, where the others are."""
    parent = reply.parent
    if parent is None or not parent.wants_email or normalize_email(parent.user_email) == normalize_email(
            reply.user_email):
        return
    if not CitizenComment.objects.filter(pk=reply.pk, reply_notified_at__isnull=True).update(
            reply_notified_at=timezone.now()):
        return  # told already (approved again, or the same reply sent twice)
    transaction.on_commit(lambda: _may_mail_replies(parent) and notifications.send_answered(parent, reply=reply))


def _may_mail_replies(parent):
    """One "có trả lời mới" email per thread (its first comment) and recipient per COMMENTS_REPLY_MAIL_HOURS
    (django-ratelimit's counter, like the other mail bounds): approving 100 replies at once mails the
    poster once; the replies after it in the interval are folded into that email's link."""
    key = f"{parent.pk}:{normalize_email(parent.user_email)}"
    return not is_ratelimited(None, group="comments-reply-mail", key=lambda group, request: key,
                              rate=(1, settings.COMMENTS_REPLY_MAIL_HOURS * 3600), increment=True)


def replies_published(replies: list[CitizenComment]) -> None:
    """Replies a moderator just approved: their parents' posters who asked are told."""
    for reply in replies:
        _tell_parent(reply)


def answers_published(comments: list[CitizenComment]) -> None:
    """Comments answered while still waiting for approval, now public: their posters who asked are told."""
    for comment in comments:
        if comment.wants_email and comment.answer_notified_at is None:
            _notify_answer(comment)


def _notify_answer(comment):
    comment.answer_notified_at = timezone.now()
    CitizenComment.objects.filter(pk=comment.pk).update(answer_notified_at=comment.answer_notified_at)
    transaction.on_commit(lambda: notifications.send_answered(comment))


def commenter_confirm(email: str) -> Commenter:
    """The owner of `email` opened its confirmation link. Returns the Commenter."""
    email = normalize_email(email)
    with transaction.atomic():
        commenter, _created = Commenter.objects.select_for_update().get_or_create(email=email)
        if commenter.confirmed_at is None:
            commenter.confirmed_at = timezone.now()
            commenter.save(update_fields=["confirmed_at"])
    return commenter


def comment_answer(*, comment: CitizenComment, text: str, user) -> CitizenComment:
    """The agency's official answer (or its removal, with empty text). The poster who asked for it gets an
    email once the answer is committed — once per comment, not on every later correction."""
    from agencies import scoping

    text = clean_text(text or "").strip()
    if not user.has_perm("discussion.change_citizencomment") or not scoping.can_change(user, comment):
        raise PermissionDenied(_("Bạn không có quyền trả lời bình luận này."))
    with transaction.atomic():
        comment = CitizenComment.objects.select_for_update().get(pk=comment.pk)
        if text:
            if comment.is_removed:
                raise ValidationError(_("Bình luận đã bị từ chối: không trả lời được."), code="removed")
            comment.answer = text
            comment.answered_by = user
            comment.answer_agency = user.agency
            comment.answered_at = comment.answered_at or timezone.now()
        else:
            comment.answer = ""
            comment.answered_by = comment.answer_agency = comment.answered_at = None
        comment.save()
        if text and comment.is_public and comment.wants_email and comment.answer_notified_at is None:
            _notify_answer(comment)
    return comment


def notifications_withdraw(email: str) -> int:
    """Stop every answer email to `email`: the consent of each of its comments is withdrawn, with the time.
    Returns how many comments had asked."""
    email = normalize_email(email)
    with transaction.atomic():
        return CitizenComment.objects.filter(user_email=email, notify=True,
                                             notify_withdrawn_at__isnull=True).update(
            notify_withdrawn_at=timezone.now())


def answer_rate(*, comment: CitizenComment, rating: str, note: str = "") -> CitizenComment:
    """The poster's verdict on the official answer (Hài lòng / Chưa hài lòng), changeable later."""
    if rating not in Rating.values:
        raise ValidationError(_("Vui lòng chọn “Hài lòng” hoặc “Chưa hài lòng”."), code="rating")
    note = clean_text(note or "").strip()
    if len(note) > 1000:
        raise ValidationError(_("Ý kiến dài tối đa 1.000 ký tự."), code="note_length")
    with transaction.atomic():
        comment = CitizenComment.objects.select_for_update().get(pk=comment.pk)
        if not comment.answer:
            raise ValidationError(_("Bình luận này chưa có trả lời của cơ quan để đánh giá."), code="no_answer")
        comment.rating, comment.rating_note, comment.rated_at = rating, note, timezone.now()
        comment.save(update_fields=["rating", "rating_note", "rated_at"])
    return comment


def erasure_hash(email: str) -> str:
    """A keyed hash (HMAC with the secret key) of an erased address: it answers "was mine erased?" for one
    who knows the address, and cannot be reversed by hashing a list of addresses."""
    return salted_hmac("discussion.erasure", normalize_email(email), algorithm="sha256").hexdigest()


def commenter_erase(email: str) -> int:
    """Delete every comment sent with `email`, and the address itself (Nghị định 13/2023/NĐ-CP, the right to
    deletion). Other people's replies to those comments stay, as comments of their own. What is kept: that
    an erasure happened, when, and how many comments — under a one-way hash of the address."""
    email = normalize_email(email)
    with caching.bulk_changes(), transaction.atomic():
        mine = CitizenComment.objects.filter(user_email=email)
        CitizenComment.objects.filter(parent__in=mine).exclude(user_email=email).update(parent=None)
        count = mine.count()
        mine.delete()
        Commenter.objects.filter(email=email).delete()
        ErasureLog.objects.create(email_hash=erasure_hash(email), comments_deleted=count)
    return count


def personal_data_expire(*, now: dt.datetime | None = None) -> dict:
    """What is kept only for a while (docs/staff-manual.md, "What is stored about a commenter"): IP addresses after
    COMMENTS_IP_RETENTION_DAYS, rejected comments after COMMENTS_REJECTED_RETENTION_DAYS, addresses with no
    comment left. Returns {"ip_addresses": n, "rejected": n, "addresses": n}. Run daily (remind_comments'
    service runs `manage.py expire_comment_data`)."""
    now = now or timezone.now()
    ip_before = now - dt.timedelta(days=settings.COMMENTS_IP_RETENTION_DAYS)
    rejected_before = now - dt.timedelta(days=settings.COMMENTS_REJECTED_RETENTION_DAYS)
    with caching.bulk_changes(), transaction.atomic():
        ips = CitizenComment.objects.filter(submit_date__lt=ip_before, ip_address__isnull=False).update(
            ip_address=None)
        rejected = CitizenComment.objects.filter(is_removed=True, submit_date__lt=rejected_before)
        CitizenComment.objects.filter(parent__in=rejected).exclude(is_removed=True).update(parent=None)
        rejected_count = rejected.count()
        rejected.delete()
        in_use = CitizenComment.objects.values("user_email")
        addresses, _ = Commenter.objects.exclude(email__in=in_use).filter(created_at__lt=rejected_before).delete()
    return {"ip_addresses": ips, "rejected": rejected_count, "addresses": addresses}
