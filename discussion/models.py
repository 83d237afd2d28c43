import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.utils.translation import gettext_lazy as _
from django_comments.abstracts import CommentAbstractModel
from django_comments.managers import CommentManager


class Rating(models.TextChoices):
    SATISFIED = "hai_long", _("Hài lòng")
    UNSATISFIED = "chua_hai_long", _("Chưa hài lòng")


def overdue_q(now):
    """A question is overdue (quá hạn) when it is not answered and its answer deadline is before `now`.
    The one place the rule lives: the moderation queue, its column, the agencies' digests, the figures."""
    return Q(parent__isnull=True, is_removed=False, answered_at__isnull=True, answer_due_at__lt=now)


class CitizenCommentQuerySet(models.QuerySet):
    def questions(self, *, public_only=True):
        """Citizens' questions: top-level comments not rejected (approved ones, unless `public_only` is off)."""
        questions = self.filter(parent__isnull=True, is_removed=False)
        return questions.filter(is_public=True) if public_only else questions

    def overdue(self, now):
        return self.filter(overdue_q(now))

    def on_page(self, target):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(target), object_pk=str(target.pk))

    @staticmethod
    def answer_aggregates(now):
        """How quickly and how well questions were answered (Quyết định 766/QĐ-TTg scores both: the share
        of feedback handled on time, the share of citizens satisfied), as aggregates: a question counts
        towards "on time" once it is answered or its deadline has passed. `delay` is the total time to
        answer (its average is taken over the answered questions by `answer_figures`), so rows of a
        GROUP BY can be added up."""
        answered = Q(answered_at__isnull=False)
        return {
            "questions": Count("pk"),
            "answered": Count("pk", filter=answered),
            "decided": Count("pk", filter=answered | Q(answer_due_at__lt=now)),
            "on_time": Count("pk", filter=answered & Q(answered_at__lte=F("answer_due_at"))),
            "overdue": Count("pk", filter=overdue_q(now)),
            "rated": Count("pk", filter=~Q(rating="")),
            "satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
            "delay": Sum(ExpressionWrapper(F("answered_at") - F("submit_date"), output_field=DurationField()),
                         filter=answered),
        }


def answer_figures(*rows):
    """{questions, answered, decided, on_time, overdue, rated, satisfied, average_days}: the rows of
    `answer_aggregates` (one aggregate, or GROUP BY rows) added up."""
    names = [name for name in CitizenCommentQuerySet.answer_aggregates(None) if name != "delay"]
    total = {name: sum(row[name] for row in rows) for name in names}
    delays = [row["delay"] for row in rows if row["delay"] is not None]
    delay = sum(delays, dt.timedelta()) if delays else None
    total["average_days"] = (round(delay.total_seconds() / total["answered"] / 86400, 1)
                             if delay is not None and total["answered"] else None)
    return total


class CitizenComment(CommentAbstractModel):
    """A citizen's comment (bình luận, góp ý), plain text, held for moderation; a reply to a comment
    (one level); and the agency's official answer (trả lời của cơ quan) written by staff."""

    parent = models.ForeignKey(
        "self", verbose_name=_("trả lời bình luận"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="replies",
    )
    answer = models.TextField(_("trả lời của cơ quan"), blank=True)
    answer_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan trả lời"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    # Who must answer, and by when (set when the comment is posted: core.workdays, COMMENTS_ANSWER_DAYS).
    responsible_agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan phải trả lời"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    answer_due_at = models.DateTimeField(_("hạn trả lời"), null=True, blank=True)
    # Consent (Nghị định 13/2023/NĐ-CP) to an email when this comment is answered or replied to: asked by an
    # unticked box, withdrawn by the unsubscribe link; both times kept.
    notify = models.BooleanField(_("nhận email khi có trả lời"), default=False)
    notify_consented_at = models.DateTimeField(_("đồng ý nhận email lúc"), null=True, blank=True)
    notify_withdrawn_at = models.DateTimeField(_("rút lại đồng ý lúc"), null=True, blank=True)
    answer_notified_at = models.DateTimeField(_("đã báo trả lời lúc"), null=True, blank=True)
    # A reply: when its thread's poster was told of it (once, however often it is approved again).
    reply_notified_at = models.DateTimeField(_("đã báo người hỏi lúc"), null=True, blank=True)
    # A held comment: when the moderators' digest first counted it (discussion.moderation.moderation_digest_send).
    moderators_notified_at = models.DateTimeField(_("đã báo người kiểm duyệt lúc"), null=True, blank=True)
    rating = models.CharField(_("đánh giá câu trả lời"), max_length=20, choices=Rating.choices, blank=True)
    rating_note = models.TextField(_("ý kiến về câu trả lời"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)

    objects = CommentManager.from_queryset(CitizenCommentQuerySet)()

    class Meta(CommentAbstractModel.Meta):
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        ordering = ["submit_date"]
        permissions = [("can_moderate", _("Kiểm duyệt bình luận"))]
        indexes = [
            models.Index(fields=["content_type", "object_pk", "is_public", "is_removed"], name="comment_target_idx"),
            models.Index(fields=["is_public", "is_removed", "-submit_date"], name="comment_queue_idx"),
            models.Index(fields=["responsible_agency", "submit_date"], name="comment_agency_idx"),
            models.Index(fields=["user_email"], name="comment_email_idx"),
        ]

    @property
    def wants_email(self):
        return self.notify and self.notify_withdrawn_at is None

    def is_overdue(self, now):
        """The row's side of `overdue_q`."""
        return (self.parent_id is None and not self.is_removed and self.answered_at is None
                and self.answer_due_at is not None and self.answer_due_at < now)

    @property
    def moderation_label(self):
        if self.is_removed:
            return _("Từ chối")
        return _("Đã duyệt") if self.is_public else _("Chờ duyệt")


class Commenter(models.Model):
    """An email address that has commented: whether its owner proved it is theirs (opened the signed link
    sent to it). Only a confirmed address, from the browser that confirmed it, may skip moderation."""

    email = models.EmailField(_("email"), max_length=254, unique=True)  # lower-case: filters.normalize_email
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("gửi thư xác nhận lúc"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("địa chỉ email người góp ý")
        verbose_name_plural = _("địa chỉ email người góp ý")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email


class ErasureLog(models.Model):
    """That a citizen had their comments and address deleted, and when — without the address itself (a
    keyed one-way hash, discussion.citizens.erasure_hash, to answer "was my request carried out?")."""

    email_hash = models.CharField(_("mã băm của email"), max_length=64)
    comments_deleted = models.PositiveIntegerField(_("số bình luận đã xoá"))
    erased_at = models.DateTimeField(_("xoá lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu xoá dữ liệu")
        verbose_name_plural = _("yêu cầu xoá dữ liệu")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"{self.email_hash[:12]}… ({self.comments_deleted})"
