"""Staff forms answer malformed input with a page that says what is wrong, never a 500: dates with absurd
years, list actions naming no row a person could have pressed, numbers too large to store, and
conditions due in a year no calendar has."""

from __future__ import annotations

import pytest
from flask import Flask

from governance.accounts.models import Role, User
from governance.db import transaction
from tests.helpers import Factories, PageClient, lock_version


def _lead_on_a_draft(app: Flask) -> tuple[PageClient, str]:
    factories = Factories(app)
    use_case = factories.use_case(factories.organisation())
    with app.app_context(), transaction() as session:
        email = session.get(User, use_case.owner_id).email
    lead = PageClient(app.test_client())
    lead.sign_in(email)
    return lead, f"/assessments/{use_case.latest.id}"


@pytest.mark.parametrize(("question", "data", "expected"), [
    ("review-date", {"answer": ["1", "1", "9" * 20]}, 200),
    ("review-date", {"answer": ["9" * 30, "1", "2027"]}, 200),
    ("people", {"answer": "1e999999999"}, 200),
    ("people", {"answer": "9" * 5000}, 200),
    # A removal of a row nobody could have pressed changes nothing and goes back to the list.
    ("risks", {"action": "remove-²"}, 302),
    ("risks", {"action": "remove-" + "9" * 5000}, 302),
    ("risks", {"action": "remove--1"}, 302),
], ids=["year-of-20-digits", "day-of-30-digits", "number-with-a-huge-exponent", "number-of-5000-digits",
        "remove-superscript-two", "remove-5000-digits", "remove-minus-one"])
def test_question_pages_refuse_malformed_input_clearly(small_app: Flask, question: str, data: dict,
                                                       expected: int) -> None:
    lead, assessment = _lead_on_a_draft(small_app)
    url = f"{assessment}/questions/{question}"
    token = lead.get(url).csrf_token()

    response = lead.client.post(url, data={"csrf_token": token, **data})

    assert response.status_code == expected
    if expected == 200:
        assert "govuk-error-summary" in response.get_data(as_text=True)


@pytest.mark.parametrize("year", ["9" * 20, "0", "-5", "2027.5"])
def test_a_condition_due_in_an_impossible_year_is_an_error_on_the_page(small_app: Flask, year: str) -> None:
    factories = Factories(small_app)
    council = factories.organisation()
    lead = factories.user(council, [Role.DIGITAL_LEAD])
    factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk")
    assessment_id = factories.submitted(council, submitter=lead)
    officer = PageClient(small_app.test_client())
    officer.sign_in("officer@southshire.gov.uk")
    url = f"/reviews/{assessment_id}/decision"

    page = officer.post(url, {"decision": "approve_with_conditions",
                              "lock_version": lock_version(small_app, assessment_id),
                              "conditions-0-text": "Publish the notice", "conditions-0-owner_id": str(lead.id),
                              "conditions-0-due_on": ["1", "1", year]}, 200, token_from=url)

    assert "the due date must be a real date" in page.text(".govuk-error-summary")
