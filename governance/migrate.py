"""Run the Alembic migrations in migrations/ against a database URL, and detect model drift."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from governance.db import Base


def migrations_path() -> Path:
    configured = os.environ.get("GOVERNANCE_MIGRATIONS")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    # ConfigParser treats % as interpolation; URLs may contain escaped characters.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def repin_questionnaire(operations: Any, questionnaire: tuple[str, str], old_sha256: str, new_sha256: str) -> None:
    """Move the assessments pinned to one file of a released questionnaire to its re-annotated file.

    Only for changes that leave every id, wording, score and rule meaning what it meant (annotations the
    code reads): answers keep their meaning. Signed records keep the hash they were signed with.
    """
    assessment = sa.table("assessment", sa.column("questionnaire_id", sa.String),
                          sa.column("questionnaire_version", sa.String), sa.column("questionnaire_sha256", sa.String))
    operations.execute(assessment.update()
                       .where(assessment.c.questionnaire_id == questionnaire[0],
                              assessment.c.questionnaire_version == questionnaire[1],
                              assessment.c.questionnaire_sha256 == old_sha256)
                       .values(questionnaire_sha256=new_sha256))


def upgrade(database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


def drift(database_url: str) -> list[Any]:
    """Differences between the migrated database and the models; empty when they agree."""
    import governance.models  # noqa: F401 - registers every table on Base.metadata

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()
