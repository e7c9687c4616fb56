"""Review use cases: the queue, comments, and decisions. Flushes; never commits.

Every rule is checked here (see rules.py), so a page, a command or a test all meet the same rules:
only information governance officers of the organisation review; nobody decides on what they
submitted; high risk needs two different approvers; a decision made on a stale copy is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from governance.accounts.models import Role, User
from governance.accounts.services import require_member_with_role
from governance.assessments.models import Assessment, Status, UseCase
from governance.audit import record_event
from governance.db import utc_now
from governance.errors import DomainError, NotFound
from governance.notifications.services import queue_email
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import RiskResult, assess
from governance.reviews.models import Condition, Decision, DecisionKind, ReviewComment
from governance.reviews.rules import DecisionRequest, ReviewState, decision_problems, is_final, next_review_date

REVIEW_TARGET_DAYS = 10
MAX_COMMENT_LENGTH = 5000

RecordIssuer = Callable[[Session, Decision], Any]
OUTCOME_WORDS = {DecisionKind.APPROVE: "approved", DecisionKind.APPROVE_WITH_CONDITIONS: "approved with conditions",
                 DecisionKind.REJECT: "rejected", DecisionKind.REQUEST_CHANGES: "sent back to you for changes"}


class DecisionConflict(StaleDataError):
    """Another officer decided, or the assessment changed, after this officer opened it."""


class ReviewError(DomainError):
    """A decision or comment the rules do not allow; the messages are safe to show."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _require_officer(actor: User, organisation_id: uuid.UUID) -> None:
    require_member_with_role(actor, organisation_id, Role.IG_OFFICER)


@dataclass(frozen=True)
class QueueItem:
    assessment: Assessment
    level: str
    blockers: int
    age_days: int
    approvals: int
    overdue: bool

    @property
    def use_case(self) -> UseCase:
        return self.assessment.use_case

    @property
    def awaiting_second_approval(self) -> bool:
        return self.approvals > 0


SORTS: Mapping[str, Callable[[QueueItem], Any]] = {
    "oldest": lambda item: -item.age_days,
    "newest": lambda item: item.age_days,
    "risk": lambda item: (-"I II III IV".split().index(item.level) if item.level in "I II III IV".split() else 0,
                          -item.age_days),
}


def review_queue(session: Session, actor: User, today: date, *, level: str | None = None,
                 awaiting_second: bool | None = None, sort: str = "oldest") -> list[QueueItem]:
    """Submitted assessments of the actor's organisation, with what a reviewer needs to prioritise."""
    _require_officer(actor, actor.organisation_id)
    assessments = session.scalars(
        select(Assessment).join(UseCase).where(UseCase.organisation_id == actor.organisation_id,
                                               Assessment.status == Status.SUBMITTED.value))
    items = []
    for assessment in assessments:
        risk = assessment.submitted_risk or {}
        submitted = assessment.submitted_at_utc.date() if assessment.submitted_at_utc else today
        age = (today - submitted).days
        item = QueueItem(assessment, risk.get("level", "?"), len(risk.get("blockers", [])), age,
                         len(earlier_approvers(session, assessment)), age > REVIEW_TARGET_DAYS)
        if level and item.level != level:
            continue
        if awaiting_second is not None and item.awaiting_second_approval != awaiting_second:
            continue
        items.append(item)
    return sorted(items, key=SORTS.get(sort, SORTS["oldest"]))


def get_for_review(session: Session, actor: User, assessment_id: uuid.UUID) -> Assessment:
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFound()
    _require_officer(actor, assessment.use_case.organisation_id)
    return assessment


def decisions_for(session: Session, assessment: Assessment) -> list[Decision]:
    return list(session.scalars(select(Decision).where(Decision.assessment_id == assessment.id)
                                .order_by(Decision.decided_at_utc)))


def earlier_approvers(session: Session, assessment: Assessment) -> tuple[uuid.UUID, ...]:
    """Officers who approved in the current round without it being final (the first of two)."""
    return tuple(session.scalars(select(Decision.decided_by_id).where(
        Decision.assessment_id == assessment.id, Decision.review_round == assessment.review_round,
        Decision.kind.in_([DecisionKind.APPROVE.value, DecisionKind.APPROVE_WITH_CONDITIONS.value]),
        Decision.final.is_(False))))


def comments_for(session: Session, assessment: Assessment) -> list[ReviewComment]:
    return list(session.scalars(select(ReviewComment).where(ReviewComment.assessment_id == assessment.id)
                                .order_by(ReviewComment.created_at_utc)))


def add_comment(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment,
                section_id: str | None, body: str) -> ReviewComment:
    _require_officer(actor, assessment.use_case.organisation_id)
    body = body.strip()
    problems = []
    if assessment.status != Status.SUBMITTED.value:
        problems.append("Comments can be added only while the assessment is being reviewed")
    if not body:
        problems.append("Enter a comment")
    elif len(body) > MAX_COMMENT_LENGTH:
        problems.append(f"A comment must be {MAX_COMMENT_LENGTH:,} characters or fewer")
    if section_id and questionnaire.section(section_id) is None:
        problems.append("Choose a section of this assessment")
    if problems:
        raise ReviewError(problems)
    comment = ReviewComment(assessment_id=assessment.id, review_round=assessment.review_round,
                            section_id=section_id or None, body=body, author_id=actor.id)
    session.add(comment)
    session.flush()
    record_event(session, kind="review_comment_added", organisation_id=actor.organisation_id, actor_id=actor.id,
                 subject=f"assessment:{assessment.id}", payload={"section": section_id or None,
                                                                "round": assessment.review_round})
    return comment


