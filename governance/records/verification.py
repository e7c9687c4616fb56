"""Is a PDF a genuine, unaltered decision record? Pure: the caller supplies the trusted certificates.

Answers, in this order: not a PDF, not signed, unknown signer, altered after signing, then genuine, or,
when the signing certificate is a development one, intact but not an official record: never "genuine".
Whether a genuine record has been superseded is the service's question (it needs the database).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from io import BytesIO
from typing import Any

from governance.records.keys import is_development_subject
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
                "version": record.get("assessment", {}).get("version"), "signed_at": self.signed_at}


def verify_pdf(pdf: bytes, trusted: Mapping[str, str]) -> Verification:
    """`trusted`: PEM certificates by their SHA-256 (of the DER bytes)."""
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
        signature = signatures[0]
        signer_sha256 = hashlib.sha256(signature.signer_cert.dump()).hexdigest()
        if signer_sha256 not in trusted:
            return Verification(Outcome.UNKNOWN_SIGNER, digest, signer_sha256)
        status = _validate(signature, trusted[signer_sha256])
    except Exception:  # noqa: BLE001 - a damaged signature (pyHanko, asn1crypto or decoding errors alike)
        log.info("record signature unreadable")
        return Verification(Outcome.ALTERED, digest)
    signed_at = status.signer_reported_dt.isoformat(timespec="seconds") if status.signer_reported_dt else None
    if not _unaltered(status) or len(signatures) > 1:
        return Verification(Outcome.ALTERED, digest, signer_sha256, signed_at)
    # The certificate says what it is in its own subject, so a copy of the record says it too.
    development = is_development_subject(signature.signer_cert.subject.human_friendly)
    return Verification(Outcome.DEVELOPMENT if development else Outcome.GENUINE, digest, signer_sha256, signed_at,
                        embedded_record(reader))


def _validate(signature: Any, pem: str) -> Any:
    from asn1crypto import pem as pem_armour
    from asn1crypto import x509
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _kind, _headers, der = pem_armour.unarmor(pem.encode())
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)], allow_fetching=False)
    return outside_event_loop(lambda: validate_pdf_signature(signature, context))


def _unaltered(status: Any) -> bool:
    from pyhanko.sign.validation import SignatureCoverageLevel

    return bool(status.intact and status.valid and status.trusted
                and status.coverage is SignatureCoverageLevel.ENTIRE_FILE)


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
