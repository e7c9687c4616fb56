"""What a deployment relies on: the health check's failure mode and the proxy-aware entry point."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from tests.conftest import make_test_app


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    app = make_test_app("postgresql+psycopg://postgres@127.0.0.1:1/unreachable?connect_timeout=2", tmp_path)

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}


def test_pages_still_answer_with_an_error_page_when_the_database_is_down(tmp_path: Path) -> None:
    app = make_test_app("postgresql+psycopg://postgres@127.0.0.1:1/unreachable?connect_timeout=2", tmp_path)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "00000000-0000-0000-0000-000000000000:token"

    response = client.get("/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)


def test_wsgi_entry_point_trusts_the_configured_proxy(monkeypatch: pytest.MonkeyPatch, database_url: str,
                                                      tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("GOVERNANCE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PROXY_COUNT", "1")
    sys.modules.pop("wsgi", None)
    wsgi = importlib.import_module("wsgi")
    from werkzeug.middleware.proxy_fix import ProxyFix

    assert isinstance(wsgi.app.wsgi_app, ProxyFix)
    from flask import request

    from governance.security import public

    wsgi.app.add_url_rule("/whoami", "whoami", public(lambda: f"{request.remote_addr} {request.scheme}"))
    response = wsgi.app.test_client().get("/whoami", environ_base={"REMOTE_ADDR": "10.0.0.1"},
                                          headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"})
    sys.modules.pop("wsgi", None)

    assert response.get_data(as_text=True) == "203.0.113.9 https"
