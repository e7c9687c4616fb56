"""The completed DPIA and EqIA have a place: the lead records reference, date, sign-off and link or document
(kept as a fingerprint, never the file); the risk panel then lists them as done, and the officer and the
signed record see what was recorded."""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from governance.accounts.models import Role
from governance.assessments.models import ActionEvidence, Assessment
from governance.audit import AuditEvent
from governance.db import transaction
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from tests.helpers import Factories, PageClient, signed_in

DPIA_DOCUMENT = b"%PDF-1.7 Data protection impact assessment: resident chatbot, signed off by the DPO"


def _answers(app: Flask) -> dict:
    """A tool that tracks where people go (DPIA always required) and affects children (EqIA required), with
    both documents still in progress."""
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    return example_answers(questionnaire, date.today(), {
        "personal-data": "yes", "personal-data-categories": ["location"], "special-category-data": ["none"],
        "dpia-status": "in-progress", "people-involved": ["children"], "eqia-status": "in-progress",
        "challenge-route": "yes", "security-controls": ["access-control", "mfa", "encryption", "audit-logging"]})


def _submit(app: Flask, assessment_id: uuid.UUID) -> None:
    from governance.accounts.models import User
    from governance.assessments import services

    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    with app.app_context(), transaction() as session:
        assessment = session.get(Assessment, assessment_id)
        lead = session.scalars(select(User).where(User.email == "lead@northshire.gov.uk")).one()
        services.submit(session, lead, questionnaire, assessment)


@pytest.fixture
def draft(app: Flask) -> tuple[PageClient, str, Factories]:
    factories = Factories(app)
    organisation = factories.organisation("Northshire Council", "northshire")
    factories.user(organisation, [Role.DIGITAL_LEAD], email="lead@northshire.gov.uk")
    factories.user(organisation, [Role.IG_OFFICER], email="officer@northshire.gov.uk")
    factories.user(organisation, [Role.IG_OFFICER], email="second@northshire.gov.uk")
    pages = signed_in(app, "lead@northshire.gov.uk")
    page = pages.post("/use-cases/new", {"title": "Resident chatbot", "service_area": "revenues-benefits",
                                         "phase": "pilot"})
    task_list = page.response.headers["Location"]
    with app.app_context(), transaction() as session:
        assessment = session.get(Assessment, uuid.UUID(task_list.rsplit("/", 1)[-1]))
        assessment.answers = _answers(app)
    return pages, task_list, factories


def _errors(html: str) -> str:
    from bs4 import BeautifulSoup

    summary = BeautifulSoup(html, "html.parser").select_one(".govuk-error-summary")
    return " ".join(summary.get_text(" ").split()) if summary else "no error summary"


def _record(pages: PageClient, task_list: str, action: str, expected_status: int = 302, **fields):
    url = f"{task_list}/actions/{action}"
    token = pages.get(url).csrf_token()
    data = {"csrf_token": token, "reference": "DPIA-2026-014", "completed_on": ["3", "11", "2026"],
            "signed_off_by": "Jo Bloggs, DPO",
            "link": "https://intranet.northshire.gov.uk/dpia/2026-014", **fields}
    response = pages.client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == expected_status, _errors(response.get_data(as_text=True))
    return response


def test_a_recorded_and_completed_dpia_is_done_on_the_risk_panel_not_required(app: Flask, draft) -> None:
    pages, task_list, _ = draft
    before = pages.get(task_list)
    assert "Data protection impact assessment" in before.text("[data-testid=actions-to-do]")
    assert before.soup.select_one(f"a[href='{task_list}/actions/dpia']") is not None

    response = _record(pages, task_list, "dpia")
    # The answers still say "in progress", so the lead is taken to the stage question next.
    assert response.headers["Location"].startswith(f"{task_list}/questions/dpia-status")
    pages.post(f"{task_list}/questions/dpia-status?return=check", {"answer": "completed"})
    after = pages.get(task_list)

    assert "Data protection impact assessment" not in after.text("[data-testid=actions-to-do]")
    assert "Equality impact assessment" in after.text("[data-testid=actions-to-do]")
    assert ("Data protection impact assessment (DPIA): completed 3 November 2026, reference DPIA-2026-014"
            in after.text("[data-testid=actions-done]"))
    risk = pages.get(f"{task_list}/risk").text()
    assert "A DPIA is required and it has not been completed" not in risk
    assert "An EqIA is required and it has not been completed" in risk


