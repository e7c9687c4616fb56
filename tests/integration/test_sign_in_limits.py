"""Failed sign-ins are limited per account and address, per account everywhere, and per address, so an
attacker is throttled without locking the owner out; an administrator can clear an account's counts."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from sqlalchemy import select

from governance.accounts.models import Organisation, Role, User
from governance.audit import AuditEvent
from governance.db import transaction
from tests.helpers import PASSWORD, Factories, PageClient

OWNER = "owner@northshire.gov.uk"
OWNER_ADDRESS = "198.51.100.7"
ATTACKER_ADDRESS = "203.0.113.9"
WRONG = {"email": OWNER, "password": "a wrong guess at it"}
RIGHT = {"email": OWNER, "password": PASSWORD}


def _from(app: Flask, address: str) -> PageClient:
    """A browser at `address`: the test client's REMOTE_ADDR (the app runs without a proxy in tests)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return PageClient(client)


def _fail(app: Flask, address: str, times: int = 1, expected_status: int = 200) -> None:
    browser = _from(app, address)
    for _ in range(times):
        browser.post("/sign-in", WRONG, expected_status)


def _unlock_events(app: Flask) -> list[AuditEvent]:
    with app.app_context(), transaction() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.kind == "account_unlocked")))


@pytest.fixture
def northshire(factories: Factories) -> Organisation:
    return factories.organisation("Northshire Council", "northshire")


@pytest.fixture
def owner(factories: Factories, northshire: Organisation) -> User:
    return factories.user(northshire, [Role.DIGITAL_LEAD], email=OWNER, name="Olu Owner")


@pytest.fixture
def admin(app: Flask, factories: Factories, northshire: Organisation) -> PageClient:
    factories.user(northshire, [Role.ADMIN], email="admin@northshire.gov.uk", name="Ada Admin")
    pages = _from(app, "192.0.2.50")
    pages.sign_in("admin@northshire.gov.uk")
    return pages


def test_owner_signs_in_from_their_own_address_after_an_attacker_failed_elsewhere(app: Flask, owner: User) -> None:
    _fail(app, ATTACKER_ADDRESS, times=5)
    _fail(app, ATTACKER_ADDRESS, expected_status=429)

    _from(app, OWNER_ADDRESS).sign_in(OWNER)


def test_the_attackers_address_is_throttled_for_that_account_even_with_the_right_password(app: Flask,
                                                                                         owner: User) -> None:
    _fail(app, ATTACKER_ADDRESS, times=5)

    throttled = _from(app, ATTACKER_ADDRESS).post("/sign-in", RIGHT, 429)

    assert "Too many attempts" in throttled.text()
    assert "ask an administrator in your organisation" in throttled.text()


