"""Emails are written to the outbox in the same transaction as what they announce, then delivered.

Delivery never loses a message: a failure is recorded on it (error type only, never the address)
and it is tried again later, with a growing wait; administrators see what is stuck.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from governance.accounts.models import Role, RoleGrant, User
from governance.db import utc_now
from governance.notifications.models import OutboxMessage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)


@dataclass(frozen=True)
class MailSettings:
    server: str | None
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    sender: str

    @property
    def log_only(self) -> bool:
        return not self.server


def queue_email(session: Session, *, recipient: User, kind: str, subject: str, body: str) -> OutboxMessage:
    message = OutboxMessage(organisation_id=recipient.organisation_id, recipient_id=recipient.id, kind=kind,
                            subject=subject, body=body)
    session.add(message)
    session.flush()
    return message


def officers_of(session: Session, organisation_id: uuid.UUID, excluding: uuid.UUID | None = None) -> list[User]:
    query = (select(User).join(RoleGrant, RoleGrant.user_id == User.id)
             .where(User.organisation_id == organisation_id, User.active.is_(True),
                    RoleGrant.role == Role.IG_OFFICER.value))
    return [user for user in session.scalars(query).unique() if user.id != excluding]


def due_messages(session: Session, now: datetime, limit: int = 100) -> list[OutboxMessage]:
    return list(session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.sent_at_utc.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS,
               or_(OutboxMessage.next_attempt_at_utc.is_(None), OutboxMessage.next_attempt_at_utc <= now))
        .order_by(OutboxMessage.created_at_utc).limit(limit)
        .with_for_update(skip_locked=True)))  # two delivery passes never send one message twice


def stuck_messages(session: Session, organisation_id: uuid.UUID) -> list[OutboxMessage]:
    """Messages that failed at least once and are not yet sent: shown to administrators."""
    return list(session.scalars(
        select(OutboxMessage).where(OutboxMessage.organisation_id == organisation_id,
                                    OutboxMessage.sent_at_utc.is_(None), OutboxMessage.attempts > 0)
        .order_by(OutboxMessage.created_at_utc)))


def deliver(messages: Iterable[OutboxMessage], settings: MailSettings,
            send: Callable[[EmailMessage, MailSettings], None] | None = None) -> tuple[int, int]:
    """Send each message; returns (sent, failed). The caller commits."""
    send = send or smtp_send
    sent = failed = 0
    for message in messages:
        message.attempts += 1
        try:
            if settings.log_only:
                log.info("email not sent (no mail server configured)",
                         extra={"kind": message.kind, "message_id": str(message.id)})
            else:
                send(_email(message, settings), settings)
        except Exception as error:  # noqa: BLE001 - one message that cannot be sent must never hold the others
            failed += 1
            message.last_error = type(error).__name__
            message.next_attempt_at_utc = utc_now() + FIRST_RETRY * 2 ** (message.attempts - 1)
            log.warning("email delivery failed", extra={"kind": message.kind, "message_id": str(message.id),
                                                       "error": type(error).__name__})
            continue
        message.sent_at_utc = utc_now()
        message.last_error = None
        sent += 1
    return sent, failed


def header_value(text: str) -> str:
    """`text` on one line, fit for an email header: line and paragraph separators, other control characters
    and runs of spaces become one space (a use-case title with a line break must not break the message)."""
    return " ".join("".join(" " if _breaks_a_header(char) else char for char in text).split())


def _breaks_a_header(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def _email(message: OutboxMessage, settings: MailSettings) -> EmailMessage:
    email = EmailMessage()
    email["From"] = header_value(settings.sender)
    email["To"] = header_value(message.recipient.email)
    email["Subject"] = header_value(message.subject)
    email["Message-ID"] = f"<{message.id}@governance>"
    email.set_content(message.body)
    return email


def smtp_send(email: EmailMessage, settings: MailSettings) -> None:
    with smtplib.SMTP(settings.server or "", settings.port, timeout=20) as connection:
        if settings.use_tls:
            connection.starttls(context=ssl.create_default_context())
        if settings.username:
            connection.login(settings.username, settings.password or "")
        connection.send_message(email)
