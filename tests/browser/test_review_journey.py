"""The whole review in Chromium: a digital lead submits, an officer asks for changes, the lead resubmits,
a second officer approves, and the signed PDF downloads and checks out as genuine on the public page.
axe runs on every page on the way."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from governance import db
from governance.accounts.models import User
from governance.assessments import services as assessment_services
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from tests.browser.support import CheckedPage, LiveServer


def draft_with_every_answer(live: LiveServer, title: str, *, submitted: bool = False) -> str:
    """A use case of the demo digital lead with every question answered; its assessment's id."""
    app = live.app
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    assert questionnaire is not None
    with app.app_context(), db.transaction() as session:
        lead = session.get(User, live.accounts["digital_lead"].id)
        use_case = assessment_services.start_use_case(session, lead, questionnaire, title=title)
        use_case.latest.answers = example_answers(questionnaire, date.today())
        session.flush()
        if submitted:
            assessment_services.submit(session, lead, questionnaire, use_case.latest)
        return str(use_case.latest.id)


def _submit_as_lead(checked: CheckedPage, task_list: str) -> None:
    page = checked.page
    checked.goto(task_list)
    checked.check("task list before submitting")
    page.get_by_role("link", name="Check the risk and submit").click()
    checked.check("submit page")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been submitted for review")
    checked.check("submitted")


def _open_review(checked: CheckedPage, title: str) -> None:
    page = checked.page
    checked.goto("/reviews")
    checked.check("review queue")
    with page.expect_navigation():
        page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    checked.check("review page")
    with page.expect_navigation():
        page.get_by_role("button", name="Make a decision").first.click()
    checked.check("decision page")


def test_submit_request_changes_resubmit_approve_download_and_check(checked_page: CheckedPage,
                                                                    live_server: LiveServer,
                                                                    tmp_path: Path) -> None:
    page = checked_page.page
    title = "Street lighting fault predictor"
    task_list = f"/assessments/{draft_with_every_answer(live_server, title)}"
    lead, officer = live_server.accounts["digital_lead"], live_server.accounts["ig_officer"]
    second = live_server.second_officer
    assert second is not None

    checked_page.sign_in(lead.email, lead.password)
    _submit_as_lead(checked_page, task_list)
    checked_page.sign_out()

    checked_page.sign_in(officer.email, officer.password)
    _open_review(checked_page, title)
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state("load")
    assert page.title().startswith("Error:")
    assert checked_page.focus_is_in_error_summary()
    checked_page.check("decision page with an error")
    page.get_by_label("Request changes").check()
    page.get_by_label("Reason or changes needed").fill("Say how residents can report a fault without the tool.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("changes requested")
    checked_page.check("review page after requesting changes")
    checked_page.sign_out()

    checked_page.sign_in(lead.email, lead.password)
    checked_page.goto(task_list)
    expect(page.locator("main")).to_contain_text("Say how residents can report a fault without the tool.")
    _submit_as_lead(checked_page, task_list)
    checked_page.sign_out()

    checked_page.sign_in(second.email, second.password)
    _open_review(checked_page, title)
    page.get_by_label("Approve", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded: approved")
    checked_page.check("review page after approval")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the signed record").click()
    record = tmp_path / "record.pdf"
    download.value.save_as(record)
    checked_page.sign_out()

    checked_page.goto("/check-a-record")
    page.get_by_label("Upload the PDF record").set_input_files(record)
    with page.expect_navigation():
        page.get_by_role("button", name="Check the record").click()
    expect(page.locator("h1")).to_have_text("This record is genuine")
    expect(page.locator("main")).to_contain_text(title)
    checked_page.check("check result")
