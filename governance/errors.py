"""Domain exceptions and the friendly error pages. Error pages say what happened and what to do,
never how the service is built."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

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


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(NotFound, lambda _error: _render_error(404))
    app.register_error_handler(PermissionError, lambda _error: _render_error(403))
    # Optimistic locking: a save based on a copy that someone else changed first.
    app.register_error_handler(StaleDataError, lambda _error: _render_error(409))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def _render_error(status: int, template: str | None = None) -> tuple[Response | str, int]:
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


def _http_error(error: HTTPException) -> tuple[Response | str, int]:
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
