"""Import direction: views -> services -> models and pure cores. Pure modules never import Flask or
the database, so they can be tested alone and used from the command line."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "governance"
PURE_MODULES = ["accounts/passwords.py", "config.py"]
PURE_PACKAGES = ["questionnaire", "scanning"]
FRAMEWORK = ("flask", "sqlalchemy", "governance.db", "werkzeug", "flask_login", "flask_wtf")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _pure_files() -> list[Path]:
    files = [PACKAGE / module for module in PURE_MODULES]
    for package in PURE_PACKAGES:
        files.extend((PACKAGE / package).rglob("*.py"))
    return files


def test_pure_modules_do_not_import_the_framework_or_database() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(name for name in _imports(path) if name.startswith(FRAMEWORK))
        for path in _pure_files()
    }

    assert {path: names for path, names in offenders.items() if names} == {}


def test_models_and_services_do_not_import_views_or_forms() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name in {"models.py", "services.py"}:
            bad = [name for name in _imports(path) if name.endswith(("views", "forms")) or name == "flask"]
            if bad:
                offenders.append(f"{path.relative_to(PACKAGE)}: {bad}")

    assert offenders == []


def test_views_do_not_import_models_other_than_enums() -> None:
    # Views go through services; they may name enums such as Role, but never query.
    offenders = []
    for path in PACKAGE.rglob("*views.py"):
        if "sqlalchemy" in " ".join(_imports(path)):
            offenders.append(str(path.relative_to(PACKAGE)))

    assert offenders == []
