from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Thông tin, tuyên truyền CCHC")

    def ready(self):
        from django.conf import settings
        from PIL import Image

        # Pillow raises DecompressionBombError at twice this; we refuse anything above it.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
