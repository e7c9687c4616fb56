"""Every malformed or altered PDF gets a clear "cannot be relied on" answer from `/check-a-record` and
`governance verify`, never a 500: a real record, its bytes flipped at random positions (inside the
signature's /Contents too), truncated and appended to."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator

from flask import Flask
from sqlalchemy import select

from governance.db import transaction
from governance.records.models import SignedRecord
from governance.records.services import check_record
from governance.records.verification import Outcome
from tests.helpers import Factories, PageClient

SEED = 20261201
FLIPS = 160


def _mutations(pdf: bytes) -> Iterator[bytes]:
    rng = random.Random(SEED)
    contents = pdf.index(b"/Contents <") + len(b"/Contents <")
    for number in range(FLIPS):
        data = bytearray(pdf)
        # Half inside the signature value, where a damaged CMS structure used to escape as a 500.
        position = rng.randrange(contents, contents + 4000) if number % 2 else rng.randrange(len(pdf))
        data[position] = rng.randrange(256)
        yield bytes(data)
    for cut in (0, 1, 8, 100, len(pdf) // 3, len(pdf) // 2, len(pdf) - 100, len(pdf) - 1):
        yield pdf[:cut]
    for tail in (b"\n", b"%%EOF\n", b"x" * 5000, b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", pdf):
        yield pdf + tail


def _record(app: Flask) -> bytes:
    factories = Factories(app)
    factories.record(factories.organisation("South Shire Council"))
    with app.app_context(), transaction() as session:
        return bytes(session.scalars(select(SignedRecord)).one().pdf)


def test_no_altered_or_malformed_record_is_ever_an_error_or_genuine(small_app: Flask) -> None:
    pdf = _record(small_app)
    outcomes = set()
    with small_app.app_context(), transaction() as session:
        assert check_record(session, pdf).outcome is Outcome.GENUINE
        for mutated in _mutations(pdf):
            outcome = check_record(session, mutated).outcome
            outcomes.add(outcome)
            # Only the stored bytes themselves are genuine (a flip may leave the bytes as they were).
            assert outcome is not Outcome.GENUINE or mutated == pdf

    assert {Outcome.ALTERED, Outcome.NOT_A_PDF} <= outcomes


def test_the_public_check_page_answers_every_mutation_with_a_page_not_a_500(small_app: Flask) -> None:
    pdf = _record(small_app)
    public = PageClient(small_app.test_client())
    token = public.get("/check-a-record").csrf_token()
    statuses = set()
    for mutated in _mutations(pdf):
        response = public.client.post("/check-a-record", data={
            "csrf_token": token, "record": (io.BytesIO(mutated), "record.pdf")}, content_type="multipart/form-data")
        statuses.add(response.status_code)
        if response.status_code == 200 and mutated != pdf:
            assert "cannot be relied on" in response.get_data(as_text=True) or b"%PDF" not in mutated[:8]

    assert statuses <= {200, 400}
