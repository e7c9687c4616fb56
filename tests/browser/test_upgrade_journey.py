"""A digital lead reassesses a use case approved on questionnaire 1.0: the new version is on 1.1, says what is
new, links to each question, and the replaced question takes its new answer. Every page passes axe and does
not scroll sideways at 320 px. With GOVERNANCE_SCREENSHOTS set to a folder, the pages are saved there."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import expect

from governance.accounts.models import Role
from tests.browser.support import CheckedPage, LiveServer


def _shot(checked: CheckedPage, name: str) -> None:
    folder = os.environ.get("GOVERNANCE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        checked.page.screenshot(path=str(Path(folder) / f"upgrade-{name}.png"), full_page=True)


def test_the_lead_sees_what_is_new_and_answers_the_changed_question(checked_page: CheckedPage,
                                                                    live_server: LiveServer) -> None:
    page = checked_page.page
    lead = live_server.accounts[Role.DIGITAL_LEAD.value]
    checked_page.sign_in(lead.email, lead.password)

    checked_page.goto(f"/assessments/{live_server.upgraded_id}")
    banner = page.get_by_test_id("whats-new")
    expect(banner).to_contain_text("version 1.1")
    expect(banner).to_contain_text("C5d")
    checked_page.check("task list with what is new")
    _shot(checked_page, "task-list")
    page.set_viewport_size({"width": 320, "height": 800})
    checked_page.check_reflow("what is new at 320 px")
    _shot(checked_page, "task-list-320")
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_navigation():
        banner.get_by_role("link", name="D6", exact=False).click()
    checked_page.check("the replaced question")
    page.get_by_label("not covered by UK adequacy", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()

    checked_page.goto(f"/assessments/{live_server.upgraded_id}/risk")
    checked_page.check("risk with sources")
    expect(page.locator(".app-source").first).to_contain_text("Source:")
    _shot(checked_page, "risk")
