"""The rules a decision must follow, and what it leads to. Pure: no Flask, no database.

Services call `decision_problems` before recording anything, so the rules hold whatever page or
command asked for the decision.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from governance.questionnaire.risk import RiskResult
from governance.reviews.models import DecisionKind

REVIEW_MONTHS = 12
HIGH_RISK_REVIEW_MONTHS = 6
MAX_CONDITIONS = 20


@dataclass(frozen=True)
class ConditionInput:
    text: str
    owner: str
    due_on: date | None


@dataclass(frozen=True)
class DecisionRequest:
    kind: DecisionKind
    reason: str = ""
    conditions: tuple[ConditionInput, ...] = ()


@dataclass(frozen=True)
class ReviewState:
    """What the rules need to know about the assessment being decided."""
    status: str
    submitted_by_id: uuid.UUID | None
    risk: RiskResult
    # Officers who already approved in this review round (high risk waits for a second one).
    earlier_approvers: tuple[uuid.UUID, ...] = ()


def decision_problems(request: DecisionRequest, state: ReviewState, decider_id: uuid.UUID, today: date) -> list[str]:
    """Why this officer may not make this decision now; empty when they may."""
    if state.status != "submitted":
        return ["Only a submitted assessment can be decided"]
    if decider_id == state.submitted_by_id:
        return ["You submitted this assessment, so a different officer must decide on it"]
    problems: list[str] = []
    if request.kind.approves:
        problems += _approval_problems(request, state, decider_id, today)
    elif not request.reason.strip():
        problems.append("Give the reason for rejecting" if request.kind is DecisionKind.REJECT
                        else "Say what needs to change")
    return problems


def _approval_problems(request: DecisionRequest, state: ReviewState, decider_id: uuid.UUID,
                       today: date) -> list[str]:
    problems: list[str] = []
    if state.risk.stops:
        problems.append("This use case cannot be approved as designed: "
                        + "; ".join(stop.reason for stop in state.risk.stops))
    if state.risk.blockers:
        problems.append("Resolve the blockers before approving: "
                        + "; ".join(blocker.reason for blocker in state.risk.blockers))
    if decider_id in state.earlier_approvers:
        problems.append("You have already approved this assessment: a second approval must come from "
                        "a different officer")
    if request.kind is DecisionKind.APPROVE and request.conditions:
        problems.append("Choose 'approve with conditions' to set conditions")
    if request.kind is DecisionKind.APPROVE_WITH_CONDITIONS:
        problems += condition_problems(request.conditions, today)
    return problems


def condition_problems(conditions: Sequence[ConditionInput], today: date) -> list[str]:
    if not conditions:
        return ["Add at least one condition"]
    if len(conditions) > MAX_CONDITIONS:
        return [f"Set no more than {MAX_CONDITIONS} conditions"]
    problems = []
    for number, condition in enumerate(conditions, start=1):
        if not condition.text.strip():
            problems.append(f"Condition {number}: say what must be done")
        if not condition.owner.strip():
            problems.append(f"Condition {number}: say who owns it")
        if condition.due_on is None:
            problems.append(f"Condition {number}: give a due date")
        elif condition.due_on < today:
            problems.append(f"Condition {number}: the due date must be today or in the future")
    return problems


def is_final(request: DecisionRequest, state: ReviewState) -> bool:
    """A high-risk approval counts only once a second officer has approved too."""
    if request.kind.approves and state.risk.high_risk:
        return len(state.earlier_approvers) >= 1
    return True


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def next_review_date(decided_on: date, requested: date | None, high_risk: bool) -> date:
    """The assessment's own review date, but never later than 12 months away (6 for high risk)."""
    latest = add_months(decided_on, HIGH_RISK_REVIEW_MONTHS if high_risk else REVIEW_MONTHS)
    if requested is None or requested <= decided_on:
        return latest
    return min(requested, latest)
