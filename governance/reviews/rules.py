"""What an officer's decision must say (a reason, well-formed conditions) and the next review date. Pure: no
Flask, no database. Who may decide, and when, is the lifecycle's (governance/assessments/lifecycle.py).
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


class DecisionKind(enum.StrEnum):
    APPROVE = "approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"

    @property
    def label(self) -> str:
        return {"approve": "Approved", "approve_with_conditions": "Approved with conditions",
                "request_changes": "Changes requested", "reject": "Rejected"}[self.value]

    @property
    def approves(self) -> bool:
        return self in (DecisionKind.APPROVE, DecisionKind.APPROVE_WITH_CONDITIONS)


REVIEW_MONTHS = 12
HIGH_RISK_REVIEW_MONTHS = 6
MAX_CONDITIONS = 20


@dataclass(frozen=True)
class ConditionInput:
    text: str
    # The id of the person who owns it (a member of the organisation), as the form sends it.
    owner_id: str
    due_on: date | None


@dataclass(frozen=True)
class DecisionRequest:
    kind: DecisionKind
    reason: str = ""
    conditions: tuple[ConditionInput, ...] = ()


@dataclass(frozen=True)
class Problem:
    """Something to fix before a decision can be recorded, and which part of the form it is about."""

    message: str
    field: str = "decision"  # "decision", "reason" or "conditions"
    condition: int | None = None  # which filled-in condition, from 0
    part: str | None = None  # "text", "owner_id" or "due_on"

    def __str__(self) -> str:
        return self.message


def decision_problems(request: DecisionRequest, today: date) -> list[Problem]:
    """What is wrong with what the officer filled in; empty when nothing is. Whether the officer may decide
    now at all is the lifecycle's question."""
    if request.kind.approves:
        if request.kind is DecisionKind.APPROVE and request.conditions:
            return [Problem("Choose 'approve with conditions' to set conditions")]
        if request.kind is DecisionKind.APPROVE_WITH_CONDITIONS:
            return condition_problems(request.conditions, today)
        return []
    if not request.reason.strip():
        return [Problem("Give the reason for rejecting" if request.kind is DecisionKind.REJECT
                        else "Say what needs to change", "reason")]
    return []


def condition_problems(conditions: Sequence[ConditionInput], today: date) -> list[Problem]:
    if not conditions:
        return [Problem("Add at least one condition", "conditions", 0, "text")]
    if len(conditions) > MAX_CONDITIONS:
        return [Problem(f"Set no more than {MAX_CONDITIONS} conditions", "conditions", 0, "text")]
    problems = []
    for index, condition in enumerate(conditions):
        number = index + 1
        if not condition.text.strip():
            problems.append(Problem(f"Condition {number}: say what must be done", "conditions", index, "text"))
        if not condition.owner_id.strip():
            problems.append(Problem(f"Condition {number}: choose who owns it", "conditions", index, "owner_id"))
        if condition.due_on is None:
            problems.append(Problem(f"Condition {number}: give a due date", "conditions", index, "due_on"))
        elif condition.due_on < today:
            problems.append(Problem(f"Condition {number}: the due date must be today or in the future",
                                    "conditions", index, "due_on"))
    return problems


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
