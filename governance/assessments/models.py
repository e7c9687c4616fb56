"""AI use cases and their numbered assessment versions."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from governance.accounts.models import Organisation, User
from governance.assessments.lifecycle import State
from governance.db import Base, JSONDocument, UTCDateTime, UUIDPrimaryKey, utc_now

STATUS_VALUES = ", ".join(f"'{state.value}'" for state in State)


class UseCase(UUIDPrimaryKey, Base):
    __tablename__ = "use_case"
    __table_args__ = (UniqueConstraint("organisation_id", "reference"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    service_area: Mapped[str | None] = mapped_column(String(100))
    phase: Mapped[str | None] = mapped_column(String(100))
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    organisation: Mapped[Organisation] = relationship()
    owner: Mapped[User] = relationship()
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="use_case", order_by="Assessment.version_number", lazy="selectin"
    )

    @property
    def latest(self) -> Assessment:
        return self.assessments[-1]


class Assessment(UUIDPrimaryKey, Base):
    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("use_case_id", "version_number"),
        CheckConstraint(f"status IN ({STATUS_VALUES})", name="known_status"),
    )

    use_case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("use_case.id"), index=True)
    version_number: Mapped[int]
    # The questionnaire is pinned: the assessment is always read with the exact file it was started on.
    questionnaire_id: Mapped[str] = mapped_column(String(60))
    questionnaire_version: Mapped[str] = mapped_column(String(20))
    questionnaire_sha256: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    status: Mapped[str] = mapped_column(String(30), default=State.DRAFT.value)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    submitted_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The explained risk as it stood when submitted, so the reviewer sees what the submitter saw.
    submitted_risk: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    # Each submission starts a review round; decisions and comments belong to one round.
    review_round: Mapped[int] = mapped_column(default=0, server_default="0")
    decided_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_review_on: Mapped[date | None] = mapped_column(Date)
    # Optimistic locking: a write based on a stale copy fails instead of overwriting.
    lock_version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": lock_version}

    use_case: Mapped[UseCase] = relationship(back_populates="assessments")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])

    @property
    def questionnaire_key(self) -> str:
        return f"{self.questionnaire_id}@{self.questionnaire_version}"

    @property
    def state(self) -> State:
        return State(self.status)



class AssessmentContributor(Base):
    """Someone who created, edited or submitted this assessment version: none of them may decide on it."""

    __tablename__ = "assessment_contributor"

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    first_contributed_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ScanStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class DataScan(UUIDPrimaryKey, Base):
    """One uploaded sample file's findings. The file itself is never stored: only its name, size,
    hash and what was found (counts, shares and masked examples)."""

    __tablename__ = "data_scan"
    __table_args__ = (CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="known_status"),)

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"), index=True)
    uploaded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    file_name: Mapped[str] = mapped_column(String(200))
    file_size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default=ScanStatus.QUEUED.value)
    rows_scanned: Mapped[int] = mapped_column(default=0)
    failure: Mapped[str | None] = mapped_column(String(300))
    report: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    suggestions: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    finished_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime)

    assessment: Mapped[Assessment] = relationship()
    uploaded_by: Mapped[User] = relationship()

    @property
    def finished(self) -> bool:
        return self.status in (ScanStatus.DONE, ScanStatus.FAILED)


class ActionEvidence(UUIDPrimaryKey, Base):
    """The lead's record of a required action that has been done (a completed DPIA or EqIA): its reference,
    when it was completed and signed off, and where it is kept. An attached document is never stored: only
    its name, size and SHA-256, so anyone holding the file can show it is the one recorded."""

    __tablename__ = "action_evidence"
    __table_args__ = (UniqueConstraint("assessment_id", "action_id"),)

    assessment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("assessment.id"), index=True)
    action_id: Mapped[str] = mapped_column(String(60))
    reference: Mapped[str] = mapped_column(String(100))
    completed_on: Mapped[date] = mapped_column(Date)
    signed_off_by: Mapped[str | None] = mapped_column(String(200))
    link: Mapped[str | None] = mapped_column(String(500))
    document_name: Mapped[str | None] = mapped_column(String(200))
    document_size: Mapped[int | None]
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    recorded_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id"))
    recorded_at_utc: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    recorded_by: Mapped[User] = relationship()
