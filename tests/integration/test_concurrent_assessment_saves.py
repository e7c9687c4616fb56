"""Two requests changing one assessment at once, or one after the other from pages opened at the same time:
nothing is lost without a word, and nothing answers 500.

The PostgreSQL tests make the interleaving certain: the test holds the row lock while both requests start,
waits until both are queued behind it, then lets go. The stale-page tests run on both databases.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import create_engine, func, select, text
from werkzeug.test import TestResponse

from governance.accounts.models import Role
from governance.assessments.models import ActionEvidence, Assessment, UseCase
from governance.audit import AuditEvent
from governance.db import transaction
from governance.notifications.models import OutboxMessage
from tests.helpers import Factories, Page, PageClient, check_page_hygiene, signed_in
from tests.records_support import SMALL_ANSWERS

ON_POSTGRES = pytest.mark.parametrize("database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)],
                                      indirect=True)
LEAD = "lead@southshire.gov.uk"
OFFICER = "officer@southshire.gov.uk"
MAIN_FORM = "main form[method=post]"


@pytest.fixture
def assessment_id(small_app: Flask) -> uuid.UUID:
    """A complete draft on the small questionnaire, of the lead's council (the lead may change and submit it)."""
    factories = Factories(small_app)
    council = factories.organisation("Southshire Council", "southshire")
    factories.user(council, [Role.DIGITAL_LEAD], email=LEAD, name="Lee Lead")
    factories.user(council, [Role.IG_OFFICER], email=OFFICER, name="Olu Officer")
    use_case = factories.use_case(council)
    with small_app.app_context(), transaction() as session:
        assessment = session.get(Assessment, use_case.latest.id)
        assessment.answers = dict(SMALL_ANSWERS)
        return assessment.id


def press(pages: PageClient, page: Page, data: dict[str, Any], expected_status: int, form: str = MAIN_FORM) -> Page:
    """Send a form of a page read earlier, with its hidden fields as the page had them, plus `data`."""
    return checked(pages.client.post(action_of(page, form), data=hidden_fields(page, form) | data), expected_status)


def action_of(page: Page, form: str = MAIN_FORM) -> str:
    element = page.soup.select_one(form)
    assert element is not None, f"the page has no {form}"
    return str(element["action"])


def hidden_fields(page: Page, form: str = MAIN_FORM) -> dict[str, str]:
    element = page.soup.select_one(form)
    assert element is not None, f"the page has no {form}"
    return {str(field["name"]): str(field.get("value", "")) for field in element.select("input[type=hidden]")}


def checked(response: TestResponse, expected_status: int) -> Page:
    assert response.status_code == expected_status, f"expected {expected_status}, got {response.status_code}"
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    if response.mimetype == "text/html":
        check_page_hygiene(response, soup)
    return Page(response, soup)


@contextmanager
def row_locked(app: Flask, table: str, row_id: uuid.UUID) -> Iterator[Callable[[int], None]]:
    """Hold a row's lock; the block gets a function that waits until `n` requests are queued behind a lock."""
    engine = create_engine(app.config["DATABASE_URL"])
    try:
        with engine.connect() as holder, engine.connect() as watcher:
            holder.execute(text(f"SELECT id FROM {table} WHERE id = :id FOR UPDATE"), {"id": row_id})

            def wait_for(waiting: int) -> None:
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    queued = watcher.execute(text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock'")).scalar_one()
                    watcher.rollback()
                    if queued >= waiting:
                        return
                    time.sleep(0.02)
                pytest.fail(f"{waiting} requests never queued behind the row lock")

            yield wait_for
            holder.rollback()
    finally:
        engine.dispose()


def at_once(app: Flask, table: str, row_id: uuid.UUID, requests: list[Callable[[], TestResponse]]
            ) -> list[TestResponse]:
    """Run the requests in threads, all queued behind the row's lock before any may go on."""
    responses: list[TestResponse | None] = [None] * len(requests)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            responses[index] = requests[index]()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(requests))]
    with row_locked(app, table, row_id) as wait_for:
        for thread in threads:
            thread.start()
        wait_for(len(requests))
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]
    assert all(response is not None for response in responses), "a request did not finish"
    return [response for response in responses if response is not None]


def posting(pages: PageClient, page: Page, data: dict[str, Any] | None = None) -> Callable[[], TestResponse]:
    return lambda: pages.client.post(action_of(page), data=hidden_fields(page) | (data or {}))


def count(app: Flask, model: Any, *where: Any) -> int:
    with app.app_context(), transaction() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def answers_changed(app: Flask) -> int:
    return count(app, AuditEvent, AuditEvent.kind == "answer_changed")


def stored(app: Flask, assessment_id: uuid.UUID) -> Assessment:
    with app.app_context(), transaction() as session:
        assessment = session.get(Assessment, assessment_id)
        assert assessment is not None
        return assessment


