"""Every decision rule, at the service level, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from governance.accounts.models import Role, User
from governance.assessments import services as assessment_services
from governance.assessments.models import Assessment
from governance.db import transaction
from governance.errors import NotFound
from governance.notifications.models import OutboxMessage
from governance.records.models import SignedRecord
from governance.records.services import RecordSettings, check_record
from governance.records.verification import Outcome
from governance.reviews import services
from governance.reviews.models import Decision
from governance.reviews.rules import ConditionInput, DecisionKind, DecisionRequest
from tests.helpers import Factories
from tests.records_support import BLOCKED_ANSWERS, HIGH_RISK_ANSWERS

TODAY = date.today()
HIGH_RISK, BLOCKED = HIGH_RISK_ANSWERS, BLOCKED_ANSWERS


@pytest.fixture
def factories(small_app: Flask) -> Factories:
    return Factories(small_app)


def _decide(app: Flask, officer: User, assessment_id: uuid.UUID, request: DecisionRequest,
            lock_version: int | None = None) -> Decision:
    questionnaire = app.extensions["questionnaires"]["small@1.0"]
    setup = app.extensions["records.signing"]
    with app.app_context(), transaction() as session:
        actor = session.get(User, officer.id)
        assessment = session.get(Assessment, assessment_id)
        return services.decide(session, actor, questionnaire, assessment, request,
                               seen_lock_version=assessment.lock_version if lock_version is None else lock_version,
                               today=TODAY, recording=RecordSettings(setup, "http://test/check"))


def _assessment(app: Flask, assessment_id: uuid.UUID) -> Assessment:
    with app.app_context(), transaction() as session:
        return session.get(Assessment, assessment_id)


APPROVE = DecisionRequest(DecisionKind.APPROVE)


def test_an_officer_approves_and_a_signed_record_is_issued(small_app: Flask, factories: Factories, council) -> None:
    officer = factories.user(council, [Role.IG_OFFICER], name="Robin Officer")
    assessment_id = factories.submitted(council)

    decision = _decide(small_app, officer, assessment_id, APPROVE)

    assessment = _assessment(small_app, assessment_id)
    assert decision.final and assessment.status == "approved"
    assert assessment.next_review_on == date(2027, 3, 1) or assessment.next_review_on <= TODAY + timedelta(days=366)
    with small_app.app_context(), transaction() as session:
        record = session.scalars(select(SignedRecord)).one()
        assert record.number.endswith("-v1") and not record.development_certificate
        assert check_record(session, record.pdf).outcome is Outcome.GENUINE


def test_nobody_decides_on_what_they_submitted(small_app: Flask, factories: Factories, council) -> None:
    both = factories.user(council, [Role.DIGITAL_LEAD, Role.IG_OFFICER])
    assessment_id = factories.submitted(council, submitter=both)

    for kind in DecisionKind:
        with pytest.raises(services.ReviewError, match="different officer"):
            _decide(small_app, both, assessment_id, DecisionRequest(kind, reason="x"))
    assert _assessment(small_app, assessment_id).status == "submitted"


def test_blockers_and_stops_prevent_approval(small_app: Flask, factories: Factories, council) -> None:
    officer = factories.user(council, [Role.IG_OFFICER])
    blocked = factories.submitted(council, BLOCKED)

    with pytest.raises(services.ReviewError, match="Resolve the blockers"):
        _decide(small_app, officer, blocked, APPROVE)
    rejected = _decide(small_app, officer, blocked, DecisionRequest(DecisionKind.REJECT, reason="No other way in"))

    assert rejected.final and _assessment(small_app, blocked).status == "rejected"


def test_conditions_need_text_owner_and_a_future_date(small_app: Flask, factories: Factories, council) -> None:
    officer = factories.user(council, [Role.IG_OFFICER])
    assessment_id = factories.submitted(council)
    kind = DecisionKind.APPROVE_WITH_CONDITIONS

    with pytest.raises(services.ReviewError, match="at least one condition"):
        _decide(small_app, officer, assessment_id, DecisionRequest(kind))
    with pytest.raises(services.ReviewError) as bad:
        _decide(small_app, officer, assessment_id, DecisionRequest(kind, conditions=(
            ConditionInput("", "", TODAY - timedelta(days=1)),)))
    with pytest.raises(services.ReviewError) as stranger:
        _decide(small_app, officer, assessment_id, DecisionRequest(kind, conditions=(
            ConditionInput("Publish the privacy notice", str(factories.user(factories.organisation()).id),
                           TODAY + timedelta(days=30)),)))
    decision = _decide(small_app, officer, assessment_id, DecisionRequest(kind, conditions=(
        ConditionInput("Publish the privacy notice", str(officer.id), TODAY + timedelta(days=30)),)))

    assert bad.value.messages == ["Condition 1: say what must be done", "Condition 1: choose who owns it",
                                  "Condition 1: the due date must be today or in the future"]
    assert [(item.condition, item.part) for item in bad.value.problems] == [(0, "text"), (0, "owner_id"),
                                                                             (0, "due_on")]
    assert stranger.value.messages == ["Condition 1: choose who owns it from the list"]
    assert [(item.owner, item.owner_id) for item in decision.conditions] == [(officer.name, officer.id)]
    assert [condition.text for condition in decision.conditions] == ["Publish the privacy notice"]


def test_reject_and_request_changes_need_a_reason(small_app: Flask, factories: Factories, council) -> None:
    officer = factories.user(council, [Role.IG_OFFICER])
    assessment_id = factories.submitted(council)

    with pytest.raises(services.ReviewError, match="reason for rejecting"):
        _decide(small_app, officer, assessment_id, DecisionRequest(DecisionKind.REJECT, reason="  "))
    with pytest.raises(services.ReviewError, match="what needs to change"):
        _decide(small_app, officer, assessment_id, DecisionRequest(DecisionKind.REQUEST_CHANGES))


def test_request_changes_unlocks_and_resubmission_returns_it(small_app: Flask, factories: Factories,
                                                             council) -> None:
    officer = factories.user(council, [Role.IG_OFFICER])
    lead = factories.user(council, [Role.DIGITAL_LEAD])
    assessment_id = factories.submitted(council, submitter=lead)
    questionnaire = small_app.extensions["questionnaires"]["small@1.0"]

    _decide(small_app, officer, assessment_id, DecisionRequest(DecisionKind.REQUEST_CHANGES, reason="Explain B6"))
    with small_app.app_context(), transaction() as session:
        actor, assessment = session.get(User, lead.id), session.get(Assessment, assessment_id)
        assert assessment.status == "changes_requested"
        question = questionnaire.question("benefit")
        assessment_services.save_answer(session, actor, questionnaire, assessment, question, "Faster repairs")
        assessment_services.submit(session, actor, questionnaire, assessment)

    assessment = _assessment(small_app, assessment_id)
    assert assessment.status == "submitted" and assessment.review_round == 2
    with small_app.app_context(), transaction() as session:
        queue = services.review_queue(session, session.get(User, officer.id), TODAY)
        assert [item.assessment.id for item in queue] == [assessment_id]
        assert not session.scalars(select(SignedRecord)).all()  # changes requested: no record


def test_high_risk_needs_a_second_approval_by_a_different_officer(small_app: Flask, factories: Factories,
                                                                  council) -> None:
    first = factories.user(council, [Role.IG_OFFICER], name="First Officer")
    second = factories.user(council, [Role.IG_OFFICER], name="Second Officer")
    assessment_id = factories.submitted(council, HIGH_RISK)

    one = _decide(small_app, first, assessment_id, APPROVE)
    assert not one.final and _assessment(small_app, assessment_id).status == "submitted"
    with pytest.raises(services.ReviewError, match="already approved"):
        _decide(small_app, first, assessment_id, APPROVE)
    two = _decide(small_app, second, assessment_id, APPROVE)

    assessment = _assessment(small_app, assessment_id)
    assert two.final and assessment.status == "approved"
    assert assessment.next_review_on <= TODAY + timedelta(days=31 * 6)  # high risk: within 6 months
    with small_app.app_context(), transaction() as session:
        record = session.scalars(select(SignedRecord)).one()
        approvers = [approval["name"] for approval in record.snapshot["decision"]["approvals"]]
        assert approvers == ["First Officer", "Second Officer"]


def test_a_decision_on_a_stale_copy_is_refused(small_app: Flask, factories: Factories, council) -> None:
    officer = factories.user(council, [Role.IG_OFFICER])
    assessment_id = factories.submitted(council)
    seen = _assessment(small_app, assessment_id).lock_version

    _decide(small_app, officer, assessment_id, DecisionRequest(DecisionKind.REQUEST_CHANGES, reason="More"),
            lock_version=seen)
    with pytest.raises(StaleDataError):
        _decide(small_app, officer, assessment_id, APPROVE, lock_version=seen)


def test_only_officers_of_the_organisation_review(small_app: Flask, factories: Factories, council) -> None:
    lead = factories.user(council, [Role.DIGITAL_LEAD])
    outsider = factories.user(factories.organisation("Elsewhere"), [Role.IG_OFFICER])
    assessment_id = factories.submitted(council)

    with pytest.raises(PermissionError):
        _decide(small_app, lead, assessment_id, APPROVE)
    with pytest.raises(NotFound):
        _decide(small_app, outsider, assessment_id, APPROVE)
    with small_app.app_context(), transaction() as session:
        assert services.review_queue(session, session.get(User, outsider.id), TODAY) == []


def test_submission_and_decisions_write_emails_to_the_outbox(small_app: Flask, factories: Factories,
                                                            council) -> None:
    officer = factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk")
    lead = factories.user(council, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk")
    assessment_id = factories.submitted(council, submitter=lead)
    _decide(small_app, officer, assessment_id, DecisionRequest(DecisionKind.REJECT, reason="Not needed"))

    with small_app.app_context(), transaction() as session:
        messages = {(message.recipient.email, message.kind) for message in session.scalars(select(OutboxMessage))}
    assert messages == {("officer@southshire.gov.uk", "assessment_submitted"),
                        ("lead@southshire.gov.uk", "decision_reject")}


def test_a_draft_new_version_leaves_the_record_current_until_the_new_one_is_decided(
        small_app: Flask, factories: Factories, council) -> None:
    officer = factories.user(council, [Role.IG_OFFICER])
    lead = factories.user(council, [Role.DIGITAL_LEAD])
    assessment_id = factories.submitted(council, submitter=lead)
    _decide(small_app, officer, assessment_id, APPROVE)
    questionnaire = small_app.extensions["questionnaires"]["small@1.0"]

    with small_app.app_context(), transaction() as session:
        assessment = session.get(Assessment, assessment_id)
        draft = assessment_services.start_new_version(session, session.get(User, lead.id), questionnaire,
                                                      assessment.use_case)
        draft_id = draft.id
    with small_app.app_context(), transaction() as session:
        record = session.scalars(select(SignedRecord)).one()
        while_drafting = check_record(session, record.pdf)
        assert session.get(Assessment, assessment_id).status == "approved"
    with small_app.app_context(), transaction() as session:
        newer = session.get(Assessment, draft_id)
        assessment_services.submit(session, session.get(User, lead.id), questionnaire, newer)
    _decide(small_app, officer, draft_id, APPROVE)
    with small_app.app_context(), transaction() as session:
        first = session.scalars(select(SignedRecord).where(SignedRecord.assessment_id == assessment_id)).one()
        after = check_record(session, first.pdf)
        assert session.get(Assessment, assessment_id).status == "superseded"

    assert while_drafting.outcome is Outcome.GENUINE and while_drafting.superseded_by is None
    assert after.outcome is Outcome.SUPERSEDED and after.superseded_by is not None
    assert after.superseded_by.endswith("-v2")
