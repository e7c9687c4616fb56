"""The life of an assessment version: its states, the events that move it, and one transition table with
named guards. Pure: no Flask, no database, nothing else from governance.

Services gather the facts (`Facts`), ask `fire` for the next state and only then write it; nothing else
sets a status. `fire` raises `TransitionRefused` with a message that is safe to show to the user.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Protocol, TypeAlias

Actor: TypeAlias = Hashable  # a user id; the lifecycle only compares them


class State(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    REJECTED = "rejected"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Event(enum.StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    REJECT = "reject"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    REASSESS = "reassess"
    SUPERSEDE = "supersede"
    RETIRE = "retire"


# A version in one of these states carries a standing approval (published or not).
APPROVED_STATES = frozenset({State.APPROVED, State.APPROVED_WITH_CONDITIONS, State.PUBLISHED, State.WITHDRAWN})
# Decided versions: a newer decided version supersedes them.
DECIDED_STATES = APPROVED_STATES | {State.REJECTED}
EDITABLE_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
ENDED_STATES = frozenset({State.SUPERSEDED, State.RETIRED})


@dataclass(frozen=True)
class Facts:
    """What the guards need to know about one assessment version and the person acting on it."""

    state: State
    actor: Actor | None = None
    # Everyone who edited an answer of this version or submitted it.
    contributors: frozenset[Actor] = frozenset()
    incomplete_sections: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()
    high_risk: bool = False
    # Officers who have approved in the current review round (the first of two, for high risk).
    approvers: tuple[Actor, ...] = ()
    # Whether any approval of this round, including the one being made, set a condition.
    round_has_conditions: bool = False
    publication_refused: bool = False


Check = Callable[[Facts], str | None]


@dataclass(frozen=True)
class Guard:
    name: str
    check: Check


def _complete(facts: Facts) -> str | None:
    if facts.incomplete_sections:
        return "Complete every section before you submit: " + ", ".join(facts.incomplete_sections)
    return None


def _no_stops(facts: Facts) -> str | None:
    return ("This use case is not acceptable as designed: " + "; ".join(facts.stops)) if facts.stops else None


def _no_blockers(facts: Facts) -> str | None:
    if facts.blockers:
        return "Resolve the blockers before approving: " + "; ".join(facts.blockers)
    return None


def _did_not_contribute(facts: Facts) -> str | None:
    if facts.actor is not None and facts.actor in facts.contributors:
        return ("You wrote or submitted answers of this assessment version, so a different officer must decide "
                "on it")
    return None


def _not_yet_approved_by_actor(facts: Facts) -> str | None:
    if facts.actor is not None and facts.actor in facts.approvers:
        return ("You have already approved this assessment in this review round: the next decision must come from "
                "a different officer")
    return None


def _publication_allowed(facts: Facts) -> str | None:
    return "The assessment says this record cannot be published" if facts.publication_refused else None


COMPLETE = Guard("complete", _complete)
NO_STOPS = Guard("no stops", _no_stops)
NO_BLOCKERS = Guard("no blockers", _no_blockers)
SEPARATION_OF_DUTIES = Guard("separation of duties", _did_not_contribute)
SECOND_APPROVER = Guard("a different second approver", _not_yet_approved_by_actor)
PUBLISHABLE = Guard("publication allowed", _publication_allowed)


def _awaiting_second_approval(facts: Facts) -> bool:
    """High risk needs two approvals by different officers: the first one leaves the version in review."""
    return facts.high_risk and not facts.approvers


def _with_conditions(facts: Facts) -> bool:
    return facts.round_has_conditions


@dataclass(frozen=True)
class Transition:
    source: State
    event: Event
    # None: the version stays in its state (the event is allowed and recorded, nothing moves).
    target: State | None
    guards: tuple[Guard, ...] = ()
    # Among rows for the same state and event, the first whose `when` holds applies.
    when: Callable[[Facts], bool] | None = None
    when_name: str | None = None


DECIDING = (SEPARATION_OF_DUTIES, SECOND_APPROVER)
APPROVING = (SEPARATION_OF_DUTIES, NO_STOPS, NO_BLOCKERS, SECOND_APPROVER)


def _rows() -> tuple[Transition, ...]:
    rows = [
        Transition(State.DRAFT, Event.EDIT, None),
        Transition(State.CHANGES_REQUESTED, Event.EDIT, None),
        Transition(State.DRAFT, Event.SUBMIT, State.SUBMITTED, (COMPLETE, NO_STOPS)),
        Transition(State.CHANGES_REQUESTED, Event.SUBMIT, State.SUBMITTED, (COMPLETE, NO_STOPS)),
        Transition(State.SUBMITTED, Event.REQUEST_CHANGES, State.CHANGES_REQUESTED, DECIDING),
        Transition(State.SUBMITTED, Event.REJECT, State.REJECTED, DECIDING),
        Transition(State.SUBMITTED, Event.APPROVE, None, APPROVING, _awaiting_second_approval,
                   "awaiting a second approval"),
        Transition(State.SUBMITTED, Event.APPROVE, State.APPROVED_WITH_CONDITIONS, APPROVING, _with_conditions,
                   "any approval set a condition"),
        Transition(State.SUBMITTED, Event.APPROVE, State.APPROVED, APPROVING),
        Transition(State.PUBLISHED, Event.WITHDRAW, State.WITHDRAWN),
        # The register entry of a superseded version stays public until withdrawn or replaced.
        Transition(State.SUPERSEDED, Event.WITHDRAW, None),
    ]
    for state in (State.APPROVED, State.APPROVED_WITH_CONDITIONS, State.PUBLISHED, State.WITHDRAWN):
        rows.append(Transition(state, Event.PUBLISH, State.PUBLISHED, (PUBLISHABLE,)))
    for state in sorted(DECIDED_STATES):
        # Starting a new version changes nothing here: the old record stands until the new one is decided.
        rows.append(Transition(state, Event.REASSESS, None))
        rows.append(Transition(state, Event.SUPERSEDE, State.SUPERSEDED))
    for state in State:
        if state not in ENDED_STATES:
            rows.append(Transition(state, Event.RETIRE, State.RETIRED))
    return tuple(rows)


TRANSITIONS = _rows()

REFUSALS = {
    Event.EDIT: "This assessment has been submitted and can no longer be changed",
    Event.SUBMIT: "Only a draft or an assessment sent back for changes can be submitted",
    Event.REQUEST_CHANGES: "Only a submitted assessment can be decided",
    Event.APPROVE: "Only a submitted assessment can be decided",
    Event.REJECT: "Only a submitted assessment can be decided",
    Event.PUBLISH: "Only an approved use case can be published",
    Event.WITHDRAW: "Only a published entry can be withdrawn",
    Event.REASSESS: "A new version can be started once the current one has been decided",
    Event.SUPERSEDE: "Only a decided version can be superseded",
    Event.RETIRE: "This version has already ended",
}
ENDED = {State.RETIRED: "This use case has been retired", State.SUPERSEDED: "A newer version has replaced this one"}


class TransitionRefused(Exception):  # noqa: N818 - the name says what happened
    """The event is not allowed now; `str(error)` is safe to show."""

    def __init__(self, message: str, event: Event, state: State) -> None:
        super().__init__(message)
        self.event = event
        self.state = state


def transition_for(facts: Facts, event: Event) -> Transition:
    """The row that applies, or TransitionRefused naming the first guard that fails."""
    rows = [row for row in TRANSITIONS if row.source is facts.state and row.event is event]
    if not rows:
        raise TransitionRefused(ENDED.get(facts.state, REFUSALS[event]), event, facts.state)
    row = next(row for row in rows if row.when is None or row.when(facts))
    for guard in row.guards:
        problem = guard.check(facts)
        if problem:
            raise TransitionRefused(problem, event, facts.state)
    return row


def fire(facts: Facts, event: Event) -> State:
    """The state after the event (the same state when the event moves nothing)."""
    row = transition_for(facts, event)
    return row.target if row.target is not None else facts.state


def refusal(facts: Facts, event: Event) -> str | None:
    """Why the event is not allowed now, or None when it is."""
    try:
        transition_for(facts, event)
    except TransitionRefused as error:
        return str(error)
    return None


def allows(facts: Facts, event: Event) -> bool:
    return refusal(facts, event) is None


def is_editable(state: State | str) -> bool:
    """Whether answers of a version in this state can be changed (the one place that says so)."""
    return any(row.source is State(state) and row.event is Event.EDIT for row in TRANSITIONS)


def events_from(state: State) -> tuple[Event, ...]:
    """Events with a row from `state`, in table order (guards not applied)."""
    return tuple(dict.fromkeys(row.event for row in TRANSITIONS if row.source is state))


class HasStatus(Protocol):
    status: str


def apply(version: HasStatus, facts: Facts, event: Event) -> tuple[State, State]:
    """Fire the event and write the new state on the version: the only place a status is set.
    Returns the states before and after."""
    before = State(version.status)
    if before is not facts.state:
        raise ValueError(f"facts describe {facts.state.value}, the version is {before.value}")
    after = fire(facts, event)
    if after is not before:
        version.status = after.value
    return before, after
