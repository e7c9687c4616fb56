"""Each organisation's signing certificate: the PKCS#12 its administrator installed or, outside production, a
marked development certificate made for it. Flushes; never commits.

A bundle's password never enters the database: it comes from the environment (SIGNING_PASSWORD_<SLUG>) or
from a file named after the organisation in the secrets folder (SIGNING_SECRETS_DIR).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts.models import Organisation, User
from governance.audit import record_event
from governance.records.keys import (
    DEVELOPMENT_FILE,
    DEVELOPMENT_PASSWORD_FILE,
    EXPIRY_WARNING_DAYS,
    SigningCredentials,
    SigningUnavailable,
    create_development_certificate,
    load_credentials,
    read_bundle,
    unusable_for_records,
)
from governance.records.models import InstalledCertificate, SignedRecord, SigningCertificate

PASSWORD_VARIABLE_PREFIX = "SIGNING_PASSWORD_"
LARGEST_BUNDLE_BYTES = 256 * 1024


class CertificateRefused(Exception):
    """An administrator's bundle cannot be installed; the message says why, for the page."""


def password_variable(slug: str) -> str:
    return PASSWORD_VARIABLE_PREFIX + slug.upper().replace("-", "_")


def password_file_name(slug: str) -> str:
    return f"{slug}.password"


@dataclass
class SigningSetup:
    """Where each organisation's signing credentials come from, and the RFC 3161 server, if any."""
    instance_path: Path
    production: bool
    environ: Mapping[str, str]
    secrets_dir: Path | None = None
    timestamp_url: str | None = None
    timestamp_roots: tuple[str, ...] = ()
    # Opening a PKCS#12 runs a slow key derivation, so each certificate is opened once per process.
    _opened: dict[tuple[uuid.UUID, str], SigningCredentials] = field(default_factory=dict, repr=False)

    @property
    def fetch_revocation(self) -> bool:
        """Ask certificate authorities for revocation answers to embed: in production, where they are reachable."""
        return self.production

    def password(self, slug: str) -> str | None:
        value = self.environ.get(password_variable(slug))
        if value:
            return value
        if self.secrets_dir is None:
            return None
        path = self.secrets_dir / password_file_name(slug)
        try:
            return path.read_text().rstrip("\r\n") or None
        except FileNotFoundError:
            return None
        except OSError as error:
            raise SigningUnavailable(f"cannot read the password file {path.name}: {type(error).__name__}") from error

    def where_the_password_goes(self, slug: str) -> str:
        variable = f"the environment variable {password_variable(slug)}"
        if self.secrets_dir is None:
            return variable
        return f"{variable} or the file {self.secrets_dir / password_file_name(slug)}"

    def credentials(self, session: Session, organisation: Organisation, now: datetime | None = None
                    ) -> SigningCredentials:
        """The credentials that sign this organisation's records today; SigningUnavailable says why there are
        none."""
        installed = session.get(InstalledCertificate, organisation.id)
        if installed is not None:
            credentials = self._open_installed(organisation, installed)
        elif self.production:
            raise SigningUnavailable(f"{organisation.name} has no signing certificate installed. An administrator "
                                     "installs it on the Signing certificate page")
        else:
            credentials = self._development(organisation)
        if self.production and credentials.development:
            raise SigningUnavailable("a development certificate cannot sign records in production")
        problem = unusable_for_records(credentials, now or datetime.now(UTC))
        if problem:
            raise SigningUnavailable(f"{organisation.name}'s signing certificate cannot be used: {problem}")
        return credentials

    def development_credentials(self, organisation: Organisation) -> SigningCredentials | None:
        """The development certificate already made for this organisation, if any (never makes one)."""
        if not (self._development_folder(organisation) / DEVELOPMENT_FILE).exists():
            return None
        return self._development(organisation)

    def _open_installed(self, organisation: Organisation, installed: InstalledCertificate) -> SigningCredentials:
        key = (organisation.id, installed.certificate_sha256)
        if key not in self._opened:
            password = self.password(organisation.slug)
            if password is None:
                where = self.where_the_password_goes(organisation.slug)
                raise SigningUnavailable(f"the password of {organisation.name}'s signing certificate is not set: "
                                         f"the service operator puts it in {where}")
            self._opened[key] = read_bundle(installed.bundle, password)
        return self._opened[key]

    def _development_folder(self, organisation: Organisation) -> Path:
        return self.instance_path / "signing" / str(organisation.id)

    def _development(self, organisation: Organisation) -> SigningCredentials:
        key = (organisation.id, "development")
        if key not in self._opened:
            folder = self._development_folder(organisation)
            if not (folder / DEVELOPMENT_FILE).exists():
                create_development_certificate(folder, organisation.name)
            self._opened[key] = load_credentials(folder / DEVELOPMENT_FILE,
                                                 (folder / DEVELOPMENT_PASSWORD_FILE).read_text())
        return self._opened[key]


def remember_certificate(session: Session, credentials: SigningCredentials, organisation_id: uuid.UUID) -> None:
    """Trust this certificate for this organisation's records from now on."""
    known = session.get(SigningCertificate, credentials.certificate_sha256)
    if known is None:
        session.add(SigningCertificate(
            sha256=credentials.certificate_sha256, organisation_id=organisation_id,
            subject=credentials.subject[:400], issuer=credentials.issuer[:400],
            valid_until_utc=credentials.valid_until, pem=credentials.certificate_pem,
            development=credentials.development))
    elif known.organisation_id is None and not _signed_for_others(session, known.sha256, organisation_id):
        known.organisation_id = organisation_id
    session.flush()


