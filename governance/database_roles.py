"""The PostgreSQL role the service runs as: every privilege the application uses, none that could rewrite the
audit log. The database's owner, who runs the migrations, grants them (`governance db grant-service-role`).

The service's role may add audit events but not change, delete or truncate them, and may only read the chain
heads (the owner's trigger moves them). Not owning the tables, it cannot disable their triggers either.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, create_engine, text

from governance.db import Base

# Tables the service's role may not write freely; every other table gets the application's usual DML.
# alembic_version is readable so the service's role can take backups (pg_dump reads every table).
LIMITED_PRIVILEGES = {"audit_event": "SELECT, INSERT", "audit_chain_head": "SELECT", "alembic_version": "SELECT"}
APPLICATION_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


class RoleRefused(ValueError):
    """The role would defeat the point: it could rewrite the audit log anyway."""


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def service_role_grants(role: str, schema: str, tables: Iterable[str]) -> list[str]:
    """The statements that give `role` exactly the service's privileges on `tables`. Revoking first makes
    running them again (after each upgrade) put right anything granted by hand since."""
    grantee, where = quote_identifier(role), quote_identifier(schema)
    statements = [f"REVOKE ALL ON ALL TABLES IN SCHEMA {where} FROM {grantee}",
                  f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {where} FROM {grantee}",
                  f"GRANT USAGE ON SCHEMA {where} TO {grantee}"]
    statements += [f"GRANT {LIMITED_PRIVILEGES.get(table, APPLICATION_PRIVILEGES)} ON TABLE "
                   f"{where}.{quote_identifier(table)} TO {grantee}" for table in sorted(tables)]
    # Inserting into a table with an identity column (audit_event.id) takes the sequence's next value.
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {grantee}")
    return statements


def application_tables() -> list[str]:
    """Every table the migrations make, with Alembic's own."""
    import governance.models  # noqa: F401 - registers every table on Base.metadata

    return sorted([*Base.metadata.tables, "alembic_version"])


def grant_service_role(database_url: str, role: str) -> None:
    """Grant the service's privileges to `role`, as the connection's user (the owner). Raises RoleRefused when
    the role does not exist or could rewrite the audit log."""
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name != "postgresql":
                raise RoleRefused("database roles are for PostgreSQL; SQLite has none")
            _check_role(connection, role)
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            for statement in service_role_grants(role, schema, application_tables()):
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _check_role(connection: Connection, role: str) -> None:
    owner = connection.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event' "
                                    "AND schemaname = current_schema()")).scalar()
    if owner is None:
        raise RoleRefused("the database is not migrated yet: run `governance db upgrade` as its owner first")
    found = connection.execute(text("SELECT rolsuper, pg_has_role(rolname, :table_owner, 'MEMBER') AS acts_as_owner "
                                    "FROM pg_roles WHERE rolname = :role"), {"role": role, "table_owner": owner}
                               ).first()
    if found is None:
        raise RoleRefused(f"there is no role {role}: create it first (CREATE ROLE {role} LOGIN PASSWORD ...)")
    if found.rolsuper:
        raise RoleRefused(f"{role} is a superuser, which no privilege limits")
    if found.acts_as_owner:
        raise RoleRefused(f"{role} owns the tables (or can act as their owner), so it could disable the audit "
                          "log's triggers: the service needs a role of its own")
