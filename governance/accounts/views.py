"""Sign in, sign out and change password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from governance.accounts import services
from governance.accounts.forms import ChangePasswordForm, SignInForm
from governance.accounts.sessions import end_session, start_session
from governance.db import get_session
from governance.security import public, signed_in

accounts = Blueprint("accounts", __name__)

SIGN_IN_FAILED = "Enter a correct email address and password"


@accounts.route("/sign-in", methods=["GET", "POST"])
@public  # failures throttled per account and address, per account, per address: governance/throttling.py
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
