"""Dependencies run downward only (docs/architecture.md): whole-site pages and jobs on
top (portal, ops); then discussion, reports, campaigns; accounts and agencies, on which everything hangs;
core at the bottom, importing no app of the portal.

A dependency is any of: an import (absolute or relative, at module level or inside a function), a string
naming a model or a permission of another app (``"campaigns.Plan"``, ``"campaigns.view_plan"``), and a
``get_model()`` call (``apps.get_model("campaigns", "Plan")``; ``django_comments.get_model()`` is the
discussion app's comment model). And no module of the portal imports, by any chain, a module that imports it
back. Migrations are history and not checked (tests/test_migrations.py checks that they stand still)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYER = {"core": 0, "agencies": 1, "accounts": 2, "campaigns": 3, "reports": 4, "discussion": 5,
         "portal": 6, "ops": 6}
REFERENCE = re.compile(r"(" + "|".join(LAYER) + r")\.\w+")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files():
    for app in LAYER:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def dependencies(path):
    """(dotted name or app label, line) for everything `path` depends on."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            yield base, node.lineno
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if REFERENCE.fullmatch(node.value):
                yield node.value.split(".")[0], node.lineno
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "get_model":
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if args:
                yield args[0].split(".")[0], node.lineno
            elif "django_comments" in ast.unparse(node.func):
                yield "discussion", node.lineno


MODULES = {module_name(path): path for path in python_files()}


@pytest.mark.parametrize("app", sorted(LAYER))
def test_an_app_depends_only_on_apps_below_it(app):
    wrong = []
    for path in python_files():
        if path.relative_to(ROOT).parts[0] != app:
            continue
        for target, line in dependencies(path):
            other = target.split(".")[0]
            if other in LAYER and other != app and LAYER[other] >= LAYER[app]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} depends on {target}")
    assert not wrong, "\n".join(wrong)


def import_graph():
    graph = {}
    for name, path in MODULES.items():
        targets = set()
        for target, _line in dependencies(path):
            while target and target not in MODULES:  # "campaigns.models.Plan" is the module campaigns.models
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):  # a package's own __init__
                targets.add(target)
        graph[name] = targets
    return graph


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    """The check above can fail: a two-module and a three-module circle are found, a chain is not."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": set()}) == [["a", "b"]]
    assert cycles({"x": {"y"}, "y": {"z"}, "z": {"x"}}) == [["x", "y", "z"]]


def test_the_dependency_reader_sees_every_kind_of_reference(tmp_path, monkeypatch):
    source = ("from campaigns.models import Plan\nfrom ..reports import queries\n"
              "agency = models.ForeignKey('campaigns.Agency')\nperm = 'reports.view_report'\n"
              "Comment = django_comments.get_model()\nPlan = apps.get_model('campaigns', 'Plan')\n")
    path = ROOT / "core" / "_probe_for_layers.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    found = {target.split(".")[0] for target, _line in dependencies(path)}
    assert found >= {"campaigns", "reports", "discussion"}
