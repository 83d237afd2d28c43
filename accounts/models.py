from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member. Data-entry staff work for one agency and see only its data."""

    agency = models.ForeignKey(
        "campaigns.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Cán bộ nhập liệu chỉ xem và sửa được dữ liệu của cơ quan, đơn vị này."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")

    @property
    def sees_all_agencies(self):
        """Provincial coordinators (and superusers) see and change every agency's data."""
        return self.is_superuser or self.has_perm("campaigns.manage_all_agencies")
