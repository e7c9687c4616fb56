"""One lifecycle: every state of an assessment version, contributors, round outcomes, conditions with owners
and evidence, and which record superseded which.

Revision ID: 0007_lifecycle
Revises: 0006_questionnaire_roles
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_lifecycle"
down_revision = "0006_questionnaire_roles"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
OLD_STATES = ("draft", "submitted", "changes_requested", "approved", "rejected", "superseded")
NEW_STATES = ("draft", "submitted", "changes_requested", "approved", "approved_with_conditions", "rejected",
              "published", "withdrawn", "superseded", "retired")


def _in(values: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


assessment = sa.table("assessment", sa.column("id", sa.Uuid()), sa.column("status", sa.String()),
                      sa.column("created_by_id", sa.Uuid()), sa.column("submitted_by_id", sa.Uuid()),
                      sa.column("review_round", sa.Integer()))
contributor = sa.table("assessment_contributor", sa.column("assessment_id", sa.Uuid()),
                       sa.column("user_id", sa.Uuid()), sa.column("first_contributed_at_utc", TIMESTAMP))
audit_event = sa.table("audit_event", sa.column("kind", sa.String()), sa.column("subject", sa.String()),
                       sa.column("actor_id", sa.Uuid()), sa.column("occurred_at_utc", TIMESTAMP))
decision = sa.table("decision", sa.column("id", sa.Uuid()), sa.column("assessment_id", sa.Uuid()),
                    sa.column("review_round", sa.Integer()), sa.column("kind", sa.String()),
                    sa.column("final", sa.Boolean()), sa.column("outcome", sa.String()))
condition = sa.table("decision_condition", sa.column("decision_id", sa.Uuid()))
register_entry = sa.table("register_entry", sa.column("assessment_id", sa.Uuid()), sa.column("status", sa.String()))


def upgrade() -> None:
    with op.batch_alter_table("assessment") as batch:
        batch.drop_constraint(op.f("ck_assessment_known_status"), type_="check")
        batch.create_check_constraint(op.f("ck_assessment_known_status"), _in(NEW_STATES))
    op.create_table(
        "assessment_contributor",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("first_contributed_at_utc", TIMESTAMP, nullable=False),
        _fk("assessment_contributor", "assessment_id", "assessment"),
        _fk("assessment_contributor", "user_id", "user_account"),
        sa.PrimaryKeyConstraint("assessment_id", "user_id", name=op.f("pk_assessment_contributor")),
    )
    with op.batch_alter_table("decision") as batch:
        batch.add_column(sa.Column("outcome", sa.String(length=30), nullable=True))
    with op.batch_alter_table("decision_condition") as batch:
        batch.add_column(sa.Column("owner_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("met_by_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("met_evidence", sa.Text(), nullable=True))
        batch.create_foreign_key(op.f("fk_decision_condition_owner_id_user_account"), "user_account",
                                 ["owner_id"], ["id"])
        batch.create_foreign_key(op.f("fk_decision_condition_met_by_id_user_account"), "user_account",
                                 ["met_by_id"], ["id"])
    with op.batch_alter_table("signed_record") as batch:
        batch.add_column(sa.Column("superseded_by_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f("fk_signed_record_superseded_by_id_signed_record"), "signed_record",
                                 ["superseded_by_id"], ["id"])
    _backfill()


def _backfill() -> None:
    """Contributors from who created, submitted and edited each version (the audit log says who edited);
    round outcomes from the conditions both approvals set; published versions from the register."""
    bind = op.get_bind()
    people: dict[tuple[object, object], object] = {}
    rows = bind.execute(sa.select(assessment.c.id, assessment.c.created_by_id, assessment.c.submitted_by_id)).all()
    by_subject = {f"assessment:{row.id}": row.id for row in rows}
    for row in rows:
        for user_id in (row.created_by_id, row.submitted_by_id):
            if user_id is not None:
                people.setdefault((row.id, user_id), None)
    edits = bind.execute(sa.select(audit_event.c.subject, audit_event.c.actor_id, audit_event.c.occurred_at_utc)
                         .where(audit_event.c.kind == "answer_changed", audit_event.c.actor_id.is_not(None))
                         .order_by(audit_event.c.occurred_at_utc)).all()
    for edit in edits:
        assessment_id = by_subject.get(edit.subject)
        if assessment_id is not None and people.get((assessment_id, edit.actor_id)) is None:
            people[(assessment_id, edit.actor_id)] = edit.occurred_at_utc
    now = sa.func.now()
    for (assessment_id, user_id), first in people.items():
        bind.execute(contributor.insert().values(assessment_id=assessment_id, user_id=user_id,
                                                 first_contributed_at_utc=first if first is not None else now))
    with_conditions = {(row.assessment_id, row.review_round) for row in bind.execute(
        sa.select(decision.c.assessment_id, decision.c.review_round).join(
            condition, condition.c.decision_id == decision.c.id)).all()}
    for row in bind.execute(sa.select(decision.c.id, decision.c.assessment_id, decision.c.review_round,
                                      decision.c.kind).where(decision.c.final.is_(True))).all():
        outcome = row.kind
        if row.kind in ("approve", "approve_with_conditions"):
            conditioned = (row.assessment_id, row.review_round) in with_conditions
            outcome = "approve_with_conditions" if conditioned else "approve"
        bind.execute(decision.update().where(decision.c.id == row.id).values(outcome=outcome))
        if outcome == "approve_with_conditions":
            bind.execute(assessment.update().where(assessment.c.id == row.assessment_id,
                                                   assessment.c.status == "approved")
                         .values(status="approved_with_conditions"))
    published = [row.assessment_id for row in bind.execute(
        sa.select(register_entry.c.assessment_id).where(register_entry.c.status == "published")).all()]
    withdrawn = [row.assessment_id for row in bind.execute(
        sa.select(register_entry.c.assessment_id).where(register_entry.c.status == "withdrawn")).all()]
    approved = ("approved", "approved_with_conditions")
    if published:
        bind.execute(assessment.update().where(assessment.c.id.in_(published), assessment.c.status.in_(approved))
                     .values(status="published"))
    if withdrawn:
        bind.execute(assessment.update().where(assessment.c.id.in_(withdrawn), assessment.c.status.in_(approved))
                     .values(status="withdrawn"))


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(assessment.update().where(assessment.c.status.in_(
        ("approved_with_conditions", "published", "withdrawn"))).values(status="approved"))
    bind.execute(assessment.update().where(assessment.c.status == "retired").values(status="superseded"))
    with op.batch_alter_table("signed_record") as batch:
        batch.drop_constraint(op.f("fk_signed_record_superseded_by_id_signed_record"), type_="foreignkey")
        batch.drop_column("superseded_by_id")
    with op.batch_alter_table("decision_condition") as batch:
        batch.drop_constraint(op.f("fk_decision_condition_met_by_id_user_account"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_decision_condition_owner_id_user_account"), type_="foreignkey")
        batch.drop_column("met_evidence")
        batch.drop_column("met_by_id")
        batch.drop_column("owner_id")
    with op.batch_alter_table("decision") as batch:
        batch.drop_column("outcome")
    op.drop_table("assessment_contributor")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_constraint(op.f("ck_assessment_known_status"), type_="check")
        batch.create_check_constraint(op.f("ck_assessment_known_status"), _in(OLD_STATES))
