"""Checks of free text that people type into forms, shared by services. Pure."""

from __future__ import annotations

from collections.abc import Callable


def required_text(value: str, *, limit: int, missing: str, name: str, error: Callable[[str], Exception]) -> str:
    """The text without surrounding space; raises `error` when it is empty or longer than `limit`."""
    text = value.strip()
    if not text:
        raise error(missing)
    if len(text) > limit:
        raise error(f"The {name} must be {limit:,} characters or fewer")
    return text
