"""Reviews (decisions, conditions, comments), signed records and their certificates, the email outbox.

Revision ID: 0004_reviews_and_records
Revises: 0003_data_scans
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004_reviews_and_records"
down_revision = "0003_data_scans"
branch_labels = None
depends_on = None

JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("review_round", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("decided_at_utc", TIMESTAMP, nullable=True))
        batch.add_column(sa.Column("next_review_on", sa.Date(), nullable=True))

    op.create_table(
        "decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), nullable=False),
        sa.Column("decided_at_utc", TIMESTAMP, nullable=False),
        sa.CheckConstraint("kind IN ('approve', 'approve_with_conditions', 'request_changes', 'reject')",
                           name=op.f("ck_decision_known_kind")),
        _fk("decision", "assessment_id", "assessment"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user_account.id"],
                                name=op.f("fk_decision_decided_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    op.create_index(op.f("ix_decision_assessment_id"), "decision", ["assessment_id"])

    op.create_table(
        "decision_condition",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("met_at_utc", TIMESTAMP, nullable=True),
        _fk("decision_condition", "decision_id", "decision"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_condition")),
    )
    op.create_index(op.f("ix_decision_condition_decision_id"), "decision_condition", ["decision_id"])

    op.create_table(
        "review_comment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("review_round", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.String(length=60), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("created_at_utc", TIMESTAMP, nullable=False),
        _fk("review_comment", "assessment_id", "assessment"),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"],
                                name=op.f("fk_review_comment_author_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comment")),
    )
    op.create_index(op.f("ix_review_comment_assessment_id"), "review_comment", ["assessment_id"])

    op.create_table(
        "signing_certificate",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("pem", sa.Text(), nullable=False),
        sa.Column("development", sa.Boolean(), nullable=False),
        sa.Column("first_used_at_utc", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_signing_certificate")),
    )

    op.create_table(
        "signed_record",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("snapshot", JSON_DOCUMENT, nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("certificate_sha256", sa.String(length=64), nullable=False),
        sa.Column("development_certificate", sa.Boolean(), nullable=False),
        sa.Column("created_at_utc", TIMESTAMP, nullable=False),
        sa.Column("superseded_at_utc", TIMESTAMP, nullable=True),
        _fk("signed_record", "organisation_id", "organisation"),
        _fk("signed_record", "assessment_id", "assessment"),
        _fk("signed_record", "decision_id", "decision"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_record")),
        sa.UniqueConstraint("assessment_id", name=op.f("uq_signed_record_assessment_id")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_signed_record_decision_id")),
        sa.UniqueConstraint("organisation_id", "number", name=op.f("uq_signed_record_organisation_id")),
        sa.UniqueConstraint("sha256", name=op.f("uq_signed_record_sha256")),
    )
    op.create_index(op.f("ix_signed_record_organisation_id"), "signed_record", ["organisation_id"])

    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("recipient_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at_utc", TIMESTAMP, nullable=False),
        sa.Column("sent_at_utc", TIMESTAMP, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("next_attempt_at_utc", TIMESTAMP, nullable=True),
        _fk("outbox_message", "organisation_id", "organisation"),
        sa.ForeignKeyConstraint(["recipient_id"], ["user_account.id"],
                                name=op.f("fk_outbox_message_recipient_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    op.create_index(op.f("ix_outbox_message_organisation_id"), "outbox_message", ["organisation_id"])
    op.create_index(op.f("ix_outbox_message_sent_at_utc"), "outbox_message", ["sent_at_utc"])


def downgrade() -> None:
    op.drop_table("outbox_message")
    op.drop_table("signed_record")
    op.drop_table("signing_certificate")
    op.drop_table("review_comment")
    op.drop_table("decision_condition")
    op.drop_table("decision")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_column("next_review_on")
        batch.drop_column("decided_at_utc")
        batch.drop_column("review_round")
