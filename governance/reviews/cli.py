"""`governance reminders send`: email each use case owner what is due or overdue (run it weekly from cron)."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from governance.accounts.models import Organisation
from governance.contexts import current_app_object
from governance.db import transaction
from governance.notifications.delivery import deliver_due
from governance.reviews.register import DUE_SOON_DAYS, queue_reminders


@click.group("reminders")
def reminders_group() -> None:
    """Reminders about reviews and conditions."""


@reminders_group.command("send")
@click.option("--within", default=DUE_SOON_DAYS, show_default=True, help="Days ahead that count as due soon.")
@with_appcontext
def reminders_send(within: int) -> None:
    """Queue a reminder to each owner with reviews or conditions overdue or due soon, then send them."""
    queued = 0
    with transaction() as session:
        for organisation in session.scalars(select(Organisation)):
            queued += queue_reminders(session, organisation.id, date.today(), within)
    sent, failed = deliver_due(current_app_object())
    click.echo(f"{queued} reminder{'s' if queued != 1 else ''} queued; {sent} sent, {failed} failed.")
