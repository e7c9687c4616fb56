"""A record signed with a development certificate is never presented as genuine: not on the public check
page, not by `governance verify` (its own outcome, a JSON field and exit status 3)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy import select

from governance.cli import main
from governance.db import transaction
from governance.records.cli import DEVELOPMENT_EXIT
from governance.records.models import SignedRecord
from tests.helpers import Factories, PageClient


@pytest.fixture
def development_app(app: Flask) -> Flask:
    return app


@pytest.fixture
def development_record(development_app: Flask) -> bytes:
    """A record of an organisation with no certificate installed: it signs with a marked development one."""
    factories = Factories(development_app)
    factories.record(factories.organisation("South Shire Council", certificate=False))
    with development_app.app_context(), transaction() as session:
        record = session.scalars(select(SignedRecord)).one()
        assert record.development_certificate
        return bytes(record.pdf)


def test_the_check_page_says_not_an_official_record_in_its_headline(development_app: Flask,
                                                                    development_record: bytes) -> None:
    public = PageClient(development_app.test_client())
    token = public.get("/check-a-record").csrf_token()

    checked = public._page(public.client.post("/check-a-record", data={
        "csrf_token": token, "record": (io.BytesIO(development_record), "record.pdf")}), 200)

    assert checked.text("h1") == "Signed with a development certificate: not an official record"
    assert checked.soup.select_one(".govuk-panel--confirmation") is None
    assert "not an official record" in checked.text(".govuk-warning-text")
    assert "genuine" not in checked.text("main").lower()


def test_verify_gives_development_records_their_own_outcome_field_and_exit_status(
        development_app: Flask, development_record: bytes, tmp_path: Path) -> None:
    path = tmp_path / "record.pdf"
    path.write_bytes(development_record)

    run = development_app.test_cli_runner().invoke(main, ["verify", str(path), "--json"],
                                                   obj=ScriptInfo(create_app=lambda: development_app))
    text = development_app.test_cli_runner().invoke(main, ["verify", str(path)],
                                                    obj=ScriptInfo(create_app=lambda: development_app))

    result = json.loads(run.output)
    assert run.exit_code == DEVELOPMENT_EXIT == 3
    assert result["genuine"] is False and result["development_certificate"] is True
    assert result["outcome"] == "development_certificate" and result["record_number"].endswith("-v1")
    assert text.exit_code == DEVELOPMENT_EXIT and "genuine" not in text.output.split(".")[0]
    assert "not an official record" in text.output
