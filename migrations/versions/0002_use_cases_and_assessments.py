"""AI use cases and their numbered assessment versions.

Revision ID: 0002_use_cases_and_assessments
Revises: 0001_initial
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002_use_cases_and_assessments"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)
STATUSES = "'draft', 'submitted', 'changes_requested', 'approved', 'rejected', 'superseded'"


def upgrade() -> None:
    op.create_table(
        "use_case",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("service_area", sa.String(length=100), nullable=True),
        sa.Column("phase", sa.String(length=100), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("created_at_utc", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_use_case_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["owner_id"], ["user_account.id"], name=op.f("fk_use_case_owner_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_use_case")),
        sa.UniqueConstraint("organisation_id", "reference", name=op.f("uq_use_case_organisation_id")),
    )
    op.create_index(op.f("ix_use_case_organisation_id"), "use_case", ["organisation_id"])
    op.create_table(
        "assessment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("use_case_id", sa.Uuid(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(length=60), nullable=False),
        sa.Column("questionnaire_version", sa.String(length=20), nullable=False),
        sa.Column("questionnaire_sha256", sa.String(length=64), nullable=False),
        sa.Column("answers", JSON_DOCUMENT, nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=False),
        sa.Column("created_at_utc", TIMESTAMP, nullable=False),
        sa.Column("updated_at_utc", TIMESTAMP, nullable=False),
        sa.Column("submitted_by_id", sa.Uuid(), nullable=True),
        sa.Column("submitted_at_utc", TIMESTAMP, nullable=True),
        sa.Column("submitted_risk", JSON_DOCUMENT, nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_assessment_known_status")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"],
                                name=op.f("fk_assessment_created_by_id_user_account")),
        sa.ForeignKeyConstraint(["submitted_by_id"], ["user_account.id"],
                                name=op.f("fk_assessment_submitted_by_id_user_account")),
        sa.ForeignKeyConstraint(["use_case_id"], ["use_case.id"], name=op.f("fk_assessment_use_case_id_use_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
        sa.UniqueConstraint("use_case_id", "version_number", name=op.f("uq_assessment_use_case_id")),
    )
    op.create_index(op.f("ix_assessment_use_case_id"), "assessment", ["use_case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_assessment_use_case_id"), table_name="assessment")
    op.drop_table("assessment")
    op.drop_index(op.f("ix_use_case_organisation_id"), table_name="use_case")
    op.drop_table("use_case")
