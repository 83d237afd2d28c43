from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Thông tin, tuyên truyền CCHC")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from core.caching import invalidate_on_change

        from .models import Activity, ActivityPhoto, Agency, Channel, Plan, Task

        # Everything here shows on a public page: a change renders the pages afresh once it commits.
        invalidate_on_change(Plan, Task, Activity, ActivityPhoto, Agency, Channel)

        # Pillow raises DecompressionBombError at twice this; we refuse anything above it.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
