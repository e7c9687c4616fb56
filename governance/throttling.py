"""Sign-in throttling, per account and per address (Flask-Limiter).

A limiter is built for each app so that its storage (memory, or Redis when REDIS_URL is set) comes
from that app's configuration; a module-level limiter would keep the first app's storage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import cast

from flask import Flask, current_app, request
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

SIGN_IN_ENDPOINT = "accounts.sign_in"


def _account_key() -> str:
    # Throttle by the account asked for, whether or not it exists; hashed so no email is kept.
    email = request.form.get("email", "").strip().lower()
    return "sign-in:" + hashlib.sha256(email.encode()).hexdigest()


def _address_key() -> str:
    return "sign-in-ip:" + get_remote_address()


def _failed(response: object) -> bool:
    # Only failed attempts count; a successful sign-in redirects.
    return getattr(response, "status_code", 200) != 302


def init_app(app: Flask) -> Limiter:
    limiter = Limiter(key_func=get_remote_address, strategy="moving-window", headers_enabled=False)
    limiter.init_app(app)
    # The sign-in view is a plain function; Flask's table of views types each as plain or async.
    view = cast("Callable[..., ResponseReturnValue]", app.view_functions[SIGN_IN_ENDPOINT])
    view = limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"], key_func=_account_key,
                         methods=["POST"], deduct_when=_failed)(view)
    view = limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_IP"], key_func=_address_key,
                         methods=["POST"], deduct_when=_failed)(view)
    app.view_functions[SIGN_IN_ENDPOINT] = view
    return limiter
