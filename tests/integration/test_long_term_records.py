"""Records stay verifiable for years: each carries its validation data (PAdES B-LT) and, with a time-stamp
server, a time-stamped signature and a document time-stamp (B-LTA), so it still verifies after the signing
certificate expired. The time-stamp authority is OpenSSL's, started on 127.0.0.1 by the test."""

from __future__ import annotations

import io
import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.cli import ScriptInfo
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select, update

from governance.cli import main
from governance.db import transaction
from governance.records.models import SignedRecord, SigningCertificate, TimestampAuthority
from governance.records.services import check_record
from governance.records.verification import Outcome, verify_pdf
from governance.reviews.services import ReviewError
from tests.conftest import make_test_app
from tests.helpers import Factories, PageClient
from tests.timestamp_authority import LocalTimeStampAuthority


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalTimeStampAuthority]:
    running = LocalTimeStampAuthority(tmp_path_factory.mktemp("tsa")).start()
    yield running
    running.stop()


@pytest.fixture
def stamping_app(database_url: str, tmp_path: Path, authority: LocalTimeStampAuthority) -> Flask:
    return make_test_app(database_url, tmp_path / "instance", TIMESTAMP_URL=authority.url,
                         TIMESTAMP_CA_FILE=str(authority.root_file))


def _stored(app: Flask, record_id: uuid.UUID) -> SignedRecord:
    with app.app_context(), transaction() as session:
        record = session.get(SignedRecord, record_id)
        assert record is not None
        record.pdf  # noqa: B018 - load the deferred column before leaving the session
        session.expunge(record)
        return record


def _kinds(pdf: bytes) -> list[str]:
    return [signature.sig_object_type for signature in PdfFileReader(io.BytesIO(pdf)).embedded_signatures]


def test_a_time_stamped_record_verifies_after_its_certificate_expired(stamping_app: Flask,
                                                                     authority: LocalTimeStampAuthority,
                                                                     tmp_path: Path) -> None:
    factories = Factories(stamping_app)
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    expires = datetime.now(UTC) + timedelta(seconds=8)
    factories.install_certificate(south, valid_until=expires)
    answered = authority.answered

    record = _stored(stamping_app, factories.record(south))
    time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 1)

    assert datetime.now(UTC) > expires  # the certificate has expired
    assert _kinds(record.pdf) == ["/Sig", "/DocTimeStamp"]  # B-LTA: a document time-stamp seals it
    assert b"/DSS" in record.pdf  # with its validation data
    assert authority.answered - answered >= 2  # at least the signature's time-stamp and the document's
    with stamping_app.app_context(), transaction() as session:
        result = check_record(session, record.pdf)
        assert session.scalars(select(TimestampAuthority)).one().subject.endswith("O=Test Time-Stamping Authority")
    assert result.outcome is Outcome.GENUINE
    assert result.verification.timestamped
    assert result.verification.signed_at is not None
    assert datetime.fromisoformat(result.verification.signed_at) < expires
    path = tmp_path / "record.pdf"
    path.write_bytes(record.pdf)
    run = stamping_app.test_cli_runner().invoke(main, ["verify", str(path), "--json"],
                                                obj=ScriptInfo(create_app=lambda: stamping_app))
    assert run.exit_code == 0, run.output
    assert json.loads(run.output)["timestamped"] is True
    public = PageClient(stamping_app.test_client())
    token = public.get("/check-a-record").csrf_token()
    page = public._page(public.client.post("/check-a-record", data={
        "csrf_token": token, "record": (io.BytesIO(record.pdf), "record.pdf")}), 200)
    assert page.text("h1") == "This record is genuine"
    assert "proven by a trusted time-stamp" in page.text(".govuk-summary-list")


def test_without_a_time_stamp_server_a_record_still_carries_its_validation_data(app: Flask,
                                                                               factories: Factories) -> None:
    record = _stored(app, factories.record(factories.organisation("South Shire Council", "south-shire")))

    with app.app_context(), transaction() as session:
        result = check_record(session, record.pdf)

    assert _kinds(record.pdf) == ["/Sig"]
    assert b"/DSS" in record.pdf
    assert result.outcome is Outcome.GENUINE and not result.verification.timestamped


def test_a_record_signed_outside_its_certificates_validity_is_not_relied_on(app: Flask,
                                                                            factories: Factories) -> None:
    """Without a time-stamp, the service's own record of when it signed is the proof: a record it holds as
    signed after the certificate expired is refused."""
    record = _stored(app, factories.record(factories.organisation("South Shire Council", "south-shire")))
    with app.app_context(), transaction() as session:
        expired = session.get(SigningCertificate, record.certificate_sha256).valid_until_utc
        session.execute(update(SignedRecord).where(SignedRecord.id == record.id)
                        .values(created_at_utc=expired + timedelta(days=1)))

    with app.app_context(), transaction() as session:
        result = check_record(session, record.pdf)

    assert result.outcome is Outcome.CERTIFICATE_NOT_VALID
    assert not result.genuine


def test_a_change_after_the_document_time_stamp_is_altered(stamping_app: Flask) -> None:
    factories = Factories(stamping_app)
    record = _stored(stamping_app, factories.record(factories.organisation("South Shire Council", "south-shire")))
    writer = IncrementalPdfFileWriter(io.BytesIO(record.pdf))
    writer.root["/Lang"] = generic.TextStringObject("cy")  # a change to the catalogue, after the seal
    writer.update_root()
    changed = io.BytesIO()
    writer.write(changed)
    with stamping_app.app_context(), transaction() as session:
        trusted = {item.sha256: item.pem for item in session.scalars(select(SigningCertificate))}
        authorities = [item.pem for item in session.scalars(select(TimestampAuthority))]

    assert verify_pdf(record.pdf, trusted, authorities).outcome is Outcome.GENUINE
    assert verify_pdf(changed.getvalue(), trusted, authorities).outcome is Outcome.ALTERED
    assert verify_pdf(record.pdf, trusted, []).outcome is Outcome.ALTERED  # a time-stamp nobody trusts


def test_a_time_stamp_server_that_does_not_answer_refuses_the_decision_and_keeps_nothing(
        database_url: str, tmp_path: Path, authority: LocalTimeStampAuthority) -> None:
    app = make_test_app(database_url, tmp_path / "instance", TIMESTAMP_URL="http://127.0.0.1:9/tsa",
                        TIMESTAMP_CA_FILE=str(authority.root_file))
    factories = Factories(app)
    assessment_id = factories.submitted(factories.organisation("South Shire Council", "south-shire"))

    with pytest.raises(ReviewError, match="time-stamp server may not have answered"):
        factories.decide(assessment_id)

    with app.app_context(), transaction() as session:
        assert session.scalars(select(SignedRecord)).first() is None
