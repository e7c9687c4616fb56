"""Each organisation signs with its own certificate: installed by its administrator (the password kept outside
the database), described with its expiry, a development one made per organisation where none is installed,
and none at all in production. A record of one organisation never verifies as another's."""

from __future__ import annotations

import hashlib
import io
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy import select

from governance.accounts.models import Organisation, Role
from governance.audit import AuditEvent
from governance.cli import main
from governance.db import Base, transaction
from governance.records.certificates import CertificateRefused, SigningSetup, install_certificate, password_variable
from governance.records.keys import DEVELOPMENT_UNIT, SigningUnavailable, create_self_signed_bundle, read_bundle
from governance.records.models import InstalledCertificate, SignedRecord, SigningCertificate
from governance.records.render import render_pdf
from governance.records.services import check_record
from governance.records.signing import sign_pdf
from governance.records.verification import Outcome
from governance.reviews.services import ReviewError
from tests.conftest import make_test_app
from tests.helpers import Factories, signed_in


def _record(app: Flask, record_id: uuid.UUID) -> SignedRecord:
    with app.app_context(), transaction() as session:
        record = session.get(SignedRecord, record_id)
        assert record is not None
        session.expunge(record)
        return record


def _pdf(app: Flask, record_id: uuid.UUID) -> bytes:
    with app.app_context(), transaction() as session:
        record = session.get(SignedRecord, record_id)
        assert record is not None
        return bytes(record.pdf)


def _bundle(tmp_path: Path, organisation: str, password_file: Path, unit: str | None = None,
            valid_days: int = 365) -> bytes:
    """A PKCS#12 standing in for a council's, its password written where the service looks for it."""
    valid_from = datetime.now(UTC) - timedelta(days=400) if valid_days < 0 else None
    bundle, password = create_self_signed_bundle(tmp_path / uuid.uuid4().hex, organisation, unit, "council.p12",
                                                 "council.password", valid_days, valid_from)
    password_file.parent.mkdir(parents=True, exist_ok=True)
    password_file.write_text(password.read_text())
    return bundle.read_bytes()


def _password_file(app: Flask, slug: str) -> Path:
    return Path(app.config["SIGNING_SECRETS_DIR"]) / f"{slug}.password"


def test_two_organisations_sign_with_their_own_certificates(app: Flask, factories: Factories) -> None:
    south = factories.organisation("South Shire Council", "south-shire")
    other = factories.organisation("Other Shire Council", "other-shire")

    south_record = _record(app, factories.record(south))
    other_record = _record(app, factories.record(other))

    assert south_record.certificate_sha256 != other_record.certificate_sha256
    with app.app_context(), transaction() as session:
        for record, organisation in ((south_record, south), (other_record, other)):
            result = check_record(session, _pdf(app, record.id))
            assert result.outcome is Outcome.GENUINE
            assert result.record is not None and result.record.organisation_id == organisation.id
            assert result.signer is not None and result.signer.organisation_id == organisation.id
            assert f"O={organisation.name}" in result.signer.subject


def test_the_check_page_names_the_certificate_of_the_records_own_organisation(app: Flask,
                                                                               factories: Factories) -> None:
    factories.organisation("South Shire Council", "south-shire")
    other = factories.organisation("Other Shire Council", "other-shire")
    pdf = _pdf(app, factories.record(other))
    public = signed_in(app, factories.user(other).email)
    token = public.get("/check-a-record").csrf_token()

    page = public._page(public.client.post("/check-a-record", data={
        "csrf_token": token, "record": (io.BytesIO(pdf), "record.pdf")}), 200)

    assert page.text("h1") == "This record is genuine"
    assert "The certificate of Other Shire Council AI decision records" in page.text(".govuk-summary-list")
    assert "<span" not in page.text()  # markup is markup, not text
    assert "South Shire" not in page.text("main")


