"""A digital lead files a use case and answers the whole shipped questionnaire in Chromium: every
question type passes axe with and without validation errors, the task list completes, the explained
risk is shown, the assessment is submitted and becomes read-only."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.support import CheckedPage, LiveServer

ALL_TYPES = {"yes-no-unsure", "radios", "checkboxes", "text", "textarea", "number", "date", "email", "url", "list"}
# What makes each type show a validation error: nothing, or a value in the wrong format.
INVALID = {"email": "not an email", "url": "not a web address", "number": "lots", "date": ("31", "2", "2027")}
MAX_PAGES = 250


def _fill(page: Page, kind: str, invalid: bool = False) -> None:
    form = page.locator("form[data-question-type]")
    if kind in ("radios", "yes-no-unsure"):
        if not invalid:
            radios = form.locator("input[type=radio]")
            # "No" for yes/no questions keeps the journey away from stop conditions; the first option otherwise.
            (radios.nth(1) if kind == "yes-no-unsure" else radios.first).check()
    elif kind == "checkboxes":
        if not invalid:
            form.locator("input[type=checkbox]").first.check()
    elif kind == "date":
        day, month, year = INVALID["date"] if invalid else ("1", "3", "2027")
        inputs = form.locator("input[name=answer]")
        inputs.nth(0).fill(day)
        inputs.nth(1).fill(month)
        inputs.nth(2).fill(year)
    elif kind == "list":
        if not invalid:
            for field in form.locator("fieldset input[type=text], fieldset textarea").all():
                field.fill("Example entry")
    else:
        value = {"text": "Example answer", "textarea": "An example answer in a few words.",
                 "email": "ai@demo.example", "url": "https://www.demo.example/ai", "number": "250"}[kind]
        form.locator("[name=answer]").fill(INVALID.get(kind, "") if invalid else value)


def _save(page: Page) -> None:
    with page.expect_navigation():
        page.locator("form[data-question-type]").get_by_role("button", name="Save and continue").click()


def _answer_section(checked: CheckedPage, types_seen: set[str], errors_checked: set[str]) -> int:
    """Answer question pages until the section's check-your-answers page. Returns pages answered."""
    page = checked.page
    answered = 0
    while page.locator("form[data-question-type]").count():
        kind = page.locator("form[data-question-type]").get_attribute("data-question-type") or ""
        types_seen.add(kind)
        checked.check(f"{kind} question {checked.path}")
        if kind not in errors_checked:
            before = page.url
            _fill(page, kind, invalid=True)
            _save(page)
            if page.locator(".govuk-error-summary").count():
                assert page.title().startswith("Error: ")
                checked.check(f"{kind} question with an error {checked.path}")
                errors_checked.add(kind)
            elif page.url != before:
                answered += 1  # it already had an answer (from the start page), kept as it was
                continue
        _fill(page, kind)
        _save(page)
        problem = page.locator(".govuk-error-summary")
        assert not problem.count(), f"{kind} at {checked.path}: {problem.inner_text()}"
        answered += 1
        assert answered < MAX_PAGES
    expect(page.locator("h1")).to_contain_text("Check your answers")
    checked.check(f"check your answers {checked.path}")
    return answered


def test_a_digital_lead_completes_and_submits_an_assessment(checked_page: CheckedPage,
                                                            live_server: LiveServer) -> None:
    lead = live_server.accounts["digital_lead"]
    checked_page.sign_in(lead.email, lead.password)
    page = checked_page.page

    checked_page.goto("/use-cases/new")
    page.get_by_role("button", name="Start assessment").click()
    assert page.title().startswith("Error: ")
    checked_page.check("start page with errors")
    page.get_by_label("What is the name of the AI tool or use case?").fill("Parking permit assistant")
    page.locator("input[name=service_area]").first.check()
    page.locator("input[name=phase]").first.check()
    page.get_by_role("button", name="Start assessment").click()
    expect(page.locator("h1")).to_have_text("Parking permit assistant")
    task_list = checked_page.path
    checked_page.check("task list")

    types_seen: set[str] = set()
    errors_checked: set[str] = set()
    answered = 0
    for _ in range(10):
        checked_page.goto(task_list)
        statuses = page.locator(".govuk-task-list__status").all_inner_texts()
        if all(status.strip() == "Completed" for status in statuses):
            break
        open_section = page.locator(".govuk-task-list__item--with-link").filter(
            has_not=page.locator(".govuk-task-list__status", has_text="Completed")).first
        with page.expect_navigation():
            open_section.locator("a").click()
        answered += _answer_section(checked_page, types_seen, errors_checked)
    statuses = page.locator(".govuk-task-list__status").all_inner_texts()
    assert [status.strip() for status in statuses] == ["Completed"] * 8
    assert answered >= 25  # every applicable question of the eight sections, through the pages
    assert types_seen == ALL_TYPES
    assert errors_checked == ALL_TYPES
    expect(page.locator(".app-risk-panel")).to_contain_text("Impact level")

    page.get_by_role("link", name="See why").click()
    expect(page.locator("h1")).to_contain_text("Impact level")
    checked_page.check("explained risk")
    checked_page.goto(task_list)
    page.get_by_role("link", name="Check the risk and submit").click()
    checked_page.check("submit page")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been submitted for review")
    expect(page.locator(".govuk-inset-text")).to_contain_text("can no longer be changed")
    checked_page.check("submitted task list")

    # Read-only: a question page sends the lead to the section's answers, which have no change links.
    checked_page.goto(f"{task_list}/questions/tool-summary")
    expect(page.locator("h1")).not_to_contain_text("Check your answers")
    expect(page.get_by_role("link", name="Change")).to_have_count(0)
    checked_page.check("read-only answers")


def test_a_digital_lead_uploads_sample_data_and_reads_the_findings(checked_page: CheckedPage,
                                                                  live_server: LiveServer, tmp_path) -> None:
    lead = live_server.accounts["digital_lead"]
    checked_page.sign_in(lead.email, lead.password)
    page = checked_page.page
    sample = tmp_path / "tenants.csv"
    sample.write_text("tenant_email,mobile,notes\n" + "".join(
        f"tenant{index}@example.com,07700 900{index:03d},Rent arrears call\n" for index in range(60)))

    checked_page.goto(f"/assessments/{live_server.assessment_id}/sample-data")
    page.get_by_role("button", name="Upload and scan").click()
    assert page.title().startswith("Error: ")
    checked_page.check("upload page with an error")
    page.get_by_label("Upload a sample of the data").set_input_files(str(sample))
    page.get_by_role("button", name="Upload and scan").click()
    expect(page.get_by_test_id("scan-status")).to_have_text("Checked", timeout=30_000)
    findings = page.get_by_test_id("scan-findings")
    expect(findings).to_contain_text("Column tenant_email contains email addresses in 100% of rows")
    expect(findings).to_contain_text("Column mobile contains phone numbers")
    checked_page.check("scan findings")
