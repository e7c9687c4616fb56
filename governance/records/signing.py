"""PAdES signatures with pyHanko. Pure: no Flask, no database.

Every record carries its validation data (the certificates and any revocation answers, PAdES B-LT), so it
can be checked years later without the signer's systems. With a time-stamp server, the signature is
time-stamped and a document time-stamp seals the validation data (B-LTA): the record then proves when it
was signed, which keeps it verifiable after the signing certificate expires.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from governance.records.keys import SigningCredentials, asn1_certificate
from governance.records.threads import outside_event_loop

SIGNATURE_FIELD = "RecordSignature"


def sign_pdf(pdf: bytes, credentials: SigningCredentials, *, reason: str, location: str,
             timestamp_url: str | None = None, timestamp_roots: Sequence[str] = (),
             fetch_revocation: bool = False) -> bytes:
    """PAdES B-LT over the whole file; B-LTA when a time-stamp server is given (`timestamp_roots`: PEM
    certificates its time-stamps chain to). `fetch_revocation` asks the certificate authority's OCSP or CRL
    servers for the answers to embed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko_certvalidator import ValidationContext

    signer_roots = [asn1_certificate(pem) for pem in _signer_anchors(credentials)]
    context = ValidationContext(trust_roots=[*signer_roots, *(asn1_certificate(pem) for pem in timestamp_roots)],
                                other_certs=[asn1_certificate(pem) for pem in credentials.chain_pem],
                                allow_fetching=fetch_revocation, revocation_mode="soft-fail")
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason, location=location, embed_validation_info=True, validation_context=context,
        use_pades_lta=timestamp_url is not None)
    timestamper = HTTPTimeStamper(timestamp_url) if timestamp_url else None
    output = BytesIO()
    outside_event_loop(lambda: signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), metadata,
                                                signer=credentials.signer, timestamper=timestamper, output=output))
    return output.getvalue()


def _signer_anchors(credentials: SigningCredentials) -> list[str]:
    """The self-signed roots of the bundle's chain, or the certificate itself when it came alone."""
    from cryptography import x509

    roots = [pem for pem in credentials.chain_pem
             if (item := x509.load_pem_x509_certificate(pem.encode())).subject == item.issuer]
    return roots or [credentials.certificate_pem]
