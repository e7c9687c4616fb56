"""Issue signed records for final decisions, and check records people bring back. Flushes; never commits.

A record is made once per final decision and stored with its SHA-256; asking again returns the
stored bytes, so the same record is never produced differently.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts.models import Organisation, User
from governance.accounts.services import require_member
from governance.assessments.models import Assessment
from governance.audit import record_event
from governance.db import utc_now
from governance.errors import NotFound
from governance.records.certificates import SigningSetup, remember_certificate
from governance.records.keys import SigningUnavailable
from governance.records.models import SignedRecord, SigningCertificate, TimestampAuthority
from governance.records.render import render_pdf
from governance.records.signing import sign_pdf
from governance.records.verification import Outcome, Verification, verify_pdf

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordRequest:
    """What a final decision hands over to be recorded: plain facts, no database objects."""
    organisation_id: uuid.UUID
    organisation_name: str
    assessment_id: uuid.UUID
    decision_id: uuid.UUID
    actor_id: uuid.UUID
    number: str
    snapshot: Mapping[str, Any]


@dataclass(frozen=True)
class RecordSettings:
    """How records are signed and where they say they can be checked."""
    signing: SigningSetup
    check_url: str


def issue_record(session: Session, request: RecordRequest, settings: RecordSettings) -> SignedRecord:
    """Render, sign and store the record of one final decision; asking again returns the stored record."""
    existing = session.scalars(select(SignedRecord).where(SignedRecord.decision_id == request.decision_id)).first()
    if existing is not None:
        return existing
    organisation = session.get(Organisation, request.organisation_id)
    assert organisation is not None
    setup = settings.signing
    credentials = setup.credentials(session, organisation)
    snapshot = dict(request.snapshot)
    rendered = render_pdf(snapshot, credentials.development)
    try:
        pdf = sign_pdf(rendered, credentials, reason=f"Decision record {request.number}",
                       location=request.organisation_name, timestamp_url=setup.timestamp_url,
                       timestamp_roots=setup.timestamp_roots, fetch_revocation=setup.fetch_revocation)
    except Exception as error:  # noqa: BLE001 - pyHanko, the network and the time-stamp server fail in many ways
        log.warning("record signing failed", extra={"error": type(error).__name__})
        where = " (the time-stamp server may not have answered)" if setup.timestamp_url else ""
        raise SigningUnavailable(f"signing failed{where}: {type(error).__name__}") from error
    remember_certificate(session, credentials, request.organisation_id)
    if setup.timestamp_url:
        remember_timestamp_authorities(session, setup.timestamp_roots)
    record = SignedRecord(organisation_id=request.organisation_id, assessment_id=request.assessment_id,
                          decision_id=request.decision_id, number=request.number,
                          sha256=hashlib.sha256(pdf).hexdigest(), snapshot=snapshot, pdf=pdf, size=len(pdf),
                          certificate_sha256=credentials.certificate_sha256,
                          development_certificate=credentials.development)
    session.add(record)
    session.flush()
    record_event(session, kind="record_signed", organisation_id=request.organisation_id,
                 actor_id=request.actor_id, subject=f"assessment:{request.assessment_id}",
                 payload={"number": request.number, "sha256": record.sha256, "development": credentials.development})
    return record


def remember_timestamp_authorities(session: Session, roots: Sequence[str]) -> None:
    """Trust these time-stamp roots for the records time-stamped under them, from now on."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    for pem in roots:
        certificate = x509.load_pem_x509_certificate(pem.encode())
        sha256 = hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()
        if session.get(TimestampAuthority, sha256) is None:
            session.add(TimestampAuthority(sha256=sha256, subject=certificate.subject.rfc4514_string()[:400], pem=pem))
    session.flush()


def supersede_records(session: Session, assessment_ids: Sequence[uuid.UUID], by: SignedRecord) -> list[SignedRecord]:
    """Mark the current records of these (older) versions as replaced by `by`; they stay downloadable."""
    if not assessment_ids:
        return []
    replaced = list(session.scalars(select(SignedRecord).where(SignedRecord.assessment_id.in_(assessment_ids),
                                                               SignedRecord.superseded_at_utc.is_(None),
                                                               SignedRecord.id != by.id)))
    for record in replaced:
        record.superseded_at_utc = utc_now()
        record.superseded_by_id = by.id
    session.flush()
    return replaced


def record_for_download(session: Session, actor: User, record_id: uuid.UUID) -> SignedRecord:
    record = session.get(SignedRecord, record_id)
    if record is None:
        raise NotFound()
    require_member(actor, record.organisation_id)
    return record


def records_for(session: Session, assessment: Assessment) -> list[SignedRecord]:
    return list(session.scalars(select(SignedRecord).where(SignedRecord.assessment_id == assessment.id)))


@dataclass(frozen=True)
class CheckResult:
    verification: Verification
    record: SignedRecord | None
    superseded_by: str | None = None
    signer: SigningCertificate | None = None

    @property
    def outcome(self) -> Outcome:
        return self.verification.outcome

    @property
    def genuine(self) -> bool:
        return self.verification.genuine


def check_record(session: Session, pdf: bytes) -> CheckResult:
    """Verify a PDF against every certificate this instance has signed with, then find its record, which must
    be of the organisation that owns the certificate."""
    trusted = {item.sha256: item.pem for item in session.scalars(select(SigningCertificate))}
    authorities = [item.pem for item in session.scalars(select(TimestampAuthority))]
    record = session.scalars(select(SignedRecord).where(SignedRecord.sha256 == hashlib.sha256(pdf).hexdigest())
                             ).first()
    verification = verify_pdf(pdf, trusted, authorities, record.created_at_utc if record else None)
    if not verification.unaltered:
        return CheckResult(verification, None)
    if record is None:
        # Signed by our certificate but not a record we stored: treat as altered.
        return CheckResult(Verification(Outcome.ALTERED, verification.sha256, verification.signer_sha256), None)
    signer = session.get(SigningCertificate, verification.signer_sha256)
    assert signer is not None  # verify_pdf trusted it
    if signer.organisation_id not in (None, record.organisation_id):
        return CheckResult(Verification(Outcome.OTHER_ORGANISATION, verification.sha256,
                                        verification.signer_sha256), None)
    if record.superseded_at_utc is not None and verification.genuine:
        verification = dataclasses.replace(verification, outcome=Outcome.SUPERSEDED)
    replaced_by = session.get(SignedRecord, record.superseded_by_id) if record.superseded_by_id else None
    return CheckResult(verification, record, replaced_by.number if replaced_by else None, signer)
