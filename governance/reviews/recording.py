"""What a final decision's record states, gathered from the review round: the round's outcome, every
officer's approval and the conditions all of them set. Hands records/ plain facts; never signs anything.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts.models import Role, User
from governance.assessments.evidence import evidence_for_record
from governance.assessments.models import DataScan, ScanStatus
from governance.audit import chain_head, chain_of
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import assess
from governance.records.services import RecordRequest
from governance.records.snapshot import Approval, AuditLogPosition, Person, RecordFacts, build_snapshot, record_number
from governance.reviews.models import Condition, Decision

ROLE_NAMES = {Role.DIGITAL_LEAD: "Digital lead", Role.IG_OFFICER: "Information governance officer",
              Role.ADMIN: "Administrator"}


def _person(user: User) -> Person:
    role = Role.IG_OFFICER if user.has_role(Role.IG_OFFICER) else Role.DIGITAL_LEAD
    return Person(user.name, ROLE_NAMES[role])


def decisions_of_round(session: Session, assessment_id: uuid.UUID, review_round: int) -> list[Decision]:
    """Every decision of one review round of an assessment, oldest first."""
    return list(session.scalars(select(Decision).where(Decision.assessment_id == assessment_id,
                                                       Decision.review_round == review_round)
                                .order_by(Decision.decided_at_utc)))


def pending_approvals(decisions: list[Decision]) -> list[Decision]:
    """The approvals of a round that wait for a second officer (high risk)."""
    return [item for item in decisions if item.decision_kind.approves and not item.final]


def round_conditions(session: Session, decision: Decision) -> list[Condition]:
    """Every condition set by an approval of the decision's round (both officers' for high risk)."""
    return [condition for item in decisions_of_round(session, decision.assessment_id, decision.review_round)
            if item.decision_kind.approves
            for condition in item.conditions]


def record_request(session: Session, questionnaire: Questionnaire, decision: Decision, check_url: str
                   ) -> RecordRequest:
    """The record of a decision that ended its round, as plain data."""
    assessment = decision.assessment
    use_case = assessment.use_case
    round_decisions = decisions_of_round(session, decision.assessment_id, decision.review_round)
    outcome = decision.outcome_kind
    approvals = tuple(Approval(_person(item.decided_by), item.decided_at_utc, item.kind)
                      for item in round_decisions if item.decision_kind.approves)
    # A rejection after a first approval does not carry that approval's conditions.
    conditions = tuple({"text": item.text, "owner": item.owner, "due_on": item.due_on.isoformat()}
                       for item in round_conditions(session, decision)) if outcome.approves else ()
    number = record_number(use_case.reference, assessment.version_number)
    assert assessment.submitted_by is not None and assessment.submitted_at_utc is not None
    # The record vouches for the log as it stands: the decision's event took the chain's lock for this
    # transaction, so nothing comes between this head and the record's own record_signed event.
    head = chain_head(session, chain_of(use_case.organisation_id))
    facts = RecordFacts(
        number=number, organisation=use_case.organisation.name, use_case_reference=use_case.reference,
        use_case_title=use_case.title, version=assessment.version_number,
        submitted_by=_person(assessment.submitted_by), submitted_at=assessment.submitted_at_utc,
        decision_kind=outcome.value, decision_label=outcome.label, decided_by=_person(decision.decided_by),
        decided_at=decision.decided_at_utc, reason=decision.reason, approvals=approvals, conditions=conditions,
        next_review_on=decision.next_review_on, check_url=check_url,
        audit_log=AuditLogPosition(head.sequence, head.hash) if head else None)
    scans = [{"file_name": scan.file_name, "file_size": scan.file_size, "sha256": scan.sha256, "report": scan.report}
             for scan in session.scalars(select(DataScan).where(DataScan.assessment_id == assessment.id,
                                                                DataScan.status == ScanStatus.DONE.value)
                                         .order_by(DataScan.created_at_utc))]
    snapshot = build_snapshot(facts, questionnaire, assessment.answers, assess(questionnaire, assessment.answers),
                              scans, evidence_for_record(session, assessment))
    return RecordRequest(organisation_id=use_case.organisation_id, organisation_name=use_case.organisation.name,
                         assessment_id=assessment.id, decision_id=decision.id, actor_id=decision.decided_by_id,
                         number=number, snapshot=snapshot)
