"""`governance notifications send`: deliver queued emails and retry failed ones (run it from cron)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from governance.contexts import current_app_object
from governance.notifications.delivery import deliver_due


@click.group("notifications")
def notifications_group() -> None:
    """Emails to officers and digital leads."""


@notifications_group.command("send")
@with_appcontext
def notifications_send() -> None:
    """Send every email that is due, including retries of earlier failures."""
    sent, failed = deliver_due(current_app_object())
    click.echo(f"{sent} sent, {failed} failed (failed emails are kept and tried again later).")
