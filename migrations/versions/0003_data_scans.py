"""Findings of sample-data scans (never the data itself).

Revision ID: 0003_data_scans
Revises: 0002_use_cases_and_assessments
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003_data_scans"
down_revision = "0002_use_cases_and_assessments"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "data_scan",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("rows_scanned", sa.Integer(), nullable=False),
        sa.Column("failure", sa.String(length=300), nullable=True),
        sa.Column("report", JSON_DOCUMENT, nullable=True),
        sa.Column("suggestions", JSON_DOCUMENT, nullable=True),
        sa.Column("created_at_utc", TIMESTAMP, nullable=False),
        sa.Column("finished_at_utc", TIMESTAMP, nullable=True),
        sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')",
                           name=op.f("ck_data_scan_known_status")),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_data_scan_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["user_account.id"],
                                name=op.f("fk_data_scan_uploaded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_scan")),
    )
    op.create_index(op.f("ix_data_scan_assessment_id"), "data_scan", ["assessment_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_data_scan_assessment_id"), table_name="data_scan")
    op.drop_table("data_scan")
