"""Whether the audit log is whole: every chain intact, ending where its head says, and still holding what
each signed record vouches for. Reads only; `governance audit verify` reports what this finds.

A chain alone cannot show that events were deleted from its end. The head can, unless someone with the
database owner's rights rewrote it too; a signed record can even then, for the events up to its signing:
it names the log's last event before it (its snapshot, also inside the signed PDF), and its signing is
itself an event (`record_signed`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts.models import Organisation
from governance.audit import (
    INSTANCE_CHAIN,
    AuditChainHead,
    AuditEvent,
    ChainBreak,
    ChainPosition,
    chain_of,
    find_breaks,
)
from governance.records.models import SignedRecord
from governance.records.snapshot import AUDIT_LOG, vouched_audit_event


@dataclass(frozen=True)
class Voucher:
    """What one signed record says about its organisation's audit log."""
    record_number: str
    record_sha256: str
    chain: str
    vouched: ChainPosition | None  # None for records of releases before records named an event


@dataclass
class ChainsSeen:
    """What one pass over every event found, beyond the breaks."""
    ends: dict[str, ChainPosition] = field(default_factory=dict)
    # The hash of each event a record vouches for, by (chain, sequence), when the event is there.
    vouched: dict[tuple[str, int], str] = field(default_factory=dict)
    # The SHA-256 each record_signed event names, by (chain, record number).
    signings: dict[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditVerification:
    events_checked: int
    heads_checked: int
    records_checked: int
    breaks: list[ChainBreak]
    gaps: list[str]

    @property
    def intact(self) -> bool:
        return not self.breaks and not self.gaps


def verify_audit_log(session: Session) -> AuditVerification:
    """Check every chain, its head, and every signed record's word for it."""
    names = {chain_of(organisation_id): name
             for organisation_id, name in session.execute(select(Organisation.id, Organisation.name))}
    heads = {row.chain: ChainPosition(row.last_sequence, row.last_hash)
             for row in session.execute(select(AuditChainHead.chain, AuditChainHead.last_sequence,
                                               AuditChainHead.last_hash))}
    vouchers = _vouchers(session)
    wanted = {(voucher.chain, voucher.vouched.sequence) for voucher in vouchers if voucher.vouched}
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.chain, AuditEvent.sequence)
                             .execution_options(yield_per=1000))
    seen = ChainsSeen()
    checked = 0

    def counted(rows: Iterable[AuditEvent]) -> Iterator[AuditEvent]:
        nonlocal checked
        for row in rows:
            checked += 1
            _note(seen, row, wanted)
            yield row

    breaks = find_breaks(counted(events))
    gaps = find_missing_ends(seen.ends, heads, names) + find_unkept_vouchers(vouchers, seen, names)
    return AuditVerification(checked, len(heads), len(vouchers), breaks, gaps)


def _vouchers(session: Session) -> list[Voucher]:
    # Only the snapshot's audit_log, not whole snapshots (answers and all) of every record.
    rows = session.execute(select(SignedRecord.number, SignedRecord.sha256, SignedRecord.organisation_id,
                                  SignedRecord.snapshot[AUDIT_LOG])
                           .order_by(SignedRecord.organisation_id, SignedRecord.number))
    vouchers = []
    for number, sha256, organisation_id, audit_log in rows:
        vouched = vouched_audit_event(audit_log)
        vouchers.append(Voucher(number, sha256, chain_of(organisation_id),
                                ChainPosition(vouched.event, vouched.hash) if vouched else None))
    return vouchers


def _note(seen: ChainsSeen, event: AuditEvent, wanted: set[tuple[str, int]]) -> None:
    seen.ends[event.chain] = ChainPosition(event.sequence, event.hash)
    if (event.chain, event.sequence) in wanted:
        seen.vouched[(event.chain, event.sequence)] = event.hash
    if event.kind == "record_signed":
        seen.signings[(event.chain, str(event.payload.get("number")))] = str(event.payload.get("sha256"))


def find_missing_ends(ends: Mapping[str, ChainPosition], heads: Mapping[str, ChainPosition],
                      names: Mapping[str, str]) -> list[str]:
    """Each chain that does not end where its head says, and each organisation (in `names`, by chain) whose
    log has gone altogether: its first event, organisation_created, began a chain."""
    gaps = []
    for chain in sorted(set(ends) | set(heads) | set(names)):
        end, head, log = ends.get(chain), heads.get(chain), log_name(chain, names)
        if end is None and head is None:
            gaps.append(f"{names[chain]} has no audit log at all: every event of it is missing, with its head")
        elif head is None:
            gaps.append(f"{log} has no head: it was deleted, so nothing shows whether the end of the log is there")
        elif end is None:
            gaps.append(f"{log} is missing: its head records {_events(head.sequence)} and none is left")
        elif end.sequence < head.sequence:
            missing = head.sequence - end.sequence
            gaps.append(f"{log} ends at event {end.sequence} but its head records {_events(head.sequence)}: "
                        + ("the last event is missing" if missing == 1 else f"the last {missing} events are missing"))
        elif end.sequence > head.sequence:
            gaps.append(f"{log} has events after its head (event {head.sequence}), so they were written around "
                        "the database's guard")
        elif end.hash != head.hash:
            gaps.append(f"event {end.sequence} of {log} is not the one its head records (it was replaced)")
    return gaps


def find_unkept_vouchers(vouchers: Sequence[Voucher], seen: ChainsSeen, names: Mapping[str, str]) -> list[str]:
    """Each record whose signing, or the event it vouches for, is no longer in its organisation's log."""
    gaps = []
    for voucher in vouchers:
        log = log_name(voucher.chain, names)
        signed = seen.signings.get((voucher.chain, voucher.record_number))
        if signed is None:
            gaps.append(f"record {voucher.record_number}: its record_signed event is missing from {log}")
        elif signed != voucher.record_sha256:
            gaps.append(f"record {voucher.record_number}: the record_signed event in {log} names a different SHA-256")
        if voucher.vouched is None:
            continue
        found = seen.vouched.get((voucher.chain, voucher.vouched.sequence))
        if found != voucher.vouched.hash:
            what = "missing" if found is None else "altered"
            gaps.append(f"record {voucher.record_number} vouches for event {voucher.vouched.sequence} of {log}, "
                        f"which is {what}")
    return gaps


def log_name(chain: str, names: Mapping[str, str]) -> str:
    if chain in names:
        return f"{names[chain]}'s audit log"
    if chain == INSTANCE_CHAIN:
        return "the instance's audit log (events of no organisation)"
    return f"audit chain {chain}"


def _events(count: int) -> str:
    return f"{count} event" if count == 1 else f"{count} events"
