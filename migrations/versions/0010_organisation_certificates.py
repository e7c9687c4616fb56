"""Each organisation signs with its own certificate: installed bundles, the owner of every certificate, and
the time-stamp authorities records were time-stamped under.

Revision ID: 0010_organisation_certificates
Revises: 0009_decision_answers
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_organisation_certificates"
down_revision = "0009_decision_answers"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("signing_certificate") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("issuer", sa.String(length=400), nullable=True))
        batch.add_column(sa.Column("valid_until_utc", TIMESTAMP, nullable=True))
        batch.create_foreign_key(op.f("fk_signing_certificate_organisation_id_organisation"), "organisation",
                                 ["organisation_id"], ["id"])
        batch.create_index(op.f("ix_signing_certificate_organisation_id"), ["organisation_id"])
    # A certificate that signed the records of one organisation only is that organisation's. One that signed
    # for several (the instance-wide certificate of earlier releases) stays without an owner.
    op.execute("""
        UPDATE signing_certificate SET organisation_id = (
            SELECT signed_record.organisation_id FROM signed_record
            WHERE signed_record.certificate_sha256 = signing_certificate.sha256 LIMIT 1)
        WHERE (SELECT COUNT(DISTINCT signed_record.organisation_id) FROM signed_record
               WHERE signed_record.certificate_sha256 = signing_certificate.sha256) = 1
    """)
    op.create_table(
        "installed_certificate",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("certificate_sha256", sa.String(length=64), nullable=False),
        sa.Column("bundle", sa.LargeBinary(), nullable=False),
        sa.Column("installed_by_id", sa.Uuid(), nullable=True),
        sa.Column("installed_at_utc", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["certificate_sha256"], ["signing_certificate.sha256"],
                                name=op.f("fk_installed_certificate_certificate_sha256_signing_certificate")),
        sa.ForeignKeyConstraint(["installed_by_id"], ["user_account.id"],
                                name=op.f("fk_installed_certificate_installed_by_id_user_account")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_installed_certificate_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_installed_certificate")),
    )


    op.create_table(
        "timestamp_authority",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("pem", sa.Text(), nullable=False),
        sa.Column("first_used_at_utc", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_timestamp_authority")),
    )


def downgrade() -> None:
    op.drop_table("timestamp_authority")
    op.drop_table("installed_certificate")
    with op.batch_alter_table("signing_certificate") as batch:
        batch.drop_index(op.f("ix_signing_certificate_organisation_id"))
        batch.drop_constraint(op.f("fk_signing_certificate_organisation_id_organisation"), type_="foreignkey")
        batch.drop_column("valid_until_utc")
        batch.drop_column("issuer")
        batch.drop_column("organisation_id")
