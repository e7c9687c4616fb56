"""Reviewing through the pages: queue, comments the lead sees, the decision form and its errors, the
signed record's download and the public check page."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from flask import Flask
from pypdf import PdfReader

from governance.accounts.models import Role
from governance.assessments.models import Assessment
from governance.db import transaction
from tests.helpers import Factories, PageClient, assert_cannot_decide
from tests.records_support import BLOCKED_ANSWERS, HIGH_RISK_ANSWERS, SMALL_ANSWERS


@pytest.fixture
def factories(small_app: Flask) -> Factories:
    return Factories(small_app)


def _client(app: Flask, email: str) -> PageClient:
    pages = PageClient(app.test_client())
    pages.sign_in(email)
    return pages


@pytest.fixture
def officer(small_app: Flask, factories: Factories, council) -> PageClient:
    factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk", name="Robin Officer")
    return _client(small_app, "officer@southshire.gov.uk")


@pytest.fixture
def lead_user(factories: Factories, council):
    return factories.user(council, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk", name="Dana Lead")


def _lock(app: Flask, assessment_id) -> str:
    with app.app_context(), transaction() as session:
        return str(session.get(Assessment, assessment_id).lock_version)


def test_the_queue_lists_submitted_assessments_for_officers_only(small_app: Flask, factories: Factories, council,
                                                                 officer: PageClient, lead_user) -> None:
    factories.submitted(council, submitter=lead_user)
    lead = _client(small_app, "lead@southshire.gov.uk")

    queue = officer.get("/reviews")
    filtered = officer.get("/reviews?level=IV")
    lead.get("/reviews", 403)

    assert "Repairs chatbot" in queue.text("table") and "Dana Lead" in queue.text("table")
    assert "There is nothing to review that matches these filters" in filtered.text()


def test_comments_reach_the_digital_lead(small_app: Flask, factories: Factories, council, officer: PageClient,
                                         lead_user) -> None:
    assessment_id = factories.submitted(council, submitter=lead_user)
    review = f"/reviews/{assessment_id}"

    empty = officer.post(f"{review}/comments", {"section": "data", "body": ""}, 200, token_from=review)
    officer.post(f"{review}/comments", {"section": "data", "body": "Which DPIA covers this?"},
                 token_from=review)
    lead_view = _client(small_app, "lead@southshire.gov.uk").get(f"/assessments/{assessment_id}")

    assert "Enter a comment" in empty.text(".govuk-error-summary")
    assert "Which DPIA covers this?" in officer.get(review).text()
    assert "B. Personal data: Robin Officer" in lead_view.text() and "Which DPIA covers this?" in lead_view.text()


def test_decision_form_errors_are_explained(small_app: Flask, factories: Factories, council,
                                            officer: PageClient) -> None:
    assessment_id = factories.submitted(council)
    url = f"/reviews/{assessment_id}/decision"
    lock = _lock(small_app, assessment_id)

    nothing = officer.post(url, {"lock_version": lock}, 200)
    no_reason = officer.post(url, {"lock_version": lock, "decision": "reject"}, 200)
    bad_date = officer.post(url, {"lock_version": lock, "decision": "approve_with_conditions",
                                  "conditions-0-text": "Publish", "conditions-0-owner_id": "",
                                  "conditions-0-due_on": ["31", "2", "2027"]}, 200)
    no_owner = officer.post(url, {"lock_version": lock, "decision": "approve_with_conditions",
                                  "conditions-0-text": "Publish", "conditions-0-owner_id": "",
                                  "conditions-0-due_on": ["31", "3", str(date.today().year + 1)]}, 200)
    more_rows = officer.post(url, {"lock_version": lock, "add_condition": "Add another condition",
                                   "conditions-0-text": "Publish"}, 200)

    def summary(page) -> dict[str, str]:
        assert len(page.soup.select(".govuk-error-summary")) == 1
        return {link.get_text(strip=True): link["href"] for link in page.soup.select(".govuk-error-summary a")}

    assert summary(nothing) == {"Choose a decision": "#decision"}
    assert summary(no_reason) == {"Give the reason for rejecting": "#reason"}
    assert summary(bad_date) == {"Condition 1: the due date must be a real date, like 31 3 2027":
                                "#conditions-0-due_on-day"}
    assert summary(no_owner) == {"Condition 1: choose who owns it": "#conditions-0-owner_id"}
    assert bad_date.soup.select_one("#conditions-0-text").get_text() == "Publish"  # nothing typed is lost
    assert len(more_rows.soup.select("fieldset.app-condition")) == 2
    assert more_rows.soup.select_one("#conditions-0-text").get_text() == "Publish"
    assert _lock(small_app, assessment_id) == lock  # nothing was decided


def test_approval_with_conditions_issues_a_record_anyone_can_check(small_app: Flask, factories: Factories,
                                                                   council, officer: PageClient,
                                                                   lead_user) -> None:
    assessment_id = factories.submitted(council, submitter=lead_user)
    due = date.today() + timedelta(days=60)
    officer.post(f"/reviews/{assessment_id}/decision", {
        "lock_version": _lock(small_app, assessment_id), "decision": "approve_with_conditions",
        "conditions-0-text": "Publish the privacy notice", "conditions-0-owner_id": str(lead_user.id),
        "conditions-0-due_on": [str(due.day), str(due.month), str(due.year)]})

    review = officer.get(f"/reviews/{assessment_id}")
    link = review.soup.select_one("a[download]")["href"]
    download = officer.client.get(link)
    public = PageClient(small_app.test_client())
    token = public.get("/check-a-record").csrf_token()
    checked = public._page(public.client.post("/check-a-record", data={
        "csrf_token": token, "record": (io.BytesIO(download.data), "record.pdf")}), 200)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(download.data)).pages)

    assert "Approved with conditions" in review.text()
    assert download.mimetype == "application/pdf"
    assert re.fullmatch(r'attachment; filename="AI-\d{4}-\d{4}-v1\.pdf"', download.headers["Content-Disposition"])
    assert "Publish the privacy notice" in text and "Dana Lead" in text
    assert checked.text("h1") == "This record is genuine"
    assert "Repairs chatbot" in checked.text()
    assert f"due {due.strftime('%-d %B %Y')}" in checked.text()  # as the record prints it, not ISO
    assert _client(small_app, "lead@southshire.gov.uk").get(f"/assessments/{assessment_id}").soup.select_one(
        "a[download]")["href"] == link


def test_the_submitter_cannot_decide_through_the_page(small_app: Flask, factories: Factories, council) -> None:
    both = factories.user(council, [Role.DIGITAL_LEAD, Role.IG_OFFICER], email="both@southshire.gov.uk")
    assessment_id = factories.submitted(council, submitter=both)
    assert_cannot_decide(small_app, _client(small_app, "both@southshire.gov.uk"), assessment_id,
                         "a different officer must decide")


def test_a_decision_from_a_stale_page_is_refused_with_the_current_state(small_app: Flask, factories: Factories,
                                                                       council, officer: PageClient) -> None:
    assessment_id = factories.submitted(council)
    stale = _lock(small_app, assessment_id)
    officer.post(f"/reviews/{assessment_id}/decision",
                 {"lock_version": stale, "decision": "request_changes", "reason": "Explain the benefit"})

    refused = officer.post(f"/reviews/{assessment_id}/decision", {"lock_version": stale, "decision": "approve"}, 303,
                           token_from=f"/reviews/{assessment_id}")
    nonsense = officer.post(f"/reviews/{assessment_id}/decision", {"lock_version": "x", "decision": "approve"}, 303,
                            token_from=f"/reviews/{assessment_id}")
    after = officer.get(refused.response.headers["Location"])

    assert "Another officer recorded a decision" in after.text(".govuk-error-summary")
    assert nonsense.response.headers["Location"] == refused.response.headers["Location"]
    assert "Changes requested" in after.text()
    with small_app.app_context(), transaction() as session:
        assert session.get(Assessment, assessment_id).status == "changes_requested"


def test_the_check_page_explains_what_is_wrong(small_app: Flask) -> None:
    public = PageClient(small_app.test_client())
    token = public.get("/check-a-record").csrf_token()

    def check(content: bytes, name: str = "record.pdf") -> object:
        response = public.client.post("/check-a-record", data={"csrf_token": token,
                                                               "record": (io.BytesIO(content), name)})
        return public._page(response, response.status_code)

    missing = public._page(public.client.post("/check-a-record", data={"csrf_token": token}), 200)
    not_pdf = check(b"hello")
    unsigned = check(b"%PDF-1.7\n%%EOF")

    assert "Choose the PDF record to check" in missing.text(".govuk-error-summary")
    assert "The file must be a PDF" in not_pdf.text(".govuk-error-summary")
    assert "cannot be relied on" in unsigned.text("h1")


def test_the_pages_enforce_blockers_conditions_and_a_second_approval(small_app: Flask, factories: Factories,
                                                                     council, officer: PageClient) -> None:
    blocked = factories.submitted(council, BLOCKED_ANSWERS)
    high = factories.submitted(council, HIGH_RISK_ANSWERS)
    plain = factories.submitted(council)
    factories.user(council, [Role.IG_OFFICER], email="second@southshire.gov.uk")
    second = _client(small_app, "second@southshire.gov.uk")

    def decide(pages: PageClient, assessment_id, data: dict, status: int = 302):
        return pages.post(f"/reviews/{assessment_id}/decision",
                          {"lock_version": _lock(small_app, assessment_id), **data}, status)

    refused = decide(officer, blocked, {"decision": "approve"}, 200)
    no_conditions = decide(officer, plain, {"decision": "approve_with_conditions"}, 200)
    decide(officer, high, {"decision": "approve"})
    waiting = officer.get(f"/reviews/{high}")
    again = officer.post(f"/reviews/{high}/decision", {"lock_version": _lock(small_app, high), "decision": "approve"},
                         303, token_from=f"/reviews/{high}")
    second_view = second.get(f"/reviews/{high}")
    decide(second, high, {"decision": "approve"})

    assert "Resolve the blockers before approving" in refused.text(".govuk-error-summary")
    assert "Add at least one condition" in no_conditions.text(".govuk-error-summary")
    assert "a second officer must approve it too" in waiting.text(".govuk-notification-banner")
    assert "Waiting for second approval" in waiting.text()
    assert "Make a decision" not in waiting.text()
    assert "Awaiting a second officer" in waiting.text("#awaiting-second-officer")
    assert "Awaiting a second officer" not in second_view.text() and "Make a decision" in second_view.text()
    assert "already approved" in officer.get(again.response.headers["Location"]).text(".govuk-error-summary")
    with small_app.app_context(), transaction() as session:
        assert session.get(Assessment, high).status == "approved"
        assert session.get(Assessment, blocked).status == "submitted"


def test_after_a_resubmission_the_review_shows_what_changed_since_the_request(
        small_app: Flask, factories: Factories, council, officer: PageClient, lead_user) -> None:
    from governance.accounts.models import User
    from governance.assessments import services as assessment_services

    assessment_id = factories.submitted(council, submitter=lead_user)
    first_round = officer.get(f"/reviews/{assessment_id}")
    officer.post(f"/reviews/{assessment_id}/decision", {"lock_version": _lock(small_app, assessment_id),
                                                         "decision": "request_changes",
                                                         "reason": "Describe what the tool does"})
    questionnaire = small_app.extensions["questionnaires"]["small@1.0"]
    with small_app.app_context(), transaction() as session:
        assessment, lead = session.get(Assessment, assessment_id), session.get(User, lead_user.id)
        assessment_services.save_answer(session, lead, questionnaire, assessment,
                                        questionnaire.question("description"), "Answers questions about repairs")
        assessment_services.submit(session, lead, questionnaire, assessment)

    review = officer.get(f"/reviews/{assessment_id}")

    assert not first_round.soup.select("#changes-since-request")
    rows = review.soup.select_one("#changes-since-request").find_next("table").select("tbody tr")
    cells = [[cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in rows]
    description = questionnaire.question("description")
    # Both sides, so the officer sees what the request changed: the old text (markup shown as text) and the new.
    assert cells == [[f"{description.ref} {description.label}", SMALL_ANSWERS["description"],
                      "Answers questions about repairs"]]


def test_the_review_page_has_contents_and_lists_flagged_answers_first(small_app: Flask, factories: Factories,
                                                                      council, officer: PageClient) -> None:
    assessment_id = factories.submitted(council, BLOCKED_ANSWERS)

    review = officer.get(f"/reviews/{assessment_id}")
    contents = [link["href"] for link in review.soup.select("nav.app-contents a")]
    flagged = review.soup.select("#flagged ~ ul a:not(.app-source a)")

    assert {"#risk", "#flagged", "#answers", "#decisions"} <= set(contents)
    assert all(review.soup.select_one(href) is not None for href in contents)  # every entry lands somewhere
    # Here the red flag comes from a combination of answers, explained in the risk section.
    assert [(link.get_text(strip=True), link["href"]) for link in flagged] == [("A combination of answers", "#risk")]
    # and it cites the law or guidance its rule follows
    assert review.soup.select_one("#flagged ~ ul .app-source a")["href"].startswith("https://ico.org.uk/")
    assert "Residents" in review.text("#flagged ~ ul")
    assert contents.index("#flagged") < contents.index("#answers")
    assert all(review.soup.select_one(f"#answer-{question}") for question in ("name", "personal-data"))
