"""Working days (ngày làm việc): Monday to Friday, less the public holidays listed in the
PUBLIC_HOLIDAYS setting (dd/mm/yyyy dates; Tết and 2/9 move every year, so they are configuration)."""

import datetime

from django.conf import settings
from django.utils import timezone

from .dates import end_of_day


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
    """The last instant (23:59:59.999999, local time) of the `count`-th working day after `moment`: an
    answer owed within `count` working days is on time up to and including it (core.dates.end_of_day, the
    rule a periodic report's due date follows too)."""
    return end_of_day(add_working_days(timezone.localtime(moment).date(), count))
