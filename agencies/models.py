from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStamped


class Agency(TimeStamped):
    """Cơ quan, đơn vị: what every plan, task, activity, report, answer and staff account hangs on. Levels
    changed on 1 July 2025 (districts abolished), so old agencies are kept with their kind and marked
    inactive rather than deleted: old plans and reports keep their names."""

    class Kind(models.TextChoices):
        PROVINCE = "ubnd_tinh", _("UBND tỉnh")
        DEPARTMENT = "so_nganh", _("Sở, ban, ngành")
        PRESS = "bao_chi", _("Cơ quan báo chí, đài")
        DISTRICT = "cap_huyen", _("Cấp huyện (đến 30/6/2025)")
        COMMUNE = "cap_xa", _("Cấp xã")
        OTHER = "khac", _("Tổ chức khác")

    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="children",
    )
    is_active = models.BooleanField(
        _("đang hoạt động"), default=True,
        help_text=_("Bỏ chọn khi cơ quan giải thể hoặc sáp nhập; dữ liệu cũ vẫn được giữ."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["kind", "name"]
        # Held by the provincial coordinators' role: see and change every agency's data (agencies.scoping).
        permissions = [("manage_all_agencies", _("Xem và sửa dữ liệu của mọi cơ quan (điều phối cấp tỉnh)"))]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name
