"""Conditions in Chromium: an officer approves with a condition owned by the digital lead; the lead sees it on
the assessment, marks it met with evidence, sees it closed, and the use case's history records it. axe runs
on every page on the way."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.support import CheckedPage, LiveServer
from tests.browser.test_review_journey import draft_with_every_answer

CONDITION = "Publish a plain-English notice about the tool on the council website"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "instance" / "screenshots"


def _shot(checked: CheckedPage, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    checked.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_a_condition_is_set_then_marked_met_by_its_owner_and_audited(checked_page: CheckedPage,
                                                                      live_server: LiveServer) -> None:
    page = checked_page.page
    title = "Missed bin collection chatbot"
    assessment_id = draft_with_every_answer(live_server, title, submitted=True)
    lead, officer = live_server.accounts["digital_lead"], live_server.accounts["ig_officer"]
    due = date.today() + timedelta(days=40)

    checked_page.sign_in(officer.email, officer.password)
    checked_page.goto(f"/reviews/{assessment_id}")
    with page.expect_navigation():
        page.get_by_role("button", name="Make a decision").first.click()
    page.get_by_label("Approve with conditions").check()
    page.get_by_label("What must be done").fill(CONDITION)
    page.get_by_label("Who owns it").select_option(label=lead.name)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    checked_page.check("decision page with a condition")
    _shot(checked_page, "decision-with-condition")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("approved with conditions")
    expect(page.locator("#outcome")).to_contain_text("Approved with conditions")
    checked_page.check("review page after approving with a condition")
    checked_page.sign_out()

    checked_page.sign_in(lead.email, lead.password)
    checked_page.goto(f"/assessments/{assessment_id}")
    card = page.locator(".govuk-summary-card", has_text=CONDITION)
    expect(card).to_contain_text("Open")
    checked_page.check("task list with an open condition")
    _shot(checked_page, "task-list-open-condition")
    with page.expect_navigation():
        card.get_by_role("link", name="Mark as met").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Mark as met").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say how the condition was met")
    checked_page.check("mark as met with an error")
    page.get_by_label("How was the condition met?").fill("Notice published on the website's AI page.")
    with page.expect_navigation():
        page.get_by_role("button", name="Mark as met").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Condition marked as met")
    closed = page.locator(".govuk-summary-card", has_text=CONDITION)
    expect(closed).to_contain_text("Met on")
    expect(closed).to_contain_text("Notice published on the website's AI page.")
    expect(closed.get_by_role("link", name="Mark as met")).to_have_count(0)
    checked_page.check("use case page with the condition met")
    _shot(checked_page, "use-case-condition-met")

    page.get_by_role("link", name="See the full history of this use case").click()
    expect(page.locator("main table")).to_contain_text("Condition marked as met")
    checked_page.check("history with the condition met")
