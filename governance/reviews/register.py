"""The organisation's internal AI register, what is overdue, conditions, and each use case's history.
Flushes; never commits."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts.models import Role, User
from governance.accounts.services import require_member, require_member_with_role
from governance.assessments.lifecycle import APPROVED_STATES, ENDED_STATES, Event, State
from governance.assessments.models import Assessment, UseCase
from governance.assessments.services import transition, version_facts
from governance.audit import AuditEvent, record_event
from governance.db import utc_now
from governance.errors import DomainError, NotFound
from governance.notifications.services import queue_email
from governance.register.models import EntryStatus
from governance.register.services import MAX_REASON, approved_assessment, current_entry, withdraw
from governance.reviews.models import Condition, Decision
from governance.reviews.rules import DecisionKind
from governance.spreadsheets import csv_text
from governance.validation import required_text

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class RegisterRow:
    use_case: UseCase
    latest: Assessment
    level: str | None
    last_decision: Decision | None
    next_review_on: date | None
    open_conditions: tuple[Condition, ...]
    today: date

    @property
    def conditions_open(self) -> int:
        return len(self.open_conditions)

    @property
    def conditions_overdue(self) -> int:
        return sum(condition.due_on < self.today for condition in self.open_conditions)

    @property
    def review_overdue(self) -> bool:
        return self.next_review_on is not None and self.next_review_on < self.today

    @property
    def overdue(self) -> bool:
        return self.review_overdue or self.conditions_overdue > 0


def register_rows(session: Session, actor: User, today: date, *, status: str | None = None,
                  level: str | None = None, overdue_only: bool = False) -> list[RegisterRow]:
    require_member(actor, actor.organisation_id)
    use_cases = session.scalars(select(UseCase).where(UseCase.organisation_id == actor.organisation_id)
                                .order_by(UseCase.reference))
    rows = [_row(session, use_case, today) for use_case in use_cases]
    return [row for row in rows if (not status or row.latest.status == status)
            and (not level or row.level == level) and (not overdue_only or row.overdue)]


def _row(session: Session, use_case: UseCase, today: date) -> RegisterRow:
    latest, approved = use_case.latest, approved_assessment(use_case)
    last_decision = session.scalars(
        select(Decision).where(Decision.assessment_id.in_([item.id for item in use_case.assessments]),
                               Decision.final.is_(True)).order_by(Decision.decided_at_utc.desc()).limit(1)).first()
    # The level of the latest assessment that has been submitted (a draft has none yet).
    level = next((item.submitted_risk.get("level") for item in reversed(use_case.assessments)
                  if item.submitted_risk), None)
    return RegisterRow(use_case, latest, level, last_decision, approved.next_review_on if approved else None,
                       tuple(open_conditions_of(session, [approved])) if approved else (), today)


def conditions_of(session: Session, assessments: Iterable[Assessment], *, open_only: bool = False
                  ) -> list[Condition]:
    """Conditions set by the approvals of these assessments (both officers' in a high-risk round), soonest due
    first."""
    ids = [assessment.id for assessment in assessments]
    # Only the current round's: conditions of an approval whose round ended in a request for changes lapsed.
    query = (select(Condition).join(Decision).join(Assessment, Assessment.id == Decision.assessment_id)
             .where(Decision.assessment_id.in_(ids), Decision.review_round == Assessment.review_round,
                    Decision.kind == DecisionKind.APPROVE_WITH_CONDITIONS.value)
             .order_by(Condition.due_on, Condition.position))
    if open_only:
        query = query.where(Condition.met_at_utc.is_(None))
    return list(session.scalars(query))


def open_conditions_of(session: Session, assessments: Iterable[Assessment]) -> list[Condition]:
    return conditions_of(session, assessments, open_only=True)


REGISTER_COLUMNS = ("Reference", "Title", "Phase", "Owner", "Status", "Risk level", "Last decision",
                    "Last decision date", "Next review", "Review overdue", "Open conditions", "Overdue conditions")


def register_csv(rows: Sequence[RegisterRow]) -> str:
    def cells(row: RegisterRow) -> tuple[Any, ...]:
        decision = row.last_decision
        return (row.use_case.reference, row.use_case.title, row.use_case.phase, row.use_case.owner.name,
                State(row.latest.status).label, row.level, decision.outcome_kind.label if decision else None,
                decision.decided_at_utc.date().isoformat() if decision else None,
                row.next_review_on.isoformat() if row.next_review_on else None,
                "yes" if row.review_overdue else "no", row.conditions_open, row.conditions_overdue)

    return csv_text(REGISTER_COLUMNS, map(cells, rows))


@dataclass(frozen=True)
class DueItem:
    use_case: UseCase
    what: str
    due_on: date
    owner: User

    def overdue(self, today: date) -> bool:
        return self.due_on < today


def due_items(session: Session, organisation_id: uuid.UUID, today: date, within_days: int = DUE_SOON_DAYS
              ) -> list[DueItem]:
    """Reviews and conditions overdue or due within `within_days`, soonest first."""
    items: list[DueItem] = []
    for use_case in session.scalars(select(UseCase).where(UseCase.organisation_id == organisation_id)):
        row = _row(session, use_case, today)
        if row.next_review_on and (row.next_review_on - today).days <= within_days:
            items.append(DueItem(use_case, "Review of the assessment", row.next_review_on, use_case.owner))
        for condition in row.open_conditions:
            if (condition.due_on - today).days <= within_days:
                items.append(DueItem(use_case, f"Condition: {condition.text}", condition.due_on,
                                     condition.owner_user or use_case.owner))
    return sorted(items, key=lambda item: item.due_on)


MAX_EVIDENCE = 5000


class ConditionError(DomainError):
    """Marking a condition met is not allowed as asked; the message is safe to show."""


def get_condition(session: Session, actor: User, condition_id: uuid.UUID) -> Condition:
    condition = session.get(Condition, condition_id)
    if condition is None:
        raise NotFound()
    require_member(actor, condition.decision.assessment.use_case.organisation_id)
    return condition


def may_mark_met(actor: User, condition: Condition) -> bool:
    """The condition's owner, or any information governance officer of the organisation."""
    return condition.met_at_utc is None and (condition.owner_id == actor.id or actor.has_role(Role.IG_OFFICER))


def mark_condition_met(session: Session, actor: User, condition_id: uuid.UUID, evidence: str) -> Condition:
    """Close a condition with what shows it was done; the evidence stays with the condition."""
    condition = get_condition(session, actor, condition_id)
    if condition.met_at_utc is not None:
        raise ConditionError("This condition has already been marked as met")
    if not may_mark_met(actor, condition):
        raise PermissionError("only the condition's owner or an information governance officer may mark it met")
    evidence = required_text(evidence, limit=MAX_EVIDENCE, missing="Say how the condition was met, or where the "
                             "evidence is", name="evidence", error=ConditionError)
    condition.met_at_utc = utc_now()
    condition.met_by_id = actor.id
    condition.met_evidence = evidence
    session.flush()
    record_event(session, kind="condition_met", organisation_id=actor.organisation_id, actor_id=actor.id,
                 subject=f"assessment:{condition.decision.assessment_id}",
                 payload={"condition": str(condition.id), "position": condition.position,
                          "decision": str(condition.decision_id)})
    return condition


def retire_use_case(session: Session, actor: User, use_case: UseCase, reason: str) -> None:
    """The tool is no longer used: every current version ends as retired and its public entry is withdrawn."""
    require_member_with_role(actor, use_case.organisation_id, Role.IG_OFFICER)
    reason = required_text(reason, limit=MAX_REASON, missing="Say why the use case is retired", name="reason",
                           error=ConditionError)
    current = [item for item in use_case.assessments if item.state not in ENDED_STATES]
    if not current:
        raise ConditionError("This use case has already been retired")
    entry = current_entry(session, use_case)
    if entry is not None and entry.status == EntryStatus.PUBLISHED.value:
        withdraw(session, actor, use_case, f"Retired: {reason}"[:MAX_REASON])
    for assessment in current:
        transition(session, actor, assessment, version_facts(session, assessment, actor), Event.RETIRE)
    record_event(session, kind="use_case_retired", organisation_id=use_case.organisation_id, actor_id=actor.id,
                 subject=f"use_case:{use_case.id}", payload={"versions": [item.version_number for item in current]})


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str | None
    what: str


EVENT_WORDS = {
    "use_case_created": "Use case created",
    "assessment_version_started": "New assessment version started",
    "answer_changed": "Answer changed",
    "sample_data_uploaded": "Sample data uploaded for checking",
    "sample_data_scanned": "Sample data checked",
    "assessment_submitted": "Assessment submitted for review",
    "review_comment_added": "Reviewer comment added",
    "decision_recorded": "Decision recorded",
    "record_signed": "Signed record issued",
    "condition_met": "Condition marked as met",
    "record_superseded": "Signed record superseded",
    "use_case_retired": "Use case retired",
    "register_entry_published": "Published on the public register",
    "register_entry_withdrawn": "Withdrawn from the public register",
}


def history(session: Session, actor: User, use_case: UseCase) -> list[HistoryEntry]:
    """Every audit event about the use case and its assessments, oldest first, in words."""
    require_member(actor, use_case.organisation_id)
    subjects = [f"use_case:{use_case.id}"] + [f"assessment:{item.id}" for item in use_case.assessments]
    versions = {f"assessment:{item.id}": item.version_number for item in use_case.assessments}
    events = session.scalars(select(AuditEvent).where(AuditEvent.organisation_id == use_case.organisation_id,
                                                      AuditEvent.subject.in_(subjects))
                             .order_by(AuditEvent.occurred_at_utc, AuditEvent.sequence))
    names = {user.id: user.name for user in session.scalars(select(User).where(
        User.organisation_id == use_case.organisation_id))}
    return [HistoryEntry(event.occurred_at_utc, names.get(event.actor_id) if event.actor_id else None,
                         _describe(event, versions.get(event.subject or ""))) for event in events]


def _describe(event: AuditEvent, version: int | None) -> str:
    words = EVENT_WORDS.get(event.kind, event.kind.replace("_", " ").capitalize())
    payload = event.payload or {}
    if event.kind == "answer_changed" and payload.get("ref"):
        words += f" ({payload['ref']})"
    if event.kind == "decision_recorded" and payload.get("kind"):
        label = DecisionKind(payload["kind"]).label.lower()
        words += f": {label}" + ("" if payload.get("final", True) else " (first of two approvals)")
        if payload.get("outcome") and payload["outcome"] != payload["kind"]:
            words += f"; the round's outcome: {DecisionKind(payload['outcome']).label.lower()}"
    if event.kind == "condition_met" and payload.get("position"):
        words += f" (condition {payload['position']})"
    if event.kind == "assessment_status_changed" and payload.get("to"):
        words = f"Status changed to {State(payload['to']).label.lower()}"
    if event.kind == "record_signed" and payload.get("number"):
        words += f" ({payload['number']})"
    return f"{words}, version {version}" if version else words


def queue_reminders(session: Session, organisation_id: uuid.UUID, today: date, within_days: int) -> int:
    """One email per owner listing their use cases' reviews and conditions that are overdue or due soon."""
    by_owner: dict[uuid.UUID, list[DueItem]] = {}
    for item in due_items(session, organisation_id, today, within_days):
        if item.owner.active:
            by_owner.setdefault(item.owner.id, []).append(item)
    for items in by_owner.values():
        lines = ["These need your attention:", ""]
        for item in items:
            state = "overdue since" if item.overdue(today) else "due"
            lines.append(f"- {item.use_case.reference} {item.use_case.title}: {item.what} ({state} "
                         f"{item.due_on:%-d %B %Y})")
        lines += ["", "Sign in to start a new assessment version or to update the conditions."]
        overdue = sum(item.overdue(today) for item in items)
        subject = f"{len(items)} AI use case item{'s' if len(items) != 1 else ''} due" + (
            f", {overdue} overdue" if overdue else "")
        queue_email(session, recipient=items[0].owner, kind="reminder", subject=subject, body="\n".join(lines))
    return len(by_owner)


@dataclass(frozen=True)
class ConditionView:
    """A condition as pages show it."""
    id: uuid.UUID
    text: str
    owner: str
    due_on: date
    met_on: date | None
    met_by: str | None
    evidence: str | None
    overdue: bool
    can_mark_met: bool


def condition_views(session: Session, actor: User, assessment: Assessment, today: date) -> list[ConditionView]:
    """Every condition of the version's current round, open ones first, with what this person may do. A round
    that ended in a rejection or a request for changes has none."""
    if assessment.state in (State.REJECTED, State.CHANGES_REQUESTED):
        return []
    conditions = conditions_of(session, [assessment])
    conditions.sort(key=lambda item: (item.met_at_utc is not None, item.due_on, item.position))
    return [ConditionView(item.id, item.text, item.owner, item.due_on,
                          item.met_at_utc.date() if item.met_at_utc else None,
                          item.met_by.name if item.met_by else None, item.met_evidence,
                          item.met_at_utc is None and item.due_on < today,
                          may_mark_met(actor, item) and assessment.state in APPROVED_STATES)
            for item in conditions]
