import datetime as dt

from django import template

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
