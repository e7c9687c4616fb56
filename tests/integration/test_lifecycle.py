"""The lifecycle through the service layer (SQLite and PostgreSQL): from each state a version can be in,
every event is tried through the service that fires it; the allowed ones move the version as the table
says, every other one is refused with a message and changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from governance.accounts.models import Organisation, Role, User
from governance.assessments import services as assessment_services
from governance.assessments.lifecycle import Event, State
from governance.assessments.models import Assessment
from governance.db import transaction
from governance.errors import DomainError
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from governance.questionnaire.model import Questionnaire
from governance.records.services import RecordSettings
from governance.register import services as register_services
from governance.reviews import register as internal_register
from governance.reviews import services as review_services
from governance.reviews.rules import ConditionInput, DecisionKind, DecisionRequest
from tests.helpers import Factories
from tests.unit.test_lifecycle import EXPECTED

TODAY = date.today()


@dataclass(frozen=True)
class Cast:
    lead: User
    officer: User  # decided the version so far
    other: User  # a second officer who took no part yet


def _recording(app: Flask) -> RecordSettings:
    return RecordSettings(app.extensions["records.signing"], "http://test/check")


def _questionnaire(app: Flask) -> Questionnaire:
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    assert questionnaire is not None
    return questionnaire


def _decide(app: Flask, session: Session, officer: User, assessment: Assessment, request: DecisionRequest) -> None:
    review_services.decide(session, officer, _questionnaire(app), assessment, request,
                           seen_lock_version=assessment.lock_version, today=TODAY, recording=_recording(app))


def _condition(owner: User) -> DecisionRequest:
    return DecisionRequest(DecisionKind.APPROVE_WITH_CONDITIONS,
                           conditions=(ConditionInput("Publish the privacy notice", str(owner.id),
                                                      TODAY + timedelta(days=30)),))


# How each state is reached, step by step, from a complete draft.
STEPS: dict[State, tuple[str, ...]] = {
    State.DRAFT: (),
    State.SUBMITTED: ("submit",),
    State.CHANGES_REQUESTED: ("submit", "request_changes"),
    State.APPROVED: ("submit", "approve"),
    State.APPROVED_WITH_CONDITIONS: ("submit", "approve_with_conditions"),
    State.REJECTED: ("submit", "reject"),
    State.PUBLISHED: ("submit", "approve", "publish"),
    State.WITHDRAWN: ("submit", "approve", "publish", "withdraw"),
    State.RETIRED: ("submit", "approve", "retire"),
}


def _reach(app: Flask, organisation: Organisation, state: State, cast: Cast) -> uuid.UUID:
    questionnaire = _questionnaire(app)
    with app.app_context(), transaction() as session:
        lead, officer = session.get(User, cast.lead.id), session.get(User, cast.officer.id)
        use_case = assessment_services.start_use_case(session, lead, questionnaire, title="Fault predictor")
        assessment = use_case.latest
        assessment.answers = example_answers(questionnaire, TODAY)
        session.flush()
        for step in STEPS[state]:
            _STEP_ACTIONS[step](app, session, lead, officer, assessment)
        return assessment.id


_STEP_ACTIONS: dict[str, Callable[[Flask, Session, User, User, Assessment], object]] = {
    "submit": lambda app, s, lead, officer, a: assessment_services.submit(s, lead, _questionnaire(app), a),
    "request_changes": lambda app, s, lead, officer, a: _decide(
        app, s, officer, a, DecisionRequest(DecisionKind.REQUEST_CHANGES, reason="Explain the fallback")),
    "approve": lambda app, s, lead, officer, a: _decide(app, s, officer, a, DecisionRequest(DecisionKind.APPROVE)),
    "approve_with_conditions": lambda app, s, lead, officer, a: _decide(app, s, officer, a, _condition(lead)),
    "reject": lambda app, s, lead, officer, a: _decide(
        app, s, officer, a, DecisionRequest(DecisionKind.REJECT, reason="Not needed")),
    "publish": lambda app, s, lead, officer, a: register_services.publish(s, officer, _questionnaire(app),
                                                                        a.use_case, TODAY),
    "withdraw": lambda app, s, lead, officer, a: register_services.withdraw(s, officer, a.use_case, "Paused"),
    "retire": lambda app, s, lead, officer, a: internal_register.retire_use_case(s, officer, a.use_case,
                                                                                "Switched off"),
}


def _edit(app: Flask, session: Session, cast: Cast, assessment: Assessment) -> object:
    questionnaire = _questionnaire(app)
    question = next(item for item in questionnaire.questions if item.type == "textarea" and item.id in
                    assessment.answers)
    return assessment_services.save_answer(session, session.get(User, cast.lead.id), questionnaire, assessment,
                                           question, "A changed answer")


# The service that fires each event, acting on the version (or on its use case).
EVENT_ACTIONS: dict[Event, Callable[[Flask, Session, Cast, Assessment], object]] = {
    Event.EDIT: _edit,
    Event.SUBMIT: lambda app, s, cast, a: assessment_services.submit(s, s.get(User, cast.lead.id),
                                                                     _questionnaire(app), a),
    Event.REQUEST_CHANGES: lambda app, s, cast, a: _decide(app, s, s.get(User, cast.other.id), a, DecisionRequest(
        DecisionKind.REQUEST_CHANGES, reason="More detail")),
    Event.APPROVE: lambda app, s, cast, a: _decide(app, s, s.get(User, cast.other.id), a,
                                                   DecisionRequest(DecisionKind.APPROVE)),
    Event.REJECT: lambda app, s, cast, a: _decide(app, s, s.get(User, cast.other.id), a,
                                                  DecisionRequest(DecisionKind.REJECT, reason="No")),
    Event.PUBLISH: lambda app, s, cast, a: register_services.publish(s, s.get(User, cast.other.id),
                                                                     _questionnaire(app), a.use_case, TODAY),
    Event.WITHDRAW: lambda app, s, cast, a: register_services.withdraw(s, s.get(User, cast.other.id), a.use_case,
                                                                       "Paused"),
    Event.REASSESS: lambda app, s, cast, a: assessment_services.start_new_version(
        s, s.get(User, cast.lead.id), _questionnaire(app), a.use_case),
    Event.RETIRE: lambda app, s, cast, a: internal_register.retire_use_case(s, s.get(User, cast.other.id),
                                                                            a.use_case, "Switched off"),
}


def _cast(factories: Factories, council: Organisation) -> Cast:
    return Cast(factories.user(council, [Role.DIGITAL_LEAD]), factories.user(council, [Role.IG_OFFICER]),
                factories.user(council, [Role.IG_OFFICER]))


@pytest.mark.parametrize("state", list(STEPS))
def test_every_event_from_each_state_goes_through_the_services_as_the_table_says(
        app: Flask, factories: Factories, council: Organisation, state: State) -> None:
    cast = _cast(factories, council)
    assessment_id = _reach(app, council, state, cast)
    outcomes = {}
    with app.app_context():
        for event, action in EVENT_ACTIONS.items():
            session: Session = app.extensions["governance.sessionmaker"]()
            try:
                assessment = session.get(Assessment, assessment_id)
                assert assessment.state is state
                try:
                    action(app, session, cast, assessment)
                except DomainError as error:
                    assert str(error), f"{event}: refused without a message"
                    session.rollback()
                    outcomes[event] = ("refused", session.get(Assessment, assessment_id).state)
                else:
                    session.flush()
                    outcomes[event] = ("moved", session.get(Assessment, assessment_id).state)
            finally:
                session.rollback()
                session.close()

    expected = {event: ("moved", EXPECTED[state][event] or state) if event in EXPECTED[state] else ("refused", state)
                for event in EVENT_ACTIONS}
    assert outcomes == expected


def test_a_superseded_version_can_only_have_its_public_entry_withdrawn(app: Flask, factories: Factories,
                                                                       council: Organisation) -> None:
    cast = _cast(factories, council)
    first_id = _reach(app, council, State.PUBLISHED, cast)
    newer_id = factories.next_version_submitted(first_id)
    factories.decide(newer_id, DecisionRequest(DecisionKind.REJECT, reason="The new supplier trains on our data"))
    with app.app_context(), transaction() as session:
        first = session.get(Assessment, first_id)
        assert first.state is State.SUPERSEDED
        for event in (Event.EDIT, Event.SUBMIT, Event.APPROVE, Event.REJECT, Event.REQUEST_CHANGES):
            with pytest.raises(DomainError):
                EVENT_ACTIONS[event](app, session, cast, first)
        register_services.withdraw(session, session.get(User, cast.other.id), first.use_case, "Replaced")
        assert first.state is State.SUPERSEDED
        assert register_services.current_entry(session, first.use_case).status == "withdrawn"


def test_retiring_a_published_use_case_withdraws_its_entry_and_ends_every_version(
        app: Flask, factories: Factories, council: Organisation) -> None:
    cast = _cast(factories, council)
    assessment_id = _reach(app, council, State.RETIRED, cast)
    with app.app_context(), transaction() as session:
        assert session.get(Assessment, assessment_id).state is State.RETIRED
    published_id = _reach(app, council, State.PUBLISHED, cast)
    with app.app_context(), transaction() as session:
        use_case = session.get(Assessment, published_id).use_case
        internal_register.retire_use_case(session, session.get(User, cast.other.id), use_case, "Switched off")
        entry = register_services.current_entry(session, use_case)
        assert entry.status == "withdrawn" and entry.withdrawn_reason == "Retired: Switched off"
        assert [item.state for item in use_case.assessments] == [State.RETIRED]
        with pytest.raises(DomainError, match="retired"):
            internal_register.retire_use_case(session, session.get(User, cast.other.id), use_case, "Again")
        with pytest.raises(DomainError, match="retired"):
            assessment_services.start_new_version(session, session.get(User, cast.lead.id), _questionnaire(app),
                                                  use_case)


def test_every_state_change_is_in_the_audit_log(app: Flask, factories: Factories, council: Organisation) -> None:
    from sqlalchemy import select

    from governance.audit import AuditEvent

    cast = _cast(factories, council)
    assessment_id = _reach(app, council, State.WITHDRAWN, cast)
    with app.app_context(), transaction() as session:
        changes = [(event.payload["event"], event.payload["from"], event.payload["to"]) for event in session.scalars(
            select(AuditEvent).where(AuditEvent.kind == "assessment_status_changed",
                                     AuditEvent.subject == f"assessment:{assessment_id}")
            .order_by(AuditEvent.sequence))]

    assert changes == [("submit", "draft", "submitted"), ("approve", "submitted", "approved"),
                       ("publish", "approved", "published"), ("withdraw", "published", "withdrawn")]

