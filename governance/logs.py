"""Structured logs: one JSON object per line, each tagged with the request id.

What may be logged is decided here: the path without its query string, the status, timings and
ids. Never request bodies, form fields, answers, uploads or exception messages (a database error's
message can quote the personal data it failed to write).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import traceback
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_STANDARD_RECORD_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Extra fields that callers may attach; anything else is dropped rather than risk leaking data.
_ALLOWED_EXTRA_FIELDS = {"method", "path", "status", "duration_ms", "user_id", "endpoint", "event"}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = g.get("request_id")
        for key, value in vars(record).items():
            if key in _ALLOWED_EXTRA_FIELDS and key not in _STANDARD_RECORD_FIELDS:
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            entry["exception"] = _describe_exception(record.exc_info[1])
        return json.dumps(entry, default=str)


def _describe_exception(error: BaseException | None) -> dict[str, Any]:
    if error is None:
        return {}
    frames = traceback.extract_tb(error.__traceback__)
    return {
        "type": f"{type(error).__module__}.{type(error).__qualname__}",
        "frames": [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames[-15:]],
    }


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    # Werkzeug's own access log repeats the query string; ours replaces it.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # Rendering a record logs every layout step; only problems are worth a line.
    for noisy in ("weasyprint", "fontTools", "pyhanko"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _start_request() -> None:
    supplied = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = supplied if _VALID_REQUEST_ID.match(supplied) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
    started = g.get("request_started")
    # Only a user the request already loaded: logging must not query (or fail on) the database.
    user = g.get("_login_user")
    user_id = str(user.id) if user is not None and user.is_authenticated else None
    logging.getLogger("governance.request").info(
        "request",
        extra={
            "method": request.method,
            "path": request.path,
            "endpoint": request.endpoint,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            "user_id": user_id,
        },
    )
    return response


def init_app(app: Flask) -> None:
    app.before_request(_start_request)
    app.after_request(_log_request)
