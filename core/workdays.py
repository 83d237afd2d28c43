"""Working days (ngày làm việc): Monday to Friday, less the public holidays listed in the
PUBLIC_HOLIDAYS setting (dd/mm/yyyy dates; Tết and 2/9 move every year, so they are configuration)."""

import datetime

from django.conf import settings
from django.utils import timezone


def is_working_day(day):
    return day.weekday() < 5 and day not in holidays()


def holidays():
    return set(settings.PUBLIC_HOLIDAYS)


def add_working_days(day, count):
    """The date `count` working days after `day` (a date): Friday + 1 → Monday."""
    skip = holidays()
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5 and day not in skip:
            count -= 1
    return day


def due_at(moment, count):
    """The end (23:59:59, local time) of the `count`-th working day after `moment`: the moment an answer
    owed within `count` working days becomes late."""
    local = timezone.localtime(moment)
    day = add_working_days(local.date(), count)
    end = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    return timezone.make_aware(end)
