"""`{{ value|datetime_attr }}`: a date or time as the `datetime` attribute of `<time>` wants it — in the
portal's time zone, to the second ("2026-12-07T18:48:39+07:00"). Django's `date:'c'` keeps microseconds
("…39.147397+07:00"), which HTML does not allow. Every `<time datetime=…>` goes through this one filter."""

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value):
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return ""
