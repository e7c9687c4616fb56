"""Signing credentials: the organisation's PKCS#12, or a development certificate made here.

A development certificate says so in its subject, and every record signed with it says so on its
first page; verification reports it too.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEVELOPMENT_UNIT = "Development certificate - not for official records"
DEVELOPMENT_FILE = "development.p12"
DEVELOPMENT_PASSWORD_FILE = "development.password"
VALID_DAYS = 5 * 365
# An administrator is told this many days before the certificate stops signing.
EXPIRY_WARNING_DAYS = 60


class SigningUnavailable(Exception):
    """Records cannot be signed: the certificate is missing, unreadable or its password is wrong."""


@dataclass(frozen=True)
class SigningCredentials:
    signer: Any  # pyhanko SimpleSigner
    certificate_pem: str
    certificate_sha256: str
    subject: str
    issuer: str
    valid_from: datetime
    valid_until: datetime
    development: bool
    # The issuing authorities' certificates that came in the bundle, if any.
    chain_pem: tuple[str, ...] = ()


def create_development_certificate(folder: Path, organisation: str) -> tuple[Path, Path]:
    """A self-signed RSA certificate in PKCS#12, marked as a development certificate in its subject, its random
    password in a file beside it (both 0600)."""
    return create_self_signed_bundle(folder, organisation, DEVELOPMENT_UNIT, DEVELOPMENT_FILE,
                                     DEVELOPMENT_PASSWORD_FILE)


def create_self_signed_bundle(folder: Path, organisation: str, unit: str | None, bundle_name: str,
                              password_name: str, valid_days: int = VALID_DAYS,
                              valid_from: datetime | None = None, valid_until: datetime | None = None
                              ) -> tuple[Path, Path]:
    """A self-signed signing certificate for `organisation` in PKCS#12 and its password file. With no `unit`
    it stands in, in tests, for the certificate a council's certificate authority issues."""
    folder.mkdir(parents=True, exist_ok=True)
    # P-256: as strong as RSA-3072 for a signature, made in a millisecond, and accepted by PDF readers.
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
        *([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit)] if unit else []),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation[:40]} AI decision records"),
    ])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or now - timedelta(minutes=5))
        .not_valid_after(valid_until or now + timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(24)
    bundle = pkcs12.serialize_key_and_certificates(
        b"records", key, certificate, None, serialization.BestAvailableEncryption(password.encode()))
    bundle_path, password_path = folder / bundle_name, folder / password_name
    _write_private(bundle_path, bundle)
    _write_private(password_path, password.encode())
    return bundle_path, password_path


def _write_private(path: Path, content: bytes) -> None:
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_bytes(content)


def load_credentials(bundle_path: Path, password: str) -> SigningCredentials:
    try:
        bundle = bundle_path.read_bytes()
    except OSError as error:
        raise SigningUnavailable(f"cannot read the signing certificate {bundle_path.name}: "
                                 f"{type(error).__name__}") from error
    return read_bundle(bundle, password)


def read_bundle(bundle: bytes, password: str) -> SigningCredentials:
    """The signing key and certificate in a PKCS#12 bundle, opened with its password."""
    from pyhanko.sign import signers

    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(bundle, password.encode())
    except ValueError as error:
        raise SigningUnavailable("the file is not a PKCS#12 bundle that opens with its password") from error
    if certificate is None or key is None:
        raise SigningUnavailable("the PKCS#12 bundle must hold both the certificate and its private key")
    try:
        # From the bytes read above: pyhanko's load_pkcs12 reads the file again and has no annotations.
        signer = signers.SimpleSigner.load_pkcs12_data(bundle, other_certs=(), passphrase=password.encode())
    except Exception as error:  # what load_pkcs12 caught: ValueError, or whatever converting the key raises
        raise SigningUnavailable("the signing key in the PKCS#12 bundle cannot be used") from error
    der = certificate.public_bytes(serialization.Encoding.DER)
    units = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    return SigningCredentials(
        signer=signer,
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode(),
        certificate_sha256=hashlib.sha256(der).hexdigest(),
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        valid_from=certificate.not_valid_before_utc,
        valid_until=certificate.not_valid_after_utc,
        development=any(unit.value == DEVELOPMENT_UNIT for unit in units),
        chain_pem=tuple(item.public_bytes(serialization.Encoding.PEM).decode() for item in chain),
    )


def unusable_for_records(credentials: SigningCredentials, now: datetime) -> str | None:
    """Why this certificate cannot sign decision records today, or None."""
    if now < credentials.valid_from:
        return f"the certificate is not valid until {credentials.valid_from:%-d %B %Y}"
    if now >= credentials.valid_until:
        return f"the certificate expired on {credentials.valid_until:%-d %B %Y}"
    certificate = x509.load_pem_x509_certificate(credentials.certificate_pem.encode())
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None
    if not (usage.digital_signature or usage.content_commitment):
        return "the certificate is not issued for digital signatures (its key usage forbids it)"
    return None


def read_certificates(path: Path) -> tuple[str, ...]:
    """The PEM certificates in a file, each on its own; a clear error when there are none."""
    from governance.config import ConfigurationError

    try:
        certificates = x509.load_pem_x509_certificates(path.read_bytes())
    except (OSError, ValueError) as error:
        raise ConfigurationError(f"cannot read certificates from {path}: {type(error).__name__}") from error
    return tuple(item.public_bytes(serialization.Encoding.PEM).decode() for item in certificates)


def certificate_name(name: str) -> str:
    """A certificate's subject or issuer (RFC 4514) as a person reads it: its common name, then the rest."""
    try:
        parsed = x509.Name.from_rfc4514_string(name)
    except ValueError:
        return name
    common = [str(item.value) for item in parsed.get_attributes_for_oid(NameOID.COMMON_NAME)]
    others = [str(item.value) for item in reversed(list(parsed)) if item.oid != NameOID.COMMON_NAME
              and item.oid != NameOID.COUNTRY_NAME]
    return ", ".join([*common, *others]) or name


def asn1_certificate(pem: str) -> Any:
    """A PEM certificate as pyHanko's validators take it (asn1crypto)."""
    from asn1crypto import pem as pem_armour
    from asn1crypto import x509 as asn1_x509

    _kind, _headers, der = pem_armour.unarmor(pem.encode())
    return asn1_x509.Certificate.load(der)


def is_development_subject(subject: str) -> bool:
    return DEVELOPMENT_UNIT in subject
