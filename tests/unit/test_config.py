"""Configuration: safe development defaults; production refuses to start without real secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance import create_app
from governance.config import ConfigurationError, Environment, load_settings, normalise_database_url

REAL_KEY = "x7Kq9vR2mLp4Tn8Wc3Yb6Hd1Fg5Js0Ae"


def _settings(tmp_path: Path, **values: str) -> dict:
    return load_settings(Environment(dict(values), tmp_path))


def test_development_creates_a_random_secret_once_and_reuses_it(tmp_path: Path) -> None:
    first = _settings(tmp_path)["SECRET_KEY"]
    second = _settings(tmp_path)["SECRET_KEY"]

    assert len(first) >= 32
    assert first == second
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert _settings(tmp_path / "other")["SECRET_KEY"] != first


def test_development_defaults_to_sqlite_in_the_instance_folder(tmp_path: Path) -> None:
    settings = _settings(tmp_path)

    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'governance.db'}"
    assert settings["RATELIMIT_STORAGE_URI"] == "memory://"
    assert settings["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "changeme"}, "at least 32"),
        ({"SECRET_KEY": REAL_KEY}, "DATABASE_URL must be set"),
        ({"SECRET_KEY": REAL_KEY, "DATABASE_URL": "postgresql://db/x"}, "PUBLIC_BASE_URL must be set"),
        ({"SECRET_KEY": REAL_KEY, "DATABASE_URL": "postgresql://db/x", "PUBLIC_BASE_URL": "ai.council.gov.uk"},
         "PUBLIC_BASE_URL must be an http"),
        # An instance-wide certificate signed every council's records as one council's: refused, with the way out.
        ({"SECRET_KEY": REAL_KEY, "DATABASE_URL": "postgresql://db/x", "PUBLIC_BASE_URL": "https://ai.council.gov.uk",
          "SIGNING_CERTIFICATE_PATH": "/etc/r.p12"}, "governance keys install --organisation"),
    ],
)
def test_production_refuses_to_start_without_real_settings(tmp_path: Path, values: dict, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        _settings(tmp_path, GOVERNANCE_ENV="production", **values)


def test_a_time_stamp_server_needs_the_root_its_time_stamps_chain_to(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="TIMESTAMP_CA_FILE must name"):
        _settings(tmp_path, TIMESTAMP_URL="https://tsa.example.com/tsr")


def test_create_app_refuses_production_without_a_secret(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        create_app(environ={"GOVERNANCE_ENV": "production", "GOVERNANCE_INSTANCE_PATH": str(tmp_path),
                            "DATABASE_URL": "postgresql://db/governance"})


def test_production_settings_are_strict(tmp_path: Path) -> None:
    settings = _settings(tmp_path, GOVERNANCE_ENV="production", SECRET_KEY=REAL_KEY,
                         DATABASE_URL="postgres://governance@db/governance", REDIS_URL="redis://cache:6379/0",
                         CREDENTIALS_DIRECTORY="/run/credentials/governance.service",
                         PUBLIC_BASE_URL="https://ai.southshire.gov.uk/")

    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert settings["SESSION_COOKIE_NAME"] == "__Host-session"
    assert settings["DATABASE_URL"] == "postgresql+psycopg://governance@db/governance"
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"
    assert settings["PROXY_COUNT"] == 1
    # Requests for any other host are refused; a health check on the machine itself still works.
    assert settings["PUBLIC_BASE_URL"] == "https://ai.southshire.gov.uk"
    assert settings["TRUSTED_HOSTS"] == ["ai.southshire.gov.uk", "localhost", "127.0.0.1"]
    assert not (tmp_path / "secret_key").exists()  # production never writes a secret of its own
    # Signing certificates' passwords come from systemd's credentials folder unless another is named.
    assert settings["SIGNING_SECRETS_DIR"] == "/run/credentials/governance.service"


def test_numbers_in_settings_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="SESSION_IDLE_MINUTES must be a whole number"):
        _settings(tmp_path, SESSION_IDLE_MINUTES="half an hour")


def test_postgres_urls_use_the_installed_driver() -> None:
    assert normalise_database_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_production_refuses_the_test_suites_cheap_password_hashing(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="test suite only"):
        _settings(tmp_path, GOVERNANCE_ENV="production", SECRET_KEY=REAL_KEY, DATABASE_URL="postgresql://db/x",
                  GOVERNANCE_TEST_FAST_PASSWORD_HASHING="1")
