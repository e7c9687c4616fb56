"""Browser-test helpers: a checked page that runs axe-core and watches the console for errors.

axe-core is served to the page from its own origin (a routed request for AXE_URL) instead of being
injected inline: the service's Content-Security-Policy rightly refuses inline scripts, and the tests
must not weaken that policy, because they also check that no page breaks it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, Response, Route

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_PATH = Path("/usr/bin/chromium")
# Served by the test itself (see `CheckedPage.__init__`), never by the application.
AXE_URL = "/__browser-tests__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Chromium reports a CSP violation as "Refused to ..." or "... violates the following Content Security Policy ...".
CSP_MESSAGE = re.compile(r"Refused to|Content Security Policy", re.IGNORECASE)
FAILED_RESOURCE = re.compile(r"Failed to load resource: the server responded with a status of (\d{3})")

# Runs before any script of every document: records CSP violations the console might not show.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile || ''}:${event.lineNumber || ''}`);
});
"""

RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }));
}
"""

FOCUS_IN_ERROR_SUMMARY = """
() => {
  const active = document.activeElement;
  return Boolean(active && active.closest('.govuk-error-summary'));
}
"""


# The innermost elements that reach past the right edge of a `width` wide viewport, for the failure message.
WIDEST_ELEMENTS = """
(width) => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > width + 0.5)
  .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > width + 0.5))
  .slice(0, 3)
  .map((el) => `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''}`
    + ` "${(el.innerText || '').trim().slice(0, 40)}"`)
"""

MULTI_ROLE = "multi_role"


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    name: str
    id: uuid.UUID


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Flask
    # digital_lead, ig_officer, admin (the demo accounts) and multi_role (all three roles), all in the demo org.
    accounts: dict[str, Account]
    # Demo-org users an administrator acts on: `target` is active, `deactivated` is not.
    target: Account
    deactivated: Account
    # The administrator of a second organisation, for checks across organisations.
    other_admin: Account
    demo_org_name: str
    other_org_name: str
    # A use case filed in the demo organisation, and its first assessment's id.
    use_case_reference: str = ""
    assessment_id: str = ""
    scan_id: str = ""
    # An assessment submitted by `target` and waiting for review, and one approved with a signed record.
    submitted_id: str = ""
    decided_id: str = ""
    # A second information governance officer of the demo organisation.
    second_officer: Account | None = None
    # The reference of the decided use case, published on the register.
    published_reference: str = ""
    # The open condition of that approval, owned by the demo digital lead.
    condition_id: str = ""
    # A draft new version, on questionnaire 1.1, of a use case approved on 1.0.
    upgraded_id: str = ""


@dataclass(frozen=True)
class Violation:
    id: str
    impact: str | None
    help: str
    targets: list[str]

    def describe(self) -> str:
        return f"  - {self.id} [{self.impact or 'unknown impact'}] {self.help}: {', '.join(self.targets)}"


def format_violations(where: str, violations: list[Violation]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    lines.extend(violation.describe() for violation in violations)
    return "\n".join(lines)


@dataclass
class CheckedPage:
    """A Playwright page that remembers console errors and checks each page it shows."""

    page: Page
    base_url: str
    errors: list[str] = field(default_factory=list)
    expected_error_statuses: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))
        self.page.add_init_script(CSP_LISTENER)
        self.page.route(self.base_url + AXE_URL, self._serve_axe)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    @staticmethod
    def _serve_axe(route: Route) -> None:
        route.fulfill(path=AXE_PATH, content_type="text/javascript; charset=utf-8")

    @property
    def path(self) -> str:
        url = self.page.url
        return url[len(self.base_url):] if url.startswith(self.base_url) else url

    def goto(self, path: str, status: int = 200) -> Response:
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"expected {status}, got {response.status} for {path}"
        if status >= 400:
            self.expected_error_statuses.add(status)
        return response

    def run_axe(self) -> list[Violation]:
        """WCAG 2.x A and AA violations on the current page."""
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(url=AXE_URL)
        found: list[dict[str, Any]] = self.page.evaluate(RUN_AXE, AXE_TAGS)
        violations = []
        for item in found:
            violations.append(Violation(item["id"], item["impact"], item["help"], item["targets"]))
        return violations

    def console_problems(self) -> list[str]:
        problems = []
        for text in self.errors:
            failed = FAILED_RESOURCE.search(text)
            if failed and int(failed.group(1)) in self.expected_error_statuses:
                continue
            kind = "CSP violation" if CSP_MESSAGE.search(text) else "console error"
            problems.append(f"{kind}: {text}")
        violations = self.page.evaluate("() => window.__cspViolations || []")
        problems.extend(f"CSP violation (event): {text}" for text in violations)
        return problems

    def check(self, label: str | None = None) -> None:
        """axe finds no WCAG 2.2 A/AA violation, and nothing went wrong in the console since the last check."""
        where = label or self.path
        self.page.wait_for_load_state("load")
        violations = self.run_axe()
        problems = self.console_problems()
        self.errors.clear()
        self.expected_error_statuses.clear()
        assert not violations, format_violations(where, violations)
        assert not problems, f"console problems on {where}:\n" + "\n".join(f"  - {p}" for p in problems)

    def check_reflow(self, label: str | None = None) -> None:
        """Nothing scrolls sideways at the current viewport width (WCAG 1.4.10: content reflows at 320 px)."""
        where = label or self.path
        viewport = self.page.viewport_size
        assert viewport is not None, "the page has no fixed viewport"
        overflow = int(self.page.evaluate("document.documentElement.scrollWidth")) - viewport["width"]
        if overflow > 0:
            culprits = self.page.evaluate(WIDEST_ELEMENTS, viewport["width"])
            raise AssertionError(f"{where} scrolls sideways at {viewport['width']}px by {overflow}px; "
                                 f"it sticks out of: {', '.join(culprits) or 'no single element'}")

    def sign_in(self, email: str, password: str, expected_path: str = "/") -> None:
        """Through the real form, as a person would."""
        self.goto("/sign-in")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url(self.base_url + expected_path)

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_url(self.base_url + "/sign-in")

    def focus_is_in_error_summary(self, timeout_ms: int = 3000) -> bool:
        """GOV.UK Frontend moves focus to the error summary once its script has started."""
        try:
            self.page.wait_for_function(FOCUS_IN_ERROR_SUMMARY, timeout=timeout_ms)
        except Exception:  # noqa: BLE001 - a timeout is the answer "no"
            return False
        return True

    def active_element(self) -> str:
        """A short description of the focused element, for assertions and their messages."""
        return str(self.page.evaluate(
            """() => {
              const el = document.activeElement;
              if (!el) return 'nothing';
              const text = (el.innerText || el.value || '').trim().slice(0, 40);
              return `${el.tagName.toLowerCase()}#${el.id || ''}.${el.className || ''} "${text}"`;
            }"""
        ))
