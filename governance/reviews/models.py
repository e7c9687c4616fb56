"""Reviews of submitted assessments: decisions, their conditions, and comments for the digital lead."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.accounts.models import User
from governance.assessments.models import Assessment
from governance.db import Base, JSONDocument, UTCDateTime, UUIDPrimaryKey, utc_now
from governance.reviews.rules import DecisionKind

KIND_VALUES = ", ".join(f"'{kind.value}'" for kind in DecisionKind)


class Decision(UUIDPrimaryKey, Base):
    """One officer's decision in one review round. For high-risk assessments the first approval is not
    final: it waits for a second approval by a different officer."""

    __tablename__ = "decision"
    __table_args__ = (CheckConstraint(f"kind IN ({KIND_VALUES})", name="known_kind"),)

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"), index=True)
    review_round: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    final: Mapped[bool]
    # On the decision that ends a round: the round's outcome, which is "approved with conditions" when any
    # approval of the round set a condition (the last officer may have approved plainly).
    outcome: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(Text)
    next_review_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    decided_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # The answers the officer decided on, so a later round can show what each changed from. Kept in the
    # database with the answers themselves, never in the audit log (answers can hold personal data).
    answers_seen: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument, deferred=True)

    assessment: Mapped[Assessment] = relationship()
    decided_by: Mapped[User] = relationship()
    conditions: Mapped[list[Condition]] = relationship(back_populates="decision", order_by="Condition.position",
                                                       lazy="selectin")

    @property
    def decision_kind(self) -> DecisionKind:
        return DecisionKind(self.kind)

    @property
    def outcome_kind(self) -> DecisionKind:
        return DecisionKind(self.outcome or self.kind)


class Condition(UUIDPrimaryKey, Base):
    """Something that must be done for an approval to stand: what, who owns it, by when."""

    __tablename__ = "decision_condition"

    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decision.id"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    # The owner's name as it stood when the condition was set; owner_id when the owner has an account.
    owner: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    due_on: Mapped[date] = mapped_column(Date)
    met_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    met_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    met_evidence: Mapped[str | None] = mapped_column(Text)

    decision: Mapped[Decision] = relationship(back_populates="conditions")
    owner_user: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    met_by: Mapped[User | None] = relationship(foreign_keys=[met_by_id])

    @property
    def met(self) -> bool:
        return self.met_at_utc is not None


class ReviewComment(UUIDPrimaryKey, Base):
    """A reviewer's comment on one section (or the whole assessment), shown to the digital lead."""

    __tablename__ = "review_comment"

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"), index=True)
    review_round: Mapped[int]
    section_id: Mapped[str | None] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    author: Mapped[User] = relationship()
