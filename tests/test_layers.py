"""Imports run downward only: ops on top; then discussion, reports, campaigns; accounts and core at the
bottom, core importing no app of the portal (STYLE.md). Migrations are history and not checked."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYER = {"core": 0, "accounts": 1, "campaigns": 2, "reports": 3, "discussion": 4, "ops": 5}


def imported_apps(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
        for name in names:
            top = name.split(".")[0]
            if top in LAYER:
                yield top, node.lineno


@pytest.mark.parametrize("app", list(LAYER))
def test_an_app_imports_only_apps_below_it(app):
    wrong = []
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for other, line in imported_apps(path):
            if other != app and (LAYER[other] >= LAYER[app] or (app == "core")):
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {other}")
    assert not wrong, "\n".join(wrong)
