"""Sign-in throttling (Flask-Limiter): failed attempts are counted per account and address pair, per account
across every address, and per address. See docs/adr/0007-sign-in-limits-per-account-and-address.md.

Accounts are named in keys by an HMAC of the email under the app's secret, whether or not the account exists:
the store (Redis) then holds no email, and nobody holding a list of emails can match it against the keys.
A limiter is built for each app so that its storage (memory, or Redis when REDIS_URL is set) comes from that
app's configuration; a module-level limiter would keep the first app's storage.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import time
from collections.abc import Callable
from typing import cast

from flask import Flask, current_app, g, request
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from limits.storage import Storage

log = logging.getLogger(__name__)

SIGN_IN_ENDPOINT = "accounts.sign_in"
EXTENSION = "governance.sign_in_limiter"
# How long an unlock is remembered. Longer than any sign-in window, so that when it lapses (and the account's
# keys go back to their first generation) the counts of that generation have lapsed too.
UNLOCK_MEMORY_SECONDS = 31 * 24 * 3600
# A successful sign-in redirects; a refused (429) attempt checked no password and must not count, or one
# address that keeps trying after its own limit would fill the account's ceiling and lock the owner out.
NOT_COUNTED = frozenset({302, 429})


def account_digest(secret: str, email: str) -> str:
    """How keys name the account an attempt is for: keyed by the app's secret, so it cannot be looked up."""
    normalised = email.strip().lower().encode()
    return hmac.new(secret.encode(), b"sign-in-account:" + normalised, hashlib.sha256).hexdigest()


def client_network(address: str) -> str:
    """The address a limit counts. An IPv6 client is counted by its /64, which one site or device holds
    whole: counting single addresses would give it billions of fresh counts."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _storage() -> Storage:
    limiter: Limiter = current_app.extensions[EXTENSION]
    return limiter.storage


def _generation_key(digest: str) -> str:
    return f"{current_app.config.get('RATELIMIT_KEY_PREFIX', '')}/sign-in-unlocked/{digest}"


def _account() -> str:
    """The account this attempt is for, in its current generation (a new one starts at each unlock)."""
    if "sign_in_account" not in g:
        digest = account_digest(current_app.config["SECRET_KEY"], request.form.get("email", ""))
        g.sign_in_account = f"{digest}.{_storage().get(_generation_key(digest))}"
    account: str = g.sign_in_account
    return account


def _address() -> str:
    return client_network(get_remote_address())


def _pair_key() -> str:
    return f"sign-in:{_account()}:{_address()}"


def _account_key() -> str:
    return f"sign-in-account:{_account()}"


def _address_key() -> str:
    return "sign-in-ip:" + _address()


def _counts(response: object) -> bool:
    return getattr(response, "status_code", 200) not in NOT_COUNTED


def _account_ceiling_reached(_limit: RequestLimit) -> None:
    # Many addresses guessing one account: worth an operator's attention. No email, no address.
    log.warning("sign-in attempts for one account reached the limit across all addresses",
                extra={"event": "sign_in_account_limit"})


def forget_sign_in_failures(email: str) -> None:
    """Start the account on fresh counts from every address (an administrator's unlock). The store cannot
    list an account's keys by address, so the account moves to a new generation of keys instead."""
    key = _generation_key(account_digest(current_app.config["SECRET_KEY"], email))
    storage = _storage()
    # Clearing first restarts the expiry. The time in milliseconds makes a value no earlier generation used,
    # and stays well inside the integers Redis's Lua scripts pass on exactly.
    storage.clear(key)
    storage.incr(key, UNLOCK_MEMORY_SECONDS, amount=time.time_ns() // 1_000_000)


def init_app(app: Flask) -> Limiter:
    limiter = Limiter(key_func=get_remote_address, strategy="moving-window", headers_enabled=False)
    limiter.init_app(app)
    app.extensions[EXTENSION] = limiter
    # The sign-in view is a plain function; Flask's table of views types each as plain or async.
    view = cast("Callable[..., ResponseReturnValue]", app.view_functions[SIGN_IN_ENDPOINT])
    view = limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP"], key_func=_pair_key,
                         methods=["POST"], deduct_when=_counts)(view)
    view = limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"], key_func=_account_key,
                         methods=["POST"], deduct_when=_counts, on_breach=_account_ceiling_reached)(view)
    view = limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_IP"], key_func=_address_key,
                         methods=["POST"], deduct_when=_counts)(view)
    app.view_functions[SIGN_IN_ENDPOINT] = view
    return limiter