def review_state(session: Session, questionnaire: Questionnaire, assessment: Assessment) -> ReviewState:
    return ReviewState(status=assessment.status, submitted_by_id=assessment.submitted_by_id,
                       risk=assess(questionnaire, assessment.answers),
                       earlier_approvers=earlier_approvers(session, assessment))


def decide(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment,
           request: DecisionRequest, *, seen_lock_version: int, today: date,
           issue_record: RecordIssuer) -> Decision:
    """Record one decision. A final approval or rejection is issued as a signed record at once."""
    _require_officer(actor, assessment.use_case.organisation_id)
    if seen_lock_version != assessment.lock_version:
        raise DecisionConflict("the assessment changed after the officer opened it")
    state = review_state(session, questionnaire, assessment)
    problems = decision_problems(request, state, actor.id, today)
    if problems:
        raise ReviewError(problems)
    final = is_final(request, state)
    decision = Decision(assessment_id=assessment.id, review_round=assessment.review_round, kind=request.kind.value,
                        final=final, reason=request.reason.strip() or None, decided_by_id=actor.id,
                        decided_at_utc=utc_now())
    decision.conditions = [Condition(position=number, text=item.text.strip(), owner=item.owner.strip(),
                                     due_on=item.due_on)
                           for number, item in enumerate(request.conditions, start=1) if item.due_on]
    if final and request.kind.approves:
        decision.next_review_on = next_review_date(today, _requested_review(assessment), state.risk.high_risk)
    session.add(decision)
    _apply(assessment, decision)
    try:
        session.flush()
    except StaleDataError as error:  # another officer's decision was committed first
        raise DecisionConflict(str(error)) from error
    record_event(session, kind="decision_recorded", organisation_id=actor.organisation_id, actor_id=actor.id,
                 subject=f"assessment:{assessment.id}",
                 payload={"kind": request.kind.value, "final": final, "round": assessment.review_round,
                          "conditions": len(decision.conditions), "level": state.risk.level})
    _notify_submitter(session, assessment, decision, state.risk)
    if final and request.kind is not DecisionKind.REQUEST_CHANGES:
        issue_record(session, decision)
    return decision


def _requested_review(assessment: Assessment) -> date | None:
    value = assessment.answers.get("review-date")
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _apply(assessment: Assessment, decision: Decision) -> None:
    """The assessment's state after the decision. Touching the row also moves its lock version on,
    so a second officer deciding from the same copy is refused."""
    assessment.updated_at_utc = utc_now()
    if not decision.final:
        return
    kind = decision.decision_kind
    if kind is DecisionKind.REQUEST_CHANGES:
        assessment.status = Status.CHANGES_REQUESTED.value
        return
    assessment.status = Status.APPROVED.value if kind.approves else Status.REJECTED.value
    assessment.decided_at_utc = decision.decided_at_utc
    assessment.next_review_on = decision.next_review_on


def _notify_submitter(session: Session, assessment: Assessment, decision: Decision, risk: RiskResult) -> None:
    submitter = assessment.submitted_by
    if submitter is None or not submitter.active:
        return
    use_case = assessment.use_case
    kind = decision.decision_kind
    if decision.final:
        subject = f"{use_case.reference} {use_case.title}: {kind.label.lower()}"
        outcome = (f"The assessment of {use_case.title} (version {assessment.version_number}) has been "
                   f"{OUTCOME_WORDS[kind]}.")
    else:
        subject = f"{use_case.reference} {use_case.title}: first approval, waiting for a second"
        outcome = (f"The assessment of {use_case.title} has its first approval. Because its risk is high "
                   f"(level {risk.level}), a second officer must approve it too.")
    lines = [outcome]
    if decision.reason:
        lines += ["", "The officer said:", decision.reason]
    if decision.conditions:
        lines += ["", "Conditions:"] + [f"- {item.text} (owner: {item.owner}, due {item.due_on:%-d %B %Y})"
                                        for item in decision.conditions]
    lines += ["", "Sign in to see the assessment and any comments."]
    queue_email(session, recipient=submitter, kind=f"decision_{kind.value}", subject=subject, body="\n".join(lines))


def changed_answers(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> list[str]:
    """Question ids whose answers differ from the previous version's (added, removed or changed)."""
    if previous is None:
        return []
    return sorted(key for key in set(previous) | set(current) if previous.get(key) != current.get(key))


def previous_version(assessment: Assessment) -> Assessment | None:
    earlier = [item for item in assessment.use_case.assessments if item.version_number < assessment.version_number]
    return earlier[-1] if earlier else None
