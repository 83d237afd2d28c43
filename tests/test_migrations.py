"""Migrations stand still: what a migration did must not change when the application's code does. So a
migration imports no application code beyond the field classes and storages its models are made of (as
makemigrations writes them), and never another migration; role permissions are synced after every migrate
by a post_migrate receiver (accounts.roles), not by a migration calling live code."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Field classes, validators and storages a model's fields are made of: makemigrations imports these itself.
ALLOWED = {"django", "simple_history", "core.fields", "core.files", "core.slugs", "datetime"}
MIGRATIONS = sorted(p for p in ROOT.glob("*/migrations/0*.py"))


def imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield ("." * node.level + (node.module or ""), node.lineno)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            yield ("importlib.import_module", node.lineno)


def test_there_are_migrations_to_check():
    assert len(MIGRATIONS) >= 30


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_a_migration_imports_no_live_application_code(path):
    wrong = [f"line {line}: {name}" for name, line in imports(path)
             if not any(name == ok or name.startswith(ok + ".") for ok in ALLOWED)]
    assert not wrong, wrong


def test_the_staff_roles_come_back_after_a_migrate(db):
    """The receiver, not a migration, gives the roles their permissions: emptied, they return."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from accounts.roles import COORDINATOR, DATA_ENTRY, role_permissions

    Group.objects.filter(name__in=[COORDINATOR, DATA_ENTRY]).delete()
    call_command("migrate", verbosity=0)
    wanted = role_permissions()
    for name in (COORDINATOR, DATA_ENTRY):
        held = {f"{p.content_type.app_label}.{p.codename}"
                for p in Group.objects.get(name=name).permissions.select_related("content_type")}
        assert held == set(wanted[name])
    assert "agencies.manage_all_agencies" in wanted[COORDINATOR]
    assert "campaigns.review_submission" not in wanted[DATA_ENTRY]


@pytest.mark.django_db(transaction=True)
def test_reports_waiting_at_the_upgrade_record_no_content_and_must_be_sent_again():
    """What a report held when it was sent cannot be known after the fact (a row deleted by raw SQL between
    sending and the upgrade leaves no trace): the upgrade records nothing for reports waiting then, and
    their approval asks for them to be returned and sent again — not the window as it stood at the upgrade."""
    import datetime as dt

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.conftest import restore_seed_data

    before, after = ("campaigns", "0015_agency_moved_to_agencies"), ("campaigns", "0016_submission_sent_content")
    # The agencies as they were then too (their codes and dates came later): the rows below are written
    # with the models of that moment.
    agencies_then = ("agencies", "0001_initial")
    executor = MigrationExecutor(connection)
    executor.migrate([before, agencies_then])
    try:
        old = executor.loader.project_state([before, agencies_then]).apps
        agency = old.get_model("agencies", "Agency").objects.create(name="Đài nâng cấp", short_name="Đài")
        channel = old.get_model("campaigns", "Channel").objects.first()
        plan = old.get_model("campaigns", "Plan").objects.create(
            title="Kế hoạch", slug="ke-hoach-nang-cap", year=2019, issuing_agency=agency)
        period = old.get_model("campaigns", "ReportingPeriod").objects.create(
            kind="q1", year=2019, start=dt.date(2018, 12, 15), end=dt.date(2019, 3, 14), due_date=dt.date(2019, 3, 20))
        old.get_model("campaigns", "Activity").objects.create(
            plan=plan, agency=agency, channel=channel, date=dt.date(2019, 2, 1), title="Phóng sự", quantity=3)
        waiting = old.get_model("campaigns", "Submission").objects.create(
            period=period, agency=agency, status="submitted", submitted_at=dt.datetime(2019, 3, 17, tzinfo=dt.UTC))
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        new = executor.loader.project_state(after).apps
        assert new.get_model("campaigns", "Submission").objects.get(pk=waiting.pk).sent_content is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        restore_seed_data()
