"""Test helpers: object factories and a client that checks the hygiene of every page it reads."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from governance.accounts import services
from governance.accounts.models import Organisation, Role, User
from governance.assessments import services as assessment_services
from governance.assessments.models import Assessment, DataScan, UseCase
from governance.db import transaction
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from governance.records.certificates import install_certificate, password_file_name
from governance.records.keys import SigningCredentials, create_self_signed_bundle
from governance.records.models import SignedRecord
from governance.records.services import RecordSettings
from governance.reviews import services as review_services
from governance.reviews.models import Condition
from governance.reviews.rules import ConditionInput, DecisionKind, DecisionRequest

PASSWORD = "kettle orbit lantern meadow"
NONCE_PATTERN = re.compile(r"script-src[^;]*'nonce-([^']+)'")


@dataclass
class Page:
    response: TestResponse
    soup: BeautifulSoup

    @property
    def status(self) -> int:
        return self.response.status_code

    def text(self, selector: str = "main") -> str:
        element = self.soup.select_one(selector)
        return " ".join(element.get_text(" ").split()) if element else ""

    def csrf_token(self) -> str:
        field = self.soup.select_one("input[name=csrf_token]")
        assert field is not None, "page has no CSRF token"
        return str(field["value"])


def check_page_hygiene(response: TestResponse, soup: BeautifulSoup) -> None:
    """Every HTML page: a title, CSRF on every POST form, a CSP nonce on every script."""
    title = soup.title.get_text().strip() if soup.title else ""
    assert title, "page has no <title>"
    for form in soup.select("form"):
        assert form.get("action"), f"form without an action: {str(form)[:120]}"
        if form.get("method", "get").lower() == "post":
            assert form.select_one("input[name=csrf_token]"), f"POST form without a CSRF token: {form.get('action')}"
    match = NONCE_PATTERN.search(response.headers.get("Content-Security-Policy", ""))
    assert match, "no nonce in the Content-Security-Policy"
    for script in soup.select("script"):
        assert script.get("nonce") == match.group(1), f"script without the request's nonce: {str(script)[:120]}"
    if soup.select(".govuk-error-message"):
        assert soup.select_one(".govuk-error-summary"), "field errors without an error summary"
        assert title.startswith("Error:"), "page with errors must start its title with 'Error:'"


class PageClient:
    """Reads pages through the Flask client, asserting the status and the page's hygiene."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def _page(self, response: TestResponse, expected_status: int) -> Page:
        assert response.status_code == expected_status, (
            f"expected {expected_status}, got {response.status_code} for {response.request.path}"
        )
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        if response.mimetype == "text/html":
            check_page_hygiene(response, soup)
        return Page(response, soup)

    def get(self, url: str, expected_status: int = 200) -> Page:
        return self._page(self.client.get(url), expected_status)

    def post(self, url: str, data: dict[str, Any] | None = None, expected_status: int = 302,
             token_from: str | None = None) -> Page:
        """POST with a CSRF token taken from `token_from` (default: the same URL)."""
        token = self.get(token_from or url).csrf_token()
        payload = {"csrf_token": token, **(data or {})}
        return self._page(self.client.post(url, data=payload), expected_status)

    def sign_in(self, email: str, password: str = PASSWORD) -> None:
        page = self.post("/sign-in", {"email": email, "password": password}, expected_status=302)
        assert page.response.headers["Location"].endswith("/")

    def sign_out(self) -> None:
        self.post("/sign-out", token_from="/", expected_status=302)


def signed_in(app: Flask, email: str) -> PageClient:
    """A page client of `app`, signed in as `email` (with the suite's password)."""
    pages = PageClient(app.test_client())
    pages.sign_in(email)
    return pages


def lock_version(app: Flask, assessment_id: uuid.UUID | str) -> str:
    """The assessment's optimistic-lock version, as a decision form carries it."""
    with app.app_context(), transaction() as session:
        assessment = session.get(Assessment, uuid.UUID(str(assessment_id)))
        assert assessment is not None
        return str(assessment.lock_version)


