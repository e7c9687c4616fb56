"""Evidence of completed required actions (the DPIA's and EqIA's reference, date and document fingerprint),
and assessments of ai-use-case-assessment 1.0 re-pinned to the file that says when each action is done.

Revision ID: 0008_action_evidence
Revises: 0007_lifecycle
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from governance.migrate import repin_questionnaire

revision = "0008_action_evidence"
down_revision = "0007_lifecycle"
branch_labels = None
depends_on = None

# The released 1.0 file gained annotations only: `done_when` on the DPIA and EqIA actions (the answers to
# C14 and E4 that already cleared their blockers), FREE_TEXT suggesting "Free-text case notes" and URL
# suggesting "Names and reference numbers". Every id, wording, score and rule is unchanged.
QUESTIONNAIRE = ("ai-use-case-assessment", "1.0")
BEFORE = "da056a18e7698d24d062ceabf916583b7c0f6f9f3c5afcf68c1d3ef66507ec6f"
AFTER = "a48cb4ded68644451aa58530c1a51190b148fe117e73247a6849a07611526248"
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "action_evidence",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("action_id", sa.String(length=60), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("signed_off_by", sa.String(length=200), nullable=True),
        sa.Column("link", sa.String(length=500), nullable=True),
        sa.Column("document_name", sa.String(length=200), nullable=True),
        sa.Column("document_size", sa.Integer(), nullable=True),
        sa.Column("document_sha256", sa.String(length=64), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), nullable=False),
        sa.Column("recorded_at_utc", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessment.id"],
                                name=op.f("fk_action_evidence_assessment_id_assessment")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"],
                                name=op.f("fk_action_evidence_recorded_by_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_evidence")),
        sa.UniqueConstraint("assessment_id", "action_id", name=op.f("uq_action_evidence_assessment_id")),
    )
    op.create_index(op.f("ix_action_evidence_assessment_id"), "action_evidence", ["assessment_id"])
    repin_questionnaire(op, QUESTIONNAIRE, BEFORE, AFTER)


def downgrade() -> None:
    repin_questionnaire(op, QUESTIONNAIRE, AFTER, BEFORE)
    op.drop_index(op.f("ix_action_evidence_assessment_id"), table_name="action_evidence")
    op.drop_table("action_evidence")
