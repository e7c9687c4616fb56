"""The security baseline in one place: access declarations, CSP nonce, response headers.

Every view declares who may use it with exactly one of `public`, `signed_in` or `role_required`.
A request to an endpoint without a declaration is refused, so a forgotten decorator fails closed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import Flask, Response, abort, current_app, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from governance.accounts.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])
P = ParamSpec("P")
# A view function: whatever arguments its route gives it (P), and a response.
View = Callable[P, ResponseReturnValue]

ACCESS_ATTRIBUTE = "_governance_access"
PUBLIC = "public"
SIGNED_IN = "signed_in"
# Flask's own static file endpoint: public, declared here because it is not our function.
BUILT_IN_PUBLIC_ENDPOINTS = frozenset({"static"})


def _declare(view: Callable[..., Any], access: str) -> None:
    if hasattr(view, ACCESS_ATTRIBUTE):
        raise TypeError(f"{view.__name__} declares its access twice")
    setattr(view, ACCESS_ATTRIBUTE, access)


def public(view: F) -> F:
    """Anyone, signed in or not."""
    _declare(view, PUBLIC)
    return view


def signed_in(view: View[P]) -> View[P]:
    """Any active, signed-in user of any role."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if not current_user.is_authenticated:
            return _to_sign_in()
        if current_user.must_change_password and request.endpoint != "accounts.change_password":
            return redirect(url_for("accounts.change_password"))
        return view(*args, **kwargs)

    _declare(wrapper, SIGNED_IN)
    return wrapper


def current_actor() -> User:
    """The signed-in user behind this request (views guarded by signed_in or role_required)."""
    user: User = current_user._get_current_object()
    return user


def role_required(*roles: Role) -> Callable[[View[P]], View[P]]:
    """A signed-in user holding at least one of `roles`; anyone else signed in gets 403."""
    if not roles:
        raise TypeError("role_required needs at least one role")

    def decorate(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
            if not current_user.is_authenticated:
                return _to_sign_in()
            if current_user.must_change_password:
                return redirect(url_for("accounts.change_password"))
            if not any(current_user.has_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        _declare(wrapper, "role:" + ",".join(sorted(role.value for role in roles)))
        return wrapper

    return decorate


def access_of(view: Callable[..., Any]) -> str | None:
    return getattr(view, ACCESS_ATTRIBUTE, None)


def _to_sign_in() -> BaseResponse:
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("accounts.sign_in", next=target.rstrip("?") if target else None))


def _refuse_undeclared_endpoints() -> None:
    endpoint = request.endpoint
    if endpoint is None or endpoint in BUILT_IN_PUBLIC_ENDPOINTS:
        return
    view = current_app.view_functions.get(endpoint)
    if view is None or access_of(view) is None:
        abort(403)


def _make_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(18)


def csp_nonce() -> str:
    return str(g.get("csp_nonce", ""))


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _security_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.endpoint not in BUILT_IN_PUBLIC_ENDPOINTS and "Cache-Control" not in headers:
        # Pages may show personal data or a signed-in state; nothing dynamic is cached unless the view
        # says so (the public register's open data does).
        headers["Cache-Control"] = "no-store"
    return response


# Every change in this service is made by an HTML form. Flask-WTF would also read a JSON body as the form,
# and anything that reads request.form itself (the sign-in throttle's account key) would then see nothing.
FORM_BODIES = ("application/x-www-form-urlencoded", "multipart/form-data")
CHANGING_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _refuse_bodies_that_are_not_forms() -> None:
    if request.method in CHANGING_METHODS and request.mimetype not in FORM_BODIES and (
            request.content_length or request.mimetype):
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(_make_nonce)
    app.before_request(_refuse_bodies_that_are_not_forms)
    app.before_request(_refuse_undeclared_endpoints)
    app.after_request(_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
