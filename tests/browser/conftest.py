"""Browser fixtures: one live server with demo data and one Chromium per session, a new context per test."""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Playwright, sync_playwright
from sqlalchemy import select
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from governance import db
from governance.accounts import services
from governance.accounts.models import Role, User
from governance.assessments import services as assessment_services
from governance.assessments.models import Assessment, DataScan, UseCase
from governance.demo import DEMO_SLUG, seed_demo
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from governance.records.services import RecordSettings
from governance.register import services as register_services
from governance.reviews import services as review_services
from governance.reviews.rules import ConditionInput, DecisionKind, DecisionRequest
from tests.browser.support import AXE_PATH, CHROMIUM_PATH, MULTI_ROLE, Account, CheckedPage, LiveServer
from tests.conftest import make_test_app, service_unavailable
from tests.helpers import PASSWORD, Factories

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:
        """Keep the test output to what failed."""


def _account(app: Flask, email: str, password: str) -> Account:
    with app.app_context(), db.transaction() as session:
        user = session.scalar(select(User).where(User.email == email))
        assert user is not None, email
        return Account(email=email, password=password, name=user.name, id=user.id)


def _seed_scan(app: Flask, use_case: UseCase) -> uuid.UUID:
    """A finished scan with findings, as the background job leaves one."""
    report = {"file": "export.csv", "rows_total": 120, "rows_scanned": 120, "ner": True, "columns": [
        {"name": "nhs_number", "special_category": None, "entities": [
            {"type": "UK_NHS", "count": 120, "share": 1.0, "max_score": 0.7, "examples": ["943 *** ****"]}]},
        {"name": "ethnicity", "special_category": "racial_or_ethnic_origin", "entities": []}]}
    with app.app_context(), db.transaction() as session:
        scan = DataScan(assessment_id=use_case.latest.id, uploaded_by_id=use_case.owner_id, file_name="export.csv",
                        file_size=4096, sha256="a" * 64, status="done", rows_scanned=120, report=report,
                        suggestions={"personal-data": "yes"})
        session.add(scan)
        session.flush()
        return scan.id


def _example_assessment(app: Flask, lead: User, title: str) -> uuid.UUID:
    """A use case of `lead`, answered completely with the example answers and submitted."""
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    assert questionnaire is not None
    with app.app_context(), db.transaction() as session:
        actor = session.get(User, lead.id)
        use_case = assessment_services.start_use_case(session, actor, questionnaire, title=title)
        assessment = use_case.latest
        assessment.answers = example_answers(questionnaire, date.today())
        session.flush()
        assessment_services.submit(session, actor, questionnaire, assessment)
        return assessment.id


def _approve_with_a_condition(app: Flask, officer: User, assessment_id: uuid.UUID, owner: Account) -> uuid.UUID:
    """Approve with one condition owned by `owner`; returns the condition's id."""
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    assert questionnaire is not None
    condition = ConditionInput("Publish the privacy notice for the tool", str(owner.id),
                               date.today() + timedelta(days=60))
    with app.app_context(), db.transaction() as session:
        assessment = session.get(Assessment, assessment_id)
        decision = review_services.decide(
            session, session.get(User, officer.id), questionnaire, assessment,
            DecisionRequest(DecisionKind.APPROVE_WITH_CONDITIONS, conditions=(condition,)),
            seen_lock_version=assessment.lock_version, today=date.today(),
            recording=RecordSettings(app.extensions["records.signing"], "http://127.0.0.1/check-a-record"))
        return decision.conditions[0].id


def _publish(app: Flask, officer: User, assessment_id: uuid.UUID) -> str:
    """Publish the use case of an approved assessment; returns its reference."""
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    assert questionnaire is not None
    with app.app_context(), db.transaction() as session:
        use_case = session.get(Assessment, assessment_id).use_case
        register_services.publish(session, session.get(User, officer.id), questionnaire, use_case, date.today())
        return use_case.reference


