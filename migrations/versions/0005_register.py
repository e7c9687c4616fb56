"""The public register: published entries and entries imported from other instances.

Revision ID: 0005_register
Revises: 0004_reviews_and_records
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005_register"
down_revision = "0004_reviews_and_records"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "register_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("use_case_id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("public_id", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content", JSON_DOCUMENT, nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("function", sa.String(length=200), nullable=True),
        sa.Column("phase", sa.String(length=100), nullable=True),
        sa.Column("capability", sa.String(length=300), nullable=True),
        sa.Column("risk_level", sa.String(length=4), nullable=False),
        sa.Column("suppliers", sa.String(length=1000), nullable=False),
        sa.Column("published_at_utc", TIMESTAMP, nullable=False),
        sa.Column("published_by_id", sa.Uuid(), nullable=False),
        sa.Column("withdrawn_at_utc", TIMESTAMP, nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        sa.Column("changed_at_utc", TIMESTAMP, nullable=False),
        sa.CheckConstraint("status IN ('published', 'superseded', 'withdrawn')",
                           name=op.f("ck_register_entry_known_status")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_register_entry_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["use_case_id"], ["use_case.id"], name=op.f("fk_register_entry_use_case_id_use_case")),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_register_entry_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["published_by_id"], ["user_account.id"],
                                name=op.f("fk_register_entry_published_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_entry")),
        sa.UniqueConstraint("use_case_id", "version", name=op.f("uq_register_entry_use_case_id")),
    )
    op.create_index(op.f("ix_register_entry_organisation_id"), "register_entry", ["organisation_id"])
    op.create_index(op.f("ix_register_entry_use_case_id"), "register_entry", ["use_case_id"])
    op.create_index(op.f("ix_register_entry_public_id"), "register_entry", ["public_id"])
    op.create_index("ix_register_entry_status_published", "register_entry", ["status", "published_at_utc"])

    op.create_table(
        "imported_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("entry_id", sa.String(length=120), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("suppliers", sa.String(length=1000), nullable=False),
        sa.Column("products", sa.String(length=1000), nullable=False),
        sa.Column("content", JSON_DOCUMENT, nullable=False),
        sa.Column("imported_at_utc", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_entry")),
        sa.UniqueConstraint("source", "entry_id", name=op.f("uq_imported_entry_source")),
    )
    op.create_index(op.f("ix_imported_entry_source"), "imported_entry", ["source"])

    op.create_table(
        "register_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("changed_at_utc", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_state")),
    )


def downgrade() -> None:
    op.drop_table("register_state")
    op.drop_table("imported_entry")
    op.drop_table("register_entry")