# Two requests at the same moment (PostgreSQL, real connections)


@ON_POSTGRES
def test_a_double_submit_records_one_submission_and_tells_the_second(small_app: Flask,
                                                                     assessment_id: uuid.UUID) -> None:
    tabs = [signed_in(small_app, LEAD), signed_in(small_app, LEAD)]
    opened = [tab.get(f"/assessments/{assessment_id}/submit") for tab in tabs]

    responses = at_once(small_app, "assessment", assessment_id,
                        [posting(tab, page) for tab, page in zip(tabs, opened, strict=True)])

    assert sorted(response.status_code for response in responses) == [302, 303]
    second = [response.status_code for response in responses].index(303)
    told = tabs[second].get(responses[second].headers["Location"])
    assert "was already submitted for review by Lee Lead" in told.text()
    assert "Nothing more was changed" in told.text()
    assert stored(small_app, assessment_id).review_round == 1
    assert count(small_app, AuditEvent, AuditEvent.kind == "assessment_submitted") == 1
    assert count(small_app, AuditEvent, AuditEvent.kind == "assessment_status_changed") == 1
    assert count(small_app, OutboxMessage, OutboxMessage.kind == "assessment_submitted") == 1


@ON_POSTGRES
def test_two_tabs_saving_the_same_question_keep_one_answer_and_show_both(small_app: Flask,
                                                                          assessment_id: uuid.UUID) -> None:
    tabs = [signed_in(small_app, LEAD), signed_in(small_app, LEAD)]
    opened = [tab.get(f"/assessments/{assessment_id}/questions/description") for tab in tabs]
    typed = ["Answers repair questions", "Books repair visits"]

    responses = at_once(small_app, "assessment", assessment_id,
                        [posting(tab, page, {"answer": answer}) for tab, page, answer in zip(tabs, opened, typed,
                                                                                            strict=True)])

    statuses = [response.status_code for response in responses]
    assert sorted(statuses) == [302, 409]
    kept, refused = typed[statuses.index(302)], typed[statuses.index(409)]
    page = checked(responses[statuses.index(409)], 409)
    assert stored(small_app, assessment_id).answers["description"] == kept
    explained = page.text("[data-testid=answer-not-saved]")
    assert explained.index(refused) < explained.index("The answer that was kept") < explained.index(kept)
    assert "What does it do?" in page.text(".govuk-error-summary")
    assert answers_changed(small_app) == 1


@ON_POSTGRES
def test_two_tabs_saving_different_questions_keep_both_answers(small_app: Flask, assessment_id: uuid.UUID) -> None:
    tabs = [signed_in(small_app, LEAD), signed_in(small_app, LEAD)]
    answers = {"description": "Answers repair questions", "team": "Housing digital"}
    opened = [tab.get(f"/assessments/{assessment_id}/questions/{question}") for tab, question in zip(tabs, answers,
                                                                                                    strict=True)]

    responses = at_once(small_app, "assessment", assessment_id,
                        [posting(tab, page, {"answer": answer}) for tab, page, answer in zip(tabs, opened,
                                                                                            answers.values(),
                                                                                            strict=True)])

    assert [response.status_code for response in responses] == [302, 302]
    saved = stored(small_app, assessment_id).answers
    assert {question: saved[question] for question in answers} == answers
    assert answers_changed(small_app) == 2


@ON_POSTGRES
def test_two_tabs_recording_an_actions_evidence_keep_one_and_tell_the_other(small_app: Flask,
                                                                            assessment_id: uuid.UUID) -> None:
    tabs = [signed_in(small_app, LEAD), signed_in(small_app, LEAD)]
    opened = [tab.get(f"/assessments/{assessment_id}/actions/dpia") for tab in tabs]

    responses = at_once(small_app, "assessment", assessment_id, [
        posting(tab, page, {"reference": reference, "completed_on": ["3", "11", "2025"]})
        for tab, page, reference in zip(tabs, opened, ["DPIA-1", "DPIA-2"], strict=True)])

    statuses = [response.status_code for response in responses]
    assert sorted(statuses) == [302, 409]
    page = checked(responses[statuses.index(409)], 409)
    assert "It was kept" in page.text(".govuk-error-summary")
    with small_app.app_context(), transaction() as session:
        recorded = session.scalars(select(ActionEvidence)).one()
    assert recorded.reference == ["DPIA-1", "DPIA-2"][statuses.index(302)]
    assert recorded.reference in page.text()


