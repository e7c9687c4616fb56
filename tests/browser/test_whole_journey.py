"""The whole journey, through the pages only, at a desktop width and on a small phone: a digital lead files a
resident-facing chatbot, answers every question, checks sample data and submits; an officer asks for a change;
the lead makes it and resubmits; two officers approve (the risk is high), one with a condition; the lead checks
the signed record; the officer publishes; a member of the public finds the entry on the register.

Every page shown passes axe-core, has a clean console and does not scroll sideways. With GOVERNANCE_SCREENSHOTS
set to a folder, each page is saved there as a full-page screenshot named `<width>-<step>-<page>.png`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from governance.questionnaire.model import Question, Questionnaire
from tests.browser.support import Account, CheckedPage, LiveServer

VIEWPORT_HEIGHTS = {1280: 900, 320: 720}
# Each width files its own use case on the shared server, so the register and queues never mix them up.
TITLES = {1280: "Council tax help chatbot", 320: "Bins and recycling help chatbot"}
# What the officer asks for, and the one answer the lead changes in reply.
CHANGE_REQUEST = "Residents who cannot or will not use a chatbot must still be able to phone or visit. Say how."
CHANGED_QUESTION = "accessible-alternatives"
CHANGED_ANSWER = ["non-digital-route", "reasonable-adjustments", "other-languages"]
CONDITION = "Publish the updated privacy notice before the chatbot goes live"

# A plausible chatbot, answered as a lead would; the questionnaire's examples fill in the rest. Residents use it
# directly with no other way in (the officer's change), and it matches chat messages with council records, which
# makes a DPIA mandatory and the risk high: two officers must approve.
CHATBOT: dict[str, Any] = {
    "tool-summary": "A chatbot on the council website that answers residents' questions day and night and "
                    "hands harder questions to the contact centre.",
    "service-area": "customer-contact",
    "owning-team": "Customer Services",
    "sro-role": "Director of Customer Services",
    "sro-name": "Priya Shah",
    "contact-email": "customer.services@demo.example",
    "lifecycle-phase": "pilot",
    "technology-types": ["generative-ai"],
    "people-involved": ["residents-direct"],
    "problem-and-benefit": "Residents wait on the phone for simple answers. The chatbot answers common questions "
                           "at any time, so contact centre staff can help people with harder problems.",
    "current-process": "Residents phone the contact centre or email; staff look up the answer on the website.",
    "alternatives-considered": "Better web pages and search. They help, but residents still phone with questions "
                               "the pages already answer.",
    "output-role": "staff-support",
    "decision-kinds": ["none"],
    "people-affected-per-year": 40000,
    "statutory-basis": "localism-act-general-power",
    "personal-data": "yes",
    "personal-data-categories": ["identifiers", "contact", "case-notes"],
    "special-category-data": ["none"],
    "data-sources": ["direct", "council-systems"],
    "data-source-details": [
        {"source-name": "Chat messages", "data-provided": "What residents type, which can include their name, "
                                                          "address and phone number"},
        {"source-name": "Council tax system", "data-provided": "Balance and instalment dates, for residents who "
                                                               "sign in"}],
    "retention-periods": [{"data-kind": "Chat transcripts", "period": "90 days",
                           "deletion": "Deleted automatically by the supplier's platform"}],
    "privacy-notice": "in-progress",
    "supplier-retention": "same-or-shorter",
    "security-controls": ["access-control", "mfa", "encryption", "audit-logging", "certification"],
    "dpia-status": "completed",
    "third-party-involved": "yes",
    "suppliers": [{"supplier-name": "Civic Chat Ltd", "supplier-role": "Hosts and runs the chatbot"}],
    "contract-terms": ["no-training", "deletion-at-exit", "retention-limit", "sub-processors", "breach-notice",
                       "audit-rights", "data-residency", "model-change-notice", "output-ownership",
                       "transparency-cooperation", "exit-portability"],
    "supplier-staff-access": "uk-vetted",
    "models": [{"model-name": "Civic Chat Assistant", "model-provider": "Civic Chat Ltd",
                "model-task": "Writes answers from the council's own web pages"}],
    "model-customisation": "grounding",
    "assurance-evidence": ["model-card", "dpia-pack", "iso-27001", "pen-test"],
    "protected-characteristics": ["age", "disability"],
    "protected-data-use": "no",
    "data-representativeness": "partly",
    "eqia-status": "completed",
    "fairness-testing": "supplier",
    "fairness-results": ["no-concerns"],
    "accessible-alternatives": ["other-languages"],
    "engagement": "planned",
    "equality-monitoring": "quarterly",
    "human-review-timing": "after",
    "challenge-route": "yes",
    "challenge-route-details": "Residents can ask for a call back from the contact centre, or complain.",
    "stop-and-fallback": ["error-route", "suspend", "manual-fallback"],
    "generative-ai-controls": ["human-check", "labelled", "accuracy-testing", "prompt-injection"],
    "performance-measures": [{"measure": "Answers with a factual error", "target": "Below 2% of 300 questions"}],
    "risks-and-mitigations": [{"risk": "The chatbot gives a wrong payment date",
                               "mitigation": "It answers only from council pages and links to them",
                               "owner": "Customer Services Manager"}],
    "local-testing": "yes",
    "version-changes": "yes",
    "more-information-url": "https://www.demo.example/chatbot",
    "ai-disclosure": "yes",
}
ClickableRole = Literal["link", "button"]

SAMPLE_NAMES = ["Margaret Thompson", "David Okafor", "Aisha Rahman", "Tom Fletcher", "Grace Liu", "Peter Novak"]


@dataclass
class Journey:
    """The people of one walk at one width: each in their own browser context, every page they see checked."""

    browser: Browser
    live: LiveServer
    width: int
    screenshots: Path | None
    contexts: list[BrowserContext] = field(default_factory=list)
    pages_shown: int = 0

    def person(self) -> CheckedPage:
        context = self.browser.new_context(viewport={"width": self.width, "height": VIEWPORT_HEIGHTS[self.width]},
                                           locale="en-GB")
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        return CheckedPage(context.new_page(), self.live.url)

    def show(self, person: CheckedPage, name: str) -> None:
        """What a person sees now: photographed first, so a failing check still leaves its picture."""
        self.pages_shown += 1
        label = f"{name} ({person.path}) at {self.width}px"
        if self.screenshots is not None:
            shot = self.screenshots / f"{self.width}-{self.pages_shown:03d}-{name}.png"
            person.page.screenshot(path=str(shot), full_page=True)
        person.check(label)
        person.check_reflow(label)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def journey(browser: Browser, live_server: LiveServer, width: int) -> Iterator[Journey]:
    folder = os.environ.get("GOVERNANCE_SCREENSHOTS")
    screenshots = Path(folder) if folder else None
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    walk = Journey(browser, live_server, width, screenshots)
    try:
        yield walk
    finally:
        walk.close()


def _questionnaire(live: LiveServer) -> Questionnaire:
    questionnaire = latest(live.app.extensions["questionnaires"], live.app.config["DEFAULT_QUESTIONNAIRE"])
    assert questionnaire is not None
    return questionnaire


def _click(page: Page, role: ClickableRole, name: str, exact: bool = True) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=exact).click()


def _use_menu(page: Page, link: str) -> None:
    """On a small phone the service navigation folds behind its Menu button."""
    toggle = page.get_by_role("button", name="Menu", exact=True)
    if toggle.is_visible():
        toggle.click()
    with page.expect_navigation():
        page.get_by_role("navigation", name="Menu").get_by_role("link", name=link, exact=True).click()


def _sign_in(journey: Journey, account: Account) -> CheckedPage:
    person = journey.person()
    person.goto("/sign-in")
    journey.show(person, "sign-in")
    person.sign_in(account.email, account.password)
    expect(person.page.locator("h1")).to_have_text(f"Welcome, {account.name}")
    journey.show(person, "dashboard")
    return person


# --- Answering questions as a person does: by the labels on the page --------------------------------------------

def _choose(page: Page, question: Question, value: Any) -> None:
    form = page.locator("form[data-question-type]")
    if question.type in ("radios", "yes-no-unsure"):
        form.get_by_label(_option_label(question, value), exact=True).check()
    elif question.type == "checkboxes":
        # Every box, not only the wanted ones: a scan's suggestion may have ticked boxes this lead would not.
        for option in question.options:
            form.get_by_label(option.label, exact=True).set_checked(option.value in value)
    elif question.type == "date":
        day = date.fromisoformat(value)
        form.get_by_label("Day").fill(str(day.day))
        form.get_by_label("Month").fill(str(day.month))
        form.get_by_label("Year").fill(str(day.year))
    else:
        form.get_by_label(question.text, exact=True).fill(str(value))


def _option_label(question: Question, value: str) -> str:
    option = question.option(value)
    assert option is not None, f"{question.id} has no option {value}"
    return option.label


def _add_rows(journey: Journey, lead: CheckedPage, question: Question, rows: list[dict[str, str]]) -> None:
    """One row at a time, as the page asks; the last one goes with "Save and continue"."""
    page = lead.page
    for index, row in enumerate(rows):
        form = page.locator("form[data-question-type]")
        for list_field in question.fields:
            label = list_field.label + ("" if list_field.required else " (optional)")
            form.get_by_label(label, exact=True).fill(row.get(list_field.id, ""))
        if index < len(rows) - 1:
            _click(page, "button", f"Add {question.item_name}")
            journey.show(lead, f"question-{question.id}-{index + 1}-added")


def _save(page: Page, where: str) -> None:
    _click(page, "button", "Save and continue")
    problem = page.locator(".govuk-error-summary")
    assert not problem.count(), f"{where}: {problem.inner_text()}"


def _question_on(page: Page, questionnaire: Questionnaire) -> Question:
    question_id = page.url.split("/questions/", 1)[1].split("?", 1)[0]
    question = questionnaire.question(question_id)
    assert question is not None, page.url
    return question


def _answer(journey: Journey, lead: CheckedPage, question: Question, value: Any) -> None:
    journey.show(lead, f"question-{question.id}")
    if question.type == "list":
        _add_rows(journey, lead, question, value)
    else:
        _choose(lead.page, question, value)
    _save(lead.page, question.id)


# --- The lead -----------------------------------------------------------------------------------------------------

def _file_the_use_case(journey: Journey, lead: CheckedPage, title: str) -> None:
    page = lead.page
    _click(page, "link", "File a new AI use case")
    journey.show(lead, "start")
    page.get_by_label("What is the name of the AI tool or use case?").fill(title)
    page.get_by_label("Customer contact", exact=True).check()
    page.get_by_label("Pilot or trial", exact=True).check()
    _click(page, "button", "Start assessment")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been created")
    journey.show(lead, "task-list")


def _check_sample_data(journey: Journey, lead: CheckedPage, sample: Path) -> None:
    """From the offer on the personal data question, through the findings and back to the questions."""
    page = lead.page
    _click(page, "link", "Upload sample data to check your answers")
    journey.show(lead, "sample-data")
    page.get_by_label("Upload a sample of the data").set_input_files(str(sample))
    _click(page, "button", "Upload and scan")
    # The page refreshes itself until the background scan finishes.
    expect(page.get_by_test_id("scan-status")).to_have_text("Checked", timeout=30_000)
    findings = page.get_by_test_id("scan-findings")
    expect(findings).to_contain_text("Column email contains email addresses")
    expect(findings).to_contain_text("Column notes contains phone numbers")
    journey.show(lead, "sample-data-findings")
    _click(page, "button", "Continue to the personal data questions")
    expect(page.get_by_test_id("scan-suggestion")).to_contain_text("The sample data you checked suggests:")
    expect(page.get_by_test_id("scan-suggestion").locator("li")).to_have_text(["Yes"])


def _record_the_impact_assessments(journey: Journey, lead: CheckedPage, folder: Path) -> None:
    """The DPIA (and EqIA) the answers say are complete get their reference, date and document recorded, and the
    risk panel then lists them as done instead of required before approval."""
    page = lead.page
    to_do = page.get_by_test_id("actions-to-do")
    expect(to_do).to_contain_text("Data protection impact assessment")
    document = folder / "DPIA chatbot.pdf"
    document.write_bytes(b"%PDF-1.7 DPIA for the council tax chatbot, signed off by the DPO")
    for action, reference in (("Data protection impact assessment", "DPIA-2026-031"),
                              ("Equality impact assessment", "EQIA-2026-012")):
        link = to_do.get_by_role("link", name=re.compile(f"record its reference.*{action}"))
        if not link.count():
            continue
        link.click()
        expect(page.locator("h1")).to_contain_text(action)
        journey.show(lead, f"record-{reference[:4].lower()}")
        page.get_by_label("Reference").fill(reference)
        page.get_by_label("Day").fill("14")
        page.get_by_label("Month").fill("11")
        page.get_by_label("Year").fill(str(date.today().year - 1))
        page.get_by_label("Who signed it off (optional)").fill("Data protection officer")
        page.get_by_label("Or attach the document (optional)").set_input_files(str(document))
        _click(page, "button", "Save")
        expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{action}")
        expect(page.get_by_test_id("actions-done")).to_contain_text(f"reference {reference}")
        expect(page.get_by_test_id("actions-done")).to_contain_text(action)
        if to_do.count():  # the list goes once nothing is left to do
            expect(to_do).not_to_contain_text(action)
        journey.show(lead, f"task-list-{reference[:4].lower()}-recorded")


def _answer_every_section(journey: Journey, lead: CheckedPage, questionnaire: Questionnaire,
                          answers: dict[str, Any], sample: Path) -> None:
    page = lead.page
    for section in questionnaire.sections:
        _click(page, "link", f"{section.ref}. {section.title}")
        while page.locator("form[data-question-type]").count():
            question = _question_on(page, questionnaire)
            assert question.id in answers, f"{question.id} was asked but the chatbot has no answer for it"
            if question.id == "personal-data":
                journey.show(lead, "question-personal-data-before-the-scan")
                _check_sample_data(journey, lead, sample)
            _answer(journey, lead, question, answers[question.id])
        expect(page.locator("h1")).to_have_text(f"Check your answers: {section.title}")
        journey.show(lead, f"check-{section.id}")
        _click(page, "link", "Save and return to all sections")
        journey.show(lead, f"task-list-after-{section.id}")
    statuses = page.locator(".govuk-task-list__status").all_inner_texts()
    assert [status.strip() for status in statuses] == ["Completed"] * len(questionnaire.sections)


def _check_the_risk_and_submit(journey: Journey, lead: CheckedPage, level: str, round_name: str) -> None:
    page = lead.page
    page.get_by_role("link", name="See why").click()
    expect(page.locator("h1")).to_contain_text(f"Impact level {level}")
    journey.show(lead, f"risk-{round_name}")
    _click(page, "link", "Back to all sections")
    _click(page, "link", "Check the risk and submit")
    expect(page.locator("main h2").first).to_contain_text(f"Impact level {level}")
    journey.show(lead, f"submit-{round_name}")
    _click(page, "button", "Submit for review")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been submitted for review")
    journey.show(lead, f"submitted-{round_name}")


def _make_the_change(journey: Journey, lead: CheckedPage, questionnaire: Questionnaire, title: str) -> None:
    """Back from the dashboard, as a lead returning later would, to change the one answer the officer asked about."""
    page = lead.page
    question = questionnaire.question(CHANGED_QUESTION)
    assert question is not None
    section = questionnaire.section(question.section_id)
    assert section is not None
    _open_use_case(journey, lead, title)
    _click(page, "link", "Version 1")
    expect(page.locator("main")).to_contain_text(CHANGE_REQUEST)
    journey.show(lead, "task-list-changes-requested")
    _click(page, "link", f"{section.ref}. {section.title}")
    journey.show(lead, f"check-{section.id}-before-the-change")
    _click(page, "link", f"Change {question.label.lower()}")
    _answer(journey, lead, question, CHANGED_ANSWER)
    journey.show(lead, f"check-{section.id}-after-the-change")
    _click(page, "link", "Save and return to all sections")
    journey.show(lead, "task-list-after-the-change")


def _open_use_case(journey: Journey, person: CheckedPage, title: str) -> None:
    _use_menu(person.page, "AI use cases")
    journey.show(person, "use-cases")
    _click(person.page, "link", title)
    expect(person.page.locator("h1")).to_have_text(title)
    journey.show(person, "use-case")


def _download_and_check_the_record(journey: Journey, lead: CheckedPage, title: str, folder: Path) -> None:
    page = lead.page
    _open_use_case(journey, lead, title)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("^Download the signed record")).click()
    record = folder / "record.pdf"
    download.value.save_as(record)
    assert record.read_bytes().startswith(b"%PDF")
    _click(page, "link", "Check a decision record")
    journey.show(lead, "check-a-record")
    page.get_by_label("Upload the PDF record").set_input_files(str(record))
    _click(page, "button", "Check the record")
    expect(page.locator("h1")).to_have_text("This record is genuine")
    expect(page.locator("main")).to_contain_text(title)
    expect(page.locator("main")).to_contain_text(CONDITION)
    journey.show(lead, "record-is-genuine")


# --- The officers -------------------------------------------------------------------------------------------------

def _open_review(journey: Journey, officer: CheckedPage, title: str, round_name: str) -> None:
    page = officer.page
    _use_menu(page, "Reviews")
    journey.show(officer, f"review-queue-{round_name}")
    _click(page, "link", title)
    expect(page.locator("h1")).to_have_text(title)
    journey.show(officer, f"review-{round_name}")


def _decide(journey: Journey, officer: CheckedPage, round_name: str) -> None:
    officer.page.get_by_role("button", name="Make a decision", exact=True).first.click()  # at the top and the end
    journey.show(officer, f"decision-{round_name}")


def _record_the_decision(journey: Journey, officer: CheckedPage, round_name: str) -> None:
    _click(officer.page, "button", "Record the decision")
    journey.show(officer, f"review-{round_name}-decided")


def _request_changes(journey: Journey, officer: CheckedPage, title: str) -> None:
    page = officer.page
    _open_review(journey, officer, title, "first")
    expect(page.locator("main")).to_contain_text("two officers must approve")
    _decide(journey, officer, "first")
    page.get_by_label("Request changes").check()
    page.get_by_label("Reason or changes needed").fill(CHANGE_REQUEST)
    _record_the_decision(journey, officer, "first")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("changes requested")


def _approve_with_a_condition(journey: Journey, officer: CheckedPage, questionnaire: Questionnaire, title: str,
                              owner: Account) -> None:
    page = officer.page
    question = questionnaire.question(CHANGED_QUESTION)
    assert question is not None
    _open_review(journey, officer, title, "resubmitted")
    changes = page.locator("#changes-since-request + p + table")
    expect(page.locator("#changes-since-request")).to_be_visible()
    expect(changes).to_contain_text(f"{question.ref} {question.label}")
    expect(changes).to_contain_text(_option_label(question, "non-digital-route"))
    _decide(journey, officer, "resubmitted")
    page.get_by_label("Approve with conditions").check()
    page.get_by_label("What must be done").fill(CONDITION)
    page.get_by_label("Who owns it").select_option(label=owner.name)
    due = date.today() + timedelta(days=60)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    _record_the_decision(journey, officer, "resubmitted")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("a second officer must approve it too")


def _second_approval(journey: Journey, second: CheckedPage, title: str) -> None:
    page = second.page
    _open_review(journey, second, title, "second")
    expect(page.locator("main")).to_contain_text("Waiting for second approval")
    _decide(journey, second, "second")
    page.get_by_label("Approve", exact=True).check()
    _record_the_decision(journey, second, "second")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded: approved")


def _publish(journey: Journey, officer: CheckedPage, title: str) -> None:
    page = officer.page
    _open_use_case(journey, officer, title)
    _click(page, "link", "Publish this use case on the register")
    expect(page.locator(".app-preview")).to_contain_text(title)
    journey.show(officer, "publish-preview")
    _click(page, "button", "Publish this entry")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Published on the register as version 1")
    journey.show(officer, "published")


# --- The public ---------------------------------------------------------------------------------------------------

def _find_on_the_register(journey: Journey, title: str) -> None:
    public = journey.person()
    page = public.page
    public.goto("/")
    assert public.path == "/register", "a signed-out visitor lands on the register"
    journey.show(public, "register")
    page.get_by_label("Search").fill(title)
    _click(page, "button", "Apply")
    journey.show(public, "register-search")
    _click(page, "link", title)
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text(journey.live.demo_org_name)
    expect(page.locator("main")).to_contain_text(CHATBOT["tool-summary"])
    journey.show(public, "register-entry")


def _sample_data(folder: Path) -> Path:
    """An export of chat notes: free text with names and phone numbers, and the resident's email address."""
    sample = folder / "chat-export.csv"
    rows = [f'{name.lower().replace(" ", ".")}@example.com,"{name} asked about a missed bin. '
            f'Call back on 07700 900{index:03d}."'
            for index, name in enumerate(SAMPLE_NAMES * 5)]
    sample.write_text("email,notes\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return sample


@pytest.mark.parametrize("width", [1280, 320], ids=["1280px", "320px"])
def test_a_chatbot_from_filing_to_the_public_register(journey: Journey, live_server: LiveServer,
                                                      tmp_path: Path, width: int) -> None:
    title = TITLES[width]
    questionnaire = _questionnaire(live_server)
    answers = example_answers(questionnaire, date.today(), {
        **CHATBOT, "tool-name": title, "review-date": (date.today() + timedelta(days=150)).isoformat()})
    lead_account = live_server.accounts["digital_lead"]
    second_account = live_server.second_officer
    assert second_account is not None

    lead = _sign_in(journey, lead_account)
    _file_the_use_case(journey, lead, title)
    _answer_every_section(journey, lead, questionnaire, answers, _sample_data(tmp_path))
    _record_the_impact_assessments(journey, lead, tmp_path)
    # No other way in for residents is a blocker: the lead may submit, but no officer may approve it yet.
    _check_the_risk_and_submit(journey, lead, "III", "first")

    officer = _sign_in(journey, live_server.accounts["ig_officer"])
    _request_changes(journey, officer, title)

    _make_the_change(journey, lead, questionnaire, title)
    # Still high risk without the blocker: matching chat messages with council records makes a DPIA mandatory.
    _check_the_risk_and_submit(journey, lead, "II", "resubmitted")

    _approve_with_a_condition(journey, officer, questionnaire, title, lead_account)
    second = _sign_in(journey, second_account)
    _second_approval(journey, second, title)

    _download_and_check_the_record(journey, lead, title, tmp_path)
    _publish(journey, officer, title)
    _find_on_the_register(journey, title)
