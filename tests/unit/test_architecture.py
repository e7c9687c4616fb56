"""Import direction: views -> services -> models and pure cores. Pure modules never import Flask or
the database, so they can be tested alone and used from the command line.

The import-linter contracts in pyproject.toml (`lint-imports`) check the whole graph; these tests keep
the quick checks and what a contract cannot say: that every views module is under the views contract, and
that the models a views module names are for annotations only."""

from __future__ import annotations

import ast
import fnmatch
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "governance"
PYPROJECT = PACKAGE.parent / "pyproject.toml"
VIEWS_CONTRACT = "Views do not import models"
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


def test_views_do_not_import_sqlalchemy() -> None:
    # Views go through services and never query; roles and statuses come from pure modules.
    offenders = []
    for path in PACKAGE.rglob("*views.py"):
        if "sqlalchemy" in " ".join(_imports(path)):
            offenders.append(str(path.relative_to(PACKAGE)))

    assert offenders == []


def _module_name(path: Path) -> str:
    return ".".join(("governance", *path.relative_to(PACKAGE).with_suffix("").parts))


def _views_modules() -> list[Path]:
    # A views module by its name, or any module that makes a blueprint (governance/pages.py).
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if path.name.endswith("views.py") or "Blueprint(" in path.read_text())


def _contract(name: str) -> dict[str, object]:
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    return next(contract for contract in contracts if contract["name"] == name)


def test_every_views_module_is_under_the_views_contract() -> None:
    patterns = _contract(VIEWS_CONTRACT)["source_modules"]
    assert isinstance(patterns, list)

    def covered(module: str) -> bool:
        # import-linter's "*" stands for one whole module name, never part of one or several.
        return any(len(module.split(".")) == len(pattern.split(".")) and fnmatch.fnmatchcase(module, pattern)
                   for pattern in patterns)

    assert [_module_name(path) for path in _views_modules() if not covered(_module_name(path))] == []


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _models_imports(tree: ast.Module) -> list[ast.stmt]:
    found: list[ast.stmt] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(name == "governance.models" or name.endswith(".models") for name in names):
            found.append(node)
    return found


def test_views_import_models_only_for_annotations() -> None:
    # The views contract ignores its listed imports wholesale, so this keeps them under TYPE_CHECKING,
    # where they never run; and no view may import models in any other way.
    offenders = []
    for path in _views_modules():
        tree = ast.parse(path.read_text())
        guarded = {id(child) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node.test)
                   for statement in node.body for child in ast.walk(statement)}
        offenders += [f"{path.relative_to(PACKAGE)}:{node.lineno}" for node in _models_imports(tree)
                      if id(node) not in guarded]

    assert offenders == []

