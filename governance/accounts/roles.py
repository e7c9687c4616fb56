"""The roles a person can hold and their names on pages. Pure: no Flask, no database, so views and
pure code can name a role without importing the models (governance/accounts/models.py re-exports them)."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    DIGITAL_LEAD = "digital_lead"
    IG_OFFICER = "ig_officer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.DIGITAL_LEAD: "Digital lead",
    Role.IG_OFFICER: "Information governance officer",
    Role.ADMIN: "Administrator",
}
