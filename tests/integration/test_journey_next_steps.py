"""What walking the whole journey showed a council user needs: each page says what happens next and who
did what, in the words of the decision."""

from __future__ import annotations

import pytest
from flask import Flask

from governance.accounts.models import Role
from governance.assessments.models import Assessment
from governance.db import transaction
from governance.reviews.rules import DecisionKind, DecisionRequest
from tests.helpers import Factories, signed_in
from tests.records_support import BLOCKED_ANSWERS, HIGH_RISK_ANSWERS


@pytest.fixture
def factories(small_app: Flask) -> Factories:
    return Factories(small_app)


@pytest.fixture
def people(small_app: Flask, factories: Factories, council):
    lead = factories.user(council, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk", name="Dana Lead")
    factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk", name="Robin Officer")
    factories.user(council, [Role.IG_OFFICER], email="second@southshire.gov.uk", name="Sasha Second")
    return lead


def _lock(app: Flask, assessment_id) -> str:
    with app.app_context(), transaction() as session:
        return str(session.get(Assessment, assessment_id).lock_version)


def _reference(app: Flask, assessment_id) -> str:
    with app.app_context(), transaction() as session:
        return session.get(Assessment, assessment_id).use_case.reference


def test_a_round_two_officers_approved_names_both_and_leads_on_to_publishing(small_app: Flask, factories: Factories,
                                                                            council, people) -> None:
    high = factories.submitted(council, HIGH_RISK_ANSWERS, submitter=people)
    officer = signed_in(small_app, "officer@southshire.gov.uk")
    second = signed_in(small_app, "second@southshire.gov.uk")
    before = officer.get(f"/reviews/{high}")
    decision_page = officer.get(f"/reviews/{high}/decision")
    officer.post(f"/reviews/{high}/decision", {"lock_version": _lock(small_app, high), "decision": "approve"})
    second.post(f"/reviews/{high}/decision", {"lock_version": _lock(small_app, high), "decision": "approve"})

    after = officer.get(f"/reviews/{high}")
    use_case = signed_in(small_app, "lead@southshire.gov.uk").get(f"/use-cases/{_reference(small_app, high)}")

    # The level alone can say "Medium": the page says why two officers are needed.
    assert "High risk because the processing always needs a DPIA: two officers must approve" in before.text()
    assert "This is high risk because the processing always needs a DPIA" in decision_page.text()
    assert after.text("#outcome").startswith("Approved : approved by Robin Officer on")
    assert "and Sasha Second on" in after.text("#outcome")
    publish = after.soup.find("a", string="publish this use case on the register")
    assert publish is not None and publish["href"] == f"/use-cases/{_reference(small_app, high)}/publish"
    assert "It is not on the public register yet: an information governance officer publishes it" in use_case.text()


def test_a_lead_asked_for_changes_is_sent_from_the_use_case_to_the_comments(small_app: Flask, factories: Factories,
                                                                           council, people) -> None:
    assessment_id = factories.submitted(council, submitter=people)
    factories.decide(assessment_id, DecisionRequest(DecisionKind.REQUEST_CHANGES, "Say how residents can opt out"))
    lead = signed_in(small_app, "lead@southshire.gov.uk")

    page = lead.get(f"/use-cases/{_reference(small_app, assessment_id)}")

    call = page.soup.select_one("[data-testid=changes-requested] a")
    assert call is not None and call.get_text() == "Read their comments and make the changes"
    assert call["href"] == f"/assessments/{assessment_id}"


def test_the_submit_page_warns_that_an_officer_cannot_approve_over_a_blocker(small_app: Flask, people) -> None:
    from governance.accounts.models import User
    from governance.assessments import services
    from governance.questionnaire.loader import latest

    questionnaire = latest(small_app.extensions["questionnaires"], small_app.config["DEFAULT_QUESTIONNAIRE"])
    with small_app.app_context(), transaction() as session:
        use_case = services.start_use_case(session, session.get(User, people.id), questionnaire, title="Repairs bot")
        use_case.latest.answers = dict(BLOCKED_ANSWERS)
        task_list = f"/assessments/{use_case.latest.id}"
    lead = signed_in(small_app, "lead@southshire.gov.uk")

    page = lead.get(f"{task_list}/submit")

    assert "an officer cannot approve it until the blocker above is resolved" in page.text(
        "[data-testid=submit-with-blockers]")
    assert page.soup.select_one("form button, form input[type=submit]") is not None  # submitting stays possible


def test_a_submitted_version_offers_its_sample_data_to_read_not_to_upload(small_app: Flask, factories: Factories,
                                                                         council, people) -> None:
    assessment_id = factories.submitted(council, submitter=people)

    page = signed_in(small_app, "lead@southshire.gov.uk").get(f"/assessments/{assessment_id}")

    assert "See the sample data checked for personal data" in page.text()
    assert "upload an export" not in page.text()


def test_the_review_compares_the_scans_suggestions_with_the_answers(small_app: Flask, factories: Factories,
                                                                    council, people) -> None:
    from governance.assessments.models import DataScan

    assessment_id = factories.submitted(council, submitter=people)
    with small_app.app_context(), transaction() as session:
        session.add(DataScan(assessment_id=assessment_id, uploaded_by_id=people.id, file_name="export.csv",
                             file_size=10, sha256="0" * 64, status="done",
                             report={"columns": [], "ner": True, "rows_scanned": 10},
                             suggestions={"personal-data": "yes"}))

    review = signed_in(small_app, "officer@southshire.gov.uk").get(f"/reviews/{assessment_id}")

    table = review.soup.find("caption", string="What the scans suggest, and what the digital lead answered")
    assert table is not None
    (row,) = table.find_parent("table").select("tbody tr")
    question = small_app.extensions["questionnaires"]["small@1.0"].question("personal-data")
    assert [cell.get_text(" ", strip=True) for cell in row.select("th, td")] == [
        f"{question.ref} {question.label}", "Yes", "Yes"]