def _signed_for_others(session: Session, sha256: str, organisation_id: uuid.UUID) -> bool:
    return session.scalar(select(SignedRecord.id).where(SignedRecord.certificate_sha256 == sha256,
                                                        SignedRecord.organisation_id != organisation_id)
                          .limit(1)) is not None


def install_certificate(session: Session, setup: SigningSetup, organisation: Organisation, bundle: bytes,
                        actor: User | None, now: datetime | None = None) -> SigningCredentials:
    """Make this PKCS#12 the one that signs the organisation's records from now on; earlier records keep
    verifying against the certificates that signed them."""
    if len(bundle) > LARGEST_BUNDLE_BYTES:
        raise CertificateRefused("The file is too large to be a PKCS#12 signing certificate")
    credentials = _open_offered(setup, organisation, bundle)
    problem = unusable_for_records(credentials, now or datetime.now(UTC))
    if problem:
        raise CertificateRefused(f"This certificate cannot sign records: {problem}")
    if setup.production and credentials.development:
        raise CertificateRefused("This is a development certificate, which cannot sign official records")
    known = session.get(SigningCertificate, credentials.certificate_sha256)
    if known is not None and known.organisation_id != organisation.id and (
            known.organisation_id is not None or _signed_for_others(session, known.sha256, organisation.id)):
        raise CertificateRefused("This certificate already signs another organisation's records. Each "
                                 "organisation needs a certificate of its own")
    remember_certificate(session, credentials, organisation.id)
    installed = session.get(InstalledCertificate, organisation.id)
    if installed is None:
        installed = InstalledCertificate(organisation_id=organisation.id)
        session.add(installed)
    installed.certificate_sha256 = credentials.certificate_sha256
    installed.bundle = bundle
    installed.installed_by_id = actor.id if actor else None
    installed.installed_at_utc = now or datetime.now(UTC)
    session.flush()
    record_event(session, kind="signing_certificate_installed", organisation_id=organisation.id,
                 actor_id=actor.id if actor else None, subject=f"organisation:{organisation.id}",
                 payload={"sha256": credentials.certificate_sha256, "subject": credentials.subject[:400],
                          "valid_until": credentials.valid_until.isoformat(timespec="seconds")})
    return credentials


def _open_offered(setup: SigningSetup, organisation: Organisation, bundle: bytes) -> SigningCredentials:
    try:
        password = setup.password(organisation.slug)
    except SigningUnavailable as error:
        raise CertificateRefused(f"The certificate's password cannot be read: {error}") from error
    if password is None:
        raise CertificateRefused("The service does not have this certificate's password yet. Ask the service "
                                 f"operator to put it in {setup.where_the_password_goes(organisation.slug)}, "
                                 "then upload the file again")
    try:
        return read_bundle(bundle, password)
    except SigningUnavailable as error:
        raise CertificateRefused(f"The certificate cannot be installed: {error}. Check that the file is the "
                                 "organisation's PKCS#12 (.p12 or .pfx) and that the operator set its password"
                                 ) from error


@dataclass(frozen=True)
class CertificateStatus:
    """What an administrator sees about the certificate that signs their organisation's records."""
    installed: InstalledCertificate | None
    problem: str | None
    now: datetime
    subject: str | None = None
    issuer: str | None = None
    sha256: str | None = None
    valid_until: datetime | None = None

    @property
    def days_left(self) -> int | None:
        return (self.valid_until - self.now).days if self.valid_until else None

    @property
    def expiring(self) -> bool:
        return self.days_left is not None and self.days_left < EXPIRY_WARNING_DAYS

    @property
    def development(self) -> bool:
        return self.installed is None


def certificate_status(session: Session, setup: SigningSetup, organisation: Organisation,
                       now: datetime | None = None) -> CertificateStatus:
    """The organisation's certificate and whether it can sign today; never makes a development certificate."""
    now = now or datetime.now(UTC)
    installed = session.get(InstalledCertificate, organisation.id)
    problem = None
    try:
        if installed is None and not setup.production:
            credentials = setup.development_credentials(organisation)
        else:
            credentials = setup.credentials(session, organisation, now)
    except SigningUnavailable as error:
        credentials, problem = None, str(error)
    if installed is not None:
        # From the stored certificate, so an expired or unopenable one is still described.
        known = installed.certificate
        return CertificateStatus(installed, problem, now, known.subject, known.issuer, known.sha256,
                                 known.valid_until_utc)
    if credentials is None:
        return CertificateStatus(None, problem, now)
    return CertificateStatus(None, problem, now, credentials.subject, credentials.issuer,
                             credentials.certificate_sha256, credentials.valid_until)


def every_certificate_status(session: Session, setup: SigningSetup) -> list[tuple[Organisation, CertificateStatus]]:
    organisations = session.scalars(select(Organisation).order_by(Organisation.slug))
    return [(organisation, certificate_status(session, setup, organisation)) for organisation in organisations]
