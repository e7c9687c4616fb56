"""Whether the audit log is whole, on plain values: chain ends against heads, records against the events they
vouch for, and the privileges of the service's database role."""

from __future__ import annotations

import pytest

from governance.audit import INSTANCE_CHAIN, ChainPosition
from governance.audit_verification import ChainsSeen, Voucher, find_missing_ends, find_unkept_vouchers
from governance.database_roles import service_role_grants
from governance.records.snapshot import AuditLogPosition, vouched_audit_event

NAMES = {"org-a": "Council A", "org-b": "Council B"}
VOUCHED = ChainPosition(7, f"{7:064x}")


def _at(sequence: int) -> ChainPosition:
    return ChainPosition(sequence, f"{sequence:064x}")


def test_chains_that_end_at_their_heads_are_complete() -> None:
    ends = {"org-a": _at(5), "org-b": _at(2), INSTANCE_CHAIN: _at(1)}

    assert find_missing_ends(ends, dict(ends), NAMES) == []


@pytest.mark.parametrize(("end", "head", "expected"), [
    (_at(3), _at(5), "Council A's audit log ends at event 3 but its head records 5 events: the last 2 events are "
                     "missing"),
    (_at(4), _at(5), "its head records 5 events: the last event is missing"),
    (None, _at(5), "Council A's audit log is missing: its head records 5 events and none is left"),
    (_at(5), None, "Council A's audit log has no head"),
    (None, None, "Council A has no audit log at all"),
    (_at(6), _at(5), "has events after its head (event 5)"),
    (ChainPosition(5, "f" * 64), _at(5), "event 5 of Council A's audit log is not the one its head records"),
])
def test_each_way_a_chains_end_can_go_is_named(end: ChainPosition | None, head: ChainPosition | None,
                                               expected: str) -> None:
    ends = {"org-b": _at(2)} | ({"org-a": end} if end else {})
    heads = {"org-b": _at(2)} | ({"org-a": head} if head else {})

    (gap,) = find_missing_ends(ends, heads, NAMES)

    assert expected in gap


def test_the_instance_chain_is_named_for_what_it_holds() -> None:
    (gap,) = find_missing_ends({}, {INSTANCE_CHAIN: _at(3)}, {})

    assert gap.startswith("the instance's audit log (events of no organisation) is missing")


def _voucher(vouched: ChainPosition | None = VOUCHED) -> Voucher:
    return Voucher("AI-2026-0003-v1", "ab" * 32, "org-a", vouched)


def _seen(vouched: dict[tuple[str, int], str] | None = None, signed: str | None = "ab" * 32) -> ChainsSeen:
    seen = ChainsSeen(vouched={("org-a", 7): VOUCHED.hash} if vouched is None else vouched)
    if signed:
        seen.signings[("org-a", "AI-2026-0003-v1")] = signed
    return seen


def test_a_record_whose_events_are_there_is_kept() -> None:
    assert find_unkept_vouchers([_voucher()], _seen(), NAMES) == []


@pytest.mark.parametrize(("seen", "expected"), [
    (_seen(vouched={}), ["record AI-2026-0003-v1 vouches for event 7 of Council A's audit log, which is missing"]),
    (_seen(vouched={("org-a", 7): "f" * 64}), ["record AI-2026-0003-v1 vouches for event 7 of Council A's audit log, "
                                               "which is altered"]),
    (_seen(signed=None), ["record AI-2026-0003-v1: its record_signed event is missing from Council A's audit log"]),
    (_seen(signed="cd" * 32), ["record AI-2026-0003-v1: the record_signed event in Council A's audit log names a "
                               "different SHA-256"]),
])
def test_a_record_names_what_is_missing_from_its_log(seen: ChainsSeen, expected: list[str]) -> None:
    assert find_unkept_vouchers([_voucher()], seen, NAMES) == expected


def test_a_record_from_before_records_named_an_event_is_checked_for_its_signing_only() -> None:
    assert find_unkept_vouchers([_voucher(None)], _seen(vouched={}), NAMES) == []


@pytest.mark.parametrize(("audit_log", "expected"), [
    ({"event": 42, "hash": "ab" * 32}, AuditLogPosition(42, "ab" * 32)),
    (None, None),
    ({"event": "42", "hash": "ab" * 32}, None),
    ({"event": True, "hash": "ab" * 32}, None),
    ({"event": 42}, None),
    ([42, "ab"], None),
])
def test_the_event_a_snapshot_vouches_for(audit_log: object, expected: AuditLogPosition | None) -> None:
    assert vouched_audit_event(audit_log) == expected


def test_the_service_role_may_add_audit_events_and_read_heads_only() -> None:
    statements = service_role_grants("governance_app", "public", ["audit_chain_head", "audit_event", "organisation"])

    assert statements[0] == 'REVOKE ALL ON ALL TABLES IN SCHEMA "public" FROM "governance_app"'
    assert 'GRANT SELECT, INSERT ON TABLE "public"."audit_event" TO "governance_app"' in statements
    assert 'GRANT SELECT ON TABLE "public"."audit_chain_head" TO "governance_app"' in statements
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "public"."organisation" TO "governance_app"' in statements
    assert not any("TRUNCATE" in statement or "TRIGGER" in statement for statement in statements)


def test_role_names_cannot_break_out_of_the_statement() -> None:
    (revoke, *_rest) = service_role_grants('app"; DROP TABLE audit_event; --', "public", [])

    assert revoke.endswith('FROM "app""; DROP TABLE audit_event; --"')
