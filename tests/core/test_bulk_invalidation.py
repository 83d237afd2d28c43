"""Bulk writes invalidate the public pages once, when they commit — not once per row, and never not at all."""

from unittest import mock

import pytest

from core import caching
from tests.factories import ActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bumps(monkeypatch):
    seen = []
    monkeypatch.setattr(caching, "_bump_now", lambda: seen.append(1))
    with mock.patch("core.caching.transaction.on_commit", side_effect=lambda f: f()):
        yield seen


def test_each_save_outside_a_bulk_write_invalidates(bumps):
    plan = PlanFactory()
    ActivityFactory(plan=plan)
    assert len(bumps) >= 2


def test_a_bulk_write_of_many_rows_invalidates_once(bumps):
    plan = PlanFactory()
    bumps.clear()
    with caching.bulk_changes():
        for _ in range(20):
            ActivityFactory(plan=plan, agency=plan.issuing_agency)
        assert bumps == []
    assert bumps == [1]


def test_a_bulk_write_without_signals_still_invalidates(bumps):
    plan = PlanFactory()
    bumps.clear()
    with caching.bulk_changes():
        type(plan).objects.filter(pk=plan.pk).update(title="Đổi bằng update()")
    assert bumps == [1]
