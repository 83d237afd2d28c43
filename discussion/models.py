from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_comments.abstracts import CommentAbstractModel


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

    class Meta(CommentAbstractModel.Meta):
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        ordering = ["submit_date"]
        permissions = [("can_moderate", _("Kiểm duyệt bình luận"))]
        indexes = [
            models.Index(fields=["content_type", "object_pk", "is_public", "is_removed"], name="comment_target_idx"),
            models.Index(fields=["is_public", "is_removed", "-submit_date"], name="comment_queue_idx"),
        ]

    @property
    def moderation_label(self):
        if self.is_removed:
            return _("Từ chối")
        return _("Đã duyệt") if self.is_public else _("Chờ duyệt")
