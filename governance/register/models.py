"""Published register entries (immutable snapshots, versioned) and entries imported from other instances."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.accounts.models import Organisation
from governance.db import Base, JSONDocument, UTCDateTime, UUIDPrimaryKey, utc_now

# Re-exported: the status lives in a pure module so views can name it without importing models.
from governance.register.status import EntryStatus as EntryStatus


class RegisterEntry(UUIDPrimaryKey, Base):
    """One published version of a use case's entry. Its content never changes: republishing adds a
    version and withdrawing keeps a tombstone."""

    __tablename__ = "register_entry"
    __table_args__ = (
        UniqueConstraint("use_case_id", "version"),
        CheckConstraint("status IN ('published', 'superseded', 'withdrawn')", name="known_status"),
        Index("ix_register_entry_status_published", "status", "published_at_utc"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    use_case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("use_case.id"), index=True)
    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"))
    public_id: Mapped[str] = mapped_column(String(120), index=True)
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=EntryStatus.PUBLISHED.value)
    content: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    search_text: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(300))
    function: Mapped[str | None] = mapped_column(String(200))
    phase: Mapped[str | None] = mapped_column(String(100))
    capability: Mapped[str | None] = mapped_column(String(300))
    risk_level: Mapped[str] = mapped_column(String(4))
    suppliers: Mapped[str] = mapped_column(String(1000), default="")
    published_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    published_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    withdrawn_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    changed_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    organisation: Mapped[Organisation] = relationship()


class ImportedEntry(UUIDPrimaryKey, Base):
    """An entry from another instance's register, read-only, to show how other councils assessed a
    supplier or product."""

    __tablename__ = "imported_entry"
    __table_args__ = (UniqueConstraint("source", "entry_id"),)

    source: Mapped[str] = mapped_column(String(500), index=True)
    entry_id: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300))
    suppliers: Mapped[str] = mapped_column(String(1000), default="")
    products: Mapped[str] = mapped_column(String(1000), default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    imported_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class RegisterState(Base):
    """One row: a counter moved on by every publication, withdrawal and import, so public responses can be
    tagged (ETag) and cached with a single primary-key read."""

    __tablename__ = "register_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(default=0)
    changed_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
