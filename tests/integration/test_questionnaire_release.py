"""Releasing questionnaire 1.1: assessments pinned to 1.0 keep it exactly, new use cases get 1.1, and a new
version of a 1.0 use case moves to 1.1 with its unchanged answers and tells the lead what is new."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select

from governance.accounts.models import Organisation, Role
from governance.assessments import services as assessment_services
from governance.assessments.models import Assessment, UseCase
from governance.db import transaction
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from governance.records.models import SignedRecord
from tests.conftest import make_test_app
from tests.helpers import Factories, signed_in
from tests.questionnaire_copies import SHIPPED_FILE, questionnaires_folder

V1_0 = "ai-use-case-assessment@1.0"
V1_1 = "ai-use-case-assessment@1.1"
# A 1.0 use case whose support staff work outside the UK: 1.1 splits that answer by adequacy.
ANSWERS_1_0 = {"personal-data": "yes", "personal-data-categories": ["contact"], "special-category-data": ["none"],
               "third-party-involved": "yes", "supplier-staff-access": "offshore",
               "security-controls": ["access-control", "mfa", "encryption", "audit-logging"], "challenge-route": "yes"}


def _apps(database_url: str, tmp_path: Path) -> tuple[Flask, Flask]:
    """The service before 1.1 was released (only 1.0 installed) and after, on the same database and secrets."""
    secrets = str(tmp_path / "secrets")
    before = make_test_app(database_url, tmp_path / "before", SIGNING_SECRETS_DIR=secrets,
                           QUESTIONNAIRES_PATH=str(questionnaires_folder(tmp_path / "q", SHIPPED_FILE.read_text())))
    return before, make_test_app(database_url, tmp_path / "after", SIGNING_SECRETS_DIR=secrets)


def _main(html: str) -> str:
    """The page's main content without its per-session form tokens."""
    main = BeautifulSoup(html, "html.parser").select_one("main")
    assert main is not None
    for token in main.select("input[name=csrf_token]"):
        token.decompose()
    return str(main)


def _submitted_on_1_0(app: Flask, factories: Factories, organisation: Organisation, email: str) -> uuid.UUID:
    questionnaire = app.extensions["questionnaires"][V1_0]
    lead = factories.user(organisation, [Role.DIGITAL_LEAD], email=email)
    return factories.submitted(organisation, example_answers(questionnaire, date.today(), ANSWERS_1_0), lead)


def _comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    return {"questionnaire": snapshot["assessment"]["questionnaire"],
            **{key: snapshot[key] for key in ("risk", "actions", "sections")}}


def test_new_use_cases_get_1_1_and_1_0_assessments_render_review_and_record_as_before(
        database_url: str, tmp_path: Path) -> None:
    before, after = _apps(database_url, tmp_path)
    assert latest(before.extensions["questionnaires"], "ai-use-case-assessment").key == V1_0
    assert latest(after.extensions["questionnaires"], "ai-use-case-assessment").key == V1_1
    factories = Factories(before)
    organisation = factories.organisation("Eastshire Council", "eastshire")
    officer_user = factories.user(organisation, [Role.IG_OFFICER], email="officer@eastshire.gov.uk")
    first = _submitted_on_1_0(before, factories, organisation, "lead@eastshire.gov.uk")
    second = _submitted_on_1_0(before, factories, organisation, "lead2@eastshire.gov.uk")

    pages = {}
    for app in (before, after):
        lead, officer = signed_in(app, "lead@eastshire.gov.uk"), signed_in(app, "officer@eastshire.gov.uk")
        pages[app] = [_main(lead.get(f"/assessments/{first}").response.get_data(as_text=True)),
                      _main(lead.get(f"/assessments/{first}/risk").response.get_data(as_text=True)),
                      _main(officer.get(f"/reviews/{first}").response.get_data(as_text=True))]
    # One decided before the release, one after: the records say the same.
    factories.decide(first, officer=officer_user)
    Factories(after).decide(second, officer=officer_user)

    assert pages[before] == pages[after]
    assert "Source:" not in pages[after][1]
    with after.app_context(), transaction() as session:
        records = {record.assessment_id: record.snapshot for record in session.scalars(select(SignedRecord))}
    assert records[first]["assessment"]["questionnaire"]["version"] == "1.0"
    assert _comparable(records[first]) == _comparable(records[second])
    assert all("source" not in reason for reason in records[second]["risk"]["reasons"])


def test_a_new_version_of_a_1_0_use_case_moves_to_1_1_keeping_unchanged_answers(
        database_url: str, tmp_path: Path) -> None:
    before, after = _apps(database_url, tmp_path)
    factories = Factories(before)
    organisation = factories.organisation("Westshire Council", "westshire")
    first = _submitted_on_1_0(before, factories, organisation, "lead@westshire.gov.uk")
    factories.decide(first)
    lead = signed_in(after, "lead@westshire.gov.uk")
    with after.app_context(), transaction() as session:
        reference = session.scalars(select(UseCase.reference)).one()

    page = lead.post(f"/use-cases/{reference}/new-version", {}, 302, token_from=f"/use-cases/{reference}")

    with after.app_context(), transaction() as session:
        old, new = session.scalars(select(Assessment).order_by(Assessment.version_number)).all()
        questionnaires = after.extensions["questionnaires"]
        assert (old.questionnaire_key, new.questionnaire_key) == (V1_0, V1_1)
        assert new.questionnaire_sha256 == questionnaires[V1_1].sha256
        # Every answer carried except the one whose option 1.1 replaced.
        assert new.answers == {key: value for key, value in old.answers.items() if key != "supplier-staff-access"}
        upgrade = assessment_services.upgrade_from_previous(questionnaires, new)
    assert upgrade is not None
    assert [question.id for question in upgrade.not_carried] == ["supplier-staff-access"]
    assert {"infers-special-category", "physical-safety-risk"} <= {question.id for question in upgrade.new_questions}
    task_list = lead.get(page.response.headers["Location"])
    banner = task_list.text("[data-testid=whats-new]")
    assert "version 1.1" in banner and "C4a" in banner and "C5d" in banner and "D6" in banner
    links = [link["href"] for link in task_list.soup.select("[data-testid=whats-new] a")]
    assert f"/assessments/{new.id}/questions/supplier-staff-access?return=check" in links
    # Answering the replaced question: 1.1 asks which kind of country the staff are in.
    question = lead.get(f"/assessments/{new.id}/questions/supplier-staff-access")
    assert "offshore-not-adequate" in [item["value"] for item in question.soup.select("input[type=radio]")]
