"""Signing in and out with the keyboard alone, with a visible focus indicator on the way."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import CheckedPage, LiveServer

MAX_TABS = 20

FOCUS_STYLE = """
() => {
  const style = getComputedStyle(document.activeElement);
  return {outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth, boxShadow: style.boxShadow};
}
"""


def _tab_until(checked_page: CheckedPage, is_target: str, what: str) -> int:
    """Press Tab until the JavaScript predicate `is_target` holds for the focused element; returns the count."""
    for presses in range(1, MAX_TABS + 1):
        checked_page.page.keyboard.press("Tab")
        if checked_page.page.evaluate(f"() => {{ const el = document.activeElement; return Boolean({is_target}); }}"):
            return presses
    raise AssertionError(f"{what} was not reached in {MAX_TABS} presses of Tab; "
                         f"focus ended on {checked_page.active_element()}")


def _has_focus_indicator(style: dict[str, str]) -> bool:
    outline = style["outlineStyle"] != "none" and style["outlineWidth"] not in ("0px", "")
    return outline or style["boxShadow"] != "none"


def test_sign_in_and_out_with_the_keyboard_alone(checked_page: CheckedPage, live_server: LiveServer) -> None:
    page = checked_page.page
    account = live_server.accounts["digital_lead"]
    checked_page.goto("/sign-in")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    assert _has_focus_indicator(page.evaluate(FOCUS_STYLE)), "the skip link shows no focus indicator"

    _tab_until(checked_page, "el.id === 'email'", "The email address field")
    email_focus = page.evaluate(FOCUS_STYLE)
    assert _has_focus_indicator(email_focus), f"the email field shows no focus indicator: {email_focus}"
    page.keyboard.type(account.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    page.keyboard.type(account.password)
    page.keyboard.press("Enter")

    page.wait_for_url(live_server.url + "/")
    expect(page.locator("h1")).to_contain_text("Welcome, ")
    checked_page.check("dashboard after a keyboard sign-in")

    _tab_until(checked_page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Sign out'", "The Sign out button")
    button_focus = page.evaluate(FOCUS_STYLE)
    assert _has_focus_indicator(button_focus), f"the Sign out button shows no focus indicator: {button_focus}"
    page.keyboard.press("Enter")

    page.wait_for_url(live_server.url + "/sign-in")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out.")
    checked_page.check("sign-in after a keyboard sign-out")
