"""The PostgreSQL roles docs/operations.md asks a council for: an owner that migrates, and a service role that
runs the application but cannot change, delete or truncate audit events, nor disable the triggers that
refuse it. What the owner can still do to the log is reported by `audit verify`."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, IntegrityError

from governance import migrate
from governance.accounts.models import Organisation
from governance.audit import chain_of
from governance.db import transaction
from governance.records.models import SignedRecord
from tests.audit_support import chain_events, run_cli, verify
from tests.conftest import POSTGRES_URL, make_test_app, postgres_reachable, service_unavailable
from tests.helpers import Factories, PageClient

pytestmark = pytest.mark.postgres


@dataclass(frozen=True)
class Deployment:
    """One database set up as documented: the owner's app (migrations, grants) and the service's app."""
    owner: Flask
    service: Flask
    service_role: str
    owner_role: str

    def as_owner(self, *statements: str, **params: object) -> None:
        _execute(self.owner, statements, params)

    def as_service(self, *statements: str) -> None:
        _execute(self.service, statements, {})


def _execute(app: Flask, statements: tuple[str, ...], params: dict[str, object]) -> None:
    with app.app_context(), transaction() as session:
        for statement in statements:
            session.execute(text(statement), params)


@pytest.fixture
def deployment(tmp_path: Path, small_questionnaires: Path) -> Iterator[Deployment]:
    problem = postgres_reachable()
    if problem:
        service_unavailable(problem)
    suffix = uuid.uuid4().hex[:10]
    owner, service, database = f"governance_owner_{suffix}", f"governance_app_{suffix}", f"governance_roles_{suffix}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{owner}" LOGIN'))
        connection.execute(text(f'CREATE ROLE "{service}" LOGIN'))
        connection.execute(text(f'CREATE DATABASE "{database}" OWNER "{owner}"'))
    url = make_url(POSTGRES_URL).set(database=database)
    apps: list[Flask] = []
    try:
        owner_url = url.set(username=owner).render_as_string(hide_password=False)
        migrate.upgrade(owner_url)
        for role in (owner, service):
            apps.append(make_test_app(url.set(username=role).render_as_string(hide_password=False),
                                      tmp_path / "instance", QUESTIONNAIRES_PATH=str(small_questionnaires),
                                      DEFAULT_QUESTIONNAIRE="small"))
        granted = run_cli(apps[0], ["db", "grant-service-role", service])
        assert granted.exit_code == 0, granted.output
        yield Deployment(apps[0], apps[1], service, owner)
    finally:
        for app in apps:
            app.extensions["governance.engine"].dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{service}"'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
        admin.dispose()


def _signed_record(app: Flask) -> tuple[Organisation, SignedRecord]:
    """The application's work, as whichever role `app` connects as: an organisation, its users, an assessment
    decided and its record signed."""
    factories = Factories(app)
    council = factories.organisation("South Shire Council")
    record_id = factories.record(council)
    with app.app_context(), transaction() as session:
        record = session.get(SignedRecord, record_id)
        assert record is not None
        session.expunge(record)
        return council, record


FORBIDDEN_TO_THE_SERVICE = [
    "TRUNCATE audit_event",
    "TRUNCATE audit_event CASCADE",
    "TRUNCATE audit_chain_head",
    "DELETE FROM audit_event",
    "UPDATE audit_event SET kind = 'forged'",
    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
    "ALTER TABLE audit_event DISABLE TRIGGER USER",
    "DROP TRIGGER audit_event_append_only ON audit_event",
    "DELETE FROM audit_chain_head",
    "UPDATE audit_chain_head SET last_sequence = 1",
    "INSERT INTO audit_chain_head (chain, last_sequence, last_hash) VALUES ('forged', 1, 'forged')",
    "SET session_replication_role = replica",
]


def test_the_service_role_runs_the_service_but_cannot_remove_audit_events(deployment: Deployment) -> None:
    with deployment.service.app_context(), transaction() as session:
        assert session.execute(text("SELECT current_user")).scalar() == deployment.service_role
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar()  # backups read it
    council, _record = _signed_record(deployment.service)
    Factories(deployment.service).user(council, email="lead@southshire.gov.uk")
    pages = PageClient(deployment.service.test_client())
    pages.sign_in("lead@southshire.gov.uk")
    pages.sign_out()
    before = [(event.sequence, event.hash) for event in chain_events(deployment.service, council.id)]

    for statement in FORBIDDEN_TO_THE_SERVICE:
        with pytest.raises(DatabaseError, match="permission denied|must be owner") as refused:
            deployment.as_service(statement)
        assert "InsufficientPrivilege" in type(refused.value.orig).__name__, statement

    assert [(event.sequence, event.hash) for event in chain_events(deployment.service, council.id)] == before
    result = verify(deployment.service)
    assert result.exit_code == 0, result.output


def test_a_temporary_table_of_the_service_role_cannot_stand_in_for_the_heads(deployment: Deployment) -> None:
    """The trigger that moves heads runs with the owner's rights, so it must not look tables up through the
    caller's temporary schema."""
    council, _record = _signed_record(deployment.service)
    last = chain_events(deployment.service, council.id)[-1]

    with deployment.service.app_context(), transaction() as session:
        session.execute(text("CREATE TEMPORARY TABLE audit_chain_head (chain varchar(40) PRIMARY KEY, "
                             "last_sequence integer, last_hash varchar(64))"))
        session.execute(text("INSERT INTO audit_chain_head VALUES (:chain, :sequence, :hash)"),
                        {"chain": last.chain, "sequence": last.sequence, "hash": last.hash})
        session.execute(text(
            "INSERT INTO audit_event (chain, sequence, kind, payload, occurred_at_utc, previous_hash, hash) "
            "VALUES (:chain, :sequence, 'probe', '{}', now(), :previous, :hash)"),
            {"chain": last.chain, "sequence": last.sequence + 1, "previous": last.hash, "hash": "f" * 64})
        shadow = session.execute(text("SELECT last_sequence FROM pg_temp.audit_chain_head")).scalar()

    assert shadow == last.sequence
    with deployment.service.app_context(), transaction() as session:
        assert session.execute(text("SELECT last_sequence FROM public.audit_chain_head WHERE chain = :chain"),
                               {"chain": last.chain}).scalar() == last.sequence + 1


