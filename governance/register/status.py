"""Where a published register entry stands. Pure: no Flask, no database, so views can compare an entry's
status without importing the models (governance/register/models.py re-exports it)."""

from __future__ import annotations

import enum


class EntryStatus(enum.StrEnum):
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"
