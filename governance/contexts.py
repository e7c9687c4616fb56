"""The app behind Flask's `current_app` proxy, for work that outlives the app context it was started in."""

from __future__ import annotations

from typing import cast

from flask import Flask, current_app
from werkzeug.local import LocalProxy


def current_app_object() -> Flask:
    """The app itself rather than the proxy, to hand to a background thread or to a new app context."""
    # Flask annotates current_app as Flask so attribute access type-checks; it is a LocalProxy standing for one.
    return cast("LocalProxy[Flask]", current_app)._get_current_object()
