"""Issue signed records for final decisions, and check records people bring back. Flushes; never commits.

A record is made once per final decision and stored with its SHA-256; asking again returns the
stored bytes, so the same record is never produced differently.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts.models import Role, User
from governance.accounts.services import require_member
from governance.assessments.models import Assessment, DataScan
from governance.audit import record_event
from governance.db import utc_now
from governance.errors import NotFound
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import assess
from governance.records.keys import (
    DEVELOPMENT_FILE,
    DEVELOPMENT_PASSWORD_FILE,
    SigningCredentials,
    SigningUnavailable,
    create_development_certificate,
    load_credentials,
)
from governance.records.models import SignedRecord, SigningCertificate
from governance.records.render import render_pdf
from governance.records.signing import sign_pdf
from governance.records.snapshot import Approval, Person, RecordFacts, build_snapshot, record_number
from governance.records.verification import Outcome, Verification, verify_pdf
from governance.reviews.models import Decision, DecisionKind

RecordIssuer = Callable[[Session, Decision], Any]
ROLE_NAMES = {Role.DIGITAL_LEAD: "Digital lead", Role.IG_OFFICER: "Information governance officer",
              Role.ADMIN: "Administrator"}


@dataclass
class SigningSetup:
    """Where the signing certificate comes from. In development, a marked development certificate is
    made in the instance folder the first time a record is signed."""
    certificate_path: str | None
    password: str | None
    instance_path: Path
    production: bool
    timestamp_url: str | None = None
    _loaded: SigningCredentials | None = field(default=None, repr=False)

    def credentials(self, organisation_name: str) -> SigningCredentials:
        if self._loaded is None:
            self._loaded = self._load(organisation_name)
        return self._loaded

    def _load(self, organisation_name: str) -> SigningCredentials:
        if self.certificate_path:
            return load_credentials(Path(self.certificate_path), self.password or "")
        if self.production:
            raise SigningUnavailable("SIGNING_CERTIFICATE_PATH is not set")
        folder = self.instance_path / "signing"
        if not (folder / DEVELOPMENT_FILE).exists():
            create_development_certificate(folder, organisation_name)
        return load_credentials(folder / DEVELOPMENT_FILE, (folder / DEVELOPMENT_PASSWORD_FILE).read_text())


def _person(user: User) -> Person:
    role = Role.IG_OFFICER if user.has_role(Role.IG_OFFICER) else Role.DIGITAL_LEAD
    return Person(user.name, ROLE_NAMES[role])


def issue_record(session: Session, decision: Decision, *, questionnaire: Questionnaire, setup: SigningSetup,
                 check_url: str) -> SignedRecord:
    existing = session.scalars(select(SignedRecord).where(SignedRecord.decision_id == decision.id)).first()
    if existing is not None:
        return existing
    assessment = decision.assessment
    use_case = assessment.use_case
    credentials = setup.credentials(use_case.organisation.name)
    round_decisions = _round_decisions(session, decision)
    approvals = tuple(Approval(_person(item.decided_by), item.decided_at_utc, item.kind)
                      for item in round_decisions if DecisionKind(item.kind).approves)
    conditions = tuple({"text": item.text, "owner": item.owner, "due_on": item.due_on.isoformat()}
                       for round_decision in round_decisions for item in round_decision.conditions)
    number = record_number(use_case.reference, assessment.version_number)
    facts = RecordFacts(
        number=number, organisation=use_case.organisation.name, use_case_reference=use_case.reference,
        use_case_title=use_case.title, version=assessment.version_number,
        submitted_by=_person(assessment.submitted_by), submitted_at=assessment.submitted_at_utc,
        decision_kind=decision.kind, decision_label=decision.decision_kind.label,
        decided_by=_person(decision.decided_by), decided_at=decision.decided_at_utc, reason=decision.reason,
        approvals=approvals, conditions=conditions, next_review_on=decision.next_review_on, check_url=check_url)
    scans = [{"file_name": scan.file_name, "file_size": scan.file_size, "sha256": scan.sha256, "report": scan.report}
             for scan in session.scalars(select(DataScan).where(DataScan.assessment_id == assessment.id,
                                                                DataScan.status == "done")
                                         .order_by(DataScan.created_at_utc))]
    snapshot = build_snapshot(facts, questionnaire, assessment.answers, assess(questionnaire, assessment.answers),
                              scans)
    pdf = sign_pdf(render_pdf(snapshot, credentials.development), credentials,
                   reason=f"Decision record {number}", location=use_case.organisation.name,
                   timestamp_url=setup.timestamp_url)
    _remember_certificate(session, credentials)
    record = SignedRecord(organisation_id=use_case.organisation_id, assessment_id=assessment.id,
                          decision_id=decision.id, number=number, sha256=hashlib.sha256(pdf).hexdigest(),
                          snapshot=snapshot, pdf=pdf, size=len(pdf),
                          certificate_sha256=credentials.certificate_sha256,
                          development_certificate=credentials.development)
    session.add(record)
    session.flush()
    record_event(session, kind="record_signed", organisation_id=use_case.organisation_id,
                 actor_id=decision.decided_by_id, subject=f"assessment:{assessment.id}",
                 payload={"number": number, "sha256": record.sha256, "development": credentials.development})
    return record


def _round_decisions(session: Session, decision: Decision) -> list[Decision]:
    return list(session.scalars(select(Decision).where(Decision.assessment_id == decision.assessment_id,
                                                       Decision.review_round == decision.review_round)
                                .order_by(Decision.decided_at_utc)))


def _remember_certificate(session: Session, credentials: SigningCredentials) -> None:
    if session.get(SigningCertificate, credentials.certificate_sha256) is None:
        session.add(SigningCertificate(sha256=credentials.certificate_sha256, subject=credentials.subject[:400],
                                       pem=credentials.certificate_pem, development=credentials.development))
        session.flush()


def supersede_records(session: Session, assessment: Assessment) -> None:
    """A new assessment version replaces the records of earlier versions (they stay downloadable)."""
    earlier = [item.id for item in assessment.use_case.assessments if item.version_number < assessment.version_number]
    for record in session.scalars(select(SignedRecord).where(SignedRecord.assessment_id.in_(earlier),
                                                             SignedRecord.superseded_at_utc.is_(None))):
        record.superseded_at_utc = utc_now()
    session.flush()


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

    @property
    def outcome(self) -> Outcome:
        return self.verification.outcome

    @property
    def genuine(self) -> bool:
        return self.verification.genuine


def check_record(session: Session, pdf: bytes) -> CheckResult:
    """Verify a PDF against every certificate this instance has signed with, then find its record."""
    trusted = {item.sha256: item.pem for item in session.scalars(select(SigningCertificate))}
    verification = verify_pdf(pdf, trusted)
    if not verification.genuine:
        return CheckResult(verification, None)
    record = session.scalars(select(SignedRecord).where(SignedRecord.sha256 == verification.sha256)).first()
    if record is None:
        # Signed by our certificate but not a record we stored: treat as altered.
        return CheckResult(Verification(Outcome.ALTERED, verification.sha256, verification.signer_sha256), None)
    if record.superseded_at_utc is not None:
        verification = Verification(Outcome.SUPERSEDED, verification.sha256, verification.signer_sha256,
                                    verification.signed_at, verification.record)
    return CheckResult(verification, record)


def record_issuer(questionnaire: Questionnaire, setup: SigningSetup, check_url: str) -> RecordIssuer:
    """What a decision calls to issue its record, bound to the questionnaire and signing set-up."""

    def issue(session: Session, decision: Decision) -> SignedRecord:
        return issue_record(session, decision, questionnaire=questionnaire, setup=setup, check_url=check_url)

    return issue