def test_a_record_signed_with_another_organisations_certificate_never_verifies(app: Flask,
                                                                                factories: Factories) -> None:
    """What one certificate for the whole instance did: Other Shire's record signed as South Shire."""
    south = factories.organisation("South Shire Council", "south-shire")
    other = factories.organisation("Other Shire Council", "other-shire")
    factories.record(south)
    other_record = _record(app, factories.record(other))
    setup: SigningSetup = app.extensions["records.signing"]
    with app.app_context(), transaction() as session:
        south_credentials = setup.credentials(session, session.get(Organisation, south.id))
        forged = sign_pdf(render_pdf(other_record.snapshot, False), south_credentials, reason="Decision record",
                          location="Other Shire Council")
        stored = session.get(SignedRecord, other_record.id)
        stored.pdf, stored.sha256 = forged, hashlib.sha256(forged).hexdigest()
        stored.certificate_sha256 = south_credentials.certificate_sha256

    with app.app_context(), transaction() as session:
        result = check_record(session, forged)

    assert result.outcome is Outcome.OTHER_ORGANISATION
    assert not result.genuine and result.record is None


def test_without_a_certificate_each_organisation_gets_its_own_marked_development_one(app: Flask,
                                                                                     factories: Factories) -> None:
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    other = factories.organisation("Other Shire Council", "other-shire", certificate=False)

    records = [_record(app, factories.record(organisation)) for organisation in (south, other)]

    assert records[0].certificate_sha256 != records[1].certificate_sha256
    assert all(record.development_certificate for record in records)
    with app.app_context(), transaction() as session:
        for record, organisation in zip(records, (south, other), strict=True):
            certificate = session.get(SigningCertificate, record.certificate_sha256)
            assert certificate.organisation_id == organisation.id
            assert f"O={organisation.name}" in certificate.subject and DEVELOPMENT_UNIT in certificate.subject
            assert check_record(session, _pdf(app, record.id)).outcome is Outcome.DEVELOPMENT


@pytest.fixture
def production_app(database_url: str, tmp_path: Path) -> Flask:
    return make_test_app(database_url, tmp_path / "instance", GOVERNANCE_ENV="production")


def test_production_refuses_to_sign_for_an_organisation_without_a_certificate(production_app: Flask,
                                                                            tmp_path: Path) -> None:
    factories = Factories(production_app)
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    assessment_id = factories.submitted(south)

    with pytest.raises(ReviewError, match="record cannot be signed: South Shire Council has no signing certificate"):
        factories.decide(assessment_id)

    with production_app.app_context(), transaction() as session:
        assert session.scalars(select(SignedRecord)).first() is None
        assert session.scalars(select(SigningCertificate)).first() is None
    assert not (tmp_path / "instance" / "signing").exists()  # no development certificate was made


def test_the_officer_is_told_why_and_keeps_their_decision_form(production_app: Flask) -> None:
    factories = Factories(production_app)
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    assessment_id = factories.submitted(south)
    officer = signed_in(production_app, factories.user(south, [Role.IG_OFFICER]).email)
    form = officer.get(f"/reviews/{assessment_id}/decision")

    page = officer.post(f"/reviews/{assessment_id}/decision", {
        "lock_version": form.soup.select_one("input[name=lock_version]")["value"], "decision": "reject",
        "reason": "The supplier keeps prompts for training."}, 200, token_from=f"/reviews/{assessment_id}/decision")

    assert "its record cannot be signed" in page.text(".govuk-error-summary")
    assert "Nothing has been saved" in page.text(".govuk-error-summary")
    assert page.soup.select_one("textarea[name=reason]").text.strip() == "The supplier keeps prompts for training."


def test_production_refuses_to_install_a_development_certificate(production_app: Flask, tmp_path: Path) -> None:
    factories = Factories(production_app)
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    bundle = _bundle(tmp_path, "South Shire Council", _password_file(production_app, "south-shire"),
                     unit=DEVELOPMENT_UNIT)

    with production_app.app_context(), transaction() as session, pytest.raises(CertificateRefused,
                                                                             match="development certificate"):
        install_certificate(session, production_app.extensions["records.signing"],
                            session.get(Organisation, south.id), bundle, actor=None)


