"""A decision record rendered, signed and verified; a flipped byte or a later revision is caught."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from governance.records.keys import create_development_certificate, create_self_signed_bundle, load_credentials
from governance.records.render import RefusedResource, local_static_fetcher, render_pdf
from governance.records.signing import sign_pdf
from governance.records.snapshot import canonical_json
from governance.records.verification import Outcome, verify_pdf
from tests.records_support import decision_snapshot, small_questionnaire


@pytest.fixture(scope="module")
def credentials(tmp_path_factory: pytest.TempPathFactory):
    """An official certificate: one without the development mark, as a council's certificate authority issues."""
    bundle, password = create_self_signed_bundle(tmp_path_factory.mktemp("keys"), "South Shire Council", None,
                                                 "records.p12", "records.password")
    return load_credentials(bundle, password.read_text())


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return decision_snapshot(small_questionnaire(tmp_path_factory.mktemp("questionnaires")))


@pytest.fixture(scope="module")
def signed(snapshot: dict, credentials) -> bytes:
    return sign_pdf(render_pdf(snapshot, development=credentials.development), credentials,
                    reason="Decision record AI-2026-0007-v2", location="South Shire Council")


@pytest.fixture(scope="module")
def development_signed(snapshot: dict, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The same record signed as a new installation signs it: with its marked development certificate."""
    bundle, password = create_development_certificate(tmp_path_factory.mktemp("development"), "South Shire Council")
    development = load_credentials(bundle, password.read_text())
    return sign_pdf(render_pdf(snapshot, development=True), development, reason="Decision record AI-2026-0007-v2",
                    location="South Shire Council")


def _trusted(credentials) -> dict[str, str]:
    return {credentials.certificate_sha256: credentials.certificate_pem}


def test_a_signed_record_verifies_with_pyhanko(signed: bytes, credentials) -> None:
    result = verify_pdf(signed, _trusted(credentials))

    assert result.outcome is Outcome.GENUINE
    assert result.record["record"]["number"] == "AI-2026-0007-v2"
    assert result.signer_sha256 == credentials.certificate_sha256


def test_flipping_one_byte_is_reported_as_altered(signed: bytes, credentials) -> None:
    tampered = bytearray(signed)
    middle = signed.index(b"Repairs") if b"Repairs" in signed else len(signed) // 3
    tampered[middle] ^= 0x01

    assert verify_pdf(bytes(tampered), _trusted(credentials)).outcome in (Outcome.ALTERED, Outcome.NOT_A_PDF)
    assert verify_pdf(bytes(tampered), _trusted(credentials)).genuine is False


def test_a_byte_flipped_inside_the_signed_range_is_altered(signed: bytes, credentials) -> None:
    tampered = bytearray(signed)
    tampered[400] ^= 0x01  # well inside the first signed byte range, after the header

    assert verify_pdf(bytes(tampered), _trusted(credentials)).outcome is Outcome.ALTERED


def test_an_incremental_update_after_signing_is_reported_as_altered(signed: bytes, credentials) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed))
    writer.root["/Lang"] = generic.TextStringObject("fr")
    writer.update_root()
    output = BytesIO()
    writer.write(output)

    assert verify_pdf(output.getvalue(), _trusted(credentials)).outcome is Outcome.ALTERED


def test_unknown_signer_and_unsigned_pdf(snapshot: dict, signed: bytes, tmp_path: Path) -> None:
    other_bundle, other_password = create_development_certificate(tmp_path, "Another Council")
    other = load_credentials(other_bundle, other_password.read_text())

    assert verify_pdf(signed, _trusted(other)).outcome is Outcome.UNKNOWN_SIGNER
    assert verify_pdf(render_pdf(snapshot, development=True), _trusted(other)).outcome is Outcome.NOT_SIGNED
    assert verify_pdf(b"%PDF-1.7 nonsense", _trusted(other)).outcome is Outcome.NOT_A_PDF


def test_the_text_and_embedded_json_hold_answers_decision_and_hash(development_signed: bytes, snapshot: dict) -> None:
    reader = PdfReader(BytesIO(development_signed))
    text = " ".join(page.extract_text() for page in reader.pages)
    attached = json.loads(reader.attachments["record.json"][0])

    assert "Approved with conditions" in text
    assert "Repairs chatbot" in text and "Publish the privacy notice" in text
    assert "AI-2026-0007-v2" in text and "http://localhost/check-a-record" in text
    assert snapshot["assessment"]["questionnaire"]["sha256"] in text
    assert "development certificate" in text
    assert "<script>alert(1)</script>" in text  # shown as text, never run as markup
    assert attached == json.loads(canonical_json(snapshot))
    assert attached["decision"]["kind"] == "approve_with_conditions"
    assert len(reader.pages) >= 2 and all("Page" in page.extract_text() for page in reader.pages)


def test_the_pdf_has_a_title_and_language_and_examples_never_appear(signed: bytes) -> None:
    reader = PdfReader(BytesIO(signed))

    assert reader.metadata.title.startswith("AI-2026-0007-v2")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for assistive technology
    assert b"943 ***" not in signed and "943 ***" not in " ".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.com/logo.png", "https://example.com/x.css",
                                 "file:///proc/self/environ"])
def test_the_renderer_refuses_anything_but_its_own_static_files(url: str) -> None:
    with pytest.raises((RefusedResource, ValueError)):
        local_static_fetcher().fetch(url)


def test_signing_and_checking_work_inside_a_running_event_loop(snapshot: dict, credentials) -> None:
    async def inside_a_loop() -> tuple[bytes, Outcome]:
        signed = sign_pdf(render_pdf(snapshot, development=True), credentials, reason="r", location="l")
        return signed, verify_pdf(signed, _trusted(credentials)).outcome

    # A thread of its own, so the test holds whatever else runs a loop in this process (the browser driver).
    with ThreadPoolExecutor(max_workers=1) as pool:
        _signed, outcome = pool.submit(asyncio.run, inside_a_loop()).result()

    assert outcome is Outcome.GENUINE


def test_required_actions_are_named_and_every_reason_says_why(tmp_path: Path) -> None:
    from governance.questionnaire.risk import assess
    from tests.records_support import HIGH_RISK_ANSWERS

    questionnaire = small_questionnaire(tmp_path)
    risk = assess(questionnaire, HIGH_RISK_ANSWERS)
    snapshot = decision_snapshot(questionnaire, answers=HIGH_RISK_ANSWERS)
    reader = PdfReader(BytesIO(render_pdf(snapshot, development=True)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    assert "dpia" in risk.required_actions
    assert "Required actions Data protection impact assessment" in text
    assert "Required actions dpia" not in text
    reasons = [reason.text for reason in risk.reasons if reason.text]
    assert reasons and all(" ".join(reason.split()) in text for reason in reasons)


def _text_runs(page) -> list[tuple[float, str]]:
    """Each piece of text on a page with the size it is drawn at, in points."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, matrix: list[float], text_matrix: list[float], font: object, size: float) -> None:
        if text.strip():
            runs.append((round(size * abs(text_matrix[3] * matrix[3]), 1), text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def test_no_hidden_text_and_the_first_page_reads_in_order(development_signed: bytes) -> None:
    reader = PdfReader(BytesIO(development_signed))
    runs = [run for page in reader.pages for run in _text_runs(page)]
    first_page = [text for _size, text in _text_runs(reader.pages[0])]

    assert min(size for size, _text in runs) >= 8  # nothing tiny that copy-paste or a screen reader would find
    assert first_page[0].startswith("Signed with a development certificate")
    assert first_page.index("Repairs chatbot") < first_page.index("Approved with conditions")
    # The running header names the record once per page, never a second time in hidden text.
    assert sum(text == "Record AI-2026-0007-v2" for text in first_page) == 1
    assert all("Record AI-2026-0007-v2 South Shire Council" in page.extract_text() for page in reader.pages)


def _structure(node, found: list[str]) -> list[str]:
    node = node.get_object()
    if "/S" in node:
        found.append(str(node["/S"]))
    kids = node.get("/K")
    for kid in (kids if isinstance(kids, list) else [kids]) if kids is not None else []:
        if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
            _structure(kid, found)
    return found


def test_the_pdf_is_tagged_with_headings_and_table_headers(signed: bytes) -> None:
    reader = PdfReader(BytesIO(signed))
    tags = _structure(reader.trailer["/Root"]["/StructTreeRoot"], [])

    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/P"} <= set(tags)
    assert tags.index("/H1") < tags.index("/H2")
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_a_development_certificate_record_is_intact_but_never_genuine(snapshot: dict, tmp_path: Path) -> None:
    bundle, password = create_development_certificate(tmp_path, "South Shire Council")
    development = load_credentials(bundle, password.read_text())
    signed = sign_pdf(render_pdf(snapshot, development=True), development, reason="r", location="l")

    result = verify_pdf(signed, _trusted(development))

    assert result.outcome is Outcome.DEVELOPMENT and result.unaltered and not result.genuine
    assert result.to_json()["development_certificate"] is True and result.to_json()["genuine"] is False
    assert "not an official record" in result.explanation
