"""Signed-in sessions: loading the user, starting and ending a session, and expiring it.

Flask keeps the session in a signed cookie. Fixation is prevented by clearing the session on
sign-in, and replay of an old cookie by the user's session token, which sign-out replaces.
Inactivity is enforced by the cookie's signed timestamp (PERMANENT_SESSION_LIFETIME); the absolute
limit by the sign-in time kept in the session.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, flash, session
from flask_login import login_user, logout_user

from governance.accounts.models import User
from governance.accounts.services import load_signed_in_user
from governance.db import get_session, utc_now
from governance.extensions import login_manager

SIGNED_IN_AT = "signed_in_at"


def init_app(app: Flask) -> None:
    login_manager.session_protection = None  # the session token does this job, without IP pinning
    login_manager.user_loader(_load_user)
    app.before_request(_expire_long_sessions)


def _load_user(cookie_id: str) -> User | None:
    return load_signed_in_user(get_session(), cookie_id)


def start_session(user: User) -> None:
    session.clear()
    session.permanent = True
    session[SIGNED_IN_AT] = utc_now().timestamp()
    login_user(user)


def end_session() -> None:
    logout_user()
    session.clear()


def _expire_long_sessions() -> None:
    started = session.get(SIGNED_IN_AT)
    if started is None:
        return
    limit = timedelta(hours=current_app.config["SESSION_MAX_HOURS"])
    if utc_now().timestamp() - float(started) > limit.total_seconds():
        end_session()
        flash("You were signed out because you had been signed in for a long time. Sign in again to continue.")
