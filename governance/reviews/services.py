"""Review use cases: the queue, comments, and decisions. Flushes; never commits.

Every rule is checked here (see rules.py), so a page, a command or a test all meet the same rules:
only information governance officers of the organisation review; nobody decides on what they
submitted; high risk needs two different approvers; a decision made on a stale copy is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from governance.accounts.models import Role, User
from governance.accounts.services import require_member_with_role
from governance.assessments.lifecycle import DECIDED_STATES, Event, Facts, State, refusal
from governance.assessments.models import Assessment, UseCase
from governance.assessments.services import transition, version_facts
from governance.audit import AuditEvent, record_event
from governance.db import utc_now
from governance.errors import DomainError, NotFound
from governance.notifications.services import queue_email
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import assess
from governance.questionnaire.roles import requested_review_date
from governance.records.keys import SigningUnavailable
from governance.records.models import SignedRecord
from governance.records.services import RecordSettings, issue_record, supersede_records
from governance.reviews.models import Condition, Decision, ReviewComment
from governance.reviews.recording import decisions_of_round, pending_approvals, record_request, round_conditions
from governance.reviews.rules import DecisionKind, DecisionRequest, Problem, decision_problems, next_review_date

REVIEW_TARGET_DAYS = 10
MAX_COMMENT_LENGTH = 5000

OUTCOME_WORDS = {DecisionKind.APPROVE: "approved", DecisionKind.APPROVE_WITH_CONDITIONS: "approved with conditions",
                 DecisionKind.REJECT: "rejected", DecisionKind.REQUEST_CHANGES: "sent back to you for changes"}


class DecisionConflict(StaleDataError):
    """Another officer decided, or the assessment changed, after this officer opened it."""


class ReviewError(DomainError):
    """A decision or comment the rules do not allow; the messages are safe to show."""

    def __init__(self, problems: Sequence[Problem | str]) -> None:
        self.problems = [item if isinstance(item, Problem) else Problem(item) for item in problems]
        super().__init__("; ".join(item.message for item in self.problems))

    @property
    def messages(self) -> list[str]:
        return [item.message for item in self.problems]


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
                                               Assessment.status == State.SUBMITTED.value))
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
    return tuple(item.decided_by_id for item in pending_approvals(round_decisions(session, assessment)))


def comments_for(session: Session, assessment: Assessment) -> list[ReviewComment]:
    return list(session.scalars(select(ReviewComment).where(ReviewComment.assessment_id == assessment.id)
                                .order_by(ReviewComment.created_at_utc)))


def add_comment(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment,
                section_id: str | None, body: str) -> ReviewComment:
    _require_officer(actor, assessment.use_case.organisation_id)
    body = body.strip()
    problems = []
    if assessment.status != State.SUBMITTED.value:
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


def round_decisions(session: Session, assessment: Assessment) -> list[Decision]:
    """Decisions of the assessment's current review round, oldest first."""
    return decisions_of_round(session, assessment.id, assessment.review_round)


def decision_facts(session: Session, questionnaire: Questionnaire, assessment: Assessment, actor: User,
                   request: DecisionRequest | None = None) -> Facts:
    """What the lifecycle needs to judge a decision by this officer (or, without a request, whether they may
    decide at all)."""
    risk = assess(questionnaire, assessment.answers)
    approvals = pending_approvals(round_decisions(session, assessment))
    with_conditions = any(item.conditions for item in approvals) or bool(request and request.conditions)
    return version_facts(session, assessment, actor, stops=tuple(stop.reason for stop in risk.stops),
                         blockers=tuple(blocker.reason for blocker in risk.blockers), high_risk=risk.high_risk,
                         approvers=tuple(item.decided_by_id for item in approvals),
                         round_has_conditions=with_conditions)


def may_decide(session: Session, questionnaire: Questionnaire, assessment: Assessment, actor: User) -> str | None:
    """Why this officer cannot decide on the assessment now (None when they can): pages ask before offering
    the decision form."""
    facts = decision_facts(session, questionnaire, assessment, actor)
    for event in (Event.APPROVE, Event.REQUEST_CHANGES):
        problem = refusal(facts, event)
        if problem is None:
            return None
    return refusal(facts, Event.REQUEST_CHANGES)


