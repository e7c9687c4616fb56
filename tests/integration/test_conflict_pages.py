"""The central handling of database errors: a change another request made first gets the friendly 409 page,
a fault the 500 page, and either renders with a working session, so the layout still shows who is signed in and
the next page loads. Each case is a small view added to the test app that fails the way a real one would."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select

from governance.accounts.models import Role
from governance.assessments.models import Assessment, AssessmentContributor
from governance.db import get_session, transaction
from governance.security import signed_in as signed_in_view
from tests.helpers import Factories, PageClient, signed_in

LEAD = "lead@southshire.gov.uk"


@pytest.fixture
def assessment_id(small_app: Flask) -> uuid.UUID:
    factories = Factories(small_app)
    council = factories.organisation("Southshire Council", "southshire")
    factories.user(council, [Role.DIGITAL_LEAD], email=LEAD)
    return factories.use_case(council, title="Repairs chatbot").latest.id


def route(app: Flask, view: Callable[[], str]) -> str:
    """Add `view` to the app (before its first request), for any signed-in user; its URL."""
    url = f"/test/{view.__name__}"
    app.add_url_rule(url, view.__name__, signed_in_view(view), methods=["POST"])
    return url


def post(pages: PageClient, url: str, expected_status: int) -> str:
    page = pages.post(url, expected_status=expected_status, token_from="/use-cases")
    assert "Southshire Council" in page.text("header"), "the layout could not load the signed-in user"
    pages.get("/use-cases")  # and the next request is served as usual
    return page.text()


def description(app: Flask, assessment_id: uuid.UUID) -> str | None:
    with app.app_context(), transaction() as session:
        return session.get(Assessment, assessment_id).answers.get("description")


def test_a_save_on_a_copy_changed_meanwhile_gets_the_409_page(small_app: Flask, assessment_id: uuid.UUID,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    def save_on_a_stale_copy() -> str:
        session = get_session()
        assessment = session.get(Assessment, assessment_id)
        with transaction() as elsewhere:  # another request saves first
            other = elsewhere.get(Assessment, assessment_id)
            other.answers = {**other.answers, "description": "Theirs"}
        assessment.answers = {**assessment.answers, "description": "Mine, typed by Mrs Smith"}
        session.flush()
        return "saved"

    url = route(small_app, save_on_a_stale_copy)
    with caplog.at_level(logging.WARNING, logger="governance.errors"):
        text = post(signed_in(small_app, LEAD), url, 409)

    assert "Someone else changed this at the same time" in text
    assert "Their change was kept" in text and "Your change was not saved" in text
    assert description(small_app, assessment_id) == "Theirs"
    assert "concurrent change refused: StaleDataError" in caplog.text
    assert "Mrs Smith" not in caplog.text


def test_a_key_taken_meanwhile_found_at_commit_gets_the_409_page_and_saves_nothing(
        small_app: Flask, assessment_id: uuid.UUID) -> None:
    with small_app.app_context(), transaction() as session:
        contributor = session.scalars(select(AssessmentContributor.user_id)).one()

    def insert_a_taken_key() -> str:
        session = get_session()
        assessment = session.get(Assessment, assessment_id)
        assessment.answers = {**assessment.answers, "description": "Not kept"}
        # Left for the request's commit to write, as a concurrent insert of the same key would be found there.
        session.add(AssessmentContributor(assessment_id=assessment_id, user_id=contributor))
        return "saved"

    url = route(small_app, insert_a_taken_key)
    small_app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: a failed commit is handled, not raised

    text = post(signed_in(small_app, LEAD), url, 409)

    assert "Your change was not saved" in text
    assert description(small_app, assessment_id) is None


def test_a_database_fault_is_a_500_page_not_a_409(small_app: Flask, assessment_id: uuid.UUID) -> None:
    def break_a_rule() -> str:
        session = get_session()
        session.get(Assessment, assessment_id).status = "no-such-status"
        session.flush()
        return "saved"

    url = route(small_app, break_a_rule)

    text = post(signed_in(small_app, LEAD), url, 500)

    assert "Sorry, there is a problem with the service" in text


def test_a_conflict_asked_for_as_json_gets_json(small_app: Flask, assessment_id: uuid.UUID) -> None:
    def save_on_a_stale_copy() -> str:
        session = get_session()
        assessment = session.get(Assessment, assessment_id)
        with transaction() as elsewhere:
            elsewhere.get(Assessment, assessment_id).review_round = 5
        assessment.review_round = 1
        session.flush()
        return "saved"

    url = route(small_app, save_on_a_stale_copy)
    pages = signed_in(small_app, LEAD)
    token = pages.get("/use-cases").csrf_token()

    response = pages.client.post(url, data={"csrf_token": token}, headers={"Accept": "application/json"})

    assert response.status_code == 409
    assert response.get_json() == {"error": "Someone else changed this at the same time"}