def test_the_document_is_kept_as_a_fingerprint_and_the_recording_audited(app: Flask, draft) -> None:
    pages, task_list, _ = draft
    files_before = sorted(path for path in Path(app.instance_path).rglob("*") if path.is_file())

    _record(pages, task_list, "dpia", document=(io.BytesIO(DPIA_DOCUMENT), "DPIA resident chatbot.pdf"))

    with app.app_context(), transaction() as session:
        evidence = session.scalars(select(ActionEvidence)).one()
        assert (evidence.action_id, evidence.reference, evidence.completed_on) == ("dpia", "DPIA-2026-014",
                                                                                  date(2026, 11, 3))
        assert (evidence.document_name, evidence.document_size) == ("DPIA resident chatbot.pdf", len(DPIA_DOCUMENT))
        assert evidence.document_sha256 == hashlib.sha256(DPIA_DOCUMENT).hexdigest()
        event = session.scalars(select(AuditEvent).where(AuditEvent.kind == "action_evidence_recorded")).one()
        assert event.payload["document_sha256"] == evidence.document_sha256
    assert sorted(path for path in Path(app.instance_path).rglob("*") if path.is_file()) == files_before
    page = pages.get(f"{task_list}/actions/dpia").text()
    assert hashlib.sha256(DPIA_DOCUMENT).hexdigest() in page and "Jo Bloggs, DPO" in page


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"reference": "  "}, "reference", "Enter the reference of the document"),
    ({"completed_on": ["", "", ""]}, "completed_on", "Enter the date it was completed"),
    ({"completed_on": ["31", "2", "2026"]}, "completed_on", "must be a real date"),
    ({"completed_on": ["3", "11", str(date.today().year + 1)]}, "completed_on", "must be today or in the past"),
    ({"link": "ftp://files/dpia"}, "link", "starting with https://"),
    ({"document": (b"MZ...", "dpia.exe")}, "document", "must be a PDF, Word"),
    ({"document": (b"", "dpia.pdf")}, "document", "The selected document is empty"),
])
def test_bad_evidence_is_refused_on_its_field_and_nothing_is_kept(app: Flask, draft, fields: dict, field: str,
                                                                 message: str) -> None:
    pages, task_list, _ = draft
    if "document" in fields:  # a new stream each time: a posted one is closed
        fields = {"document": (io.BytesIO(fields["document"][0]), fields["document"][1])}

    response = _record(pages, task_list, "dpia", expected_status=200, **fields)

    page = response.get_data(as_text=True)
    assert message in page and "govuk-error-summary" in page and f'href="#{field}' in page
    with app.app_context(), transaction() as session:
        assert session.scalars(select(ActionEvidence)).all() == []


def test_only_the_lead_of_an_editable_version_records_and_officers_see_it(app: Flask, draft) -> None:
    pages, task_list, factories = draft
    _record(pages, task_list, "dpia")
    assessment_id = task_list.rsplit("/", 1)[-1]
    officer = signed_in(app, "officer@northshire.gov.uk")

    officer_view = officer.get(f"{task_list}/actions/dpia")
    refused = officer.client.post(f"{task_list}/actions/dpia", data={
        "csrf_token": officer_view.csrf_token(), "reference": "FORGED"})

    assert officer_view.soup.select_one("form[enctype='multipart/form-data']") is None
    assert "DPIA-2026-014" in officer_view.text()
    assert refused.status_code == 200 and "FORGED" not in refused.get_data(as_text=True)
    other = factories.organisation("Southshire Council", "southshire")
    factories.user(other, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk")
    signed_in(app, "lead@southshire.gov.uk").get(f"{task_list}/actions/dpia", expected_status=404)
    pages.get(f"{task_list}/actions/adm_safeguards", expected_status=404)  # nothing asks when it is done
    pages.get(f"{task_list}/actions/no-such-action", expected_status=404)
    with app.app_context(), transaction() as session:
        assert session.scalars(select(ActionEvidence.reference)).all() == ["DPIA-2026-014"]
        assert str(session.scalars(select(ActionEvidence.assessment_id)).one()) == assessment_id


def test_the_officer_and_the_signed_record_see_the_recorded_evidence(app: Flask, draft) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from governance.accounts.models import User
    from governance.records.models import SignedRecord
    from governance.reviews.rules import DecisionKind, DecisionRequest

    pages, task_list, factories = draft
    _record(pages, task_list, "dpia", document=(io.BytesIO(DPIA_DOCUMENT), "dpia.pdf"))
    pages.post(f"{task_list}/questions/dpia-status?return=check", {"answer": "completed"})
    # A completed DPIA is asked whether high risk remains (Article 36 prior consultation).
    pages.post(f"{task_list}/questions/dpia-residual-risk?return=check", {"answer": "no"})
    _record(pages, task_list, "eqia", reference="EQIA-77")
    pages.post(f"{task_list}/questions/eqia-status?return=check", {"answer": "completed"})
    assessment_id = uuid.UUID(task_list.rsplit("/", 1)[-1])
    _submit(app, assessment_id)

    review = signed_in(app, "officer@northshire.gov.uk").get(f"/reviews/{assessment_id}")
    actions = review.text("[data-testid=required-actions]")
    assert "Data protection impact assessment (DPIA): done" in actions and "DPIA-2026-014" in actions
    assert hashlib.sha256(DPIA_DOCUMENT).hexdigest() in actions and "EQIA-77" in actions

    with app.app_context(), transaction() as session:
        officers = list(session.scalars(select(User).where(User.email.like("%@northshire.gov.uk"),
                                                           User.email != "lead@northshire.gov.uk")))
    for officer in officers:  # high risk: two officers approve
        factories.decide(assessment_id, DecisionRequest(DecisionKind.APPROVE), officer=officer)
    with app.app_context(), transaction() as session:
        record = session.scalars(select(SignedRecord).where(SignedRecord.assessment_id == assessment_id)).one()
        pdf = bytes(record.pdf)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)
    assert "Data protection impact assessment (DPIA) Done Reference DPIA-2026-014, completed 3 November 2026" in text
    assert hashlib.sha256(DPIA_DOCUMENT).hexdigest() in text.replace(" ", "")  # wrapped over two lines


def test_the_evidence_page_is_not_offered_once_submitted(app: Flask, draft) -> None:
    pages, task_list, factories = draft
    pages.post(f"{task_list}/questions/dpia-status?return=check", {"answer": "completed"})
    pages.post(f"{task_list}/questions/dpia-residual-risk?return=check", {"answer": "no"})
    pages.post(f"{task_list}/questions/eqia-status?return=check", {"answer": "completed"})
    _submit(app, uuid.UUID(task_list.rsplit("/", 1)[-1]))

    page = pages.get(f"{task_list}/actions/dpia")

    assert page.soup.select_one("form[enctype='multipart/form-data']") is None
    assert "Nothing has been recorded." in page.text()
    assert pages.get(task_list).soup.select_one(f"a[href='{task_list}/actions/dpia']") is None
