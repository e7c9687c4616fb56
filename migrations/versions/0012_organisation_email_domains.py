"""The email domains of each organisation's staff: an administrator adds accounts only at those domains.

Revision ID: 0012_organisation_email_domains
Revises: 0011_audit_chain_heads
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_organisation_email_domains"
down_revision = "0011_audit_chain_heads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Organisations start with none: the operator sets them (`governance organisations domains`).
    op.create_table(
        "organisation_email_domain",
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_organisation_email_domain_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("domain", name=op.f("pk_organisation_email_domain")),
    )
    op.create_index(op.f("ix_organisation_email_domain_organisation_id"), "organisation_email_domain",
                    ["organisation_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_organisation_email_domain_organisation_id"), table_name="organisation_email_domain")
    op.drop_table("organisation_email_domain")
