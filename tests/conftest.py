"""Shared fixtures: apps on SQLite and PostgreSQL, clients, factories and the page-hygiene helper.

PostgreSQL, Redis and Chromium tests skip with a reason when the service is missing, unless
GOVERNANCE_REQUIRE_SERVICES=1 (set by .ci/run), which turns those skips into failures.
"""

from __future__ import annotations

import os

# Cheap argon2 parameters for the suite's hundreds of accounts; set before governance is imported.
os.environ.setdefault("GOVERNANCE_TEST_FAST_PASSWORD_HASHING", "1")
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from governance import create_app, migrate
from governance.accounts.models import Organisation
from tests.helpers import Factories, PageClient

REQUIRE_SERVICES = os.environ.get("GOVERNANCE_REQUIRE_SERVICES") == "1"
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TABLES_CHILD_FIRST = [
    "register_state", "imported_entry", "register_entry", "audit_chain_head", "audit_event", "outbox_message",
    "signed_record", "installed_certificate", "signing_certificate", "timestamp_authority", "review_comment",
    "decision_condition", "decision", "data_scan", "assessment", "use_case", "role_grant", "user_account",
    "organisation_email_domain", "organisation",
]


def service_unavailable(reason: str) -> None:
    """Skip, or fail when the run says this service must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (GOVERNANCE_REQUIRE_SERVICES=1 makes this mandatory)")
    pytest.skip(reason)


def postgres_reachable(url: str = POSTGRES_URL) -> str | None:
    """None when the server answers, else why not."""
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means the tests cannot use it
        where = make_url(url).render_as_string(hide_password=True)
        return f"PostgreSQL is not reachable at {where}: {type(error).__name__}"
    finally:
        engine.dispose()
    return None


def create_postgres_database(prefix: str) -> str:
    """A fresh, empty database on the test server; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each test gets a copy, which is faster than migrating again."""
    path = tmp_path_factory.mktemp("sqlite") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> Iterator[str]:
    problem = postgres_reachable()
    if problem:
        service_unavailable(problem)
    url = create_postgres_database("governance_test")
    migrate.upgrade(url)
    yield url
    drop_postgres_database(url)


def _truncate(url: str) -> None:
    # The audit tables refuse TRUNCATE by trigger; replication mode (superuser only) skips their triggers.
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(f"TRUNCATE {', '.join(TABLES_CHILD_FIRST)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_migrated")
    _truncate(url)
    return url


def make_test_app(database_url: str, instance_path: Path, **overrides: Any) -> Flask:
    """A test app. Organisations made by `Factories` sign with certificates of their own, their passwords in
    the instance's secrets folder."""
    settings: dict[str, Any] = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,
        "SIGNING_SECRETS_DIR": str(instance_path / "secrets"),
    }
    settings.update(overrides)
    return create_app(settings, environ={"GOVERNANCE_INSTANCE_PATH": str(instance_path)})


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Flask:
    return make_test_app(database_url, tmp_path / "instance")


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def pages(client: FlaskClient) -> PageClient:
    return PageClient(client)


@pytest.fixture
def factories(app: Flask) -> Factories:
    return Factories(app)


@pytest.fixture
def council(factories: Factories) -> Organisation:
    """South Shire Council, through whichever `factories` the test module uses."""
    return factories.organisation("South Shire Council", "south-shire")


SERVICE_MARKERS = ("postgres", "redis", "browser")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many tests of each service actually ran, so a run that skipped them cannot pass unnoticed."""
    counts = dict.fromkeys(SERVICE_MARKERS, 0)
    skipped = dict.fromkeys(SERVICE_MARKERS, 0)
    for outcome in ("passed", "failed", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if report.when != "call" and outcome != "skipped":
                continue
            for marker in SERVICE_MARKERS:
                if marker in getattr(report, "keywords", {}):
                    (skipped if outcome == "skipped" else counts)[marker] += 1
    summary = ", ".join(f"{marker} {counts[marker]} ran / {skipped[marker]} skipped" for marker in SERVICE_MARKERS)
    terminalreporter.write_line(f"service tests: {summary}")


@pytest.fixture(scope="session")
def small_questionnaires(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A questionnaires folder holding only the small test questionnaire, in the real layout."""
    root = tmp_path_factory.mktemp("questionnaires")
    project = Path(__file__).resolve().parent.parent
    shutil.copytree(project / "questionnaires" / "_schema", root / "_schema")
    (root / "small").mkdir()
    shutil.copyfile(project / "tests" / "questionnaires" / "valid" / "small.yaml", root / "small" / "1.0.yaml")
    return root


@pytest.fixture
def small_app(database_url: str, tmp_path: Path, small_questionnaires: Path) -> Flask:
    return make_test_app(database_url, tmp_path / "instance", QUESTIONNAIRES_PATH=str(small_questionnaires),
                         DEFAULT_QUESTIONNAIRE="small")
