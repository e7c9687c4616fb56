"""Append-only audit log, hash-chained per organisation, with each chain's head.

Each event carries the hash of the one before it in the same chain, so an edited, deleted or
reordered event breaks every hash after it. The database itself keeps each chain's head (its last
event), against which events deleted from the end of the chain show as missing
(governance.audit_verification checks both). Payloads hold identifiers and reasons only: never
passwords, answers or uploaded content.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, UniqueConstraint, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from governance.db import Base, JSONDocument, UTCDateTime, utc_now

GENESIS_HASH = "0" * 64
INSTANCE_CHAIN = "instance"  # events that belong to no organisation, e.g. sign-in with an unknown email


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        UniqueConstraint("chain", "sequence"),
        Index("ix_audit_event_organisation_occurred", "organisation_id", "occurred_at_utc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    chain: Mapped[str] = mapped_column(String(40))
    sequence: Mapped[int]
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    subject: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    occurred_at_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The last event of each chain. Only the database writes it: a trigger on audit_event moves it one
    event forward with each insert, and refuses events that do not follow it. Nothing moves it back or
    deletes it (migration 0011; on PostgreSQL the service's role may only read it)."""

    __tablename__ = "audit_chain_head"
    # The head names a real event, so that event cannot be deleted while the head points at it.
    __table_args__ = (ForeignKeyConstraint(["chain", "last_sequence"], ["audit_event.chain", "audit_event.sequence"]),)

    chain: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_sequence: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))


@dataclass(frozen=True)
class ChainPosition:
    """One event of a chain, by its sequence number and hash."""
    sequence: int
    hash: str


def chain_of(organisation_id: uuid.UUID | None) -> str:
    return str(organisation_id) if organisation_id else INSTANCE_CHAIN


def event_hash(
    *,
    chain: str,
    sequence: int,
    organisation_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    subject: str | None,
    kind: str,
    payload: Mapping[str, Any],
    occurred_at_utc: datetime,
    previous_hash: str,
) -> str:
    """SHA-256 over a canonical JSON form of everything the event says."""
    document = {
        "chain": chain,
        "sequence": sequence,
        "organisation_id": str(organisation_id) if organisation_id else None,
        "actor_id": str(actor_id) if actor_id else None,
        "subject": subject,
        "kind": kind,
        "payload": payload,
        "occurred_at_utc": occurred_at_utc.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "previous_hash": previous_hash,
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_event(
    session: Session,
    *,
    kind: str,
    organisation_id: uuid.UUID | None,
    actor_id: uuid.UUID | None = None,
    subject: str | None = None,
    payload: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to its organisation's chain (flushed, committed with the request)."""
    chain = chain_of(organisation_id)
    _lock_chain(session, chain)
    # Follow the head, not the last event found: after events were deleted from the end, new ones leave a
    # gap that verification names, and the database refuses anything else.
    head = chain_head(session, chain)
    sequence, previous_hash = (head.sequence + 1, head.hash) if head else (1, GENESIS_HASH)
    # Round-trip through JSON so the hash covers exactly what the database will give back.
    clean_payload = json.loads(json.dumps(dict(payload or {}), default=str))
    event = AuditEvent(
        chain=chain,
        sequence=sequence,
        organisation_id=organisation_id,
        actor_id=actor_id,
        subject=subject,
        kind=kind,
        payload=clean_payload,
        occurred_at_utc=utc_now(),
        previous_hash=previous_hash,
    )
    event.hash = _hash_of(event)
    session.add(event)
    session.flush()
    return event


def chain_head(session: Session, chain: str) -> ChainPosition | None:
    """The chain's last event as its head records it; None before its first event."""
    # Columns, not the mapped row: the database moves the head, so a row kept in the session would be stale.
    row = session.execute(select(AuditChainHead.last_sequence, AuditChainHead.last_hash)
                          .where(AuditChainHead.chain == chain)).first()
    return ChainPosition(row.last_sequence, row.last_hash) if row else None


def _lock_chain(session: Session, chain: str) -> None:
    # Two requests appending to one chain at once would fork it; PostgreSQL serialises them with a
    # transaction-scoped advisory lock. SQLite allows one writer at a time anyway.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:chain))"), {"chain": f"audit:{chain}"})


def _hash_of(event: AuditEvent) -> str:
    return event_hash(
        chain=event.chain,
        sequence=event.sequence,
        organisation_id=event.organisation_id,
        actor_id=event.actor_id,
        subject=event.subject,
        kind=event.kind,
        payload=event.payload,
        occurred_at_utc=event.occurred_at_utc,
        previous_hash=event.previous_hash,
    )


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    chain: str
    sequence: int
    reason: str


def find_breaks(events: Iterable[AuditEvent]) -> list[ChainBreak]:
    """The first break in each chain. `events` must be ordered by chain, then sequence."""
    breaks: list[ChainBreak] = []
    expected: dict[str, tuple[int, str]] = {}
    broken: set[str] = set()
    for event in events:
        if event.chain in broken:
            continue
        sequence, previous_hash = expected.get(event.chain, (1, GENESIS_HASH))
        reason = None
        if event.sequence != sequence:
            reason = f"expected sequence {sequence}, found {event.sequence} (an event is missing)"
        elif event.previous_hash != previous_hash:
            reason = "previous hash does not match the event before it"
        elif event.hash != _hash_of(event):
            reason = "contents do not match the stored hash (the event was altered)"
        if reason:
            breaks.append(ChainBreak(event.id, event.chain, event.sequence, reason))
            broken.add(event.chain)
            continue
        expected[event.chain] = (event.sequence + 1, event.hash)
    return breaks