def _upgraded(app: Flask, factories: Factories, lead: Account, officer: User) -> uuid.UUID:
    """A use case approved on questionnaire 1.0, then reassessed on the newest version: the new draft's id."""
    questionnaires = app.extensions["questionnaires"]
    old = questionnaires["ai-use-case-assessment@1.0"]
    answers = example_answers(old, date.today(), {
        "personal-data": "yes", "personal-data-categories": ["contact"], "special-category-data": ["none"],
        "third-party-involved": "yes", "supplier-staff-access": "offshore", "challenge-route": "yes",
        "security-controls": ["access-control", "mfa", "encryption", "audit-logging"]})
    with app.app_context(), db.transaction() as session:
        user = session.get(User, lead.id)
        use_case = assessment_services.start_use_case(session, user, old, title="Repairs chatbot, reassessed")
        use_case.latest.answers = answers
        session.flush()
        assessment_services.submit(session, user, old, use_case.latest)
        assessment_id = use_case.latest.id
    factories.decide(assessment_id, officer=officer)
    newest = latest(questionnaires, app.config["DEFAULT_QUESTIONNAIRE"])
    assert newest is not None and newest.version != old.version
    with app.app_context(), db.transaction() as session:
        use_case = session.get(Assessment, assessment_id).use_case
        return assessment_services.start_new_version(session, session.get(User, lead.id), newest, use_case, old).id


def _seed(app: Flask, instance_path: Path, url: str) -> LiveServer:
    with app.app_context(), db.transaction() as session:
        credentials = seed_demo(session, instance_path)
        demo_org = services.find_organisation_by_slug(session, DEMO_SLUG)
        assert demo_org is not None
    accounts = {credential.role: _account(app, credential.email, credential.password) for credential in credentials}
    assert set(accounts) == {role.value for role in Role}, accounts

    factories = Factories(app)
    # The demo council signs with a certificate of its own, as a council does, so its records are genuine.
    factories.install_certificate(demo_org)
    factories.user(demo_org, list(Role), email="multi@demo.example", name="Morgan Many-Roles")
    accounts[MULTI_ROLE] = _account(app, "multi@demo.example", PASSWORD)
    target = factories.user(demo_org, [Role.DIGITAL_LEAD], email="target@demo.example", name="Tara Target")
    second = factories.user(demo_org, [Role.IG_OFFICER], email="second@demo.example", name="Sasha Second")
    factories.user(demo_org, [Role.IG_OFFICER], email="gone@demo.example", name="Gus Gone", active=False)
    other_org = factories.organisation("Othershire District Council", slug="othershire")
    factories.user(other_org, [Role.ADMIN], email="admin@othershire.example", name="Olu Other")
    factories.user(other_org, [Role.DIGITAL_LEAD], email="lead@othershire.example", name="Lee Other")
    use_case = factories.use_case(demo_org, "Council tax letter helper")
    scan_id = _seed_scan(app, use_case)
    submitted_id = _example_assessment(app, target, "Benefits letter summariser")
    decided_id = _example_assessment(app, target, "Planning enquiry triage")
    condition_id = _approve_with_a_condition(app, second, decided_id, accounts[Role.DIGITAL_LEAD.value])
    published_reference = _publish(app, second, decided_id)
    upgraded_id = _upgraded(app, factories, accounts[Role.DIGITAL_LEAD.value], second)
    return LiveServer(
        published_reference=published_reference,
        submitted_id=str(submitted_id),
        decided_id=str(decided_id),
        second_officer=_account(app, "second@demo.example", PASSWORD),
        scan_id=str(scan_id),
        condition_id=str(condition_id),
        upgraded_id=str(upgraded_id),
        use_case_reference=use_case.reference,
        assessment_id=str(use_case.latest.id),
        url=url,
        app=app,
        accounts=accounts,
        target=_account(app, "target@demo.example", PASSWORD),
        deactivated=_account(app, "gone@demo.example", PASSWORD),
        other_admin=_account(app, "admin@othershire.example", PASSWORD),
        demo_org_name=demo_org.name,
        other_org_name=other_org.name,
    )


@pytest.fixture(scope="session")
def live_server(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("browser")
    database = folder / "browser.db"
    shutil.copyfile(sqlite_template, database)
    instance_path = folder / "instance"
    app = make_test_app(f"sqlite:///{database}", instance_path)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    try:
        live = _seed(app, instance_path, f"http://127.0.0.1:{server.server_port}")
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield live
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        db.get_engine(app).dispose()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not CHROMIUM_PATH.exists():
        service_unavailable(f"Chromium is not installed at {CHROMIUM_PATH}")
    if not AXE_PATH.exists():
        service_unavailable(f"axe-core is missing at {AXE_PATH}: run `npm ci`")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM_PATH), headless=True,
                                                  args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def checked_page(browser: Browser, live_server: LiveServer) -> Iterator[CheckedPage]:
    """A fresh context (no cookies) and page for each test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        yield CheckedPage(context.new_page(), live_server.url)
    finally:
        context.close()
