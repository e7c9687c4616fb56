"""PAdES signatures with pyHanko. Pure: no Flask, no database."""

from __future__ import annotations

from io import BytesIO

from governance.records.keys import SigningCredentials
from governance.records.threads import outside_event_loop

SIGNATURE_FIELD = "RecordSignature"


def sign_pdf(pdf: bytes, credentials: SigningCredentials, *, reason: str, location: str,
             timestamp_url: str | None = None) -> bytes:
    """A PAdES B-B signature over the whole file (B-T when a time-stamp server is configured)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper

    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason, location=location)
    timestamper = HTTPTimeStamper(timestamp_url) if timestamp_url else None
    output = BytesIO()
    outside_event_loop(lambda: signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), metadata,
                                                signer=credentials.signer, timestamper=timestamper, output=output))
    return output.getvalue()
