"""Administrators manage users and roles; the last administrator cannot be removed."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from governance.accounts import services
from governance.accounts.models import Role, User
from governance.audit import AuditEvent
from governance.db import transaction
from tests.helpers import PASSWORD, Factories, PageClient


def _user(app: Flask, email: str) -> User:
    with app.app_context(), transaction() as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None
        _ = user.roles
        return user


def _kinds(app: Flask) -> list[str]:
    with app.app_context(), transaction() as session:
        return list(session.scalars(select(AuditEvent.kind).order_by(AuditEvent.id)))


def _admin(factories: Factories, email: str = "admin@example.gov.uk"):
    organisation = factories.organisation("Westshire Council")
    admin = factories.user(organisation, [Role.ADMIN], email=email, name="Ada Admin")
    return organisation, admin


def test_admin_creates_a_user_who_must_set_their_own_password(app: Flask, pages: PageClient,
                                                                factories: Factories) -> None:
    _admin(factories)
    pages.sign_in("admin@example.gov.uk")

    created = pages.post("/admin/users/new", {"name": "Ian Gov", "email": "IAN@example.gov.uk",
                                               "roles": ["ig_officer", "digital_lead"]}, 200)

    temporary = created.soup.select_one("[data-testid=temporary-password]").get_text().strip()
    user = _user(app, "ian@example.gov.uk")
    assert user.roles == {Role.IG_OFFICER, Role.DIGITAL_LEAD}
    assert user.must_change_password
    assert temporary not in user.password_hash
    assert "user_created" in _kinds(app)
    pages.sign_out()
    pages.sign_in("ian@example.gov.uk", temporary)
    assert pages.client.get("/").headers["Location"] == "/account/password"


def test_new_user_form_reports_each_problem(pages: PageClient, factories: Factories) -> None:
    _admin(factories)
    pages.sign_in("admin@example.gov.uk")

    empty = pages.post("/admin/users/new", {}, 200)
    duplicate = pages.post("/admin/users/new", {"name": "Copy", "email": "Admin@example.gov.uk", "roles": ["admin"]},
                           200)
    malformed = pages.post("/admin/users/new", {"name": "Bad", "email": "not-an-email", "roles": ["admin"]}, 200)

    assert "Enter the person's full name" in empty.text(".govuk-error-summary")
    assert "Select at least one role" in empty.text(".govuk-error-summary")
    assert "This email address already has an account in your organisation" in duplicate.text(".govuk-error-summary")
    assert "correct format" in malformed.text(".govuk-error-summary")


def _snapshot(app: Flask, email: str) -> tuple:
    user = _user(app, email)
    return (user.id, user.organisation_id, user.name, user.roles, user.password_hash, user.session_token,
            user.must_change_password, user.active)


def test_an_email_with_an_account_in_another_organisation_gets_the_neutral_answer(
        app: Flask, pages: PageClient, factories: Factories) -> None:
    """An administrator must not learn who has an account at another council."""
    eastshire = factories.organisation("Eastshire Council", "eastshire")
    factories.user(eastshire, [Role.IG_OFFICER], email="kim@eastshire.gov.uk", name="Kim Elsewhere")
    before = _snapshot(app, "kim@eastshire.gov.uk")
    _admin(factories)
    pages.sign_in("admin@example.gov.uk")

    page = pages.post("/admin/users/new", {"name": "Kim New", "email": "KIM@eastshire.gov.uk",
                                            "roles": ["digital_lead"]}, 200)

    expected = ("This email address cannot be used for a new account here. Ask the person for their work email "
                "address at Westshire Council, or contact the service's operator.")
    assert page.text(".govuk-error-summary") == f"There is a problem {expected}"
    assert expected in page.text("#email-error")
    for revealing in ("already", "exists", "Eastshire", "Kim Elsewhere"):
        assert revealing not in page.text()
    assert _snapshot(app, "kim@eastshire.gov.uk") == before  # untouched, still Eastshire's
    with app.app_context(), transaction() as session:
        assert session.scalars(select(User).where(User.name == "Kim New")).all() == []


def test_the_answer_is_the_same_whichever_organisation_holds_the_email(pages: PageClient,
                                                                        factories: Factories) -> None:
    """Two addresses held by two other councils: nothing in the answers tells them apart (status, page)."""
    factories.user(factories.organisation("Eastshire Council", "eastshire"), email="one@eastshire.gov.uk")
    factories.user(factories.organisation("Northshire Council", "northshire"), email="two@northshire.gov.uk")
    _admin(factories)
    pages.sign_in("admin@example.gov.uk")

    answers = [pages.post("/admin/users/new", {"name": "New Person", "email": email, "roles": ["digital_lead"]}, 200)
               for email in ("one@eastshire.gov.uk", "two@northshire.gov.uk")]

    first, second = (page.text().replace(email, "EMAIL") for page, email in
                     zip(answers, ("one@eastshire.gov.uk", "two@northshire.gov.uk"), strict=True))
    assert first == second
    assert answers[0].soup.title.get_text() == answers[1].soup.title.get_text()


def _set_domains(app: Flask, slug: str, *domains: str) -> None:
    with app.app_context(), transaction() as session:
        organisation = services.find_organisation_by_slug(session, slug)
        services.set_email_domains(session, organisation, domains)


def test_with_its_domains_set_an_address_held_elsewhere_and_one_held_nowhere_get_one_answer(
        app: Flask, pages: PageClient, factories: Factories) -> None:
    """Nothing is looked up for an address outside the organisation's domains, so no answer can depend on
    whether someone elsewhere has it."""
    factories.user(factories.organisation("Eastshire Council", "eastshire"), email="kim@eastshire.gov.uk")
    organisation, _admin_user = _admin(factories)
    _set_domains(app, organisation.slug, "westshire.gov.uk", "@WESTSHIRE.example")
    pages.sign_in("admin@example.gov.uk")

    answers = [pages.post("/admin/users/new", {"name": "New Person", "email": email, "roles": ["digital_lead"]}, 200)
               for email in ("kim@eastshire.gov.uk", "nobody@eastshire.gov.uk")]
    created = pages.post("/admin/users/new", {"name": "Wes Tern", "email": "wes@westshire.gov.uk",
                                               "roles": ["digital_lead"]}, 200)

    first, second = (page.text().replace(email, "EMAIL") for page, email in
                     zip(answers, ("kim@eastshire.gov.uk", "nobody@eastshire.gov.uk"), strict=True))
    assert first == second
    assert "use addresses at westshire.example or westshire.gov.uk" in answers[0].text("#email-error")
    assert "wes@westshire.gov.uk" in created.text()
    with app.app_context(), transaction() as session:
        assert session.scalars(select(User).where(User.name == "New Person")).all() == []


def test_a_domain_belongs_to_one_organisation(app: Flask, factories: Factories) -> None:
    factories.organisation("Eastshire Council", "eastshire")
    factories.organisation("Northshire Council", "northshire")
    _set_domains(app, "eastshire", "eastshire.gov.uk")

    with pytest.raises(services.AccountError, match="already a domain of another organisation"):
        _set_domains(app, "northshire", "northshire.gov.uk", "eastshire.gov.uk")
    with pytest.raises(services.AccountError, match="not a domain name"):
        _set_domains(app, "northshire", "not a domain")


def test_admin_changes_roles_and_it_is_audited(app: Flask, pages: PageClient, factories: Factories) -> None:
    organisation, _ = _admin(factories)
    lead = factories.user(organisation, [Role.DIGITAL_LEAD], email="lead@example.gov.uk")
    pages.sign_in("admin@example.gov.uk")

    pages.post(f"/admin/users/{lead.id}", {"roles": ["ig_officer"]}, 302)

    assert _user(app, "lead@example.gov.uk").roles == {Role.IG_OFFICER}
    with app.app_context(), transaction() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.kind == "roles_changed"))
        assert event.payload == {"added": ["ig_officer"], "removed": ["digital_lead"]}
        assert event.subject == f"user:{lead.id}"


def test_last_admin_cannot_remove_their_own_admin_role(app: Flask, pages: PageClient, factories: Factories) -> None:
    _, admin = _admin(factories)
    pages.sign_in("admin@example.gov.uk")

    page = pages.post(f"/admin/users/{admin.id}", {"roles": ["digital_lead"]}, 200)

    assert "You cannot remove the last administrator" in page.text(".govuk-error-summary")
    assert Role.ADMIN in _user(app, "admin@example.gov.uk").roles


def test_admin_role_can_move_when_another_admin_exists(app: Flask, pages: PageClient, factories: Factories) -> None:
    organisation, admin = _admin(factories)
    factories.user(organisation, [Role.ADMIN], email="second@example.gov.uk")
    pages.sign_in("admin@example.gov.uk")

    pages.post(f"/admin/users/{admin.id}", {"roles": ["digital_lead"]}, 302)

    assert _user(app, "admin@example.gov.uk").roles == {Role.DIGITAL_LEAD}
    # No longer an admin: the admin pages are now refused.
    pages.get("/admin/users", expected_status=403)


def test_deactivated_admins_do_not_count_as_the_remaining_admin(app: Flask, pages: PageClient,
                                                                  factories: Factories) -> None:
    organisation, admin = _admin(factories)
    factories.user(organisation, [Role.ADMIN], email="inactive@example.gov.uk", active=False)
    pages.sign_in("admin@example.gov.uk")

    page = pages.post(f"/admin/users/{admin.id}", {"roles": ["digital_lead"]}, 200)

    assert "last administrator" in page.text(".govuk-error-summary")


def test_deactivation_signs_the_user_out_keeps_history_and_can_be_undone(app: Flask, pages: PageClient,
                                                                        factories: Factories) -> None:
    organisation, _ = _admin(factories)
    lead = factories.user(organisation, [Role.DIGITAL_LEAD], email="lead@example.gov.uk")
    lead_client = PageClient(app.test_client())
    lead_client.sign_in("lead@example.gov.uk")
    pages.sign_in("admin@example.gov.uk")

    pages.post(f"/admin/users/{lead.id}/deactivate", {}, 302)

    assert lead_client.client.get("/").status_code == 302  # their open session has ended
    failed = PageClient(app.test_client()).post("/sign-in", {"email": "lead@example.gov.uk", "password": PASSWORD},
                                                 200)
    assert "Enter a correct email address and password" in failed.text()
    listing = pages.get("/admin/users")
    assert "Deactivated" in listing.text()
    assert "sign_in" in _kinds(app)  # the deactivated user's history stays

    pages.post(f"/admin/users/{lead.id}/reactivate", {}, 302)
    PageClient(app.test_client()).sign_in("lead@example.gov.uk")
    kinds = _kinds(app)
    assert kinds.index("user_deactivated") < kinds.index("user_reactivated")


def test_admin_cannot_deactivate_themselves(app: Flask, pages: PageClient, factories: Factories) -> None:
    organisation, admin = _admin(factories)
    factories.user(organisation, [Role.ADMIN], email="second@example.gov.uk")
    pages.sign_in("admin@example.gov.uk")

    pages.post(f"/admin/users/{admin.id}/deactivate", {}, 302)

    assert _user(app, "admin@example.gov.uk").active
    assert "You cannot deactivate your own account" in pages.get(f"/admin/users/{admin.id}").text()


def test_one_of_two_admins_can_be_deactivated_then_the_other_is_protected(app: Flask, pages: PageClient,
                                                                           factories: Factories) -> None:
    organisation, admin = _admin(factories)
    other = factories.user(organisation, [Role.ADMIN], email="other@example.gov.uk")
    pages.sign_in("admin@example.gov.uk")

    pages.post(f"/admin/users/{other.id}/deactivate", {}, 302)
    refused = pages.post(f"/admin/users/{admin.id}", {"roles": ["ig_officer"]}, 200)

    assert not _user(app, "other@example.gov.uk").active
    assert "last administrator" in refused.text(".govuk-error-summary")


def test_admin_resets_a_password_and_the_old_one_stops_working(app: Flask, pages: PageClient,
                                                               factories: Factories) -> None:
    organisation, _ = _admin(factories)
    lead = factories.user(organisation, [Role.DIGITAL_LEAD], email="lead@example.gov.uk")
    pages.sign_in("admin@example.gov.uk")

    page = pages.post(f"/admin/users/{lead.id}/reset-password", {}, 200)
    temporary = page.soup.select_one("[data-testid=temporary-password]").get_text().strip()

    stale = PageClient(app.test_client()).post("/sign-in", {"email": "lead@example.gov.uk", "password": PASSWORD},
                                                200)
    assert "Enter a correct email address and password" in stale.text()
    PageClient(app.test_client()).sign_in("lead@example.gov.uk", temporary)
    assert "password_reset" in _kinds(app)


def test_admin_edits_organisation_details(app: Flask, pages: PageClient, factories: Factories) -> None:
    _admin(factories)
    pages.sign_in("admin@example.gov.uk")

    bad = pages.post("/admin/organisation", {"name": "", "atrs_organisation_type": "Local authority",
                                              "website": "not a url"}, 200)
    pages.post("/admin/organisation", {"name": "Westshire County Council", "atrs_organisation_type": "Local authority",
                                       "website": "https://www.westshire.gov.uk",
                                       "contact_email": "AI@westshire.gov.uk"}, 302)

    assert "Enter the organisation's name" in bad.text(".govuk-error-summary")
    assert "Westshire County Council" in pages.get("/").text("header")
    form = pages.get("/admin/organisation")
    assert form.soup.select_one("#contact_email")["value"] == "ai@westshire.gov.uk"
    assert "organisation_updated" in _kinds(app)
