"""What audit tests share: the verify command, a chain's events, and tampering as someone with full access to
the database file or server would tamper (every trigger and foreign key out of the way)."""

from __future__ import annotations

import sqlite3
from typing import Any

from click.testing import Result
from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from governance.audit import AuditEvent, chain_of
from governance.cli import main
from governance.db import transaction


def run_cli(app: Flask, args: list[str]) -> Result:
    return app.test_cli_runner().invoke(main, args, obj=ScriptInfo(create_app=lambda: app))


def verify(app: Flask) -> Result:
    return run_cli(app, ["audit", "verify"])


def chain_events(app: Flask, organisation_id: Any) -> list[AuditEvent]:
    """An organisation's events, oldest first."""
    with app.app_context(), transaction() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.chain == chain_of(organisation_id))
                                    .order_by(AuditEvent.sequence)))


def with_full_access(app: Flask, *statements: str, **params: Any) -> None:
    """Run `statements` as a superuser would on PostgreSQL (replication mode: no trigger or foreign key fires)
    or as anyone who can open the SQLite file (the audit triggers dropped; foreign keys are off by default)."""
    url = make_url(app.config["DATABASE_URL"])
    app.extensions["governance.engine"].dispose()
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        connection = sqlite3.connect(url.database)
        try:
            triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                          "AND tbl_name IN ('audit_event', 'audit_chain_head')").fetchall()
            for (name,) in triggers:
                connection.execute(f'DROP TRIGGER "{name}"')
            for statement in statements:
                connection.execute(statement, params)
            connection.commit()
        finally:
            connection.close()
        return
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
            for statement in statements:
                connection.execute(text(statement), params)
    finally:
        engine.dispose()