def assert_cannot_decide(app: Flask, pages: PageClient, assessment_id: uuid.UUID | str, reason: str) -> None:
    """The review page offers no decision and says why; posting one anyway is refused and changes nothing."""
    review = pages.get(f"/reviews/{assessment_id}")
    refused = pages.post(f"/reviews/{assessment_id}/decision",
                         {"lock_version": lock_version(app, assessment_id), "decision": "approve"}, 303,
                         token_from=f"/reviews/{assessment_id}")
    pages.get(f"/reviews/{assessment_id}/decision", 303)

    assert "Make a decision" not in review.text()
    assert reason in review.text(".govuk-inset-text")
    assert reason in pages.get(refused.response.headers["Location"]).text(".govuk-error-summary")
    with app.app_context(), transaction() as session:
        assessment = session.get(Assessment, uuid.UUID(str(assessment_id)))
        assert assessment is not None and assessment.status == "submitted"


class Factories:
    """Create rows through the real services, committed, as the application would."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._count = 0

    def organisation(self, name: str = "Test Council", slug: str | None = None, certificate: bool = True
                     ) -> Organisation:
        """A new organisation; with `certificate`, it signs its records with a certificate of its own, as a
        council does (else with the development certificate an installation makes)."""
        self._count += 1
        with self.app.app_context(), transaction() as session:
            organisation = services.create_organisation(session, name=name, slug=slug or f"council-{self._count}")
        if certificate:
            self.install_certificate(organisation)
        return organisation

    def install_certificate(self, organisation: Organisation, valid_days: int = 365, unit: str | None = None,
                            valid_until: datetime.datetime | None = None) -> SigningCredentials:
        """Install a certificate standing in for one a council's certificate authority issues, its password in
        the organisation's secrets file."""
        folder = Path(self.app.config["SIGNING_SECRETS_DIR"])
        self._count += 1
        bundle, password = create_self_signed_bundle(folder / "bundles", organisation.name, unit,
                                                     f"{self._count}.p12", f"{self._count}.password", valid_days,
                                                     valid_until=valid_until)
        password.replace(folder / password_file_name(organisation.slug))
        with self.app.app_context(), transaction() as session:
            return install_certificate(session, self.app.extensions["records.signing"],
                                       session.get(Organisation, organisation.id), bundle.read_bytes(), actor=None)

    def user(self, organisation: Organisation, roles: Iterable[Role] = (Role.DIGITAL_LEAD,), email: str | None = None,
             name: str = "Sam Tester", password: str = PASSWORD, active: bool = True) -> User:
        self._count += 1
        with self.app.app_context(), transaction() as session:
            org = session.get(Organisation, organisation.id)
            assert org is not None
            user = services.create_user(session, organisation=org, email=email or f"user{self._count}@example.gov.uk",
                                        name=name, roles=list(roles), password=password)
            user.active = active
            session.flush()
            return user

    def data_scan(self, organisation: Organisation) -> uuid.UUID:
        """A finished scan's id, on a new use case of `organisation`."""
        use_case = self.use_case(organisation)
        with self.app.app_context(), transaction() as session:
            scan = DataScan(assessment_id=use_case.latest.id, uploaded_by_id=use_case.owner_id, file_name="s.csv",
                            file_size=1, sha256="0" * 64, status="done", report={"columns": [], "ner": False})
            session.add(scan)
            session.flush()
            return scan.id

    def submitted(self, organisation: Organisation, answers: dict[str, Any] | None = None,
                  submitter: User | None = None, questionnaire_key: str | None = None) -> uuid.UUID:
        """A submitted assessment's id, by `submitter` or a new digital lead, on the questionnaire new use cases
        get (or `questionnaire_key`)."""
        from tests.records_support import SMALL_ANSWERS

        lead = submitter or self.user(organisation, [Role.DIGITAL_LEAD])
        questionnaires = self.app.extensions["questionnaires"]
        questionnaire = (questionnaires[questionnaire_key] if questionnaire_key
                         else latest(questionnaires, self.app.config["DEFAULT_QUESTIONNAIRE"]))
        assert questionnaire is not None
        today = datetime.date.today()
        default = SMALL_ANSWERS if questionnaire.id == "small" else example_answers(questionnaire, today)
        with self.app.app_context(), transaction() as session:
            actor = session.get(User, lead.id)
            use_case = assessment_services.start_use_case(session, actor, questionnaire, title="Repairs chatbot")
            assessment = use_case.latest
            assessment.answers = dict(answers or default)
            session.flush()
            assessment_services.submit(session, actor, questionnaire, assessment)
            return assessment.id

    def decision(self, organisation: Organisation, request: DecisionRequest | None = None) -> uuid.UUID:
        """A decision's id: a submitted assessment decided by a new officer of `organisation` (default: approve)."""
        return self.decide(self.submitted(organisation), request)

    def decide(self, assessment_id: uuid.UUID, request: DecisionRequest | None = None,
               officer: User | None = None) -> uuid.UUID:
        """Decide on a submitted assessment (default: a new officer approves); the decision's id."""
        setup = self.app.extensions["records.signing"]
        with self.app.app_context(), transaction() as session:
            assessment = session.get(Assessment, assessment_id)
            questionnaire = assessment_services.pinned_questionnaire(self.app.extensions["questionnaires"], assessment)
            if officer is None:
                officer = self.user(assessment.use_case.organisation, [Role.IG_OFFICER])
            decision = review_services.decide(
                session, session.get(User, officer.id), questionnaire, assessment,
                request or DecisionRequest(DecisionKind.APPROVE), seen_lock_version=assessment.lock_version,
                today=datetime.date.today(), recording=RecordSettings(setup, "http://localhost/check-a-record"))
            return decision.id

    def next_version_submitted(self, assessment_id: uuid.UUID) -> uuid.UUID:
        """Start a new version of a decided assessment's use case and submit it (by the same lead)."""
        questionnaire = latest(self.app.extensions["questionnaires"], self.app.config["DEFAULT_QUESTIONNAIRE"])
        assert questionnaire is not None
        with self.app.app_context(), transaction() as session:
            assessment = session.get(Assessment, assessment_id)
            lead = assessment.submitted_by
            previous = assessment_services.pinned_questionnaire(self.app.extensions["questionnaires"], assessment)
            newer = assessment_services.start_new_version(session, lead, questionnaire, assessment.use_case, previous)
            assessment_services.submit(session, lead, questionnaire, newer)
            return newer.id

    def record(self, organisation: Organisation) -> uuid.UUID:
        """A signed record's id, of an approval."""
        decision_id = self.decision(organisation)
        with self.app.app_context(), transaction() as session:
            return session.scalars(select(SignedRecord.id).where(SignedRecord.decision_id == decision_id)).one()

    def condition(self, organisation: Organisation, owner: User | None = None) -> uuid.UUID:
        """A condition's id, of an approval with one condition due in a month (owned by `owner`, default a new
        digital lead)."""
        due = datetime.date.today() + datetime.timedelta(days=30)
        owner = owner or self.user(organisation, [Role.DIGITAL_LEAD])
        decision_id = self.decision(organisation, DecisionRequest(
            DecisionKind.APPROVE_WITH_CONDITIONS, conditions=(ConditionInput("Publish the notice", str(owner.id),
                                                                             due),)))
        with self.app.app_context(), transaction() as session:
            return session.scalars(select(Condition.id).where(Condition.decision_id == decision_id)).one()

    def use_case(self, organisation: Organisation, title: str = "Test tool",
                 questionnaire_key: str | None = None) -> UseCase:
        """A use case with its first assessment, filed by a new digital lead of `organisation`, on the questionnaire
        new use cases get (or `questionnaire_key`)."""
        lead = self.user(organisation, [Role.DIGITAL_LEAD])
        questionnaires = self.app.extensions["questionnaires"]
        questionnaire = (questionnaires[questionnaire_key] if questionnaire_key
                         else latest(questionnaires, self.app.config["DEFAULT_QUESTIONNAIRE"]))
        assert questionnaire is not None
        with self.app.app_context(), transaction() as session:
            actor = session.get(User, lead.id)
            use_case = assessment_services.start_use_case(session, actor, questionnaire, title=title)
            _ = use_case.latest.id
            return use_case
