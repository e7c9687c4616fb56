"""What the review pages show, gathered in one call each: the views authorise, validate and render only."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts.models import User
from governance.assessments import sample_data
from governance.assessments import services as assessment_services
from governance.assessments.evidence import ActionStatus, action_statuses
from governance.assessments.lifecycle import ENDED_STATES, Event, State, allows
from governance.assessments.models import Assessment, DataScan, ScanStatus
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import RiskResult, assess
from governance.questionnaire.rules import visible_answers
from governance.records.models import SignedRecord
from governance.records.services import records_for
from governance.reviews import services
from governance.reviews.models import Decision, ReviewComment
from governance.reviews.register import ConditionView, condition_views


@dataclass(frozen=True)
class RecordLink:
    id: uuid.UUID
    number: str
    size_kb: int
    superseded_by: str | None
    superseded: bool


@dataclass(frozen=True)
class Outcome:
    """Where the latest review round stands, in words."""
    label: str
    decided_by: str
    decided_on: date
    reason: str | None
    awaiting_second_approval: bool
    # Who approved in this round, with the day, when more than one officer did (high risk).
    approvals: tuple[tuple[str, date], ...] = ()


@dataclass(frozen=True)
class ReviewPage:
    assessment: Assessment
    questionnaire: Questionnaire
    state: State
    risk: RiskResult
    actions: list[ActionStatus]
    visible: Mapping[str, Any]
    previous: Assessment | None
    changed: list[str]
    # Answers changed since an officer asked for changes to this version (None: nobody has).
    changed_since_request: services.ChangesSinceRequest | None
    scans: list[DataScan]
    suggestions: Mapping[str, Any]
    comments: list[ReviewComment]
    decisions: list[Decision]
    records: list[RecordLink]
    conditions: list[ConditionView]
    outcome: Outcome | None
    approvals: int
    # This officer gave the round's first approval: the decision now waits for someone else.
    awaiting_second_officer: bool
    # Why this officer cannot decide now; None when the decision form is theirs to fill in.
    decision_refusal: str | None
    can_comment: bool
    can_retire: bool
    # The version is approved and may go on the register: the officer's next step.
    can_publish: bool = False

    @property
    def can_decide(self) -> bool:
        return self.decision_refusal is None


def record_links(session: Session, assessment: Assessment) -> list[RecordLink]:
    records = records_for(session, assessment)
    replacing = {item.id: item.number for item in session.scalars(select(SignedRecord).where(
        SignedRecord.id.in_([record.superseded_by_id for record in records if record.superseded_by_id])))}
    return [RecordLink(record.id, record.number, record.size // 1024, replacing.get(record.superseded_by_id)
                       if record.superseded_by_id else None, record.superseded_at_utc is not None)
            for record in records]


def latest_outcome(session: Session, assessment: Assessment) -> Outcome | None:
    """The round's outcome once it ended, or the first approval while a second is awaited."""
    decisions = services.round_decisions(session, assessment)
    if not decisions:
        return None
    last = decisions[-1]
    approvals = tuple((item.decided_by.name, item.decided_at_utc.date()) for item in decisions
                      if item.decision_kind.approves)
    return Outcome(last.outcome_kind.label, last.decided_by.name, last.decided_at_utc.date(), last.reason,
                   not last.final, approvals if len(approvals) > 1 and last.outcome_kind.approves else ())


def review_page(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment,
                today: date) -> ReviewPage:
    previous = services.previous_version(assessment)
    state = assessment.state
    refusal = decision_refusal(session, actor, questionnaire, assessment)
    approvers = services.earlier_approvers(session, assessment)
    risk = assess(questionnaire, assessment.answers)
    return ReviewPage(
        assessment=assessment, questionnaire=questionnaire, state=state, risk=risk,
        actions=action_statuses(session, questionnaire, assessment, risk),
        visible=visible_answers(questionnaire, assessment.answers),
        previous=previous, changed=services.changed_answers(previous.answers if previous else None,
                                                            assessment.answers),
        changed_since_request=services.changes_since_changes_requested(session, assessment),
        scans=[scan for scan in sample_data.list_scans(session, assessment) if scan.status == ScanStatus.DONE],
        suggestions=sample_data.suggestions_for(session, assessment),
        comments=services.comments_for(session, assessment), decisions=services.decisions_for(session, assessment),
        records=record_links(session, assessment), conditions=condition_views(session, actor, assessment, today),
        outcome=latest_outcome(session, assessment),
        approvals=len(approvers), awaiting_second_officer=state is State.SUBMITTED and actor.id in approvers,
        decision_refusal=refusal,
        can_comment=state is State.SUBMITTED, can_retire=state not in ENDED_STATES,
        can_publish=allows(assessment_services.version_facts(session, assessment, actor), Event.PUBLISH))


@dataclass(frozen=True)
class DecisionPage:
    assessment: Assessment
    risk: RiskResult
    approvals: int
    # The organisation's people who can own a condition, as (id, name).
    owners: list[tuple[str, str]]
    decision_refusal: str | None


def decision_refusal(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment
                     ) -> str | None:
    """Why this officer cannot decide on the assessment now; None when the decision form is theirs."""
    if assessment.state is not State.SUBMITTED:
        return "Only a submitted assessment can be decided"
    return services.may_decide(session, questionnaire, assessment, actor)


def decision_page(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment
                  ) -> DecisionPage:
    return DecisionPage(assessment, assess(questionnaire, assessment.answers),
                        len(services.earlier_approvers(session, assessment)),
                        services.condition_owners(session, assessment.use_case.organisation_id),
                        decision_refusal(session, actor, questionnaire, assessment))
