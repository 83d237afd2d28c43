import datetime as dt
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def isodate(value):
    """'2019-12-31' (as frozen in a report's figures) → a date the |date filter can format."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# What json_script escapes (django.utils.html): inside the data block "<", ">" and "&" are JSON's \u escapes,
# so no text — a title "</script><script>…" — can close the element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A JSON-LD data block (<script type="application/ld+json">): data for machines, never run, so the strict
    Content-Security-Policy (script-src 'self') has nothing to allow."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 # nosec B308 B703
