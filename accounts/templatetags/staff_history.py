"""The admin's history list (django-simple-history) in the words of the form: a changed field by its
Vietnamese label, not its name in the code ("short_name" → "Tên viết tắt")."""

import datetime as dt

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def field_label(field_name, record):
    try:
        return capfirst(record.instance_type._meta.get_field(field_name).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return field_name


@register.filter
def history_value(value):
    """A past value as the form shows it: "—" for none, 28/11/2026 08:00 for a moment, Có/Không."""
    if value is None or value in ("", "None"):
        return "—"
    if isinstance(value, bool) or value in ("True", "False"):
        return _("Có") if value in (True, "True") else _("Không")
    moment = value if isinstance(value, dt.datetime) else None
    if moment is None and isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == " ":
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
    if moment is not None:
        return date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "d/m/Y H:i")
    return value
