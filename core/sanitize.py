"""Server-side sanitizing of rich text. The editor is not a security boundary: whatever reaches the
database has passed through `clean_html`, whoever sent it and however."""

import re
import unicodedata

import nh3
from django.conf import settings
from django.db import models

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "hr",
    "ul", "ol", "li", "a", "img", "figure", "figcaption",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
}
ALLOWED_CLASSES = {
    "figure": {"image", "table", "image-style-side", "image-style-align-left", "image-style-align-right"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _own_media_only(tag, attribute, value):
    """Images may only come from our own media folder; links keep their (scheme-checked) target."""
    if tag == "img" and attribute == "src":
        media_url = settings.MEDIA_URL
        if value.startswith(media_url) and ".." not in value and "//" not in value[len(media_url):]:
            return value
        return None
    return value


def clean_html(html):
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "svg", "math", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_own_media_only,
        url_schemes=URL_SCHEMES,
        allowed_classes=ALLOWED_CLASSES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


# Control characters that XML 1.0 (feeds, sitemaps, .docx, .xlsx) cannot carry. Word and Excel put a
# vertical tab (\x0b) for a manual line break and a form feed for a page break into copied text.
PAGE_OR_LINE_BREAK = re.compile(r"[\x0b\x0c]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def safe_html(html):
    """Stored rich text for a page that would otherwise escape it (the admin's read-only view): cleaned by
    `clean_html` again on the way out, so only its allowed tags and attributes can reach the browser."""
    from django.utils.safestring import mark_safe

    return mark_safe(clean_html(html))  # noqa: S308  # nosec B308 B703 — nh3 leaves only the allowed markup


def clean_text(value):
    """Plain text that every output format accepts, in Unicode NFC: breaks pasted from Word become
    spaces, other control characters are dropped. Tabs and newlines stay."""
    if not isinstance(value, str):
        return value
    # NFC: text typed with Unikey's "Unicode tổ hợp" (decomposed) is stored as every search expects it.
    return unicodedata.normalize("NFC", CONTROL.sub("", PAGE_OR_LINE_BREAK.sub(" ", value)))


def _portal_app_labels():
    from django.apps import apps
    from django.conf import settings

    return {apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.PORTAL_APPS}


def clean_text_fields(sender, instance, **kwargs):
    """pre_save, for every model of the portal's own apps: one place, whichever form, import or command
    saved it (bulk_create sends no signal: the Excel import calls clean_text itself)."""
    if sender._meta.app_label not in _portal_app_labels():
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, clean_text(value))
