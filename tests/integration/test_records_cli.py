"""`governance keys init`, `governance verify FILE.pdf [--json]` and `governance notifications send`."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from flask.cli import ScriptInfo
from pypdf import PdfWriter
from sqlalchemy import select

from governance.accounts.models import Role
from governance.assessments.models import Assessment
from governance.cli import main
from governance.db import transaction
from governance.records.models import SignedRecord
from tests.helpers import Factories


def _run(app: Flask, args: list[str]):
    return app.test_cli_runner().invoke(main, args, obj=ScriptInfo(create_app=lambda: app))


def _record_pdf(app: Flask, tmp_path: Path) -> tuple[Path, Factories]:
    factories = Factories(app)
    council = factories.organisation("South Shire Council")
    factories.record(council)
    with app.app_context(), transaction() as session:
        path = tmp_path / "record.pdf"
        path.write_bytes(session.scalars(select(SignedRecord)).one().pdf)
    return path, factories


def test_verify_says_genuine_altered_or_unsigned_with_exit_codes(small_app: Flask, tmp_path: Path) -> None:
    genuine, _factories = _record_pdf(small_app, tmp_path)
    altered = tmp_path / "altered.pdf"
    content = bytearray(genuine.read_bytes())
    content[400] ^= 1
    altered.write_bytes(bytes(content))
    unsigned = tmp_path / "unsigned.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(unsigned)

    ok = _run(small_app, ["verify", str(genuine), "--json"])
    bad = _run(small_app, ["verify", str(altered)])
    none = _run(small_app, ["verify", str(unsigned)])
    missing = _run(small_app, ["verify", str(tmp_path / "missing.pdf")])

    result = json.loads(ok.output)
    assert ok.exit_code == 0 and result["genuine"] is True and result["record_number"].endswith("-v1")
    assert bad.exit_code == 1 and "altered after it was signed" in bad.output
    assert none.exit_code == 1 and "not signed" in none.output
    assert missing.exit_code == 1


def test_verify_reports_a_superseded_record_once_the_newer_version_is_decided(small_app: Flask,
                                                                              tmp_path: Path) -> None:
    genuine, factories = _record_pdf(small_app, tmp_path)
    with small_app.app_context(), transaction() as session:
        first = session.scalars(select(Assessment)).one().id
    newer = factories.next_version_submitted(first)

    while_reassessed = _run(small_app, ["verify", str(genuine), "--json"])
    factories.decide(newer)
    result = _run(small_app, ["verify", str(genuine), "--json"])

    assert while_reassessed.exit_code == 0 and json.loads(while_reassessed.output)["outcome"] == "genuine"
    assert json.loads(while_reassessed.output)["superseded_by"] is None
    assert result.exit_code == 1 and json.loads(result.output)["outcome"] == "superseded"
    assert json.loads(result.output)["superseded_by"].endswith("-v2")


def test_keys_init_writes_a_private_development_certificate_once(small_app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "keys"

    first = _run(small_app, ["keys", "init", "--folder", str(folder), "--organisation", "South Shire Council"])
    again = _run(small_app, ["keys", "init", "--folder", str(folder)])

    assert first.exit_code == 0 and "Development certificate written" in first.output
    assert (folder / "development.p12").stat().st_mode & 0o777 == 0o600
    assert (folder / "development.password").stat().st_mode & 0o777 == 0o600
    assert again.exit_code == 1 and "already exists" in again.output


def test_notifications_send_reports_what_it_did(small_app: Flask) -> None:
    factories = Factories(small_app)
    council = factories.organisation("South Shire Council")
    factories.user(council, [Role.IG_OFFICER])
    factories.submitted(council)

    result = _run(small_app, ["notifications", "send"])

    assert result.exit_code == 0 and result.output.startswith("1 sent, 0 failed")