@ON_POSTGRES
def test_two_tabs_starting_a_new_version_start_one(small_app: Flask) -> None:
    factories = Factories(small_app)
    council = factories.organisation("Southshire Council", "southshire")
    factories.user(council, [Role.DIGITAL_LEAD], email=LEAD, name="Lee Lead")
    factories.decision(council)
    with small_app.app_context(), transaction() as session:
        use_case = session.scalars(select(UseCase)).one()
    tabs = [signed_in(small_app, LEAD), signed_in(small_app, LEAD)]
    opened = [tab.get(f"/use-cases/{use_case.reference}") for tab in tabs]

    responses = at_once(small_app, "use_case", use_case.id, [posting(tab, page) for tab, page in zip(tabs, opened,
                                                                                                    strict=True)])

    assert [response.status_code for response in responses] == [302, 302]
    assert count(small_app, Assessment) == 2
    refused = next(index for index, response in enumerate(responses)
                   if response.headers["Location"] == f"/use-cases/{use_case.reference}")
    told = tabs[refused].get(responses[refused].headers["Location"])
    assert "Version 2 was already started by Lee Lead" in told.text(".govuk-error-summary")


@ON_POSTGRES
def test_two_officers_retiring_at_once_get_one_retirement_and_the_409_page(small_app: Flask) -> None:
    factories = Factories(small_app)
    council = factories.organisation("Southshire Council", "southshire")
    assessment_id = factories.submitted(council)
    factories.decide(assessment_id)
    for email in ("first@southshire.gov.uk", "second@southshire.gov.uk"):
        factories.user(council, [Role.IG_OFFICER], email=email)
    officers = [signed_in(small_app, "first@southshire.gov.uk"), signed_in(small_app, "second@southshire.gov.uk")]
    reference = stored_reference(small_app)
    opened = [officer.get(f"/use-cases/{reference}/retire") for officer in officers]

    responses = at_once(small_app, "assessment", assessment_id, [
        posting(officer, page, {"reason": "No longer used"}) for officer, page in zip(officers, opened, strict=True)])

    statuses = [response.status_code for response in responses]
    assert sorted(statuses) == [302, 409]
    page = checked(responses[statuses.index(409)], 409)
    assert "Your change was not saved" in page.text()
    assert "Southshire Council" in page.text("header")  # the layout loaded the user: the session works
    officers[statuses.index(409)].get("/use-cases")
    assert stored(small_app, assessment_id).status == "retired"
    assert count(small_app, AuditEvent, AuditEvent.kind == "use_case_retired") == 1


def stored_reference(app: Flask) -> str:
    with app.app_context(), transaction() as session:
        return session.scalars(select(UseCase.reference)).one()


# Pages opened at the same time, sent one after the other (both databases)


