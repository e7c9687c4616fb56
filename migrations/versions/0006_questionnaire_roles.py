"""Re-pin assessments of ai-use-case-assessment 1.0 to the file with role annotations.

Revision ID: 0006_questionnaire_roles
Revises: 0005_register
Create Date: 2026-12-01
"""

from alembic import op

from governance.migrate import repin_questionnaire

revision = "0006_questionnaire_roles"
down_revision = "0005_register"
branch_labels = None
depends_on = None

# The released 1.0 file gained `role:` on seven questions and three list fields, and meanings on some
# options (refuses_publication, suggested_by, special_category), so code finds them by role, not id. Every
# id, wording, score and rule is identical, so answers mean what they meant: only the file's hash moved.
# Assessments pin that hash and could no longer be opened, so they move to the new one. Signed records
# keep the hash they were signed with: they are immutable snapshots of what was asked.
QUESTIONNAIRE = ("ai-use-case-assessment", "1.0")
BEFORE = "a49b31840cb24f6d0ad016356e22dd5afa8c209913992022fb7c8074958fd8fd"
AFTER = "da056a18e7698d24d062ceabf916583b7c0f6f9f3c5afcf68c1d3ef66507ec6f"


def upgrade() -> None:
    repin_questionnaire(op, QUESTIONNAIRE, BEFORE, AFTER)


def downgrade() -> None:
    repin_questionnaire(op, QUESTIONNAIRE, AFTER, BEFORE)
