"""The governance service: assess AI use cases, approve them with signed records, publish a register.

Importing the package costs nothing: the command line starts without Flask or the database, and the web
application is built only where it is needed (`from governance import create_app`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from governance.application import create_app as create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from governance.application import create_app

        return create_app
    raise AttributeError(f"module 'governance' has no attribute {name!r}")
