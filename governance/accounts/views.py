"""Sign in, sign out and change password."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from flask_login import current_user

from governance.accounts import services
from governance.accounts.forms import ChangePasswordForm, SignInForm
from governance.accounts.sessions import end_session, start_session
from governance.db import get_session
from governance.extensions import limiter
from governance.security import public, signed_in

accounts = Blueprint("accounts", __name__)

SIGN_IN_FAILED = "Enter a correct email address and password"


def _account_key() -> str:
    # Throttle by the account asked for, whether or not it exists; hashed so no email is kept.
    email = services.normalise_email(request.form.get("email", ""))
    return "sign-in:" + hashlib.sha256(email.encode()).hexdigest()


def _ip_key() -> str:
    return "sign-in-ip:" + get_remote_address()


def _failed(response: object) -> bool:
    # Only failed attempts count towards the limits; a successful sign-in redirects.
    return getattr(response, "status_code", 200) != 302


@accounts.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"], key_func=_account_key,
               methods=["POST"], deduct_when=_failed)
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_IP"], key_func=_ip_key,
               methods=["POST"], deduct_when=_failed)
def sign_in() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("pages.dashboard"))
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        result = services.authenticate(get_session(), form.email.data or "", form.password.data or "")
        if result.user is not None:
            start_session(result.user)
            return redirect(_safe_next(request.args.get("next")))
        failed = True
    return render_template("accounts/sign_in.html", form=form, failed=failed, failure_message=SIGN_IN_FAILED)


def _safe_next(target: str | None) -> str:
    """Only same-site paths; anything else could send someone to a look-alike site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("pages.dashboard")


@accounts.route("/sign-out", methods=["POST"])
@public
def sign_out() -> ResponseReturnValue:
    if current_user.is_authenticated:
        services.record_sign_out(get_session(), current_user._get_current_object())
    end_session()
    flash("You have signed out.")
    return redirect(url_for("accounts.sign_in"))


@accounts.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_own_password(get_session(), user, form.current_password.data or "",
                                         form.new_password.data or "")
        except services.AccountError as error:
            getattr(form, error.field or "new_password").errors.append(str(error))
        else:
            # The session token changed; start a fresh session so this device stays signed in.
            start_session(user)
            flash("Your password has been changed.")
            return redirect(url_for("pages.dashboard"))
    return render_template("accounts/change_password.html", form=form)
