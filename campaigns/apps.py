from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Thông tin, tuyên truyền CCHC")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import pre_save
        from PIL import Image

        from .sanitize import clean_text_fields

        pre_save.connect(clean_text_fields, dispatch_uid="campaigns.clean_text_fields")

        # Pillow raises DecompressionBombError at twice this; we refuse anything above it.
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
