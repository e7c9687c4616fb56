"""Delivery of queued emails after the request that queued them has been committed.

A successful form post starts a delivery pass once the request is over (in a background thread, so
nobody waits for the mail server); `governance notifications send` does the same from cron and
retries anything that failed.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from flask import Flask, Response, g, request

from governance.db import transaction, utc_now
from governance.notifications.services import MailSettings, deliver, due_messages

log = logging.getLogger(__name__)


def mail_settings(app: Flask) -> MailSettings:
    config = app.config
    return MailSettings(server=config.get("MAIL_SERVER"), port=config.get("MAIL_PORT", 25),
                        username=config.get("MAIL_USERNAME"), password=config.get("MAIL_PASSWORD"),
                        use_tls=bool(config.get("MAIL_USE_TLS")),
                        sender=config.get("MAIL_FROM") or "no-reply@governance.invalid")


def deliver_due(app: Flask, now: datetime | None = None) -> tuple[int, int]:
    """One delivery pass over messages due by `now`: (sent, failed)."""
    with app.app_context(), transaction() as session:
        return deliver(due_messages(session, now or utc_now()), mail_settings(app))


def _deliver_quietly(app: Flask) -> None:
    try:
        deliver_due(app)
    except Exception:  # never let delivery break anything: the messages stay queued
        log.exception("email delivery pass failed")


def init_app(app: Flask) -> None:
    @app.after_request
    def _note_successful_post(response: Response) -> Response:
        if request.method == "POST" and response.status_code < 400:
            g.deliver_email = True
        return response

    @app.teardown_request
    def _deliver_after_request(_error: BaseException | None) -> None:
        if _error is not None or not g.pop("deliver_email", False):
            return
        if app.config.get("TESTING"):
            _deliver_quietly(app)
        else:
            threading.Thread(target=_deliver_quietly, args=(app,), daemon=True, name="email-delivery").start()
