"""The security baseline: headers, CSRF, access declarations, error pages that leak nothing."""

from __future__ import annotations

import logging

import pytest
from flask import Flask

from governance.accounts.models import Role
from governance.security import BUILT_IN_PUBLIC_ENDPOINTS, access_of
from tests.helpers import PASSWORD, Factories, PageClient


def test_every_route_declares_its_access(app: Flask) -> None:
    undeclared = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in BUILT_IN_PUBLIC_ENDPOINTS and access_of(app.view_functions[rule.endpoint]) is None
    ]
    assert undeclared == []


def test_an_undeclared_route_is_refused(app: Flask) -> None:
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")

    assert app.test_client().get("/forgotten").status_code == 403


@pytest.mark.parametrize("path", ["/sign-in", "/healthz", "/accessibility", "/does-not-exist"])
def test_responses_carry_the_security_headers(client, path: str) -> None:
    response = client.get(path)

    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Request-ID"]


def test_nonce_changes_on_every_request(client) -> None:
    first = client.get("/sign-in").headers["Content-Security-Policy"]
    second = client.get("/sign-in").headers["Content-Security-Policy"]

    assert first != second


def test_static_files_may_be_cached(client) -> None:
    response = client.get("/static/app.js")

    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"


def test_post_without_csrf_token_is_refused(client, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="csrf@example.gov.uk")

    response = client.post("/sign-in", data={"email": "csrf@example.gov.uk", "password": PASSWORD})

    assert response.status_code == 400
    assert "Your form could not be sent" in response.get_data(as_text=True)


def test_post_with_another_sessions_csrf_token_is_refused(app: Flask, pages: PageClient) -> None:
    token = pages.get("/sign-in").csrf_token()
    other = app.test_client()

    response = other.post("/sign-in", data={"csrf_token": token, "email": "a@example.gov.uk", "password": "x"})

    assert response.status_code == 400


def test_role_pages_refuse_other_roles_with_403(pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, [Role.DIGITAL_LEAD, Role.IG_OFFICER], email="notadmin@example.gov.uk")
    pages.sign_in("notadmin@example.gov.uk")

    page = pages.get("/admin/users", expected_status=403)

    assert "You do not have permission" in page.text()


def test_unknown_page_is_a_friendly_404(pages: PageClient) -> None:
    page = pages.get("/no/such/page", expected_status=404)

    assert "Page not found" in page.text()


def test_large_request_is_a_friendly_413(app: Flask, client) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024

    response = client.post("/sign-in", data={"email": "x" * 5000})

    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)


def test_unexpected_error_page_leaks_nothing(app: Flask, client, caplog: pytest.LogCaptureFixture) -> None:
    def explode() -> str:
        raise RuntimeError("database password is hunter2")

    from governance.security import public

    app.add_url_rule("/explode", "explode", public(explode))
    with caplog.at_level(logging.ERROR):
        response = client.get("/explode")

    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert "hunter2" not in body
    assert "Traceback" not in body
    assert response.headers["X-Request-ID"] in body


def test_healthz_reports_database_status(client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_autoescaping_is_on(app: Flask) -> None:
    with app.test_request_context():
        rendered = app.jinja_env.from_string("{{ value }}").render(value="<script>alert(1)</script>")

    assert "<script>" not in rendered
