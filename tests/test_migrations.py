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
