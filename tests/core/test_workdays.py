"""Working days for answer deadlines (core.workdays): weekends and PUBLIC_HOLIDAYS skipped, due at the end
of the day in Vietnam."""

import datetime as dt
import importlib

from django.test import override_settings
from django.utils import timezone

from core.workdays import add_working_days, due_at

VN = timezone.get_default_timezone()


def test_a_friday_plus_one_working_day_is_monday():
    assert add_working_days(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)
    assert add_working_days(dt.date(2026, 11, 27), 10) == dt.date(2026, 12, 11)


@override_settings(PUBLIC_HOLIDAYS=[dt.date(2026, 9, 1), dt.date(2026, 9, 2)])
def test_public_holidays_are_skipped():
    assert add_working_days(dt.date(2026, 8, 31), 1) == dt.date(2026, 9, 3)


def test_an_answer_is_due_at_the_very_end_of_the_day_in_vietnam():
    posted = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)  # Thursday in UTC, Friday 03:00 in Vietnam
    due = due_at(posted, 1)
    assert timezone.localtime(due, VN).replace(tzinfo=None) == dt.datetime(2026, 11, 30, 23, 59, 59, 999999)
    assert dt.datetime(2026, 11, 30, 23, 59, 59, 500000, tzinfo=VN) <= due  # half a second before midnight
    assert dt.datetime(2026, 12, 1, 0, 0, tzinfo=VN) > due


def test_the_backfill_migration_did_what_it_did_when_written():
    """Its own copy of the rule as it was (ends at 23:59:59), whatever core.workdays says later."""
    migration = importlib.import_module("discussion.migrations.0002_citizen_followup")
    posted = dt.datetime(2026, 11, 27, 9, tzinfo=VN)  # a Friday
    assert migration._due_at(posted, 10, {dt.date(2026, 12, 2)}) == dt.datetime(2026, 12, 14, 23, 59, 59, tzinfo=VN)
    assert migration._due_at(posted, 1, set()) == dt.datetime(2026, 11, 30, 23, 59, 59, tzinfo=VN)
