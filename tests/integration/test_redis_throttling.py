"""With REDIS_URL set, sign-in throttling is kept in Redis, so every process shares it."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest
import redis

from governance.accounts.models import Role
from tests.conftest import REDIS_URL, make_test_app, service_unavailable
from tests.helpers import PASSWORD, Factories, PageClient

pytestmark = pytest.mark.redis
SHARED_SECRET = "one secret for every process of the service, 32+ chars"


@pytest.fixture
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        service_unavailable(f"Redis is not reachable at {REDIS_URL}: {type(error).__name__}")
    return REDIS_URL


def test_two_app_processes_share_the_limit_through_redis(redis_url: str, sqlite_template: Path, tmp_path: Path) -> None:
    database = tmp_path / "shared.db"
    database.write_bytes(sqlite_template.read_bytes())
    prefix = uuid.uuid4().hex
    # Processes of one service share its secret (sessions depend on it too); the account keys are keyed by it.
    settings = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": prefix, "SECRET_KEY": SHARED_SECRET,
                "SIGN_IN_LIMIT_PER_ACCOUNT": "3 per 15 minutes"}
    first = make_test_app(f"sqlite:///{database}", tmp_path / "a", **settings)
    second = make_test_app(f"sqlite:///{database}", tmp_path / "b", **settings)
    attempt = {"email": "shared@example.gov.uk", "password": "wrong password"}

    for _ in range(3):
        PageClient(first.test_client()).post("/sign-in", attempt, 200)
    PageClient(second.test_client()).post("/sign-in", attempt, 429)

    keys = redis.Redis.from_url(redis_url).keys(f"*{prefix}*")
    assert keys, "the limiter did not write to Redis"
    assert not any(b"shared@example.gov.uk" in key for key in keys)  # accounts are hashed in keys


def test_an_administrators_unlock_reaches_every_process_through_redis(redis_url: str, sqlite_template: Path,
                                                                     tmp_path: Path) -> None:
    database = tmp_path / "shared.db"
    database.write_bytes(sqlite_template.read_bytes())
    prefix = uuid.uuid4().hex
    settings = {"RATELIMIT_STORAGE_URI": redis_url, "RATELIMIT_KEY_PREFIX": prefix, "SECRET_KEY": SHARED_SECRET}
    first = make_test_app(f"sqlite:///{database}", tmp_path / "a", **settings)
    second = make_test_app(f"sqlite:///{database}", tmp_path / "b", **settings)
    factories = Factories(first)
    organisation = factories.organisation("Northshire Council", "northshire")
    owner = factories.user(organisation, email="owner@northshire.gov.uk")
    factories.user(organisation, [Role.ADMIN], email="admin@northshire.gov.uk")
    owner_browser = PageClient(first.test_client())
    for _ in range(5):
        owner_browser.post("/sign-in", {"email": "owner@northshire.gov.uk", "password": "forgotten it"}, 200)
    owner_browser.post("/sign-in", {"email": "owner@northshire.gov.uk", "password": PASSWORD}, 429)

    admin = PageClient(second.test_client())
    admin.sign_in("admin@northshire.gov.uk")
    admin.post(f"/admin/users/{owner.id}/unlock-sign-in", {}, 302, token_from=f"/admin/users/{owner.id}")

    owner_browser.sign_in("owner@northshire.gov.uk")
    keys = b" ".join(redis.Redis.from_url(redis_url).keys(f"*{prefix}*"))
    assert b"owner@northshire.gov.uk" not in keys
    assert hashlib.sha256(b"owner@northshire.gov.uk").hexdigest().encode() not in keys  # keyed, not a plain hash