def test_production_signs_with_the_installed_certificate(production_app: Flask) -> None:
    factories = Factories(production_app)
    south = factories.organisation("South Shire Council", "south-shire")

    record = _record(production_app, factories.record(south))

    assert not record.development_certificate


def test_an_administrator_installs_the_certificate_and_sees_its_details(app: Flask, factories: Factories,
                                                                        tmp_path: Path) -> None:
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    admin = factories.user(south, [Role.ADMIN])
    pages = signed_in(app, admin.email)
    before = pages.get("/admin/signing-certificate")
    bundle = _bundle(tmp_path, "South Shire Council", _password_file(app, "south-shire"))
    token = before.csrf_token()

    installed = pages._page(pages.client.post("/admin/signing-certificate", data={
        "csrf_token": token, "bundle": (io.BytesIO(bundle), "south-shire.p12")}), 303)
    page = pages.get(installed.response.headers["Location"])

    assert "development certificate" in before.text(".govuk-warning-text")
    assert "Certificate installed" in page.text(".govuk-notification-banner")
    details = page.text(".govuk-summary-list")
    assert "Issued to South Shire Council AI decision records, South Shire Council" in details
    assert "Issued by" in details and "Valid until" in details and "<span" not in details
    assert read_bundle(bundle, _password_file(app, "south-shire").read_text()).certificate_sha256 in details
    assert page.soup.select_one(".govuk-warning-text") is None  # a year left: nothing to warn about
    record = _record(app, factories.record(south))
    assert not record.development_certificate
    with app.app_context(), transaction() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.kind == "signing_certificate_installed")).one()
        assert event.actor_id == admin.id and event.organisation_id == south.id


def test_the_password_is_never_stored_in_the_database(app: Flask, factories: Factories, tmp_path: Path) -> None:
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    bundle = _bundle(tmp_path, "South Shire Council", _password_file(app, "south-shire"))
    password = _password_file(app, "south-shire").read_text()
    with app.app_context(), transaction() as session:
        install_certificate(session, app.extensions["records.signing"], session.get(Organisation, south.id),
                            bundle, actor=None)
    factories.record(south)

    with app.app_context(), transaction() as session:
        stored = [repr(row) for table in Base.metadata.sorted_tables
                  for row in session.execute(select(table)).all()]

    assert any("installed_certificate" in table.name for table in Base.metadata.sorted_tables)
    assert all(password not in row and password.encode().hex() not in row for row in stored)


def test_an_expiring_certificate_is_warned_sixty_days_ahead(app: Flask, factories: Factories) -> None:
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    factories.install_certificate(south, valid_days=45)
    admin = factories.user(south, [Role.ADMIN])
    pages = signed_in(app, admin.email)

    page = pages.get("/admin/signing-certificate")
    home = pages.get("/")

    assert "expires in 44 days" in page.text(".govuk-warning-text")
    assert "expires in 44 days" in home.text(".govuk-warning-text")
    assert "Check the signing certificate" in home.text(".govuk-warning-text")