def test_the_account_limit_stops_guessing_spread_over_many_addresses(app: Flask, owner: User,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "8 per hour"
    for number in range(4):
        _fail(app, f"203.0.113.{number + 10}", times=2)  # each address stays under its own limit of 5

    with caplog.at_level(logging.WARNING, logger="governance.throttling"):
        _from(app, "203.0.113.99").post("/sign-in", WRONG, 429)
        _from(app, OWNER_ADDRESS).post("/sign-in", RIGHT, 429)  # the price of stopping a spread attack

    assert any(getattr(record, "event", None) == "sign_in_account_limit" for record in caplog.records)
    assert OWNER not in caplog.text


def test_attempts_refused_by_a_limit_do_not_count_towards_the_account_limit(app: Flask, owner: User) -> None:
    """One address that keeps trying after its own limit must not fill the account's limit for everyone."""
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "8 per hour"
    _fail(app, ATTACKER_ADDRESS, times=5)

    _fail(app, ATTACKER_ADDRESS, times=10, expected_status=429)

    _from(app, OWNER_ADDRESS).sign_in(OWNER)


def test_admin_unlock_clears_the_accounts_counts_from_every_address_and_is_audited(
        app: Flask, owner: User, admin: PageClient, northshire: Organisation) -> None:
    app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "8 per hour"
    _fail(app, OWNER_ADDRESS, times=5)  # the owner forgot their password
    _fail(app, ATTACKER_ADDRESS, times=3)  # and the account's limit is reached as well
    _fail(app, OWNER_ADDRESS, expected_status=429)

    user_page = admin.get(f"/admin/users/{owner.id}")
    done = admin.post(f"/admin/users/{owner.id}/unlock-sign-in", {}, 302, token_from=f"/admin/users/{owner.id}")

    assert "Clear failed sign-in attempts" in user_page.text()
    assert done.response.headers["Location"] == f"/admin/users/{owner.id}"
    assert "Olu Owner can try to sign in again now." in admin.get(f"/admin/users/{owner.id}").text()
    _from(app, OWNER_ADDRESS).sign_in(OWNER)
    _fail(app, ATTACKER_ADDRESS)  # fresh counts everywhere, not only at one address
    [event] = _unlock_events(app)
    assert event.organisation_id == northshire.id
    assert event.subject == f"user:{owner.id}"
    assert event.actor_id is not None and event.actor_id != owner.id
    assert not event.payload or OWNER not in str(event.payload)


def test_unlock_leaves_other_accounts_counts_alone(app: Flask, factories: Factories, owner: User,
                                                   admin: PageClient, northshire: Organisation) -> None:
    factories.user(northshire, [Role.DIGITAL_LEAD], email="colleague@northshire.gov.uk")
    colleague_attempt = {"email": "colleague@northshire.gov.uk", "password": "a wrong guess at it"}
    attacker = _from(app, ATTACKER_ADDRESS)
    for _ in range(5):
        attacker.post("/sign-in", colleague_attempt, 200)

    admin.post(f"/admin/users/{owner.id}/unlock-sign-in", {}, 302, token_from=f"/admin/users/{owner.id}")

    attacker.post("/sign-in", colleague_attempt, 429)


def test_admin_of_another_organisation_cannot_unlock(app: Flask, factories: Factories, owner: User) -> None:
    southshire = factories.organisation("Southshire Council", "southshire")
    factories.user(southshire, [Role.ADMIN], email="admin@southshire.gov.uk")
    other_admin = _from(app, "192.0.2.60")
    other_admin.sign_in("admin@southshire.gov.uk")
    _fail(app, OWNER_ADDRESS, times=5)

    other_admin.post(f"/admin/users/{owner.id}/unlock-sign-in", {}, 404, token_from="/admin/users")

    _from(app, OWNER_ADDRESS).post("/sign-in", RIGHT, 429)
    assert _unlock_events(app) == []


def test_only_administrators_can_unlock(app: Flask, factories: Factories, owner: User,
                                        northshire: Organisation) -> None:
    factories.user(northshire, [Role.IG_OFFICER, Role.DIGITAL_LEAD], email="officer@northshire.gov.uk")
    officer = _from(app, "192.0.2.70")
    officer.sign_in("officer@northshire.gov.uk")

    officer.post(f"/admin/users/{owner.id}/unlock-sign-in", {}, 403, token_from="/")

    assert _unlock_events(app) == []


def test_unlock_needs_a_csrf_token_and_a_post(app: Flask, owner: User, admin: PageClient) -> None:
    _fail(app, OWNER_ADDRESS, times=5)

    without_token = admin.client.post(f"/admin/users/{owner.id}/unlock-sign-in", data={})
    as_a_link = admin.client.get(f"/admin/users/{owner.id}/unlock-sign-in")

    assert without_token.status_code == 400
    assert "Your form could not be sent" in without_token.get_data(as_text=True)
    assert as_a_link.status_code == 404
    _from(app, OWNER_ADDRESS).post("/sign-in", RIGHT, 429)
    assert _unlock_events(app) == []