def decide(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment,
           request: DecisionRequest, *, seen_lock_version: int, today: date, recording: RecordSettings) -> Decision:
    """Record one decision. A decision that ends the round with an approval or rejection is issued as a
    signed record at once, and supersedes the records of earlier versions."""
    _require_officer(actor, assessment.use_case.organisation_id)
    if seen_lock_version != assessment.lock_version:
        raise DecisionConflict("the assessment changed after the officer opened it")
    facts = decision_facts(session, questionnaire, assessment, actor, request)
    event = EVENTS[request.kind]
    problem = refusal(facts, event)
    if problem:
        raise ReviewError([problem])
    owners, problems = _condition_owners(session, assessment, request)
    problems = decision_problems(request, today) + problems + _signing_problems(session, assessment, request,
                                                                                recording)
    if problems:
        raise ReviewError(problems)
    try:
        decision = _record(session, actor, questionnaire, assessment, request, facts, owners, today)
    except StaleDataError as error:  # another officer's decision was committed first
        raise DecisionConflict(str(error)) from error
    _notify_submitter(session, assessment, decision, facts)
    if decision.final and decision.outcome_kind is not DecisionKind.REQUEST_CHANGES:
        try:
            record = issue_record(session, record_request(session, questionnaire, decision, recording.check_url),
                                  recording)
        except SigningUnavailable as error:  # e.g. the time-stamp server did not answer: the caller rolls back
            raise ReviewError([_cannot_sign(error)]) from error
        _supersede_earlier_versions(session, actor, assessment, record)
    return decision


def _signing_problems(session: Session, assessment: Assessment, request: DecisionRequest,
                      recording: RecordSettings) -> list[Problem]:
    """A decision that leads to a signed record is refused, before anything is saved, while the organisation
    cannot sign; a second approval must not be the first to find out."""
    if request.kind is DecisionKind.REQUEST_CHANGES:
        return []
    try:
        recording.signing.credentials(session, assessment.use_case.organisation)
    except SigningUnavailable as error:
        return [_cannot_sign(error)]
    return []


def _cannot_sign(error: SigningUnavailable) -> Problem:
    return Problem(f"This decision cannot be recorded yet because its record cannot be signed: {error}. Nothing "
                   "has been saved. Ask your administrator to check the Signing certificate page")


EVENTS = {DecisionKind.APPROVE: Event.APPROVE, DecisionKind.APPROVE_WITH_CONDITIONS: Event.APPROVE,
          DecisionKind.REQUEST_CHANGES: Event.REQUEST_CHANGES, DecisionKind.REJECT: Event.REJECT}
OUTCOMES = {State.APPROVED: DecisionKind.APPROVE, State.APPROVED_WITH_CONDITIONS: DecisionKind.APPROVE_WITH_CONDITIONS,
            State.REJECTED: DecisionKind.REJECT, State.CHANGES_REQUESTED: DecisionKind.REQUEST_CHANGES}


def _condition_owners(session: Session, assessment: Assessment, request: DecisionRequest
                      ) -> tuple[dict[str, User], list[Problem]]:
    """The people named as owners, who must be active members of the organisation."""
    owners: dict[str, User] = {}
    problems: list[Problem] = []
    for number, condition in enumerate(request.conditions, start=1):
        if not condition.owner_id.strip():
            continue
        user = _member(session, assessment.use_case.organisation_id, condition.owner_id)
        if user is None:
            problems.append(Problem(f"Condition {number}: choose who owns it from the list", "conditions",
                                    number - 1, "owner_id"))
        else:
            owners[condition.owner_id] = user
    return owners, problems


def _member(session: Session, organisation_id: uuid.UUID, user_id: str) -> User | None:
    try:
        user = session.get(User, uuid.UUID(user_id))
    except ValueError:
        return None
    return user if user is not None and user.organisation_id == organisation_id and user.active else None


def _record(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment,
            request: DecisionRequest, facts: Facts, owners: Mapping[str, User], today: date) -> Decision:
    after = transition(session, actor, assessment, facts, EVENTS[request.kind])
    final = after is not State.SUBMITTED
    decision = Decision(assessment_id=assessment.id, review_round=assessment.review_round, kind=request.kind.value,
                        final=final, outcome=OUTCOMES[after].value if final else None,
                        reason=request.reason.strip() or None, decided_by_id=actor.id, decided_at_utc=utc_now(),
                        answers_seen=dict(assessment.answers))
    decision.conditions = [Condition(position=number, text=item.text.strip(), owner=owners[item.owner_id].name,
                                     owner_id=owners[item.owner_id].id, due_on=item.due_on)
                           for number, item in enumerate(request.conditions, start=1) if item.due_on]
    if final and request.kind.approves:
        decision.next_review_on = next_review_date(today, requested_review_date(questionnaire, assessment.answers),
                                                   facts.high_risk)
        assessment.decided_at_utc = decision.decided_at_utc
        assessment.next_review_on = decision.next_review_on
    elif final and request.kind is DecisionKind.REJECT:
        assessment.decided_at_utc = decision.decided_at_utc
    session.add(decision)
    session.flush()
    record_event(session, kind="decision_recorded", organisation_id=actor.organisation_id, actor_id=actor.id,
                 subject=f"assessment:{assessment.id}",
                 payload={"kind": request.kind.value, "final": final, "outcome": decision.outcome,
                          "round": assessment.review_round, "conditions": [str(item.id) for item in
                                                                           decision.conditions]})
    return decision


