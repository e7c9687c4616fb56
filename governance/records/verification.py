"""Is a PDF a genuine, unaltered decision record? Pure: the caller supplies the trusted certificates.

Answers, in this order: not a PDF, not signed, unknown signer, altered after signing, then genuine, or,
when the signing certificate is a development one, intact but not an official record: never "genuine".
Whether a genuine record has been superseded is the service's question (it needs the database).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from io import BytesIO
from typing import Any

from governance.records.keys import asn1_certificate, is_development_subject
from governance.records.snapshot import ATTACHMENT_NAME
from governance.records.threads import outside_event_loop

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    GENUINE = "genuine"
    DEVELOPMENT = "development_certificate"
    NOT_A_PDF = "not_a_pdf"
    NOT_SIGNED = "not_signed"
    UNKNOWN_SIGNER = "unknown_signer"
    ALTERED = "altered"
    CERTIFICATE_NOT_VALID = "certificate_not_valid_when_signed"
    OTHER_ORGANISATION = "signed_by_another_organisation"
    SUPERSEDED = "superseded"


EXPLANATIONS = {
    Outcome.GENUINE: "This is a genuine record and it has not been changed since it was signed.",
    Outcome.DEVELOPMENT: ("This PDF was signed with a development certificate, which any installation of the "
                          "service makes for itself. It is not an official record of a council's decision, "
                          "although it has not been changed since it was signed."),
    Outcome.NOT_A_PDF: "This file is not a PDF that can be read.",
    Outcome.NOT_SIGNED: "This PDF is not signed, so it is not a decision record from this service.",
    Outcome.UNKNOWN_SIGNER: "This PDF was not signed by a certificate this service uses.",
    Outcome.ALTERED: "This PDF has been altered after it was signed: do not rely on it.",
    Outcome.CERTIFICATE_NOT_VALID: ("This PDF was signed at a time when its certificate was not valid (before it "
                                    "was issued or after it expired): do not rely on it."),
    Outcome.OTHER_ORGANISATION: ("This PDF is signed with a certificate of another organisation than the one whose "
                                 "record it is: do not rely on it."),
    Outcome.SUPERSEDED: "This is a genuine record, but a newer assessment of the use case has replaced it.",
}


@dataclass(frozen=True)
class Verification:
    outcome: Outcome
    sha256: str
    signer_sha256: str | None = None
    signed_at: str | None = None
    record: Mapping[str, Any] | None = None
    # The signing time comes from a trusted time-stamp (else from the service's own record of signing).
    timestamped: bool = False

    @property
    def genuine(self) -> bool:
        return self.outcome is Outcome.GENUINE

    @property
    def unaltered(self) -> bool:
        """Intact and signed by a certificate this service uses, official or development."""
        return self.outcome in (Outcome.GENUINE, Outcome.DEVELOPMENT)

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.outcome]

    def to_json(self) -> dict[str, Any]:
        record = self.record or {}
        return {"genuine": self.genuine, "development_certificate": self.outcome is Outcome.DEVELOPMENT,
                "outcome": self.outcome.value, "reason": self.explanation,
                "sha256": self.sha256, "record_number": record.get("record", {}).get("number"),
                "use_case": record.get("use_case", {}).get("reference"),
                "version": record.get("assessment", {}).get("version"), "signed_at": self.signed_at,
                "timestamped": self.timestamped}


def verify_pdf(pdf: bytes, trusted: Mapping[str, str], timestamp_roots: Sequence[str] = (),
               recorded_at: datetime | None = None) -> Verification:
    """`trusted`: PEM certificates by their SHA-256 (of the DER bytes); `timestamp_roots`: PEM certificates of
    the time-stamp authorities trusted; `recorded_at`: when the service stored the record, the signing time
    when no time-stamp proves it."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    digest = hashlib.sha256(pdf).hexdigest()
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any damage the reader trips over (PdfReadError and the rest) alike
        log.info("record unreadable")
        return Verification(Outcome.NOT_A_PDF, digest)
    if not signatures:
        return Verification(Outcome.NOT_SIGNED, digest)
    try:
        signature, seals = signatures[0], signatures[1:]
        signer_sha256 = hashlib.sha256(signature.signer_cert.dump()).hexdigest()
        if signer_sha256 not in trusted:
            return Verification(Outcome.UNKNOWN_SIGNER, digest, signer_sha256)
        status = _validate(signature, trusted[signer_sha256], timestamp_roots)
        sealed = [_validate_seal(seal, timestamp_roots) for seal in seals]
    except Exception:  # noqa: BLE001 - a damaged signature (pyHanko, asn1crypto or decoding errors alike)
        log.info("record signature unreadable")
        return Verification(Outcome.ALTERED, digest)
    if not _unaltered(signature, status, seals, sealed):
        return Verification(Outcome.ALTERED, digest, signer_sha256)
    stamp = status.timestamp_validity
    signed_at = stamp.timestamp if stamp is not None else recorded_at or status.signer_reported_dt
    when = signed_at.isoformat(timespec="seconds") if signed_at else None
    if signed_at is not None and not _valid_at(trusted[signer_sha256], signed_at):
        return Verification(Outcome.CERTIFICATE_NOT_VALID, digest, signer_sha256, when)
    # The certificate says what it is in its own subject, so a copy of the record says it too.
    development = is_development_subject(signature.signer_cert.subject.human_friendly)
    return Verification(Outcome.DEVELOPMENT if development else Outcome.GENUINE, digest, signer_sha256, when,
                        embedded_record(reader), timestamped=stamp is not None)


