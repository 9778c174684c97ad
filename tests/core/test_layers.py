"""The direction of imports: core ← attachments ← agencies ← directives ← programs ← reports ← work.

Every module of an app (views, filters, templatetags, commands, migrations, imports inside
functions included) may import only the apps below it; ``core`` imports none. Higher apps reach
lower apps' pages and the shared search and home page through the registries of
``core.search`` and ``core.panels``, never the other way round.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LAYERS = ["core", "attachments", "agencies", "directives", "programs", "reports", "work"]


def imported_apps(path: Path) -> set[str]:
    """The project apps that the module at ``path`` imports (absolute imports, anywhere in it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(LAYERS)


def modules(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py"))


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_layers_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    wrong = {
        str(path.relative_to(ROOT)): sorted(found - allowed)
        for path in modules(app)
        if (found := imported_apps(path)) - allowed
    }
    assert wrong == {}


def test_core_imports_no_app():
    assert all(imported_apps(path) <= {"core"} for path in modules("core"))


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("def f():\n    from programs.models import Task\n", encoding="utf-8")
    assert imported_apps(module) == {"programs"}
    assert modules("core")  # the walk finds the modules it checks
