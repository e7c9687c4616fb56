"""Every page, for every role, passes axe-core (WCAG 2.2 A and AA) with a clean console; and a real
administrator journey works end to end in Chromium.

The page lists below are the source of truth for what the browser suite visits. The coverage test
fails when the application gains a GET page that no list mentions.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from werkzeug.exceptions import NotFound

from tests.browser.support import MULTI_ROLE, CheckedPage, LiveServer

# {published} is the demo organisation's published register entry.
REGISTER_PAGES = ["/register", "/register/demo", "/register/demo/{published}",
                  "/register?q=planning&risk_level=II", "/register/demo/{published}?version=1"]
SIGNED_OUT_PAGES = ["/sign-in", "/accessibility", "/privacy", "/check-a-record", *REGISTER_PAGES]
SIGNED_IN_PAGES = ["/", "/account/password", "/accessibility", "/privacy", "/check-a-record", "/ai-register"]
# {target} is an active user of the administrator's organisation; {deactivated} one who cannot sign in.
ADMIN_PAGES = [
    "/admin/users",
    "/admin/users/new",
    "/admin/organisation",
    "/admin/signing-certificate",
    "/admin/users/{target}",
    "/admin/users/{target}/deactivate",
    "/admin/users/{deactivated}/reactivate",
    "/admin/users/{target}/reset-password",
]
# {reference} and {assessment} are a use case filed in the demo organisation and its first assessment.
# {upgraded} is a new version, on questionnaire 1.1, of a use case decided on 1.0 (it says what is new).
USE_CASE_PAGES = [
    "/use-cases",
    "/use-cases/{reference}",
    "/assessments/{assessment}",
    "/assessments/{assessment}/sections/use-case",
    "/assessments/{assessment}/risk",
    "/assessments/{assessment}/sample-data",
    "/assessments/{assessment}/sample-data/{scan}",
    "/assessments/{assessment}/actions/dpia",
    "/use-cases/{reference}/history",
    "/assessments/{decided}",
    "/assessments/{upgraded}",
]
# {submitted} waits for review; {decided} was approved by another officer and has a signed record.
# {condition} is the open condition of {decided}'s approval, owned by the demo digital lead.
OFFICER_PAGES = ["/reviews", "/reviews/{submitted}", "/reviews/{submitted}/decision", "/reviews/{decided}",
                 "/use-cases/{published}/publish", "/use-cases/{published}/withdraw", "/use-cases/{published}",
                 "/conditions/{condition}/met", "/use-cases/{reference}/retire"]
LEAD_PAGES = USE_CASE_PAGES + [
    "/use-cases/new",
    "/assessments/{assessment}/questions/tool-summary",
    "/assessments/{assessment}/submit",
    "/conditions/{condition}/met",
]
PAGES_BY_ACCOUNT = {
    "digital_lead": SIGNED_IN_PAGES + LEAD_PAGES,
    "ig_officer": SIGNED_IN_PAGES + USE_CASE_PAGES + OFFICER_PAGES,
    "admin": SIGNED_IN_PAGES + ADMIN_PAGES + USE_CASE_PAGES,
    MULTI_ROLE: SIGNED_IN_PAGES + ADMIN_PAGES + LEAD_PAGES + OFFICER_PAGES,
}
# Endpoints that are not pages: files (checked in the review journey), and the JSON health check.
NOT_PAGES = {"static", "pages.healthz", "records.download", "reviews.internal_register_csv",
             "register.register_json_view", "register.register_csv_view", "register.feed", "register.schema",
             "register.openapi_document", "register.api_list", "register.api_get", "register.entry_json"}
DASHBOARD_SECTIONS = {
    "digital_lead": ["AI use cases"],
    "ig_officer": ["Assessments to review"],
    "admin": ["Administration"],
    MULTI_ROLE: ["AI use cases", "Assessments to review", "Administration"],
}
NEW_PASSWORD = "violet harbour tractor"


def _url(path: str, live: LiveServer) -> str:
    return path.format(target=live.target.id, deactivated=live.deactivated.id, reference=live.use_case_reference,
                       assessment=live.assessment_id, scan=live.scan_id, submitted=live.submitted_id,
                       decided=live.decided_id, upgraded=live.upgraded_id, published=live.published_reference,
                       condition=live.condition_id)


@pytest.mark.parametrize("account", list(PAGES_BY_ACCOUNT))
def test_every_page_an_account_can_reach_is_accessible(checked_page: CheckedPage, live_server: LiveServer,
                                                       account: str) -> None:
    credentials = live_server.accounts[account]
    checked_page.sign_in(credentials.email, credentials.password)

    for path in PAGES_BY_ACCOUNT[account]:
        checked_page.goto(_url(path, live_server))
        expect(checked_page.page.locator("h1")).to_have_count(1)
        checked_page.check(f"{path} as {account}")
    # WCAG 1.4.10: the same pages reflow on a small phone, with nothing to scroll sideways.
    checked_page.page.set_viewport_size({"width": 320, "height": 720})
    for path in PAGES_BY_ACCOUNT[account]:
        checked_page.goto(_url(path, live_server))
        checked_page.check_reflow(f"{path} as {account}")
        checked_page.check(f"{path} as {account} at 320px")
    checked_page.page.set_viewport_size({"width": 1280, "height": 900})

    checked_page.goto("/")
    headings = checked_page.page.locator("main h2").all_inner_texts()
    assert headings == DASHBOARD_SECTIONS[account]
    if "/admin/users" not in PAGES_BY_ACCOUNT[account]:
        checked_page.goto("/admin/users", status=403)
        expect(checked_page.page.locator("h1")).to_have_text("You do not have permission to view this page")
        checked_page.check(f"the 403 page for {account}")


def test_signed_out_pages_are_accessible(checked_page: CheckedPage, live_server: LiveServer) -> None:
    for path in SIGNED_OUT_PAGES:
        checked_page.goto(_url(path, live_server))
        expect(checked_page.page.get_by_role("button", name="Sign out")).to_have_count(0)
        checked_page.check(f"{path} signed out")

    checked_page.goto("/no-such-page", status=404)
    expect(checked_page.page.locator("h1")).to_have_text("Page not found")
    checked_page.check("the 404 page")


def test_signed_out_pages_are_accessible_on_a_small_phone(checked_page: CheckedPage,
                                                         live_server: LiveServer) -> None:
    checked_page.page.set_viewport_size({"width": 320, "height": 720})
    for path in SIGNED_OUT_PAGES:
        checked_page.goto(_url(path, live_server))
        checked_page.check(f"{path} at 320px")
        checked_page.check_reflow(path)


def test_signed_in_pages_send_a_signed_out_visitor_to_sign_in(checked_page: CheckedPage) -> None:
    checked_page.goto("/admin/users")

    assert checked_page.path == "/sign-in?next=/admin/users"
    expect(checked_page.page.get_by_text("Sign in to continue.")).to_be_visible()
    checked_page.check("sign-in after a redirect")


def test_sign_in_errors_are_accessible_and_take_focus(checked_page: CheckedPage, live_server: LiveServer) -> None:
    page = checked_page.page
    checked_page.goto("/sign-in")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")

    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an email address")
    expect(summary).to_contain_text("Enter your password")
    assert checked_page.focus_is_in_error_summary(), f"focus is on {checked_page.active_element()}"
    checked_page.check("sign-in with an empty form")

    # A wrong password: one failed attempt, well under the per-account and per-address limits.
    page.get_by_label("Email address").fill(live_server.accounts["digital_lead"].email)
    page.get_by_label("Password", exact=True).fill("not the right password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")

    expect(summary).to_contain_text("Enter a correct email address and password")
    assert checked_page.focus_is_in_error_summary(), f"focus is on {checked_page.active_element()}"
    checked_page.check("sign-in with a wrong password")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_add_user_errors_are_accessible_and_take_focus(checked_page: CheckedPage, live_server: LiveServer) -> None:
    admin = live_server.accounts["admin"]
    checked_page.sign_in(admin.email, admin.password)
    checked_page.goto("/admin/users/new")

    checked_page.page.get_by_role("button", name="Create account").click()
    checked_page.page.wait_for_load_state("load")

    assert checked_page.page.title().startswith("Error:")
    summary = checked_page.page.locator(".govuk-error-summary")
    for message in ["Enter the person's full name", "Enter an email address", "Select at least one role"]:
        expect(summary).to_contain_text(message)
    assert checked_page.focus_is_in_error_summary(), f"focus is on {checked_page.active_element()}"
    checked_page.check("add a user with an empty form")


def test_organisations_cannot_see_each_others_users(checked_page: CheckedPage, live_server: LiveServer) -> None:
    page = checked_page.page
    other = live_server.other_admin
    checked_page.sign_in(other.email, other.password)

    checked_page.goto("/admin/users")
    expect(page.locator("header")).to_contain_text(live_server.other_org_name)
    names = page.locator("table tbody tr td:first-child").all_inner_texts()
    assert sorted(names) == ["Lee Other", "Olu Other"]
    checked_page.check("users of the second organisation")

    checked_page.goto(f"/admin/users/{live_server.target.id}", status=404)
    checked_page.check("another organisation's user")
    checked_page.sign_out()

    admin = live_server.accounts["admin"]
    checked_page.sign_in(admin.email, admin.password)
    checked_page.goto(f"/admin/users/{other.id}", status=404)
    expect(page.locator("h1")).to_have_text("Page not found")
    checked_page.check("the other organisation's admin, seen by the demo admin")


def test_every_get_page_is_visited(live_server: LiveServer) -> None:
    app = live_server.app
    pages = {rule.endpoint for rule in app.url_map.iter_rules()
             if "GET" in (rule.methods or set()) and rule.endpoint not in NOT_PAGES}
    adapter = app.url_map.bind("localhost")
    visited = set()
    for path in {_url(path, live_server) for paths in [SIGNED_OUT_PAGES, *PAGES_BY_ACCOUNT.values()] for path in paths}:
        try:
            endpoint, _arguments = adapter.match(path.split("?")[0], method="GET")
        except NotFound:
            pytest.fail(f"{path} is in a page list but matches no route")
        visited.add(endpoint)

    missing = sorted(pages - visited)
    assert not missing, f"GET pages no browser test visits (add them to the lists in {__name__}): {missing}"


def test_admin_adds_a_user_who_signs_in_and_chooses_a_password(checked_page: CheckedPage,
                                                              live_server: LiveServer) -> None:
    page = checked_page.page
    admin = live_server.accounts["admin"]
    checked_page.sign_in(admin.email, admin.password)
    checked_page.check("dashboard of the administrator")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Users").click()
    page.wait_for_url(live_server.url + "/admin/users")
    checked_page.check("users")
    page.get_by_role("link", name="Add a user").click()
    page.wait_for_url(live_server.url + "/admin/users/new")
    checked_page.check("add a user")

    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("Email address").fill("Nia.Newcomer@demo.example")
    page.get_by_label("Information governance officer").check()
    page.get_by_role("button", name="Create account").click()

    expect(page.locator("h1")).to_have_text("Account created")
    temporary_password = page.get_by_test_id("temporary-password").inner_text().strip()
    assert len(temporary_password) >= 12
    checked_page.check("account created")

    checked_page.sign_out()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out.")
    checked_page.check("signed out")

    checked_page.sign_in("nia.newcomer@demo.example", temporary_password, expected_path="/account/password")
    expect(page.get_by_text("You are using a temporary password.")).to_be_visible()
    checked_page.check("change a temporary password")

    page.get_by_label("Current password", exact=True).fill(temporary_password)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url(live_server.url + "/")

    expect(page.locator("h1")).to_have_text("Welcome, Nia Newcomer")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your password has been changed.")
    checked_page.check("dashboard of the new user")
