"""`governance register import`: another instance's register, from a file or over HTTP, checked in full
before anything is written; bad or hostile input changes nothing and says why."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from governance.cli import main
from governance.db import transaction
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from governance.register.atrs import Publisher, build_entry
from governance.register.importing import ImportRefused, read_source
from governance.register.models import ImportedEntry
from tests.helpers import Factories, PageClient

ACME = [{"supplier-name": "Acme Analytics Ltd", "companies-house-number": "01234567",
         "supplier-role": "Builds and runs the model"}]


def _register_document(app: Flask, count: int = 2, **changes) -> dict:
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    answers = example_answers(questionnaire, date.today(), {"third-party-involved": "yes", "suppliers": ACME})
    publisher = Publisher("Far Away Council", "far-away", "Local authority", "ai@faraway.gov.uk", None)
    entries = [build_entry(questionnaire, answers, publisher, reference=f"AI-2026-{number:04d}", version=1,
                           published_on=date.today(), risk_level="II") for number in range(1, count + 1)]
    for key, value in changes.items():
        entries[-1][key] = value
    return {"schema": "https://faraway.example/register/schema/entry.json", "count": count,
            "entries": [{"status": "published", "entry": entry} for entry in entries], "withdrawn": []}


def _run(app: Flask, args: list[str]):
    return app.test_cli_runner().invoke(main, args, obj=ScriptInfo(create_app=lambda: app))


def _count(app: Flask) -> int:
    with app.app_context(), transaction() as session:
        return session.scalar(select(func.count()).select_from(ImportedEntry)) or 0


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real HTTP server on the loopback address, serving files from a folder."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", folder
    finally:
        server.shutdown()
        server.server_close()


def test_importing_a_file_and_again_over_http_replaces_the_source(app: Flask, tmp_path: Path, served) -> None:
    url, folder = served
    path = tmp_path / "register.json"
    path.write_text(json.dumps(_register_document(app)))
    (folder / "register.json").write_text(json.dumps(_register_document(app, count=3)))

    first = _run(app, ["register", "import", str(path), "--source", "far-away"])
    second = _run(app, ["register", "import", f"{url}/register.json", "--source", "far-away",
                        "--allow-private-addresses"])

    assert first.exit_code == 0 and "Imported 2 entries from far-away" in first.output
    assert second.exit_code == 0 and "replacing 2" in second.output
    assert _count(app) == 3


@pytest.mark.parametrize(("content", "reason"), [
    (b"not json at all", "not JSON"),
    (b"[1, 2, 3]", 'a list called "entries"'),
    (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    (json.dumps({"entries": [{"entry": "<script>alert(1)</script>"}]}).encode(), '"entry" must be an object'),
])
def test_malformed_or_hostile_files_import_nothing_and_say_why(app: Flask, tmp_path: Path, content: bytes,
                                                               reason: str) -> None:
    path = tmp_path / "register.json"
    path.write_bytes(content)

    result = _run(app, ["register", "import", str(path)])

    assert result.exit_code == 2
    assert "Nothing imported" in result.output and reason in result.output
    assert _count(app) == 0


def test_one_bad_entry_among_good_ones_imports_nothing(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    path.write_text(json.dumps(_register_document(app, count=3, id="../../etc/passwd", extra="x")))
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps(_register_document(app, count=1)))
    _run(app, ["register", "import", str(earlier), "--source", "far-away"])

    result = _run(app, ["register", "import", str(path), "--source", "far-away"])

    assert result.exit_code == 2
    assert "entry 3: id:" in result.output and "entry 3: the entry:" in result.output
    assert _count(app) == 1  # the earlier import is untouched


def test_loopback_and_private_addresses_are_refused_unless_the_operator_allows_them(app: Flask, tmp_path: Path,
                                                                                   served) -> None:
    url, folder = served
    (folder / "register.json").write_text(json.dumps(_register_document(app)))

    refused = _run(app, ["register", "import", f"{url}/register.json"])
    allowed = _run(app, ["register", "import", f"{url}/register.json", "--allow-private-addresses"])

    assert refused.exit_code == 2 and "private or local address (127.0.0.1)" in refused.output
    assert allowed.exit_code == 0 and _count(app) == 2


@pytest.mark.parametrize("address", ["http://10.1.2.3/register.json", "http://169.254.169.254/latest/meta-data",
                                     "https://[::1]/register.json", "http://192.168.0.10/", "http://0.0.0.0/"])
def test_private_link_local_and_loopback_addresses_are_refused(address: str) -> None:
    with pytest.raises(ImportRefused, match="private or local address"):
        read_source(address)


def test_a_redirect_is_followed_only_to_a_public_http_address() -> None:
    """A public register that redirects into the service's own network, or to a file, is refused."""
    import urllib.request

    from governance.register.importing import _CheckedRedirects

    handler = _CheckedRedirects(allow_private=False)
    request = urllib.request.Request("https://register.example.org/register.json")
    for target in ("http://127.0.0.1:8080/admin", "http://169.254.169.254/latest", "file:///etc/passwd"):
        with pytest.raises(ImportRefused):
            handler.redirect_request(request, None, 302, "Found", {}, target)
    assert handler.redirect_request(request, None, 302, "Found", {}, "https://8.8.8.8/register.json") is not None


def test_unsupported_addresses_are_refused(app: Flask) -> None:
    result = _run(app, ["register", "import", "file:///etc/passwd"])

    assert result.exit_code == 2 and "only files and http(s) addresses" in result.output


def test_a_digital_lead_sees_other_councils_using_the_same_supplier(app: Flask, factories: Factories,
                                                                   tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    path.write_text(json.dumps(_register_document(app, count=1)))
    _run(app, ["register", "import", str(path), "--source", "far-away"])
    council = factories.organisation("South Shire Council", "south-shire")
    lead = factories.user(council, email="lead@southshire.gov.uk")
    assessment_id = factories.submitted(council, example_answers(
        latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"]), date.today(),
        {"third-party-involved": "yes", "suppliers": ACME}), submitter=lead)
    pages = PageClient(app.test_client())
    pages.sign_in("lead@southshire.gov.uk")

    task_list = pages.get(f"/assessments/{assessment_id}")

    assert "Other councils using the same supplier or product" in task_list.text()
    assert "Far Away Council (uses Acme Analytics Ltd)" in task_list.text()
