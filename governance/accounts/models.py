"""Organisations, the people who work in them, and the roles they hold."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

# Re-exported: the roles live in a pure module so views can name them without importing models.
from governance.accounts.roles import ROLE_LABELS as ROLE_LABELS
from governance.accounts.roles import Role as Role
from governance.db import Base, UTCDateTime, UUIDPrimaryKey, utc_now

# The organisation types of the Algorithmic Transparency Recording Standard.
ATRS_ORGANISATION_TYPES = (
    "Ministerial department",
    "Non-ministerial department",
    "Agency or public body",
    "Local authority",
    "Devolved administration",
    "High profile group",
    "Public corporation",
)


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class Organisation(UUIDPrimaryKey, Base):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    atrs_organisation_type: Mapped[str] = mapped_column(String(60), default="Local authority")
    website: Mapped[str | None] = mapped_column(String(500))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    users: Mapped[list[User]] = relationship(back_populates="organisation")
    email_domains: Mapped[list[EmailDomain]] = relationship(order_by="EmailDomain.domain",
                                                            cascade="all, delete-orphan")

    @property
    def domain_names(self) -> list[str]:
        return [item.domain for item in self.email_domains]


class EmailDomain(Base):
    """A domain whose email addresses are this organisation's staff. A domain belongs to one organisation
    only, so an administrator is never asked about, nor told about, another organisation's people."""

    __tablename__ = "organisation_email_domain"

    domain: Mapped[str] = mapped_column(String(253), primary_key=True)
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)


class User(UUIDPrimaryKey, Base):
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lowercase"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Part of the sign-in cookie; replacing it signs the person out everywhere.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_signed_in_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship(back_populates="users", lazy="joined")
    role_grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(grant.role) for grant in self.role_grants)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


class RoleGrant(Base):
    __tablename__ = "role_grant"
    __table_args__ = (CheckConstraint("role IN ('digital_lead', 'ig_officer', 'admin')", name="known_role"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    granted_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    user: Mapped[User] = relationship(back_populates="role_grants")
