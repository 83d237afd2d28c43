from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    """When a row was made and last changed ("tạo lúc", "cập nhật lúc"), for every model people ask that of."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True
