"""Uploading sample data: scanned in the background, findings kept, the file and its values never."""

from __future__ import annotations

import io
import json
import logging
import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, inspect, select, text

from governance.accounts.models import Role
from governance.assessments.models import DataScan
from governance.db import transaction
from tests.helpers import Factories, PageClient

IDENTIFIERS = ["943 476 5919", "AB 12 34 56 C", "jane.doe@example.com", "07700 900123", "B801200005001",
               "GB82 WEST 1234 5698 7654 32"]


@pytest.fixture
def lead(app: Flask) -> tuple[PageClient, str]:
    factories = Factories(app)
    organisation = factories.organisation("Eastshire Council", "eastshire")
    factories.user(organisation, [Role.DIGITAL_LEAD], email="lead@eastshire.gov.uk")
    pages = PageClient(app.test_client())
    pages.sign_in("lead@eastshire.gov.uk")
    page = pages.post("/use-cases/new", {"title": "Benefits helper", "service_area": "revenues-benefits",
                                         "phase": "pilot"}, 302)
    return pages, page.response.headers["Location"]


def _upload(pages: PageClient, task_list: str, name: str, content: bytes, status: int = 302):
    token = pages.get(f"{task_list}/sample-data").csrf_token()
    return pages.client.post(f"{task_list}/sample-data", data={"csrf_token": token,
                                                               "sample": (io.BytesIO(content), name)},
                             content_type="multipart/form-data")


def _wait(pages: PageClient, url: str) -> str:
    for _ in range(600):
        page = pages.get(url)
        status = page.text("[data-testid=scan-status]")
        if status not in ("Waiting", "Checking"):
            return page.text()
        time.sleep(0.05)
    raise AssertionError("the scan did not finish")


def _csv() -> bytes:
    rows = ["name,nhs_number,nino,email,phone,upn,iban,notes"]
    for index in range(40):
        rows.append(f"Person {index},{IDENTIFIERS[0]},{IDENTIFIERS[1]},{IDENTIFIERS[2]},{IDENTIFIERS[3]},"
                    f"{IDENTIFIERS[4]},{IDENTIFIERS[5]},Has diabetes and asthma")
    return ("\n".join(rows) + "\n").encode()


def _work_folder(app: Flask) -> list[Path]:
    folder = Path(app.instance_path) / "scan-work"
    return list(folder.iterdir()) if folder.exists() else []


def test_upload_is_scanned_and_findings_read_in_plain_english(app: Flask, lead) -> None:
    pages, task_list = lead

    response = _upload(pages, task_list, "residents.csv", _csv())

    assert response.status_code == 302
    text = _wait(pages, response.headers["Location"])
    assert "Column nhs_number contains NHS numbers in 100% of rows" in text
    assert "Column email contains email addresses" in text
    assert "Column notes holds special category data: health" in text
    with app.app_context(), transaction() as session:
        scan = session.scalars(select(DataScan)).one()
        assert (scan.status, scan.file_name, scan.file_size, scan.rows_scanned) == ("done", "residents.csv",
                                                                                     len(_csv()), 40)
        assert len(scan.sha256) == 64
    assert _work_folder(app) == []


def test_findings_are_offered_as_answers_to_the_personal_data_questions(app: Flask, lead) -> None:
    pages, task_list = lead
    _wait(pages, _upload(pages, task_list, "residents.csv", _csv()).headers["Location"])
    pages.post(f"{task_list}/questions/personal-data", {"answer": "yes"}, 302)

    page = pages.get(f"{task_list}/questions/personal-data-categories")

    assert "The sample data you checked suggests" in page.text()
    checked = {box["value"] for box in page.soup.select("input[type=checkbox][checked]")}
    assert {"identifiers", "contact", "financial"} <= checked


def _contact_log() -> bytes:
    """A housing contact log as officers keep it: a reference, the date and what was said, in their words."""
    notes = ["Spoke to Mrs Patel on 07700 900123, she is waiting for an occupational therapy visit",
             "Tenant Mr Jones says the boiler has not worked since Friday, call him back on 07700 900456",
             "Left a voicemail for Sarah Khan asking her to ring the contact centre",
             "Mr David Brown came in with his support worker to ask about the waiting list"]
    rows = ["reference,contact_date,notes"]
    rows += [f'HC-{1000 + index},2026-11-{1 + index % 28:02d},"{notes[index % len(notes)]} (visit {index})"'
             for index in range(40)]
    return ("\n".join(rows) + "\n").encode()


def test_a_notes_column_suggests_free_text_names_and_contact_details_but_not_tracking(app: Flask, lead) -> None:
    pages, task_list = lead
    findings = _wait(pages, _upload(pages, task_list, "contact-log.csv", _contact_log()).headers["Location"])
    pages.post(f"{task_list}/questions/personal-data", {"answer": "yes"}, 302)

    page = pages.get(f"{task_list}/questions/personal-data-categories")

    assert "Column notes is free text, such as notes or comments" in findings
    beside = page.text("[data-testid=findings-beside-question]")  # the findings, beside the question they inform
    assert "Column notes : names, phone numbers, free text" in beside
    checked = {box["value"] for box in page.soup.select("input[type=checkbox][checked]")}
    assert {"case-notes", "identifiers", "contact"} <= checked
    assert "location" not in checked


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("virus.exe", b"MZ....", "must be a CSV, TSV, Excel"), ("empty.csv", b"", "The selected file is empty")],
)
def test_wrong_type_or_empty_file_is_refused_leaving_nothing(app: Flask, lead, name: str, content: bytes,
                                                             message: str) -> None:
    pages, task_list = lead

    response = _upload(pages, task_list, name, content)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _work_folder(app) == []
    with app.app_context(), transaction() as session:
        assert session.scalars(select(DataScan)).all() == []


