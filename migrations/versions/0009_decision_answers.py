"""The answers each decision was made on, so a resubmission shows what every changed answer was before.

Revision ID: 0009_decision_answers
Revises: 0008_action_evidence
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009_decision_answers"
down_revision = "0008_action_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Earlier decisions keep NULL: what they were made on was not kept, and the page says so.
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("answers_seen", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("answers_seen")