def test_the_owner_cannot_delete_the_last_event_while_the_head_names_it(deployment: Deployment) -> None:
    council, _record = _signed_record(deployment.service)
    last = chain_events(deployment.service, council.id)[-1]

    with pytest.raises(IntegrityError, match="audit_chain_head"):
        deployment.as_owner("ALTER TABLE audit_event DISABLE TRIGGER USER",
                            "DELETE FROM audit_event WHERE id = :id", id=last.id)


# What the owner can still do, every trigger of theirs disabled, and what `audit verify` then says.
OWNER_ATTACKS = {
    "the last event, with the head moved back": (
        ["UPDATE audit_chain_head SET last_sequence = last_sequence - 1, last_hash = "
         "(SELECT previous_hash FROM audit_event WHERE audit_event.chain = audit_chain_head.chain "
         "AND audit_event.sequence = audit_chain_head.last_sequence) WHERE chain = :chain",
         "DELETE FROM audit_event WHERE chain = :chain AND sequence > (SELECT last_sequence FROM audit_chain_head "
         "WHERE chain = :chain)"],
        ["its record_signed event is missing from South Shire Council's audit log"]),
    "a whole chain, with its head": (
        ["DELETE FROM audit_chain_head WHERE chain = :chain", "DELETE FROM audit_event WHERE chain = :chain"],
        ["South Shire Council has no audit log at all", "vouches for event"]),
    "the whole table": (
        ["TRUNCATE audit_event CASCADE"],
        ["South Shire Council has no audit log at all", "vouches for event"]),
}


@pytest.mark.parametrize("attack", OWNER_ATTACKS)
def test_what_the_owner_deletes_is_reported(deployment: Deployment, attack: str) -> None:
    statements, reported = OWNER_ATTACKS[attack]
    council, _record = _signed_record(deployment.service)
    assert verify(deployment.service).exit_code == 0

    deployment.as_owner("ALTER TABLE audit_event DISABLE TRIGGER USER",
                        "ALTER TABLE audit_chain_head DISABLE TRIGGER USER", *statements,
                        "ALTER TABLE audit_event ENABLE TRIGGER USER",
                        "ALTER TABLE audit_chain_head ENABLE TRIGGER USER", chain=chain_of(council.id))
    result = verify(deployment.service)

    assert result.exit_code == 1
    for words in reported:
        assert words in result.output


def test_grants_are_refused_to_a_role_that_could_rewrite_the_log(deployment: Deployment) -> None:
    as_owner = run_cli(deployment.owner, ["db", "grant-service-role", deployment.owner_role])
    as_superuser = run_cli(deployment.owner, ["db", "grant-service-role", "postgres"])
    missing = run_cli(deployment.owner, ["db", "grant-service-role", "nobody_at_all"])

    assert as_owner.exit_code == 1 and "owns the tables" in as_owner.output
    assert as_superuser.exit_code == 1 and "superuser" in as_superuser.output
    assert missing.exit_code == 1 and "there is no role nobody_at_all" in missing.output


def test_the_grants_can_be_printed_for_a_database_administrator(deployment: Deployment) -> None:
    result = run_cli(deployment.owner, ["db", "grant-service-role", "governance_app", "--sql"])

    assert result.exit_code == 0
    assert 'GRANT SELECT, INSERT ON TABLE "public"."audit_event" TO "governance_app";' in result.output
    assert 'GRANT SELECT ON TABLE "public"."audit_chain_head" TO "governance_app";' in result.output
