"""The audit log: hash-chained per organisation, append-only, and verifiable from the command line."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from governance.audit import GENESIS_HASH, AuditEvent
from governance.cli import main
from governance.db import transaction
from tests.helpers import Factories, PageClient


def _events(app: Flask) -> list[AuditEvent]:
    with app.app_context(), transaction() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.chain, AuditEvent.sequence)))


def _verify(app: Flask):
    return app.test_cli_runner().invoke(main, ["audit", "verify"], obj=_script_info(app))


def _script_info(app: Flask):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)


def _bypass_append_only(app: Flask, statement: str, **params: object) -> None:
    """What a person with direct database access could do: switch the guard off and edit a row."""
    with app.app_context(), transaction() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
            session.execute(text(statement), params)
            session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"))
        else:
            session.execute(text("DROP TRIGGER audit_event_no_update"))
            session.execute(text("DROP TRIGGER audit_event_no_delete"))
            session.execute(text(statement), params)


@pytest.fixture
def busy_log(app: Flask, pages: PageClient, factories: Factories) -> Flask:
    for name in ("Council A", "Council B"):
        organisation = factories.organisation(name)
        factories.user(organisation, email=f"person@{organisation.slug}.gov.uk")
        pages.sign_in(f"person@{organisation.slug}.gov.uk")
        pages.sign_out()
    return app


def test_each_organisation_has_its_own_chain(busy_log: Flask) -> None:
    events = _events(busy_log)
    chains = {event.chain for event in events}

    assert len(chains) == 2
    for chain in chains:
        in_chain = [event for event in events if event.chain == chain]
        assert [event.sequence for event in in_chain] == list(range(1, len(in_chain) + 1))
        assert in_chain[0].previous_hash == GENESIS_HASH
        for before, after in zip(in_chain, in_chain[1:], strict=False):
            assert after.previous_hash == before.hash


def test_verify_passes_on_an_intact_log(busy_log: Flask) -> None:
    result = _verify(busy_log)

    assert result.exit_code == 0, result.output
    # Each organisation's certificate installed, then four events each.
    assert "Audit log intact: 10 events checked" in result.output


def test_database_refuses_to_update_or_delete_audit_events(busy_log: Flask) -> None:
    for statement in ("UPDATE audit_event SET kind = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DatabaseError, match="append-only"):
            with busy_log.app_context(), transaction() as session:
                session.execute(text(statement))


def test_verify_names_a_tampered_event(busy_log: Flask) -> None:
    target = next(event for event in _events(busy_log) if event.kind == "sign_in")
    forged = json.dumps({"reason": "forged"})
    _bypass_append_only(busy_log, "UPDATE audit_event SET payload = :payload WHERE id = :id",
                        payload=forged, id=target.id)

    result = _verify(busy_log)

    assert result.exit_code == 1
    assert f"event id {target.id}" in result.output
    assert "altered" in result.output


def test_verify_notices_a_deleted_event(busy_log: Flask) -> None:
    target = next(event for event in _events(busy_log) if event.sequence == 2)
    _bypass_append_only(busy_log, "DELETE FROM audit_event WHERE id = :id", id=target.id)

    result = _verify(busy_log)

    assert result.exit_code == 1
    assert "missing" in result.output