@pytest.mark.parametrize("problem", ["no password", "wrong password", "not a bundle", "expired"])
def test_a_bundle_that_cannot_sign_is_refused_with_the_reason(app: Flask, factories: Factories, tmp_path: Path,
                                                             problem: str) -> None:
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    password_file = _password_file(app, "south-shire")
    bundle = _bundle(tmp_path, "South Shire Council", password_file, valid_days=-1 if problem == "expired" else 365)
    if problem == "no password":
        password_file.unlink()
    elif problem == "wrong password":
        password_file.write_text("not the password")
    elif problem == "not a bundle":
        bundle = b"%PDF-1.7 this is a record, not a certificate"
    pages = signed_in(app, factories.user(south, [Role.ADMIN]).email)
    token = pages.get("/admin/signing-certificate").csrf_token()

    page = pages._page(pages.client.post("/admin/signing-certificate", data={
        "csrf_token": token, "bundle": (io.BytesIO(bundle), "council.p12")}), 400)

    expected = {"no password": "does not have this certificate's password yet",
                "wrong password": "not a PKCS#12 bundle that opens with its password",
                "not a bundle": "not a PKCS#12 bundle that opens with its password",
                "expired": "the certificate expired on"}[problem]
    assert expected in page.text(".govuk-error-summary")
    if problem == "no password":
        assert password_variable("south-shire") in page.text(".govuk-error-summary")
    with app.app_context(), transaction() as session:
        assert session.get(InstalledCertificate, south.id) is None


def test_a_certificate_installed_for_one_organisation_cannot_be_installed_for_another(
        app: Flask, factories: Factories, tmp_path: Path) -> None:
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    other = factories.organisation("Other Shire Council", "other-shire", certificate=False)
    bundle = _bundle(tmp_path, "South Shire Council", _password_file(app, "south-shire"))
    _password_file(app, "other-shire").write_text(_password_file(app, "south-shire").read_text())
    setup = app.extensions["records.signing"]
    with app.app_context(), transaction() as session:
        install_certificate(session, setup, session.get(Organisation, south.id), bundle, actor=None)

    with app.app_context(), transaction() as session, pytest.raises(CertificateRefused, match="another organisation"):
        install_certificate(session, setup, session.get(Organisation, other.id), bundle, actor=None)


def test_the_password_can_come_from_the_environment(tmp_path: Path) -> None:
    setup = SigningSetup(instance_path=tmp_path, production=True,
                         environ={"SIGNING_PASSWORD_SOUTH_SHIRE": "from-the-environment"},
                         secrets_dir=tmp_path / "secrets")
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "other-shire.password").write_text("from-a-file\n")

    assert setup.password("south-shire") == "from-the-environment"
    assert setup.password("other-shire") == "from-a-file"
    assert setup.password("north-shire") is None


def test_an_installed_certificate_stops_signing_when_it_expires(app: Flask, factories: Factories) -> None:
    south = factories.organisation("South Shire Council", "south-shire", certificate=False)
    credentials = factories.install_certificate(south, valid_days=30)
    setup: SigningSetup = app.extensions["records.signing"]
    later = datetime.now(UTC) + timedelta(days=31)

    with app.app_context(), transaction() as session, pytest.raises(SigningUnavailable, match="expired on"):
        setup.credentials(session, session.get(Organisation, south.id), later)
    assert credentials.valid_until < later


def test_keys_install_and_show_on_the_command_line(app: Flask, factories: Factories, tmp_path: Path) -> None:
    factories.organisation("South Shire Council", "south-shire", certificate=False)
    expiring = factories.organisation("Other Shire Council", "other-shire", certificate=False)
    factories.install_certificate(expiring, valid_days=20)
    bundle = tmp_path / "south.p12"
    bundle.write_bytes(_bundle(tmp_path, "South Shire Council", _password_file(app, "south-shire")))
    runner = app.test_cli_runner()

    def run(*args: str) -> tuple[int, str]:
        result = runner.invoke(main, list(args), obj=ScriptInfo(create_app=lambda: app))
        return result.exit_code, result.output

    installed, unknown, shown = (run("keys", "install", "--organisation", "south-shire", str(bundle)),
                                 run("keys", "install", "--organisation", "nowhere", str(bundle)),
                                 run("keys", "show"))

    assert installed[0] == 0 and "South Shire Council now signs its records with" in installed[1]
    assert unknown[0] == 2
    assert shown[0] == 1  # Other Shire's certificate expires within 60 days
    assert "south-shire: installed, " in shown[1] and "other-shire: installed, " in shown[1]
    assert "(19 days)" in shown[1]
