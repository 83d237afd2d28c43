"""Publishing and the Excel import are atomic: the process killed (SIGKILL: no clean-up, no exception
handler) in the middle of either leaves nothing half-written. PostgreSQL only — the test database of
the SQLite pass lives in this process's memory, where no other process can write; CI runs both."""

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from openpyxl import Workbook

from campaigns import spreadsheets
from campaigns.models import Activity, Channel
from reports.models import Report
from tests.conftest import restore_seed_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="another process writes: PostgreSQL pass of CI"),
]
ROOT = Path(__file__).resolve().parents[2]


def run_until_midway_then_kill(*args):
    db = connection.settings_dict
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cchc_portal.settings.test",
               DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}")
    process = subprocess.Popen([sys.executable, "-m", "tests.security.interrupted_write", *args], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.strip() == "MIDWAY", line + process.stderr.read()
        with connection.cursor() as cursor:  # the other process holds an open transaction with rows in it
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction' "
                           "AND datname = %s", [db["NAME"]])
            assert cursor.fetchone()[0] >= 1
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait(30)
    assert process.returncode == -signal.SIGKILL
    started = time.monotonic()
    with connection.cursor() as cursor:  # PostgreSQL rolls back when it sees the connection gone
        while True:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%%' "
                           "AND datname = %s AND pid <> pg_backend_pid()", [db["NAME"]])
            if cursor.fetchone()[0] == 0 or time.monotonic() - started > 10:
                break
            time.sleep(0.05)


@pytest.fixture
def demo_committed():
    restore_seed_data()
    call_command("load_demo", force=True, stdout=io.StringIO())
    from campaigns.models import ReportingPeriod

    ReportingPeriod.objects.all().delete()  # as tests.conftest.demo: 2019 not locked, so the import may write


def counts():
    return {"activities": Activity.objects.count(), "activity history": Activity.history.count(),
            "reports": list(Report.objects.values_list("status", "figures_as_of")),
            "report history": Report.history.count()}


def test_an_import_killed_half_way_leaves_no_activity_and_no_history(demo_committed, tmp_path):
    user = get_user_model().objects.get(username="dai_ptth")
    plan = Report.objects.get().plan
    workbook = Workbook()
    workbook.active.append(spreadsheets.LEGACY_HEADERS)
    for i in range(300):
        workbook.active.append([plan.document_number, "", user.agency.name, Channel.objects.order_by("order")[0].name,
                                dt.date(2019, 1 + i % 12, 1 + i % 28), f"Tin bài số {i}", 1, None, None, "", ""])
    path = tmp_path / "ket-qua.xlsx"
    workbook.save(path)
    before = counts()

    run_until_midway_then_kill("import", str(path), user.username)

    assert counts() == before
    assert not Activity.objects.filter(title__startswith="Tin bài số").exists()


def test_publishing_killed_half_way_leaves_the_report_a_draft_without_figures(demo_committed):
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(status="draft", figures=None, figures_as_of=None, published_at=None)
    before = counts()

    run_until_midway_then_kill("publish", str(report.pk))

    assert counts() == before
    report.refresh_from_db()
    assert report.status == "draft" and report.figures is None and report.published_at is None
