"""The service's public addresses, for records, open data, feeds and emails.

They come from PUBLIC_BASE_URL (required in production), never from the request: its Host header is the
caller's to set, and open data built from it is cached and served to everyone. Only a development
instance without PUBLIC_BASE_URL falls back to the address it was reached at.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request, url_for


def public_base() -> str:
    base: str | None = current_app.config.get("PUBLIC_BASE_URL")
    return base or request.host_url.rstrip("/")


def public_url(endpoint: str, **values: Any) -> str:
    return public_base() + url_for(endpoint, **values)
