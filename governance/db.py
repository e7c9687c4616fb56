"""Database plumbing: the declarative base, portable column types, and one session per request.

Services flush; only the request (or `transaction()` in command-line code) commits, once, when
everything succeeded.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import JSON, DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONDocument = JSON().with_variant(JSONB(), "postgresql")


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on every backend (SQLite forgets the zone, so it is put back on read)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UUIDPrimaryKey:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


def make_engine(url: str) -> Engine:
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["governance.engine"] = engine
    app.extensions["governance.sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.after_request(_commit_on_success)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The session of the current request or app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["governance.sessionmaker"]()
    session: Session = g.db_session
    return session


def get_engine(app: Flask | None = None) -> Engine:
    engine: Engine = (app or current_app).extensions["governance.engine"]
    return engine


def _commit_on_success(response: Any) -> Any:
    # One commit per request, only when the request succeeded; errors leave nothing half-written.
    session: Session | None = g.pop("db_session", None)
    if session is None:
        return response
    try:
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
    except Exception:
        # The error page that replaces this response still shows the signed-in user: leave it a usable session.
        session.rollback()
        g.db_session = session
        raise
    session.close()
    return response


def roll_back_request() -> None:
    """Undo the request's changes, ending a failed transaction, but keep its session: what is read next (an
    error page's signed-in user) is read afresh in a new transaction."""
    session: Session | None = g.get("db_session")
    if session is not None:
        session.rollback()


def end_reading() -> None:
    """The request has only read and needs the database no more: end its transaction now, so no commit
    round trip is spent on it (the public register's cached pages)."""
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()


def _close_session(_error: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()


@contextmanager
def transaction() -> Iterator[Session]:
    """A session for command-line work: committed when the block succeeds, rolled back otherwise."""
    session = current_app.extensions["governance.sessionmaker"]()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