def _supersede_earlier_versions(session: Session, actor: User, assessment: Assessment, record: SignedRecord) -> None:
    """A decided newer version replaces the decided older ones, and their records."""
    replaced = []
    for older in assessment.use_case.assessments:
        if older.version_number < assessment.version_number and older.state in DECIDED_STATES:
            transition(session, actor, older, version_facts(session, older, actor), Event.SUPERSEDE)
            replaced.append(older.id)
    for item in supersede_records(session, replaced, by=record):
        record_event(session, kind="record_superseded", organisation_id=item.organisation_id, actor_id=actor.id,
                     subject=f"assessment:{item.assessment_id}", payload={"number": item.number, "by": record.number})


def _notify_submitter(session: Session, assessment: Assessment, decision: Decision, facts: Facts) -> None:
    submitter = assessment.submitted_by
    if submitter is None or not submitter.active:
        return
    use_case = assessment.use_case
    outcome = decision.outcome_kind
    if decision.final:
        subject = f"{use_case.reference} {use_case.title}: {outcome.label.lower()}"
        lines = [f"The assessment of {use_case.title} (version {assessment.version_number}) has been "
                 f"{OUTCOME_WORDS[outcome]}."]
    else:
        subject = f"{use_case.reference} {use_case.title}: first approval, waiting for a second"
        lines = [f"The assessment of {use_case.title} has its first approval. Because its risk is high, a second "
                 "officer must approve it too."]
    if decision.reason:
        lines += ["", "The officer said:", decision.reason]
    conditions = round_conditions(session, decision) if decision.final else decision.conditions
    if not outcome.approves:
        conditions = []
    if conditions:
        lines += ["", "Conditions:"] + [f"- {item.text} (owner: {item.owner}, due {item.due_on:%-d %B %Y})"
                                        for item in conditions]
    lines += ["", "Sign in to see the assessment and any comments."]
    queue_email(session, recipient=submitter, kind=f"decision_{outcome.value}", subject=subject,
                body="\n".join(lines))


def changed_answers(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> list[str]:
    """Question ids whose answers differ from the previous version's (added, removed or changed)."""
    if previous is None:
        return []
    return sorted(key for key in set(previous) | set(current) if previous.get(key) != current.get(key))


@dataclass(frozen=True)
class ChangesSinceRequest:
    """Answers the lead changed after an officer last asked for changes to this version."""

    # Question ids in the order they were first changed.
    changed: list[str]
    # The answers the officer asked about, when the request kept them (requests before this was kept: None).
    before: Mapping[str, Any] | None


def changes_since_changes_requested(session: Session, assessment: Assessment) -> ChangesSinceRequest | None:
    """What changed after the latest request for changes to this version; None when nobody asked for any."""
    requested = session.scalars(select(Decision).where(
        Decision.assessment_id == assessment.id, Decision.review_round < assessment.review_round,
        Decision.kind == DecisionKind.REQUEST_CHANGES.value).order_by(Decision.decided_at_utc.desc())).first()
    if requested is None:
        return None
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.organisation_id == assessment.use_case.organisation_id, AuditEvent.kind == "answer_changed",
        AuditEvent.subject == f"assessment:{assessment.id}", AuditEvent.occurred_at_utc > requested.decided_at_utc)
        .order_by(AuditEvent.sequence))
    changed = list(dict.fromkeys(str(event.payload["question"]) for event in events if event.payload))
    return ChangesSinceRequest(changed, requested.answers_seen)


def previous_version(assessment: Assessment) -> Assessment | None:
    earlier = [item for item in assessment.use_case.assessments if item.version_number < assessment.version_number]
    return earlier[-1] if earlier else None


def condition_owners(session: Session, organisation_id: uuid.UUID) -> list[tuple[str, str]]:
    """Active people of the organisation who can own a condition, as (id, name), by name."""
    people = session.scalars(select(User).where(User.organisation_id == organisation_id, User.active.is_(True))
                             .order_by(User.name))
    return [(str(person.id), person.name) for person in people]
