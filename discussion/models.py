from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments.abstracts import CommentAbstractModel


class Rating(models.TextChoices):
    SATISFIED = "hai_long", _("Hài lòng")
    UNSATISFIED = "chua_hai_long", _("Chưa hài lòng")


class CitizenComment(CommentAbstractModel):
    """A citizen's comment (bình luận, góp ý), plain text, held for moderation; a reply to a comment
    (one level); and the agency's official answer (trả lời của cơ quan) written by staff."""

    parent = models.ForeignKey(
        "self", verbose_name=_("trả lời bình luận"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="replies",
    )
    answer = models.TextField(_("trả lời của cơ quan"), blank=True)
    answer_agency = models.ForeignKey(
        "campaigns.Agency", verbose_name=_("cơ quan trả lời"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    # Who must answer, and by when (set when the comment is posted: core.workdays, COMMENTS_ANSWER_DAYS).
    responsible_agency = models.ForeignKey(
        "campaigns.Agency", verbose_name=_("cơ quan phải trả lời"), on_delete=models.SET_NULL, null=True,
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
    rating = models.CharField(_("đánh giá câu trả lời"), max_length=20, choices=Rating.choices, blank=True)
    rating_note = models.TextField(_("ý kiến về câu trả lời"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)

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

    @property
    def answered_on_time(self):
        if self.answered_at is None or self.answer_due_at is None:
            return None
        return self.answered_at <= self.answer_due_at

    @property
    def moderation_label(self):
        if self.is_removed:
            return _("Từ chối")
        return _("Đã duyệt") if self.is_public else _("Chờ duyệt")


class Commenter(models.Model):
    """An email address that has commented: whether its owner proved it is theirs (opened the signed link
    sent to it). Only a confirmed address, from the browser that confirmed it, may skip moderation."""

    email = models.EmailField(_("email"), max_length=254, unique=True)  # lower-case (discussion.identity)
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
