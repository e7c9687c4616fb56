"""The lifecycle's transition table, walked whole: every state with every event, and each named guard."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from governance.assessments import lifecycle
from governance.assessments.lifecycle import TRANSITIONS, Event, Facts, State, TransitionRefused, fire

PROJECT = Path(__file__).resolve().parents[2]
LEAD, OFFICER, SECOND = "lead", "officer", "second"

# What the law of the product says, written out by hand (not derived from the table): for each state,
# the events allowed from it and where each leads when every guard passes. None: the state stays.
EXPECTED: dict[State, dict[Event, State | None]] = {
    State.DRAFT: {Event.EDIT: None, Event.SUBMIT: State.SUBMITTED, Event.RETIRE: State.RETIRED},
    State.CHANGES_REQUESTED: {Event.EDIT: None, Event.SUBMIT: State.SUBMITTED, Event.RETIRE: State.RETIRED},
    State.SUBMITTED: {Event.REQUEST_CHANGES: State.CHANGES_REQUESTED, Event.REJECT: State.REJECTED,
                      Event.APPROVE: State.APPROVED, Event.RETIRE: State.RETIRED},
    State.APPROVED: {Event.PUBLISH: State.PUBLISHED, Event.REASSESS: None, Event.SUPERSEDE: State.SUPERSEDED,
                     Event.RETIRE: State.RETIRED},
    State.APPROVED_WITH_CONDITIONS: {Event.PUBLISH: State.PUBLISHED, Event.REASSESS: None,
                                     Event.SUPERSEDE: State.SUPERSEDED, Event.RETIRE: State.RETIRED},
    State.REJECTED: {Event.REASSESS: None, Event.SUPERSEDE: State.SUPERSEDED, Event.RETIRE: State.RETIRED},
    State.PUBLISHED: {Event.PUBLISH: State.PUBLISHED, Event.WITHDRAW: State.WITHDRAWN, Event.REASSESS: None,
                      Event.SUPERSEDE: State.SUPERSEDED, Event.RETIRE: State.RETIRED},
    State.WITHDRAWN: {Event.PUBLISH: State.PUBLISHED, Event.REASSESS: None, Event.SUPERSEDE: State.SUPERSEDED,
                      Event.RETIRE: State.RETIRED},
    State.SUPERSEDED: {Event.WITHDRAW: None},
    State.RETIRED: {},
}


def _calm(state: State, **more: object) -> Facts:
    """Facts under which every guard passes: an officer who took no part, nothing blocking."""
    return Facts(state=state, actor=OFFICER, contributors=frozenset({LEAD}), **more)  # type: ignore[arg-type]


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("event", list(Event))
def test_every_state_and_event_is_allowed_or_refused_as_the_product_says(state: State, event: Event) -> None:
    expected = EXPECTED[state]
    if event in expected:
        target = expected[event]
        assert fire(_calm(state), event) is (target or state)
    else:
        with pytest.raises(TransitionRefused) as refused:
            fire(_calm(state), event)
        assert str(refused.value)  # a message a person can read
        assert refused.value.event is event and refused.value.state is state


def test_the_table_has_no_row_the_product_does_not_expect() -> None:
    rows = {(row.source, row.event) for row in TRANSITIONS}
    expected = {(state, event) for state, events in EXPECTED.items() for event in events}

    assert rows == expected


@pytest.mark.parametrize(("facts", "event", "message"), [
    (_calm(State.DRAFT, incomplete_sections=("Data", "Supply chain")), Event.SUBMIT,
     "Complete every section before you submit: Data, Supply chain"),
    (_calm(State.DRAFT, stops=("Supplier trains on residents' data",)), Event.SUBMIT, "not acceptable as designed"),
    (Facts(State.SUBMITTED, actor=LEAD, contributors=frozenset({LEAD})), Event.APPROVE, "a different officer"),
    (Facts(State.SUBMITTED, actor=LEAD, contributors=frozenset({LEAD})), Event.REJECT, "a different officer"),
    (Facts(State.SUBMITTED, actor=LEAD, contributors=frozenset({LEAD})), Event.REQUEST_CHANGES,
     "a different officer"),
    (_calm(State.SUBMITTED, blockers=("No other way in",)), Event.APPROVE, "Resolve the blockers"),
    (_calm(State.SUBMITTED, stops=("Trains on data",)), Event.APPROVE, "not acceptable as designed"),
    (_calm(State.SUBMITTED, high_risk=True, approvers=(OFFICER,)), Event.APPROVE, "already approved"),
    (_calm(State.SUBMITTED, high_risk=True, approvers=(OFFICER,)), Event.REJECT, "already approved"),
    (_calm(State.APPROVED, publication_refused=True), Event.PUBLISH, "cannot be published"),
    (_calm(State.SUBMITTED), Event.REASSESS, "once the current one has been decided"),
    (_calm(State.RETIRED), Event.REASSESS, "retired"),
    (_calm(State.SUBMITTED), Event.EDIT, "can no longer be changed"),
])
def test_each_guard_refuses_with_a_clear_message(facts: Facts, event: Event, message: str) -> None:
    with pytest.raises(TransitionRefused, match=message):
        fire(facts, event)


def test_blockers_do_not_stop_an_officer_sending_it_back_or_rejecting() -> None:
    blocked = _calm(State.SUBMITTED, blockers=("No other way in",), stops=("Trains on data",))

    assert fire(blocked, Event.REQUEST_CHANGES) is State.CHANGES_REQUESTED
    assert fire(blocked, Event.REJECT) is State.REJECTED


def test_high_risk_needs_two_different_approvers_and_keeps_the_first_ones_conditions() -> None:
    first = _calm(State.SUBMITTED, high_risk=True)
    second_plain = Facts(State.SUBMITTED, actor=SECOND, contributors=frozenset({LEAD}), high_risk=True,
                         approvers=(OFFICER,), round_has_conditions=True)

    assert fire(first, Event.APPROVE) is State.SUBMITTED  # waits for a second approval
    assert fire(second_plain, Event.APPROVE) is State.APPROVED_WITH_CONDITIONS
    assert fire(_calm(State.SUBMITTED, round_has_conditions=True), Event.APPROVE) is State.APPROVED_WITH_CONDITIONS


def test_a_contributor_who_did_not_submit_still_cannot_decide() -> None:
    # A colleague pressed submit; the officer wrote answers of this version.
    facts = Facts(State.SUBMITTED, actor=OFFICER, contributors=frozenset({LEAD, OFFICER}))

    for event in (Event.APPROVE, Event.REJECT, Event.REQUEST_CHANGES):
        assert lifecycle.refusal(facts, event) is not None


def test_apply_writes_the_state_and_refuses_facts_about_another_state() -> None:
    class Version:
        status = "submitted"

    version = Version()

    assert lifecycle.apply(version, _calm(State.SUBMITTED), Event.REJECT) == (State.SUBMITTED, State.REJECTED)
    assert version.status == "rejected"
    with pytest.raises(ValueError):
        lifecycle.apply(version, _calm(State.DRAFT), Event.SUBMIT)


def test_only_editable_states_allow_editing() -> None:
    assert {state for state in State if lifecycle.is_editable(state)} == {State.DRAFT, State.CHANGES_REQUESTED}


def _status_assignments(path: Path) -> list[str]:
    """`x.status = ...` assignments in a module, as 'x.status'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AugAssign | ast.AnnAssign) else []
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr == "status":
                found.append(f"{ast.unparse(target.value)}.status")
    return found


# Other things with a status of their own: a register entry's version and a scan's progress.
OTHER_STATUSES = {"entry.status", "previous.status", "scan.status"}


def test_no_module_but_the_lifecycle_sets_an_assessments_status() -> None:
    offenders = {}
    for path in (PROJECT / "governance").rglob("*.py"):
        if path.name == "lifecycle.py":
            continue
        found = [item for item in _status_assignments(path) if item not in OTHER_STATUSES]
        if found:
            offenders[str(path.relative_to(PROJECT))] = found

    assert offenders == {}
    assert _status_assignments(PROJECT / "governance/assessments/lifecycle.py") == ["version.status"]


def test_the_design_documents_list_of_transitions_matches_the_table() -> None:
    text = (PROJECT / "docs" / "lifecycle.md").read_text()
    documented = set()
    for source, event, target in re.findall(r"^\| `(\w+)` \| `(\w+)` \| `(\w+)` \|", text, flags=re.M):
        documented.add((State(source), Event(event), State(target)))
    table = {(row.source, row.event, row.target or row.source) for row in TRANSITIONS}

    assert documented == table
