"""Signing in and out: generic errors, throttling, fixation, expiry, deactivated accounts."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from governance.accounts.models import Role, User
from governance.audit import AuditEvent
from governance.db import transaction
from tests.helpers import PASSWORD, Factories, PageClient


def _events(app: Flask, kind: str) -> list[AuditEvent]:
    with app.app_context(), transaction() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)))


def test_sign_in_with_correct_credentials_reaches_the_dashboard(app: Flask, pages: PageClient,
                                                                  factories: Factories) -> None:
    organisation = factories.organisation("Northshire Council")
    factories.user(organisation, [Role.DIGITAL_LEAD], email="Dana@Example.gov.uk", name="Dana Lead")

    pages.sign_in("  dana@EXAMPLE.gov.uk ")  # email is case-insensitive and trimmed
    dashboard = pages.get("/")

    assert "Welcome, Dana Lead" in dashboard.text()
    assert "Northshire Council" in dashboard.text("header")
    assert len(_events(app, "sign_in")) == 1


def test_wrong_password_and_unknown_email_get_the_same_generic_message(app: Flask, pages: PageClient,
                                                                        factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="known@example.gov.uk")

    wrong_password = pages.post("/sign-in", {"email": "known@example.gov.uk", "password": "not the password"}, 200)
    unknown_email = pages.post("/sign-in", {"email": "nobody@example.gov.uk", "password": PASSWORD}, 200)

    for page in (wrong_password, unknown_email):
        assert page.soup.title.get_text().startswith("Error:")
        assert "Enter a correct email address and password" in page.text(".govuk-error-summary")
    reasons = [event.payload["reason"] for event in _events(app, "sign_in_failed")]
    assert reasons == ["wrong_password", "unknown_account"]
    # The attempted email address is personal data and is not written to the audit log.
    assert all("nobody@example.gov.uk" not in str(event.payload) for event in _events(app, "sign_in_failed"))


def test_deactivated_user_cannot_sign_in(pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="gone@example.gov.uk", active=False)

    page = pages.post("/sign-in", {"email": "gone@example.gov.uk", "password": PASSWORD}, 200)

    assert "Enter a correct email address and password" in page.text()


def test_empty_form_shows_gov_uk_error_messages(pages: PageClient) -> None:
    page = pages.post("/sign-in", {"email": "", "password": ""}, 200)

    summary = page.text(".govuk-error-summary")
    assert "Enter an email address" in summary
    assert "Enter your password" in summary


def test_account_is_throttled_after_repeated_failures(app: Flask, pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="target@example.gov.uk")

    for _ in range(5):
        pages.post("/sign-in", {"email": "target@example.gov.uk", "password": "wrong password here"}, 200)
    throttled = pages.post("/sign-in", {"email": "target@example.gov.uk", "password": PASSWORD}, 429)

    assert "Too many attempts" in throttled.text()
    # Another account from the same address is not locked by someone else's failures.
    factories.user(organisation, email="other@example.gov.uk")
    pages.sign_in("other@example.gov.uk")


def test_a_json_body_cannot_get_round_the_account_limit(app: Flask, pages: PageClient, factories: Factories) -> None:
    """The throttle keys on the form's email; a JSON body (which the form would also read) is refused, so it can
    neither sign in past the limit nor count under another key."""
    factories.user(factories.organisation(), email="target@example.gov.uk")
    for _ in range(5):
        pages.post("/sign-in", {"email": "target@example.gov.uk", "password": "wrong password here"}, 200)
    token = pages.get("/sign-in").csrf_token()

    response = pages.client.post("/sign-in", json={"email": "target@example.gov.uk", "password": PASSWORD},
                                 headers={"X-CSRFToken": token})

    assert response.status_code == 400
    assert pages.client.get("/use-cases").headers["Location"].startswith("/sign-in")  # still signed out


def test_every_change_must_come_from_a_form(app: Flask, pages: PageClient, factories: Factories) -> None:
    """The same class of gap elsewhere: any state-changing request with a non-form body is refused."""
    factories.user(factories.organisation(), email="lead@example.gov.uk")
    pages.sign_in("lead@example.gov.uk")
    token = pages.get("/use-cases/new").csrf_token()

    for body in ({"json": {"title": "Chatbot"}}, {"data": "title=Chatbot", "content_type": "text/plain"}):
        response = pages.client.post("/use-cases/new", headers={"X-CSRFToken": token}, **body)
        assert response.status_code == 400


def test_address_is_throttled_across_accounts(app: Flask, pages: PageClient) -> None:
    app.config["SIGN_IN_LIMIT_PER_IP"] = "3 per 15 minutes"
    for number in range(3):
        pages.post("/sign-in", {"email": f"guess{number}@example.gov.uk", "password": "wrong password"}, 200)

    pages.post("/sign-in", {"email": "fresh@example.gov.uk", "password": "wrong password"}, 429)


def test_successful_sign_ins_do_not_count_towards_the_limit(pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="often@example.gov.uk")

    for _ in range(7):
        pages.sign_in("often@example.gov.uk")
        pages.sign_out()


def test_sign_in_replaces_the_session_to_prevent_fixation(client, pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="fix@example.gov.uk")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"

    pages.sign_in("fix@example.gov.uk")

    with client.session_transaction() as session:
        assert "planted" not in session
        assert "_user_id" in session


def test_sign_out_invalidates_a_copied_session_cookie(app: Flask, client, pages: PageClient,
                                                      factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="copy@example.gov.uk")
    pages.sign_in("copy@example.gov.uk")
    stolen = client.get_cookie("session").value

    pages.sign_out()
    thief = app.test_client()
    thief.set_cookie("session", stolen)

    response = thief.get("/use-cases")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
    assert thief.get("/").headers["Location"] == "/register"  # not signed in: the public landing page


def test_session_expires_after_inactivity(app: Flask, client, pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="idle@example.gov.uk")
    pages.sign_in("idle@example.gov.uk")
    cookie = client.get_cookie("session")
    assert cookie.expires is not None
    lifetime = cookie.expires - cookie.expires.now(cookie.expires.tzinfo)
    assert lifetime <= timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])

    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=-1)  # the signed timestamp is now too old
    response = client.get("/use-cases")

    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_session_ends_after_the_absolute_limit(app: Flask, client, pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="long@example.gov.uk")
    pages.sign_in("long@example.gov.uk")
    with client.session_transaction() as session:
        session["signed_in_at"] = session["signed_in_at"] - 13 * 3600

    response = client.get("/use-cases")

    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_next_parameter_only_redirects_within_the_site(pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="next@example.gov.uk")

    page = pages.post("/sign-in?next=//evil.example/phish",
                      {"email": "next@example.gov.uk", "password": PASSWORD}, 302)

    assert page.response.headers["Location"] == "/"


def test_signed_out_visitor_is_sent_to_sign_in_and_back(pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    factories.user(organisation, [Role.ADMIN], email="back@example.gov.uk")

    redirect = pages.client.get("/admin/users")
    assert redirect.status_code == 302
    location = redirect.headers["Location"]
    assert location.startswith("/sign-in?next=")

    page = pages.post(location, {"email": "back@example.gov.uk", "password": PASSWORD}, 302)
    assert page.response.headers["Location"] == "/admin/users"


def test_user_with_temporary_password_must_change_it(app: Flask, pages: PageClient, factories: Factories) -> None:
    organisation = factories.organisation()
    user = factories.user(organisation, email="temp@example.gov.uk", name="Temp Person")
    with app.app_context(), transaction() as session:
        session.get(User, user.id).must_change_password = True
    pages.sign_in("temp@example.gov.uk")

    assert pages.client.get("/").headers["Location"] == "/account/password"
    common = pages.post("/account/password", {"current_password": PASSWORD, "new_password": "password1234"}, 200)
    assert "too common" in common.text(".govuk-error-summary")
    short = pages.post("/account/password", {"current_password": PASSWORD, "new_password": "short"}, 200)
    assert "12 characters or more" in short.text(".govuk-error-summary")
    pages.post("/account/password", {"current_password": PASSWORD, "new_password": "violet harbour tractor"}, 302)

    assert "Welcome, Temp Person" in pages.get("/").text()
    assert len(_events(app, "password_changed")) == 1


def test_the_public_land_on_the_register_and_see_no_staff_wording(app: Flask, client, factories: Factories) -> None:
    factories.organisation("South Shire Council", "south-shire")
    landing = client.get("/")
    register = PageClient(client).get("/register")
    council = PageClient(client).get("/register/south-shire")

    assert landing.status_code == 302 and landing.headers["Location"] == "/register"
    assert "administrator" not in register.text(".govuk-phase-banner")
    assert register.text("header").count(app.config["SERVICE_NAME"]) == 1  # named once, not twice
    assert "South Shire Council" in council.text("header")
    assert "Staff sign in" in register.text("header")