def test_no_file_selected_is_a_gov_uk_error(lead) -> None:
    pages, task_list = lead

    page = pages.post(f"{task_list}/sample-data", {}, 200)

    assert "Select a file" in page.text(".govuk-error-summary")


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("broken.xlsx", b"PK\x03\x04 not a real workbook", "damaged or not an .xlsx"),
    ("bad.json", b'{"not": "an array"}', "array of objects"),
])
def test_unreadable_files_fail_with_a_reason_and_are_deleted(app: Flask, lead, name: str, content: bytes,
                                                            reason: str) -> None:
    pages, task_list = lead

    text = _wait(pages, _upload(pages, task_list, name, content).headers["Location"])

    assert "The file could not be checked" in text and reason in text
    assert _work_folder(app) == []


def test_a_file_over_the_limit_is_refused_with_413(app: Flask, lead) -> None:
    pages, task_list = lead
    app.config["MAX_CONTENT_LENGTH"] = 10_000

    response = _upload(pages, task_list, "big.csv", b"a,b\n" + b"1,2\n" * 5000)

    assert response.status_code == 413
    assert "The file is too large" in response.get_data(as_text=True)
    assert _work_folder(app) == []


def _everything_stored(app: Flask) -> str:
    """Every value of every row of every table, as text."""
    engine = create_engine(app.config["DATABASE_URL"])
    dump = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                dump.append(json.dumps([str(value) for value in row]))
    engine.dispose()
    return "\n".join(dump)


def test_raw_values_never_reach_the_database_or_logs(app: Flask, lead, caplog: pytest.LogCaptureFixture) -> None:
    pages, task_list = lead
    with caplog.at_level(logging.DEBUG):
        _wait(pages, _upload(pages, task_list, "residents.csv", _csv()).headers["Location"])

    everything = _everything_stored(app) + caplog.text
    for identifier in IDENTIFIERS:
        assert identifier not in everything
        assert identifier.replace(" ", "") not in everything


# A file whose first row is data: its values must not become column names (security review finding 6).
FIRST_ROW = ["9434765919", "ann.smith@example.com", "Smith", "1984-03-02", "SW1A 1AA"]
MORE_ROWS = [["4010232137", "bob.jones@example.org", "Jones", "1990-11-23", "M1 1AE"],
             ["9876543210", "cara.khan@example.net", "Khan", "1975-06-14", "B33 8TH"]]


def test_a_headerless_upload_keeps_no_value_as_a_column_name(app: Flask, lead,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    pages, task_list = lead
    content = "".join(",".join(row) + "\n" for row in [FIRST_ROW, *MORE_ROWS]).encode()

    with caplog.at_level(logging.DEBUG):
        findings = _wait(pages, _upload(pages, task_list, "extract.csv", content).headers["Location"])

    assert "Column 1 contains NHS numbers in 100% of rows" in findings
    assert "Column Column" not in findings
    everything = _everything_stored(app) + caplog.text + findings
    for value in FIRST_ROW:
        assert value not in everything


def test_uploads_left_by_a_stopped_process_are_swept(app: Flask, lead) -> None:
    import os

    pages, task_list = lead
    folder = Path(app.instance_path) / "scan-work"
    folder.mkdir(parents=True, exist_ok=True)
    old, recent = folder / "old.csv", folder / "recent.csv"
    old.write_text("a\n1\n")
    recent.write_text("a\n1\n")
    os.utime(old, (0, 0))

    pages.get(f"{task_list}/sample-data")

    assert not old.exists() and recent.exists()


def test_the_personal_data_questions_offer_the_check_and_the_findings_lead_back_to_them(app: Flask, lead) -> None:
    from governance.questionnaire.roles import PERSONAL_DATA

    pages, task_list = lead
    questionnaire = app.extensions["questionnaires"]["ai-use-case-assessment@1.0"]
    personal = questionnaire.question_for_role(PERSONAL_DATA)
    elsewhere = questionnaire.sections[0].questions[1]

    before = pages.get(f"{task_list}/questions/{personal.id}")
    other = pages.get(f"{task_list}/questions/{elsewhere.id}")
    findings = pages.get(_upload(pages, task_list, "residents.csv", _csv()).headers["Location"])
    _wait(pages, findings.response.request.path)
    done = pages.get(findings.response.request.path)

    offer = before.soup.select_one("[data-testid=sample-data-offer] a")
    assert offer.get_text(strip=True) == "Upload sample data to check your answers"
    assert offer["href"] == f"{task_list}/sample-data"
    assert not other.soup.select("[data-testid=sample-data-offer]")
    next_step = done.soup.find("a", string=lambda text: text and "Continue to the personal data questions" in text)
    assert next_step["href"] == f"{task_list}/questions/{personal.id}"


def test_free_text_mentioning_a_condition_is_reported_with_the_rows_that_mention_it(lead) -> None:
    pages, task_list = lead
    notes = [f"Called back on {day} May about the repair and the tenant is happy with the date we gave."
             for day in range(1, 29)]
    notes[4] = "Tenant says her son's asthma is worse since the damp came back in the bedroom."
    notes[17] = "Visit moved because the tenant is in hospital this week; her daughter will let us in."
    content = ("case_ref,notes\n" + "".join(f"C-{index:04d},{note}\n" for index, note in enumerate(notes))).encode()

    text = _wait(pages, _upload(pages, task_list, "notes.csv", content).headers["Location"])

    assert "Column notes holds special category data: health, in 2 rows" in text
