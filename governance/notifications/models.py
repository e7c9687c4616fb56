"""Emails waiting to be sent, or sent: a failed send is kept and retried, never lost."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.accounts.models import User
from governance.db import Base, UTCDateTime, UUIDPrimaryKey, utc_now


class OutboxMessage(UUIDPrimaryKey, Base):
    __tablename__ = "outbox_message"

    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(60))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    sent_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    next_attempt_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient: Mapped[User] = relationship()