def test_a_save_from_a_page_opened_before_another_tab_saved_shows_both_answers(small_app: Flask,
                                                                               assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    url = f"/assessments/{assessment_id}/questions/description"
    first, second = lead.get(url), lead.get(url)

    press(lead, first, {"answer": "Answers repair questions"}, 302)
    conflict = press(lead, second, {"answer": "Books repair visits"}, 409)

    assert stored(small_app, assessment_id).answers["description"] == "Answers repair questions"
    assert conflict.soup.title is not None and conflict.soup.title.get_text().startswith("Error:")
    assert "Books repair visits" in conflict.text("[data-testid=answer-not-saved]")
    assert conflict.soup.select_one("textarea").get_text() == "Answers repair questions"
    press(lead, conflict, {"answer": "Books repair visits"}, 302)  # now they have seen the other answer
    assert stored(small_app, assessment_id).answers["description"] == "Books repair visits"
    assert answers_changed(small_app) == 2


def test_a_choice_from_a_stale_page_names_both_options(small_app: Flask, assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    url = f"/assessments/{assessment_id}/questions/area"
    first, second = lead.get(url), lead.get(url)

    press(lead, first, {"answer": "housing"}, 302)
    conflict = press(lead, second, {"answer": "waste"}, 409)

    explained = conflict.text("[data-testid=answer-not-saved]")
    assert explained.index("Waste") < explained.index("The answer that was kept") < explained.index("Housing")
    assert conflict.soup.select_one("input[value=housing]").has_attr("checked")


def test_a_stale_page_that_fails_validation_still_does_not_overwrite(small_app: Flask,
                                                                     assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    url = f"/assessments/{assessment_id}/questions/description"
    stale = lead.get(url)
    press(lead, lead.get(url), {"answer": "Saved in another tab"}, 302)

    corrected = press(lead, stale, {"answer": "x" * 501}, 200)
    press(lead, corrected, {"answer": "Mine"}, 409)

    assert stored(small_app, assessment_id).answers["description"] == "Saved in another tab"


def test_the_same_answer_from_two_tabs_is_no_conflict(small_app: Flask, assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    url = f"/assessments/{assessment_id}/questions/description"
    first, second = lead.get(url), lead.get(url)

    press(lead, first, {"answer": "Answers repair questions"}, 302)
    press(lead, second, {"answer": "Answers repair questions"}, 302)

    assert answers_changed(small_app) == 1


def test_rows_added_from_two_tabs_are_both_kept(small_app: Flask, assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    url = f"/assessments/{assessment_id}/questions/risks"
    first, second = lead.get(url), lead.get(url)

    press(lead, first, {"action": "add", "risk": "Bias", "mitigation": "Testing"}, 302)
    press(lead, second, {"action": "add", "risk": "Leaks", "mitigation": "Contract"}, 302)

    assert [row["risk"] for row in stored(small_app, assessment_id).answers["risks"]] == ["Wrong answers", "Bias",
                                                                                          "Leaks"]


def test_removing_a_row_from_a_page_opened_before_the_list_changed_removes_nothing(
        small_app: Flask, assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    url = f"/assessments/{assessment_id}/questions/risks"
    press(lead, lead.get(url), {"action": "add", "risk": "Bias", "mitigation": "Testing"}, 302)
    first, second = lead.get(url), lead.get(url)
    remove_first_row = "form:has(button[value=remove-0])"

    press(lead, first, {"action": "remove-0"}, 302, remove_first_row)
    conflict = press(lead, second, {"action": "remove-0"}, 409, remove_first_row)

    assert [row["risk"] for row in stored(small_app, assessment_id).answers["risks"]] == ["Bias"]
    assert "nothing was removed" in conflict.text(".govuk-error-summary")
    assert "Wrong answers" not in conflict.text() and "Bias" in conflict.text()
    press(lead, conflict, {"action": "remove-0"}, 302, remove_first_row)
    assert "risks" not in stored(small_app, assessment_id).answers


def test_a_submit_page_opened_before_an_answer_changed_submits_nothing(small_app: Flask,
                                                                       assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    opened = lead.get(f"/assessments/{assessment_id}/submit")
    press(lead, lead.get(f"/assessments/{assessment_id}/questions/team"), {"answer": "Housing digital"}, 302)

    changed = press(lead, opened, {}, 409)

    assert "nothing was submitted" in changed.text(".govuk-error-summary")
    assert stored(small_app, assessment_id).status == "draft"
    press(lead, changed, {}, 302)
    assert stored(small_app, assessment_id).status == "submitted"


def test_submitting_again_from_a_second_tab_says_it_was_already_submitted(small_app: Flask,
                                                                          assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    first, second = (lead.get(f"/assessments/{assessment_id}/submit") for _ in range(2))

    press(lead, first, {}, 302)
    again = press(lead, second, {}, 303)

    told = lead.get(again.response.headers["Location"])
    assert "was already submitted for review by Lee Lead" in told.text()
    assert count(small_app, AuditEvent, AuditEvent.kind == "assessment_submitted") == 1


def test_an_answer_sent_after_the_assessment_was_submitted_is_refused_in_words(small_app: Flask,
                                                                               assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    question = lead.get(f"/assessments/{assessment_id}/questions/description")
    press(lead, lead.get(f"/assessments/{assessment_id}/submit"), {}, 302)

    refused = press(lead, question, {"answer": "Too late"}, 302)

    told = lead.get(refused.response.headers["Location"])
    assert "submitted and cannot be changed, so your answer was not saved" in told.text(".govuk-error-summary")
    assert stored(small_app, assessment_id).answers["description"] == SMALL_ANSWERS["description"]


def test_evidence_from_a_page_opened_before_other_evidence_was_recorded_replaces_nothing(
        small_app: Flask, assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    url = f"/assessments/{assessment_id}/actions/dpia"
    first, second = lead.get(url), lead.get(url)
    evidence = {"completed_on": ["3", "11", "2025"]}

    press(lead, first, {"reference": "DPIA-1", **evidence}, 302)
    changed = press(lead, second, {"reference": "DPIA-2", **evidence}, 409)

    assert "It was kept" in changed.text(".govuk-error-summary")
    assert changed.soup.select_one("input[name=reference]")["value"] == "DPIA-2"
    press(lead, changed, {"reference": "DPIA-2", **evidence}, 302)
    with small_app.app_context(), transaction() as session:
        assert session.scalars(select(ActionEvidence.reference)).all() == ["DPIA-2"]


def test_an_answer_to_a_question_another_tab_made_irrelevant_is_refused_in_words(
        small_app: Flask, assessment_id: uuid.UUID) -> None:
    lead = signed_in(small_app, LEAD)
    categories = lead.get(f"/assessments/{assessment_id}/questions/categories")
    press(lead, lead.get(f"/assessments/{assessment_id}/questions/personal-data"), {"answer": "no"}, 302)

    refused = press(lead, categories, {"answer": ["health"]}, 302)

    told = lead.get(refused.response.headers["Location"])
    assert "no longer applies after a change to another answer" in told.text(".govuk-error-summary")
    assert stored(small_app, assessment_id).answers["categories"] == SMALL_ANSWERS["categories"]
