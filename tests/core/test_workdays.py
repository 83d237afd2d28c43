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


def test_an_answer_is_due_at_the_end_of_the_day_in_vietnam():
    posted = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)  # Thursday in UTC, Friday 03:00 in Vietnam
    due = due_at(posted, 1)
    assert timezone.localtime(due, VN).replace(tzinfo=None) == dt.datetime(2026, 11, 30, 23, 59, 59)  # Monday


@override_settings(PUBLIC_HOLIDAYS=[dt.date(2026, 12, 2)])
def test_the_backfill_migration_keeps_the_same_rule_as_it_was_written():
    migration = importlib.import_module("discussion.migrations.0002_citizen_followup")
    for posted in (dt.datetime(2026, 11, 27, 9, tzinfo=VN), dt.datetime(2026, 11, 30, 18, tzinfo=dt.UTC)):
        assert migration._due_at(posted, 10, {dt.date(2026, 12, 2)}) == due_at(posted, 10)
