"""Each audit chain's head, kept by the database, so events deleted from the end of a chain are noticed.

The head is the chain's last event (sequence and hash). A trigger on audit_event moves it forward with each
insert and refuses an event that does not follow it; nothing moves it back or deletes it, and neither
table can be truncated. On PostgreSQL the trigger writes the head with the migrating (owner's) rights, so
the service's role needs only SELECT on it (docs/operations.md, "Database roles").

Revision ID: 0011_audit_chain_heads
Revises: 0010_organisation_certificates
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_audit_chain_heads"
down_revision = "0010_organisation_certificates"
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64

# Chains that already have events start from their last one.
BACKFILL = """
    INSERT INTO audit_chain_head (chain, last_sequence, last_hash)
    SELECT chain, sequence, hash FROM audit_event AS event
    WHERE sequence = (SELECT MAX(sequence) FROM audit_event WHERE chain = event.chain)
"""

POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION audit_chain_advance() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
    DECLARE
      head audit_chain_head%ROWTYPE;
    BEGIN
      SELECT * INTO head FROM audit_chain_head WHERE chain = NEW.chain FOR UPDATE;
      IF NOT FOUND THEN
        head.last_sequence := 0;
        head.last_hash := '{GENESIS_HASH}';
      END IF;
      IF NEW.sequence <> head.last_sequence + 1 OR NEW.previous_hash <> head.last_hash THEN
        RAISE EXCEPTION 'audit_event % of chain % does not follow the head of its chain', NEW.sequence, NEW.chain;
      END IF;
      IF head.chain IS NULL THEN
        INSERT INTO audit_chain_head (chain, last_sequence, last_hash) VALUES (NEW.chain, NEW.sequence, NEW.hash);
      ELSE
        UPDATE audit_chain_head SET last_sequence = NEW.sequence, last_hash = NEW.hash WHERE chain = NEW.chain;
      END IF;
      RETURN NULL;
    END;
    $$""",
    # A SECURITY DEFINER function must not find tables through a search path the caller controls: the
    # service's role could otherwise shadow audit_chain_head with a temporary table.
    """DO $$ BEGIN
      EXECUTE format('ALTER FUNCTION audit_chain_advance() SET search_path = %I, pg_temp', current_schema());
    END $$""",
    # After the insert, so the head can name the new event (its foreign key) and the guard below can see it.
    """CREATE TRIGGER audit_event_advances_head AFTER INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_chain_advance()""",
    """CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_chain_head only moves forward';
      ELSIF TG_OP = 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM audit_event WHERE chain = NEW.chain AND sequence = NEW.last_sequence
                       AND hash = NEW.last_hash)
           OR EXISTS (SELECT 1 FROM audit_event WHERE chain = NEW.chain AND sequence > NEW.last_sequence) THEN
          RAISE EXCEPTION 'audit_chain_head must name the last event of its chain';
        END IF;
      ELSIF NEW.chain <> OLD.chain OR NEW.last_sequence <> OLD.last_sequence + 1
            OR NOT EXISTS (SELECT 1 FROM audit_event WHERE chain = NEW.chain AND sequence = NEW.last_sequence
                           AND hash = NEW.last_hash AND previous_hash = OLD.last_hash) THEN
        RAISE EXCEPTION 'audit_chain_head only moves forward';
      END IF;
      RETURN NEW;
    END;
    $$""",
    """CREATE TRIGGER audit_chain_head_moves_forward BEFORE INSERT OR UPDATE OR DELETE ON audit_chain_head
      FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard()""",
    # TRUNCATE is neither UPDATE nor DELETE, so the row triggers never see it.
    """CREATE FUNCTION audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
    END;
    $$""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate()""",
    """CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER audit_chain_head_no_truncate ON audit_chain_head",
    "DROP TRIGGER audit_event_no_truncate ON audit_event",
    "DROP FUNCTION audit_log_no_truncate()",
    "DROP TRIGGER audit_chain_head_moves_forward ON audit_chain_head",
    "DROP FUNCTION audit_chain_head_guard()",
    "DROP TRIGGER audit_event_advances_head ON audit_event",
    "DROP FUNCTION audit_chain_advance()",
]

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER audit_event_follows_head BEFORE INSERT ON audit_event
      WHEN NEW.sequence IS NOT COALESCE((SELECT last_sequence FROM audit_chain_head WHERE chain = NEW.chain), 0) + 1
        OR NEW.previous_hash IS NOT COALESCE((SELECT last_hash FROM audit_chain_head WHERE chain = NEW.chain),
                                             '{GENESIS_HASH}')
      BEGIN SELECT RAISE(ABORT, 'audit_event does not follow the head of its chain'); END""",
    """CREATE TRIGGER audit_event_advances_head AFTER INSERT ON audit_event
      BEGIN
        UPDATE audit_chain_head SET last_sequence = NEW.sequence, last_hash = NEW.hash WHERE chain = NEW.chain;
        INSERT INTO audit_chain_head (chain, last_sequence, last_hash)
          SELECT NEW.chain, NEW.sequence, NEW.hash
          WHERE NOT EXISTS (SELECT 1 FROM audit_chain_head WHERE chain = NEW.chain);
      END""",
    """CREATE TRIGGER audit_chain_head_starts_at_the_end BEFORE INSERT ON audit_chain_head
      WHEN NOT EXISTS (SELECT 1 FROM audit_event WHERE chain = NEW.chain AND sequence = NEW.last_sequence
                       AND hash = NEW.last_hash)
        OR EXISTS (SELECT 1 FROM audit_event WHERE chain = NEW.chain AND sequence > NEW.last_sequence)
      BEGIN SELECT RAISE(ABORT, 'audit_chain_head must name the last event of its chain'); END""",
    """CREATE TRIGGER audit_chain_head_moves_forward BEFORE UPDATE ON audit_chain_head
      WHEN NEW.chain IS NOT OLD.chain OR NEW.last_sequence IS NOT OLD.last_sequence + 1
        OR NOT EXISTS (SELECT 1 FROM audit_event WHERE chain = NEW.chain AND sequence = NEW.last_sequence
                       AND hash = NEW.last_hash AND previous_hash = OLD.last_hash)
      BEGIN SELECT RAISE(ABORT, 'audit_chain_head only moves forward'); END""",
    """CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chain_head
      BEGIN SELECT RAISE(ABORT, 'audit_chain_head only moves forward'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER audit_chain_head_no_delete",
    "DROP TRIGGER audit_chain_head_moves_forward",
    "DROP TRIGGER audit_chain_head_starts_at_the_end",
    "DROP TRIGGER audit_event_advances_head",
    "DROP TRIGGER audit_event_follows_head",
]


def upgrade() -> None:
    op.create_table(
        "audit_chain_head",
        sa.Column("chain", sa.String(length=40), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["chain", "last_sequence"], ["audit_event.chain", "audit_event.sequence"],
                                name=op.f("fk_audit_chain_head_chain_audit_event")),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_audit_chain_head")),
    )
    op.execute(BACKFILL)
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_TRIGGERS if postgresql else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRES_DROP if postgresql else SQLITE_DROP:
        op.execute(statement)
    op.drop_table("audit_chain_head")
