"""Decisions keep what the officers decided (SQLite and PostgreSQL): in a high-risk round the first officer
approves with a condition and the second approves plainly; every place that states the outcome says
"approved with conditions" and shows the condition. And nobody who wrote answers of a version decides on it.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from governance.accounts.models import Organisation, Role
from governance.assessments import services as assessment_services
from governance.assessments.models import Assessment
from governance.db import transaction
from governance.reviews import services as review_services
from governance.reviews.models import Decision
from governance.reviews.rules import DecisionKind, DecisionRequest
from tests.helpers import Factories, PageClient, assert_cannot_decide, lock_version, signed_in
from tests.records_support import HIGH_RISK_ANSWERS, SMALL_ANSWERS

CONDITION = "Run a bias audit of the triage results by ethnicity"


@pytest.fixture
def factories(small_app: Flask) -> Factories:
    return Factories(small_app)


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def _embedded_record(content: bytes) -> dict:
    attachments = PdfReader(io.BytesIO(content)).attachments
    return json.loads(attachments["record.json"][0])


def test_the_round_outcome_and_every_condition_reach_every_page(small_app: Flask, factories: Factories,
                                                                council: Organisation) -> None:
    lead = factories.user(council, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk", name="Dana Lead")
    factories.user(council, [Role.IG_OFFICER], email="first@southshire.gov.uk", name="Robin First")
    factories.user(council, [Role.IG_OFFICER], email="second@southshire.gov.uk", name="Sam Second")
    assessment_id = factories.submitted(council, HIGH_RISK_ANSWERS, submitter=lead)
    first, second = signed_in(small_app, "first@southshire.gov.uk"), signed_in(small_app, "second@southshire.gov.uk")
    due = date.today() + timedelta(days=45)
    decision_url = f"/reviews/{assessment_id}/decision"

    first.post(decision_url, {"lock_version": lock_version(small_app, assessment_id),
                              "decision": "approve_with_conditions", "conditions-0-text": CONDITION,
                              "conditions-0-owner_id": str(lead.id),
                              "conditions-0-due_on": [str(due.day), str(due.month), str(due.year)]})
    waiting = second.get(f"/reviews/{assessment_id}")
    second.post(decision_url, {"lock_version": lock_version(small_app, assessment_id), "decision": "approve"})

    with small_app.app_context(), transaction() as session:
        assessment = session.get(Assessment, assessment_id)
        final = session.scalars(select(Decision).where(Decision.assessment_id == assessment_id,
                                                       Decision.final.is_(True))).one()
        assert assessment.status == "approved_with_conditions"
        assert final.kind == "approve" and final.outcome == "approve_with_conditions"
        reference = assessment.use_case.reference

    review = second.get(f"/reviews/{assessment_id}")
    download = second.client.get(review.soup.select_one("a[download]")["href"])
    text, embedded = _pdf_text(download.data), _embedded_record(download.data)
    public = PageClient(small_app.test_client())
    token = public.get("/check-a-record").csrf_token()
    checked = public._page(public.client.post("/check-a-record", data={
        "csrf_token": token, "record": (io.BytesIO(download.data), "record.pdf")}), 200)
    lead_pages = signed_in(small_app, "lead@southshire.gov.uk")
    task_list = lead_pages.get(f"/assessments/{assessment_id}")
    use_case_page = lead_pages.get(f"/use-cases/{reference}")
    internal = second.get("/ai-register")

    assert CONDITION in waiting.text("#conditions ~ .govuk-summary-card")  # set by the first, seen by the second
    assert "Approved with conditions" in review.text("#outcome")
    assert CONDITION in review.text("#conditions ~ .govuk-summary-card")
    assert "Approved with conditions" in text and CONDITION in text and "Dana Lead" in text
    assert text.index("Approved with conditions") < text.index("Decided by")  # the headline, not a footnote
    assert embedded["decision"]["kind"] == "approve_with_conditions"
    assert [item["text"] for item in embedded["decision"]["conditions"]] == [CONDITION]
    assert [approval["kind"] for approval in embedded["decision"]["approvals"]] == ["approve_with_conditions",
                                                                                    "approve"]
    assert checked.text("h1") == "This record is genuine"
    assert "Approved with conditions" in checked.text("main") and CONDITION in checked.text("main")
    assert "Approved with conditions" in task_list.text("#outcome") and CONDITION in task_list.text("#conditions ~ *")
    assert "Mark as met" in task_list.text("#conditions ~ *")  # the lead owns it
    assert "Approved with conditions" in use_case_page.text("#outcome") and CONDITION in use_case_page.text()
    assert "Approved with conditions" in internal.text("tbody") and CONDITION in internal.text("tbody")


def _draft(small_app: Flask, factories: Factories, council: Organisation):
    """A complete draft filed by a lead; returns (assessment id, questionnaire)."""
    questionnaire = small_app.extensions["questionnaires"]["small@1.0"]
    use_case = factories.use_case(council)
    with small_app.app_context(), transaction() as session:
        assessment = session.get(Assessment, use_case.latest.id)
        assessment.answers = dict(SMALL_ANSWERS)
        return assessment.id, questionnaire


def test_an_officer_who_edited_an_answer_cannot_decide_though_a_colleague_submitted(
        small_app: Flask, factories: Factories, council: Organisation) -> None:
    assessment_id, questionnaire = _draft(small_app, factories, council)
    both = factories.user(council, [Role.DIGITAL_LEAD, Role.IG_OFFICER], email="both@southshire.gov.uk")
    colleague = factories.user(council, [Role.DIGITAL_LEAD])
    with small_app.app_context(), transaction() as session:
        assessment = session.get(Assessment, assessment_id)
        question = questionnaire.question("description")
        assessment_services.save_answer(session, session.get(type(both), both.id), questionnaire, assessment,
                                        question, "Written by the officer who also leads")
        assessment_services.submit(session, session.get(type(colleague), colleague.id), questionnaire, assessment)

    with small_app.app_context(), transaction() as session, pytest.raises(review_services.ReviewError) as refused:
        assessment = session.get(Assessment, assessment_id)
        review_services.decide(session, session.get(type(both), both.id), questionnaire, assessment,
                               DecisionRequest(DecisionKind.APPROVE), seen_lock_version=assessment.lock_version,
                               today=date.today(), recording=None)  # type: ignore[arg-type]
    assert_cannot_decide(small_app, signed_in(small_app, "both@southshire.gov.uk"), assessment_id,
                         "a different officer must decide")
    assert "wrote or submitted answers of this assessment version" in str(refused.value)
    with small_app.app_context(), transaction() as session:
        assert not session.scalars(select(Decision)).all()


def test_an_officer_who_took_no_part_can_decide(small_app: Flask, factories: Factories,
                                                council: Organisation) -> None:
    assessment_id, questionnaire = _draft(small_app, factories, council)
    colleague = factories.user(council, [Role.DIGITAL_LEAD])
    with small_app.app_context(), transaction() as session:
        assessment_services.submit(session, session.get(type(colleague), colleague.id), questionnaire,
                                   session.get(Assessment, assessment_id))

    factories.decide(assessment_id)

    with small_app.app_context(), transaction() as session:
        assert session.get(Assessment, assessment_id).status == "approved"


def test_a_rejection_after_a_conditional_first_approval_carries_no_conditions(
        small_app: Flask, factories: Factories, council: Organisation) -> None:
    from governance.notifications.models import OutboxMessage
    from governance.records.models import SignedRecord
    from governance.reviews.rules import ConditionInput

    lead = factories.user(council, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk")
    assessment_id = factories.submitted(council, HIGH_RISK_ANSWERS, submitter=lead)
    factories.decide(assessment_id, DecisionRequest(DecisionKind.APPROVE_WITH_CONDITIONS, conditions=(
        ConditionInput(CONDITION, str(lead.id), date.today() + timedelta(days=10)),)))
    factories.decide(assessment_id, DecisionRequest(DecisionKind.REJECT, reason="The supplier keeps the data"))

    with small_app.app_context(), transaction() as session:
        record = session.scalars(select(SignedRecord).where(SignedRecord.assessment_id == assessment_id)).one()
        rejection = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "decision_reject")).one()
        assert record.snapshot["decision"]["kind"] == "reject" and record.snapshot["decision"]["conditions"] == []
        assert CONDITION not in rejection.body and "The supplier keeps the data" in rejection.body
    task_list = signed_in(small_app, "lead@southshire.gov.uk").get(f"/assessments/{assessment_id}")
    assert "Rejected" in task_list.text("#outcome") and CONDITION not in task_list.text()


def _check_page(app: Flask, pdf: bytes):
    public = PageClient(app.test_client())
    token = public.get("/check-a-record").csrf_token()
    return public._page(public.client.post("/check-a-record", data={
        "csrf_token": token, "record": (io.BytesIO(pdf), "record.pdf")}), 200)


def test_the_check_page_calls_a_record_superseded_only_once_the_newer_version_is_decided(
        small_app: Flask, factories: Factories, council: Organisation) -> None:
    from governance.records.models import SignedRecord

    first_id = factories.submitted(council)
    factories.decide(first_id)
    with small_app.app_context(), transaction() as session:
        first = session.scalars(select(SignedRecord).where(SignedRecord.assessment_id == first_id)).one()
        pdf, number = first.pdf, first.number
    newer_id = factories.next_version_submitted(first_id)

    while_reassessed = _check_page(small_app, pdf)
    factories.decide(newer_id)
    after = _check_page(small_app, pdf)

    assert while_reassessed.text("h1") == "This record is genuine"
    assert "Replaced" not in while_reassessed.text("main")
    newer_number = number.replace("-v1", "-v2")
    assert after.text("h1") == f"This record has been replaced by record {newer_number}"
    assert f"Superseded by record {newer_number}" in after.text("main")
