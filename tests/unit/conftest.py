"""Unit tests touch no database: opening a session here is a bug in the test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("unit tests must not use the database; move this test to tests/integration")

    monkeypatch.setattr("governance.db.get_session", refuse)
    monkeypatch.setattr("governance.db.transaction", refuse)