def _contexts(pems: Sequence[str]) -> Any:
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=[asn1_certificate(pem) for pem in pems], allow_fetching=False)


def _validate(signature: Any, pem: str, timestamp_roots: Sequence[str]) -> Any:
    from pyhanko.sign.validation import validate_pdf_signature

    # The certificate is the anchor: its validity at the signing time is checked below, against a proven time.
    return outside_event_loop(lambda: validate_pdf_signature(signature, _contexts([pem]),
                                                             ts_validation_context=_contexts(timestamp_roots)))


def _validate_seal(seal: Any, timestamp_roots: Sequence[str]) -> Any:
    from pyhanko.sign.validation import validate_pdf_timestamp

    return outside_event_loop(lambda: validate_pdf_timestamp(seal, validation_context=_contexts(timestamp_roots)))


def _unaltered(signature: Any, status: Any, seals: Sequence[Any], sealed: Sequence[Any]) -> bool:
    """Intact, and nothing after the signature but validation data and document time-stamps that hold."""
    if signature.sig_object_type != "/Sig":
        return False
    stamp = status.timestamp_validity
    if stamp is not None and not (stamp.intact and stamp.valid and stamp.trusted):
        return False  # a time-stamp nobody can rely on proves no time
    if any(seal.sig_object_type != "/DocTimeStamp" for seal in seals):
        return False
    return all(_holds(item) for item in (status, *sealed))


def _holds(status: Any) -> bool:
    """Intact, trusted, and covering the file or followed only by validation data and document time-stamps
    (pyHanko's difference analysis from its revision to the end of the file)."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    if not (status.intact and status.valid and status.trusted):
        return False
    if status.coverage is SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return (status.coverage is SignatureCoverageLevel.ENTIRE_REVISION
            and status.modification_level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES))


def _valid_at(pem: str, moment: datetime) -> bool:
    from cryptography import x509

    certificate = x509.load_pem_x509_certificate(pem.encode())
    return certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc



def embedded_record(reader: Any) -> Mapping[str, Any] | None:
    """The record's canonical JSON, from the PDF's embedded files."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for index in range(0, len(names), 2):
            if str(names[index]) == ATTACHMENT_NAME:
                data = names[index + 1]["/EF"]["/F"].data
                record: Mapping[str, Any] = json.loads(data)
                return record
    except (KeyError, IndexError, TypeError, ValueError):
        log.warning("record attachment unreadable")
    return None
