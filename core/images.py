"""Image uploads, validated and re-encoded. Whatever the person sends, what we store is a fresh file that
Pillow wrote from the decoded pixels, under a generated name: trailing payloads, metadata and a lying
extension do not survive."""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_SIDE = 2400
THUMBNAIL_SIZE = (480, 360)


def _open_verified(uploaded):
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s MB). Dung lượng tối đa là %(max)s MB."),
            code="image_too_large",
            params={"size": f"{size / 1048576:.1f}", "max": settings.IMAGE_MAX_BYTES // 1048576},
        )
    try:
        uploaded.seek(0)
        image = Image.open(uploaded)
        if image.format not in ACCEPTED_FORMATS:
            raise ValidationError(
                _("Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."), code="image_format"
            )
        width, height = image.size
        if width * height > settings.IMAGE_MAX_PIXELS:
            raise ValidationError(
                _("Ảnh có kích thước điểm ảnh quá lớn (%(w)s × %(h)s)."), code="image_pixels",
                params={"w": width, "h": height},
            )
        image.verify()
        uploaded.seek(0)
        image = Image.open(uploaded)
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Tệp tải lên không phải là ảnh hợp lệ hoặc đã bị hỏng."), code="not_an_image"
        ) from exc
    return image


def reencode_image(uploaded, *, max_side=MAX_SIDE):
    """Return (ContentFile, extension) of a clean copy of `uploaded`, or raise ValidationError."""
    image = _open_verified(uploaded)
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    image.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    clean = image.convert("RGBA" if has_alpha else "RGB")
    # Pillow carries a JPEG comment (and PNG text) over from `info` when saving: only pixels may pass.
    clean.info = {}
    if has_alpha:
        clean.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        clean.save(buffer, format="JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}"), extension


def make_thumbnail(image_file):
    """A small JPEG of an already re-encoded image, for lists and public pages on slow connections."""
    image_file.seek(0)
    with Image.open(image_file) as image:
        image = image.convert("RGB")
        image.thumbnail(THUMBNAIL_SIZE)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
