"""The audit log's end: each chain's head, kept by the database, and the event each signed record vouches for,
so events deleted from the end of a chain, a whole chain or the whole log are reported by `audit verify`."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from governance.accounts.models import Organisation
from governance.audit import AuditChainHead, AuditEvent, chain_of
from governance.db import transaction
from governance.records.models import SignedRecord
from tests.audit_support import chain_events, verify, with_full_access
from tests.helpers import Factories


@pytest.fixture
def factories(small_app: Flask) -> Factories:
    return Factories(small_app)


@pytest.fixture
def council(factories: Factories) -> Organisation:
    council = factories.organisation("South Shire Council")
    factories.user(council)
    return council


def _record(app: Flask, factories: Factories, council: Organisation) -> SignedRecord:
    record_id = factories.record(council)
    with app.app_context(), transaction() as session:
        record = session.get(SignedRecord, record_id)
        assert record is not None and record.pdf  # loaded (deferred) before the session ends
        session.expunge(record)
        return record


def _rewind_head(app: Flask, council: Organisation, to: AuditEvent) -> None:
    """Delete every event after `to` and move the head back to it: consistent, so only a record can tell."""
    with_full_access(app, "UPDATE audit_chain_head SET last_sequence = :sequence, last_hash = :hash "
                          "WHERE chain = :chain",
                     "DELETE FROM audit_event WHERE chain = :chain AND sequence > :sequence",
                     chain=chain_of(council.id), sequence=to.sequence, hash=to.hash)


def test_each_chain_has_a_head_at_its_last_event(small_app: Flask, council: Organisation) -> None:
    last = chain_events(small_app, council.id)[-1]

    with small_app.app_context(), transaction() as session:
        head = session.get(AuditChainHead, chain_of(council.id))

    assert head is not None and (head.last_sequence, head.last_hash) == (last.sequence, last.hash)


def test_verify_says_what_it_checked(small_app: Flask, factories: Factories, council: Organisation) -> None:
    _record(small_app, factories, council)
    events = len(chain_events(small_app, council.id))

    result = verify(small_app)

    assert result.exit_code == 0, result.output
    assert (f"Audit log intact: {events} events checked; 1 chain head and 1 signed record agree with it."
            in result.output)


def test_a_record_vouches_for_its_decisions_event_and_shows_it(small_app: Flask, factories: Factories,
                                                               council: Organisation) -> None:
    record = _record(small_app, factories, council)
    by_sequence = {event.sequence: event for event in chain_events(small_app, council.id)}

    vouched = record.snapshot["audit_log"]
    text_of_pdf = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(record.pdf)).pages)

    decision, signing = by_sequence[vouched["event"]], by_sequence[vouched["event"] + 1]
    assert (decision.kind, decision.hash) == ("decision_recorded", vouched["hash"])
    assert signing.kind == "record_signed" and signing.payload["number"] == record.number
    assert f"Audit log Event {vouched['event']}, SHA-256 {vouched['hash'][:32]}" in text_of_pdf


def test_verify_names_the_events_deleted_from_the_end_of_a_chain(small_app: Flask, council: Organisation) -> None:
    last = chain_events(small_app, council.id)[-1]
    with_full_access(small_app, "DELETE FROM audit_event WHERE chain = :chain AND sequence > :sequence",
                     chain=chain_of(council.id), sequence=last.sequence - 2)

    result = verify(small_app)

    assert result.exit_code == 1
    assert (f"South Shire Council's audit log ends at event {last.sequence - 2} but its head records "
            f"{last.sequence} events: the last 2 events are missing") in result.output


def test_verify_names_an_organisation_whose_whole_chain_was_deleted(small_app: Flask, factories: Factories,
                                                                   council: Organisation) -> None:
    factories.organisation("North Shire Council")
    count = len(chain_events(small_app, council.id))
    with_full_access(small_app, "DELETE FROM audit_event WHERE chain = :chain", chain=chain_of(council.id))

    result = verify(small_app)

    assert result.exit_code == 1
    assert f"South Shire Council's audit log is missing: its head records {count} events" in result.output
    assert "North Shire" not in result.output


def test_verify_names_an_organisation_whose_chain_and_head_were_deleted(small_app: Flask,
                                                                        council: Organisation) -> None:
    with_full_access(small_app, "DELETE FROM audit_chain_head WHERE chain = :chain",
                     "DELETE FROM audit_event WHERE chain = :chain", chain=chain_of(council.id))

    result = verify(small_app)

    assert result.exit_code == 1
    assert "South Shire Council has no audit log at all" in result.output


def test_a_record_shows_events_deleted_even_when_the_head_was_rewound_with_them(
        small_app: Flask, factories: Factories, council: Organisation) -> None:
    record = _record(small_app, factories, council)
    vouched = record.snapshot["audit_log"]["event"]
    _rewind_head(small_app, council, chain_events(small_app, council.id)[vouched - 2])

    result = verify(small_app)

    assert result.exit_code == 1
    assert (f"record {record.number} vouches for event {vouched} of South Shire Council's audit log, which is "
            "missing") in result.output
    assert f"record {record.number}: its record_signed event is missing" in result.output
    assert "head" not in result.output  # the head agrees with what is left: only the record knows


def test_a_record_shows_its_own_signing_deleted_from_the_end(small_app: Flask, factories: Factories,
                                                            council: Organisation) -> None:
    record = _record(small_app, factories, council)
    _rewind_head(small_app, council, chain_events(small_app, council.id)[record.snapshot["audit_log"]["event"] - 1])

    result = verify(small_app)

    assert result.exit_code == 1
    assert f"record {record.number}: its record_signed event is missing" in result.output
    assert "vouches" not in result.output


def test_records_of_earlier_releases_vouch_only_for_their_signing(small_app: Flask, factories: Factories,
                                                                 council: Organisation) -> None:
    record = _record(small_app, factories, council)
    with_full_access(small_app, "UPDATE signed_record SET snapshot = :snapshot WHERE number = :number",
                     snapshot='{"format": "governance-decision-record/1"}', number=record.number)

    result = verify(small_app)

    assert result.exit_code == 0, result.output
    assert "1 signed record agree" in result.output


def _insert_event(app: Flask, council: Organisation, sequence: int, previous_hash: str) -> None:
    with app.app_context(), transaction() as session:
        session.execute(text(
            "INSERT INTO audit_event (chain, sequence, kind, payload, occurred_at_utc, previous_hash, hash) "
            "VALUES (:chain, :sequence, 'forged', '{}', CURRENT_TIMESTAMP, :previous, :hash)"),
            {"chain": chain_of(council.id), "sequence": sequence, "previous": previous_hash, "hash": "f" * 64})


def test_the_database_refuses_an_event_that_does_not_follow_the_head(small_app: Flask,
                                                                     council: Organisation) -> None:
    last = chain_events(small_app, council.id)[-1]

    for sequence, previous_hash in ((last.sequence + 2, last.hash), (last.sequence + 1, "e" * 64)):
        with pytest.raises(DatabaseError, match="does not follow the head of its chain"):
            _insert_event(small_app, council, sequence, previous_hash)
    _insert_event(small_app, council, last.sequence + 1, last.hash)  # one that follows is taken (hash unchecked)

    assert chain_events(small_app, council.id)[-1].kind == "forged"
    assert "contents do not match" in verify(small_app).output


@pytest.mark.parametrize("statement", [
    "UPDATE audit_chain_head SET last_sequence = last_sequence - 1",
    "UPDATE audit_chain_head SET last_hash = 'forged'",
    "DELETE FROM audit_chain_head",
])
def test_the_database_moves_a_head_only_forward(small_app: Flask, council: Organisation, statement: str) -> None:
    with pytest.raises(DatabaseError, match="only moves forward"):
        with small_app.app_context(), transaction() as session:
            session.execute(text(statement))


def test_the_database_refuses_a_head_that_is_not_the_end_of_its_chain(small_app: Flask,
                                                                      council: Organisation) -> None:
    first = chain_events(small_app, council.id)[0]

    with pytest.raises(DatabaseError, match="must name the last event"):
        with small_app.app_context(), transaction() as session:
            session.execute(text("INSERT INTO audit_chain_head (chain, last_sequence, last_hash) "
                                 "VALUES (:chain, 1, :hash)"), {"chain": first.chain, "hash": first.hash})


ON_POSTGRESQL = pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)],
                                        indirect=True)


@ON_POSTGRESQL
def test_postgresql_refuses_to_truncate_the_audit_log(small_app: Flask, council: Organisation) -> None:
    for statement in ("TRUNCATE audit_event CASCADE", "TRUNCATE audit_chain_head"):
        with pytest.raises(DatabaseError, match="is append-only"):
            with small_app.app_context(), transaction() as session:
                session.execute(text(statement))

    assert verify(small_app).exit_code == 0


@ON_POSTGRESQL
def test_verify_reports_a_truncated_audit_log(small_app: Flask, factories: Factories, council: Organisation) -> None:
    record = _record(small_app, factories, council)
    with_full_access(small_app, "TRUNCATE audit_event CASCADE")

    result = verify(small_app)

    assert result.exit_code == 1
    assert "South Shire Council has no audit log at all" in result.output
    assert f"record {record.number} vouches for event" in result.output


def test_events_still_follow_the_head_after_the_end_of_a_chain_was_deleted(small_app: Flask, factories: Factories,
                                                                           council: Organisation) -> None:
    """A gap, not a silent restart: new events continue from the head."""
    last = chain_events(small_app, council.id)[-1]
    with_full_access(small_app, "DELETE FROM audit_event WHERE chain = :chain AND sequence = :sequence",
                     chain=chain_of(council.id), sequence=last.sequence)
    factories.user(council)

    assert chain_events(small_app, council.id)[-1].sequence == last.sequence + 1
