"""The audit chain verifier, on plain objects: which tampering it catches and how it reports it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from governance.audit import GENESIS_HASH, event_hash, find_breaks


@dataclass(frozen=True)
class FakeEvent:
    id: int
    chain: str
    sequence: int
    organisation_id: uuid.UUID | None
    actor_id: uuid.UUID | None
    subject: str | None
    kind: str
    payload: dict[str, Any]
    occurred_at_utc: datetime
    previous_hash: str
    hash: str = field(default="")


def _chain(length: int, chain: str = "org", start_id: int = 1) -> list[FakeEvent]:
    events: list[FakeEvent] = []
    previous = GENESIS_HASH
    start = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    for number in range(1, length + 1):
        event = FakeEvent(start_id + number, chain, number, None, None, f"user:{number}", "sign_in",
                          {"n": number}, start + timedelta(minutes=number), previous)
        digest = event_hash(**{k: getattr(event, k) for k in (
            "chain", "sequence", "organisation_id", "actor_id", "subject", "kind", "payload", "occurred_at_utc",
            "previous_hash")})
        event = replace(event, hash=digest)
        events.append(event)
        previous = digest
    return events


def test_an_intact_chain_has_no_breaks() -> None:
    assert find_breaks(_chain(5) + _chain(3, "other", 100)) == []


def test_an_altered_payload_is_named() -> None:
    events = _chain(5)
    events[2] = replace(events[2], payload={"n": 99})

    (found,) = find_breaks(events)

    assert (found.event_id, found.sequence) == (events[2].id, 3)
    assert "altered" in found.reason


def test_a_removed_event_is_noticed_at_the_gap() -> None:
    events = _chain(5)
    del events[1]

    (found,) = find_breaks(events)

    assert found.sequence == 3
    assert "missing" in found.reason


def test_a_rehashed_forgery_still_breaks_the_link_to_the_next_event() -> None:
    events = _chain(4)
    forged = replace(events[1], kind="role_changed")
    forged = replace(forged, hash=event_hash(**{k: getattr(forged, k) for k in (
        "chain", "sequence", "organisation_id", "actor_id", "subject", "kind", "payload", "occurred_at_utc",
        "previous_hash")}))
    events[1] = forged

    (found,) = find_breaks(events)

    assert found.sequence == 3
    assert "previous hash" in found.reason


def test_breaks_are_reported_per_chain() -> None:
    first, second = _chain(3), _chain(3, "other", 100)
    first[0] = replace(first[0], subject="user:forged")
    second[2] = replace(second[2], subject="user:forged")

    assert [found.chain for found in find_breaks(first + second)] == ["org", "other"]
