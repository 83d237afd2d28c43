"""Dates and times as Vietnamese officials write them — 28/11/2026, 28/11/2026 14:05 — in the portal's time
zone: the one place the patterns live, for Python code (messages, emails, files). Templates and forms read
the same from the format module (cchc_portal/formats/vi/formats.py, which takes DATE from here)."""

import datetime as dt

from django.utils import timezone

DATE = "%d/%m/%Y"
DATETIME = "%d/%m/%Y %H:%M"
DATETIME_SECONDS = "%d/%m/%Y %H:%M:%S"


def vn_date(value: dt.date | dt.datetime | str | None, empty: str = "") -> str:
    """"28/11/2026" from a date, an aware datetime (its local day) or an ISO date string (frozen figures)."""
    if not value:
        return empty
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(DATE)


def vn_datetime(value: dt.datetime | None, empty: str = "", *, seconds: bool = False) -> str:
    """"28/11/2026 14:05" in the portal's time zone."""
    if not value:
        return empty
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(DATETIME_SECONDS if seconds else DATETIME)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in the portal's time zone (23:59:59.999999): what is due on a day is on time
    up to and including it — a periodic report on its due date, an answer to a citizen on its last working
    day. The one place "by the end of the day" is decided."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def parse_vn_date(text: str) -> dt.date:
    """"28/11/2026" → a date; ValueError otherwise."""
    return dt.datetime.strptime(text.strip(), DATE).date()
