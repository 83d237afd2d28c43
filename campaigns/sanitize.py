"""Server-side sanitizing of rich text. The editor is not a security boundary: whatever reaches the
database has passed through `clean_html`, whoever sent it and however."""

import nh3
from django.conf import settings

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
