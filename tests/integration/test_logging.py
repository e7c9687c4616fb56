"""Logs are JSON with a request id, and never hold passwords or form contents."""

from __future__ import annotations

import io
import json
import logging

import pytest
from flask import Flask

from governance.logs import JSONFormatter
from tests.helpers import Factories, PageClient


@pytest.fixture
def captured_logs() -> io.StringIO:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(previous_level)


def test_request_log_is_json_with_a_request_id_and_no_secrets(app: Flask, pages: PageClient, factories: Factories,
                                                              captured_logs: io.StringIO) -> None:
    organisation = factories.organisation()
    factories.user(organisation, email="logged@example.gov.uk")
    secret = "correct horse battery staple obviously"

    pages.post("/sign-in?email=logged@example.gov.uk", {"email": "logged@example.gov.uk", "password": secret}, 200)

    lines = [json.loads(line) for line in captured_logs.getvalue().splitlines()]
    requests = [line for line in lines if line["logger"] == "governance.request"]
    assert requests and all(line["request_id"] for line in requests)
    assert {"method", "path", "status", "duration_ms"} <= requests[-1].keys()
    text = captured_logs.getvalue()
    assert secret not in text
    assert "logged@example.gov.uk" not in text  # neither the form nor the query string is logged


def test_a_supplied_request_id_is_kept_and_echoed(client) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-assigned-1234"})

    assert response.headers["X-Request-ID"] == "proxy-assigned-1234"


def test_a_malformed_request_id_is_replaced(client) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "<script>"})

    assert response.headers["X-Request-ID"] != "<script>"
    assert len(response.headers["X-Request-ID"]) == 32


def test_exception_logs_carry_the_type_and_frames_but_not_the_message(app: Flask, client,
                                                                    captured_logs: io.StringIO) -> None:
    from governance.security import public

    def leaky() -> str:
        raise ValueError("value was jane.doe@example.com NHS 943 476 5919")

    app.add_url_rule("/leaky", "leaky", public(leaky))
    client.get("/leaky")

    errors = [json.loads(line) for line in captured_logs.getvalue().splitlines() if '"level": "error"' in line]
    assert errors[0]["exception"]["type"] == "builtins.ValueError"
    assert any("leaky" in frame for frame in errors[0]["exception"]["frames"])
    assert "jane.doe" not in captured_logs.getvalue()
