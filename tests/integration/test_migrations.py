"""Migrations: sequential ids, a working downgrade, and no drift from the models."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, create_engine, inspect

from governance import migrate
from governance.db import Base
from tests.conftest import create_postgres_database, drop_postgres_database, postgres_reachable, service_unavailable

VERSIONS = migrate.migrations_path() / "versions"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    problem = postgres_reachable()
    if problem:
        service_unavailable(problem)
    url = create_postgres_database("governance_migrations")
    yield url
    drop_postgres_database(url)


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_revision_ids_are_sequential_and_match_file_names() -> None:
    files = sorted(path for path in VERSIONS.glob("*.py"))
    previous = None
    for number, path in enumerate(files, start=1):
        source = path.read_text()
        revision = re.search(r'^revision = "([^"]+)"', source, re.M).group(1)
        down = re.search(r"^down_revision = (.+)$", source, re.M).group(1).strip()
        assert path.stem == revision
        assert revision.startswith(f"{number:04d}_")
        assert down == (repr(previous).replace("'", '"') if previous else "None")
        previous = revision


def test_upgrade_downgrade_upgrade(empty_database: str) -> None:
    migrate.upgrade(empty_database)
    assert _tables(empty_database) == set(Base.metadata.tables)

    migrate.downgrade(empty_database, "base")
    assert _tables(empty_database) == set()

    migrate.upgrade(empty_database)
    assert _tables(empty_database) == set(Base.metadata.tables)
    assert migrate.drift(empty_database) == []


def test_drift_check_fails_when_a_model_changes_without_a_migration(empty_database: str) -> None:
    migrate.upgrade(empty_database)
    table = Base.metadata.tables["organisation"]
    extra = Column("unmigrated_column", Integer, nullable=True)
    table.append_column(extra)
    try:
        differences = migrate.drift(empty_database)
    finally:
        table._columns.remove(extra)

    assert any("unmigrated_column" in str(difference) for difference in differences)
