"""Settings from the environment and the instance folder.

Development gets safe local defaults (SQLite and a generated secret in instance/); production
refuses to start unless the operator supplies a real secret key and database URL.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = "secret_key"
MIN_SECRET_KEY_LENGTH = 32
PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "dev", "development", "replace-me"}


class ConfigurationError(RuntimeError):
    """The app cannot start with the settings it was given."""


@dataclass(frozen=True)
class Environment:
    """Where settings come from: the process environment and the instance folder."""

    values: dict[str, str]
    instance_path: Path

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        return value if value not in (None, "") else default

    def flag(self, name: str, default: bool) -> bool:
        value = self.get(name)
        if value is None:
            return default
        return value.strip().lower() in {"1", "true", "yes", "on"}

    def integer(self, name: str, default: int) -> int:
        value = self.get(name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError as error:
            raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from error


def is_production(env: Environment) -> bool:
    return (env.get("GOVERNANCE_ENV", "development") or "").lower() == "production"


def load_settings(env: Environment) -> dict[str, Any]:
    """Build the Flask config mapping. Raises ConfigurationError on unsafe production settings."""
    production = is_production(env)
    settings: dict[str, Any] = {
        "GOVERNANCE_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(env, production),
        "DATABASE_URL": _database_url(env, production),
        "REDIS_URL": env.get("REDIS_URL"),
        "RATELIMIT_STORAGE_URI": env.get("REDIS_URL") or "memory://",
        "SERVICE_NAME": env.get("SERVICE_NAME", "AI governance"),
        "MAX_CONTENT_LENGTH": env.integer("MAX_UPLOAD_MB", 50) * 1024 * 1024,
        "SESSION_IDLE_MINUTES": env.integer("SESSION_IDLE_MINUTES", 30),
        "SESSION_MAX_HOURS": env.integer("SESSION_MAX_HOURS", 12),
        # Failed sign-ins: per account from one address, per account from all addresses, per address.
        "SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP": env.get("SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP", "5 per 15 minutes"),
        "SIGN_IN_LIMIT_PER_ACCOUNT": env.get("SIGN_IN_LIMIT_PER_ACCOUNT", "50 per hour"),
        "SIGN_IN_LIMIT_PER_IP": env.get("SIGN_IN_LIMIT_PER_IP", "30 per 15 minutes"),
        "PROXY_COUNT": env.integer("PROXY_COUNT", 1 if production else 0),
        "MAIL_SERVER": env.get("MAIL_SERVER"),
        "MAIL_PORT": env.integer("MAIL_PORT", 25),
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": env.flag("MAIL_USE_TLS", production),
        "MAIL_FROM": env.get("MAIL_FROM"),
        # Passwords of organisations' signing certificates, one file each; systemd's LoadCredential= folder
        # serves unless another is named.
        "SIGNING_SECRETS_DIR": env.get("SIGNING_SECRETS_DIR") or env.get("CREDENTIALS_DIRECTORY"),
        "TIMESTAMP_URL": env.get("TIMESTAMP_URL"),
        # PEM certificates the time-stamp server's tokens chain to; records are checked against them.
        "TIMESTAMP_CA_FILE": env.get("TIMESTAMP_CA_FILE"),
        "MAX_RECORD_UPLOAD_MB": env.integer("MAX_RECORD_UPLOAD_MB", 20),
        "DEFAULT_QUESTIONNAIRE": env.get("DEFAULT_QUESTIONNAIRE", "ai-use-case-assessment"),
        "QUESTIONNAIRES_PATH": env.get("QUESTIONNAIRES_PATH", str(PROJECT_ROOT / "questionnaires")),
    }
    if env.get("SIGNING_CERTIFICATE_PATH"):
        # One certificate for the whole instance signed every council's records as one council's.
        raise ConfigurationError("SIGNING_CERTIFICATE_PATH is no longer read: each organisation signs with its own "
                                 "certificate. Install it with `governance keys install --organisation SLUG FILE.p12` "
                                 "(see docs/operations.md), then remove the setting")
    if settings["TIMESTAMP_URL"] and not settings["TIMESTAMP_CA_FILE"]:
        raise ConfigurationError("TIMESTAMP_CA_FILE must name the time-stamp authority's root certificate (PEM) "
                                 "when TIMESTAMP_URL is set: without it no time-stamp could be relied on")
    settings.update(_public_address_settings(env, production))
    settings.update(_cookie_settings(env, production, settings["SESSION_IDLE_MINUTES"]))
    return settings


def _cookie_settings(env: Environment, production: bool, idle_minutes: int) -> dict[str, Any]:
    # Flask signs the session cookie with a timestamp and rejects it after this lifetime;
    # refreshing on every request turns the lifetime into an inactivity timeout.
    secure = env.flag("SESSION_COOKIE_SECURE", production)
    return {
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=idle_minutes),
        "SESSION_REFRESH_EACH_REQUEST": True,
        "SESSION_COOKIE_NAME": "__Host-session" if secure else "session",
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": timedelta(0),
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own inactivity limit bounds the token
    }


def _secret_key(env: Environment, production: bool) -> str:
    key = env.get("SECRET_KEY")
    if production:
        if env.get("GOVERNANCE_TEST_FAST_PASSWORD_HASHING"):
            raise ConfigurationError("GOVERNANCE_TEST_FAST_PASSWORD_HASHING is for the test suite only")
        if key is None:
            raise ConfigurationError("SECRET_KEY must be set in production")
        if len(key) < MIN_SECRET_KEY_LENGTH or key.lower() in PLACEHOLDER_SECRETS:
            raise ConfigurationError(
                f"SECRET_KEY must be a random value of at least {MIN_SECRET_KEY_LENGTH} characters"
            )
        return key
    return key or instance_secret_key(env.instance_path)


def _public_address_settings(env: Environment, production: bool) -> dict[str, Any]:
    """Where residents reach the service. Absolute addresses in records, open data and feeds come from
    PUBLIC_BASE_URL, never from a request's Host header, which anyone can set and cached open data would
    pass on. In production it is required, and requests for any other host are refused (TRUSTED_HOSTS:
    by default the public host and the local names a health check uses)."""
    base = env.get("PUBLIC_BASE_URL")
    if base is not None and urlsplit(base).scheme not in ("http", "https"):
        raise ConfigurationError("PUBLIC_BASE_URL must be an http(s) address such as https://ai.council.gov.uk")
    if production and not base:
        raise ConfigurationError("PUBLIC_BASE_URL must be set in production: records, open data and feeds give "
                                 "the service's public address (see docs/operations.md)")
    hosts = env.get("TRUSTED_HOSTS")
    if hosts is not None:
        trusted: list[str] | None = [host.strip() for host in hosts.split(",") if host.strip()]
    elif production and base:
        trusted = [urlsplit(base).hostname or "", "localhost", "127.0.0.1"]
    else:
        trusted = None
    return {"PUBLIC_BASE_URL": base.rstrip("/") if base else None, "TRUSTED_HOSTS": trusted}


def _database_url(env: Environment, production: bool) -> str:
    url = env.get("DATABASE_URL")
    if url is None:
        if production:
            raise ConfigurationError("DATABASE_URL must be set in production")
        return f"sqlite:///{env.instance_path / 'governance.db'}"
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """Point plain postgres URLs at the psycopg 3 driver that the project installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: Path) -> str:
    """Read the development secret from the instance folder, creating it on first use."""
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / SECRET_KEY_FILE
    if not path.exists():
        # O_EXCL: two processes starting at once must not overwrite each other's key.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
