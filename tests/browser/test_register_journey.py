"""Publishing in Chromium: an officer previews and publishes an approved use case; a member of the public
finds it by search and filter, opens it and downloads its JSON. axe runs on every page."""

from __future__ import annotations

import json
from datetime import date

from playwright.sync_api import expect

from governance import db
from governance.accounts.models import User
from governance.assessments import services as assessment_services
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from governance.records.services import RecordSettings
from governance.reviews import services as review_services
from governance.reviews.rules import DecisionKind, DecisionRequest
from tests.browser.support import CheckedPage, LiveServer

TITLE = "Pothole report sorter"


def _approved_use_case(live: LiveServer) -> str:
    app = live.app
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    assert questionnaire is not None and live.second_officer is not None
    answers = example_answers(questionnaire, date.today(), {"tool-name": TITLE, "tool-summary":
                                                            "Sorts pothole reports by urgency for inspectors."})
    with app.app_context(), db.transaction() as session:
        lead = session.get(User, live.target.id)
        use_case = assessment_services.start_use_case(session, lead, questionnaire, title=TITLE)
        assessment = use_case.latest
        assessment.answers = answers
        session.flush()
        assessment_services.submit(session, lead, questionnaire, assessment)
        review_services.decide(session, session.get(User, live.second_officer.id), questionnaire, assessment,
                               DecisionRequest(DecisionKind.APPROVE), seen_lock_version=assessment.lock_version,
                               today=date.today(), recording=RecordSettings(app.extensions["records.signing"], "http://127.0.0.1/check"))
        return use_case.reference


def test_publish_then_find_open_and_download_as_the_public(checked_page: CheckedPage,
                                                           live_server: LiveServer) -> None:
    page = checked_page.page
    reference = _approved_use_case(live_server)
    officer = live_server.accounts["ig_officer"]

    checked_page.sign_in(officer.email, officer.password)
    checked_page.goto(f"/use-cases/{reference}")
    with page.expect_navigation():
        page.get_by_role("link", name="Publish this use case on the register").click()
    expect(page.locator("main")).to_contain_text("Preview: exactly what will be public")
    expect(page.locator(".app-preview")).to_contain_text("Sorts pothole reports by urgency")
    checked_page.check("publication preview")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish this entry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Published on the register as version 1")
    checked_page.check("published entry, seen by the officer")
    checked_page.sign_out()

    checked_page.goto("/register")
    page.get_by_label("Search").fill("pothole urgency")
    page.get_by_label("Impact level").select_option("II")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply").click()
    expect(page.locator("#results")).to_have_text("1 entry")
    checked_page.check("register search results")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Demo Borough Council")
    checked_page.check("entry page, seen by the public")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this entry as JSON").click()
    document = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert document["entry"]["tier_1"]["name"] == TITLE
    assert document["entry"]["id"] == f"demo/{reference}"
