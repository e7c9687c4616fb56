"""Reviews of submitted assessments: decisions, their conditions, and comments for the digital lead."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.accounts.models import User
from governance.assessments.models import Assessment
from governance.db import Base, UTCDateTime, UUIDPrimaryKey, utc_now


class DecisionKind(enum.StrEnum):
    APPROVE = "approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"

    @property
    def label(self) -> str:
        return {"approve": "Approved", "approve_with_conditions": "Approved with conditions",
                "request_changes": "Changes requested", "reject": "Rejected"}[self.value]

    @property
    def approves(self) -> bool:
        return self in (DecisionKind.APPROVE, DecisionKind.APPROVE_WITH_CONDITIONS)


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
    reason: Mapped[str | None] = mapped_column(Text)
    next_review_on: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    decided_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    assessment: Mapped[Assessment] = relationship()
    decided_by: Mapped[User] = relationship()
    conditions: Mapped[list[Condition]] = relationship(back_populates="decision", order_by="Condition.position",
                                                       lazy="selectin")

    @property
    def decision_kind(self) -> DecisionKind:
        return DecisionKind(self.kind)


class Condition(UUIDPrimaryKey, Base):
    """Something that must be done for an approval to stand: what, who owns it, by when."""

    __tablename__ = "decision_condition"

    decision_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("decision.id"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    met_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)

    decision: Mapped[Decision] = relationship(back_populates="conditions")


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
