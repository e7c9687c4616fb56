"""The dashboard, the pages every public service must have, and the health check."""

from __future__ import annotations

import logging
from datetime import date

from flask import Blueprint, current_app, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import text

from governance.accounts import services
from governance.accounts.roles import Role
from governance.assessments import services as assessment_services
from governance.db import get_session
from governance.notifications.services import stuck_messages
from governance.records.certificates import certificate_status
from governance.reviews import register
from governance.security import current_actor, public, signed_in

pages = Blueprint("pages", __name__)
log = logging.getLogger(__name__)


@pages.route("/")
@public
def dashboard() -> ResponseReturnValue:
    """Staff land on their dashboard; a member of the public lands on the register."""
    if not current_user.is_authenticated:
        return redirect(url_for("register.index"))
    return _staff_dashboard()


@signed_in
def _staff_dashboard() -> ResponseReturnValue:
    user = current_actor()
    session = get_session()
    user_count = len(services.list_users(session, user)) if user.has_role(Role.ADMIN) else None
    today = date.today()
    stuck = stuck_messages(session, user.organisation_id) if user.has_role(Role.ADMIN) else []
    signing = (certificate_status(session, current_app.extensions["records.signing"], user.organisation)
               if user.has_role(Role.ADMIN) else None)
    return render_template("pages/dashboard.html", user_count=user_count,
                           counts=assessment_services.count_by_status(session, user),
                           due=register.due_items(session, user.organisation_id, today), today=today, stuck=stuck,
                           signing=signing)


@pages.route("/accessibility")
@public
def accessibility() -> ResponseReturnValue:
    return render_template("pages/accessibility.html")


@pages.route("/privacy")
@public
def privacy() -> ResponseReturnValue:
    return render_template("pages/privacy.html")


@pages.route("/healthz")
@public
def healthz() -> ResponseReturnValue:
    try:
        get_session().execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means unhealthy; the log says which
        log.exception("health check: database unreachable")
        return jsonify({"status": "unavailable", "database": "unreachable"}), 503
    return jsonify({"status": "ok", "database": "ok"})
