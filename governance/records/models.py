"""Signed decision records and the certificates that signed them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.assessments.models import Assessment
from governance.db import Base, JSONDocument, UTCDateTime, UUIDPrimaryKey, utc_now


class SignedRecord(UUIDPrimaryKey, Base):
    """The signed PDF of one final decision, stored by content: the same record is never produced twice."""

    __tablename__ = "signed_record"
    # References such as AI-2026-0001 are numbered per organisation, so record numbers are too.
    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"), unique=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decision.id"), unique=True)
    number: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int]
    certificate_sha256: Mapped[str] = mapped_column(String(64))
    development_certificate: Mapped[bool]
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    superseded_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The record of the newer version whose decision replaced this one.
    superseded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("signed_record.id"))

    assessment: Mapped[Assessment] = relationship()


class SigningCertificate(Base):
    """Every certificate this instance has installed or signed with: a record verifies only against one of
    these, and only against one of its own organisation's."""

    __tablename__ = "signing_certificate"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    # None only for the one instance-wide certificate of releases before each organisation had its own.
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    subject: Mapped[str] = mapped_column(String(400))
    issuer: Mapped[str | None] = mapped_column(String(400))
    valid_until_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pem: Mapped[str] = mapped_column(Text)
    development: Mapped[bool]
    first_used_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class InstalledCertificate(Base):
    """The PKCS#12 an organisation's administrator installed. Its key stays encrypted under the bundle's
    password, which is kept outside the database (the environment or a secrets file)."""

    __tablename__ = "installed_certificate"

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    certificate_sha256: Mapped[str] = mapped_column(ForeignKey("signing_certificate.sha256"))
    bundle: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    installed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    installed_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    certificate: Mapped[SigningCertificate] = relationship()


class TimestampAuthority(Base):
    """Every time-stamp authority's root this instance has time-stamped records under: a record's time-stamp
    counts only if it chains to one of these, whatever the configuration says today."""

    __tablename__ = "timestamp_authority"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject: Mapped[str] = mapped_column(String(400))
    pem: Mapped[str] = mapped_column(Text)
    first_used_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
