"""Domain exceptions and the friendly error pages. Error pages say what happened and what to do,
never how the service is built."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from governance.db import roll_back_request

log = logging.getLogger(__name__)

ERROR_TITLES = {
    400: "There is a problem with your request",
    403: "You do not have permission to view this page",
    404: "Page not found",
    405: "Page not found",
    409: "Someone else changed this at the same time",
    413: "The file is too large",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}


class DomainError(Exception):
    """Base for errors the service layer raises on purpose."""


class NotFound(DomainError):
    """The object does not exist, or belongs to another organisation: the two look the same."""


# PostgreSQL's codes for "another transaction got there first": a key a concurrent insert took, a serialisation
# failure, a deadlock, a lock not granted in time. The same request sent again from a fresh page would succeed.
CONFLICT_SQLSTATES = frozenset({"23505", "40001", "40P01", "55P03"})
# SQLite's: the database stayed locked by another writer past busy_timeout, or a key was taken first.
CONFLICT_SQLITE_ERRORS = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")


def is_conflict(error: BaseException | None) -> bool:
    """Whether `error` means a concurrent request changed the same rows first (a 409), not a fault (a 500)."""
    if isinstance(error, StaleDataError):
        return True
    if not isinstance(error, DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    if sqlstate:
        return sqlstate in CONFLICT_SQLSTATES
    return str(getattr(error.orig, "sqlite_errorname", "")).startswith(CONFLICT_SQLITE_ERRORS)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(NotFound, lambda _error: _render_error(404))
    app.register_error_handler(PermissionError, lambda _error: _render_error(403))
    # Optimistic locking (a save based on a copy someone else changed first) and other concurrent changes.
    app.register_error_handler(StaleDataError, _database_error)
    app.register_error_handler(DBAPIError, _database_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _render_error(status: int, template: str | None = None) -> tuple[Response | str, int]:
    # The request's changes are void, and its transaction may have failed: the page (which shows the signed-in
    # user) reads in a fresh one.
    roll_back_request()
    if request.path.startswith("/healthz") or request.accept_mimetypes.best == "application/json":
        return jsonify({"error": ERROR_TITLES.get(status, "Error")}), status
    name = template or f"errors/{status if status in ERROR_TITLES else 500}.html"
    title = ERROR_TITLES.get(status, ERROR_TITLES[500])
    try:
        return render_template(name, title=title, status=status), status
    except Exception:  # noqa: BLE001 - e.g. the database is down and the layout cannot load the user
        log.exception("error page could not be rendered")
        return FALLBACK_PAGE.format(title=title), status


FALLBACK_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>Try again later.</p></main></body></html>"""


def _csrf_error(_error: CSRFError) -> tuple[Response | str, int]:
    log.warning("csrf check failed")
    return _render_error(400, "errors/csrf.html")


def _database_error(error: Exception) -> tuple[Response | str, int]:
    if not is_conflict(error):
        return _unexpected_error(error)
    # The message would quote the statement's values (answers, names), so only the kind is logged.
    log.warning("concurrent change refused: %s", type(error).__name__)
    return _render_error(409)


def _http_error(error: HTTPException) -> tuple[Response | str, int]:
    # The request's commit, after the view, failed: Flask hands that on as a 500 wrapping it.
    original = getattr(error, "original_exception", None)
    if isinstance(original, Exception) and is_conflict(original):
        return _database_error(original)
    status = error.code or 500
    if status == 405:
        status = 404
    if status >= 500:
        log.error("http error %s", status)
    return _render_error(status)


def _unexpected_error(error: Exception) -> tuple[Response | str, int]:
    # The traceback goes to the log (which never holds request bodies), not to the page.
    log.error("unhandled exception", exc_info=error)
    return _render_error(500)
