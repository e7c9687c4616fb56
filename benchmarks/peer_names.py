"""What the peers of benchmarks/peers.py call each entity type, in the project's names; and which of their types
they are asked for, so that each looks for what the project looks for. Pure: needs no peer installed."""

from __future__ import annotations

from collections.abc import Iterable

from governance.scanning.entities import ENTITY_LABELS

# Presidio's names are the project's already (the project took its names from Presidio). datafog has its own.
# A type without a project equivalent keeps its own name, so it still counts as reporting the column as
# personal data (wrong unless the truth allows any type).
PROJECT_NAMES: dict[str, dict[str, str]] = {
    "presidio": {},
    "datafog": {"EMAIL": "EMAIL_ADDRESS", "PHONE": "PHONE_NUMBER", "DATE": "DATE_TIME", "DOB": "DATE_TIME",
                "ADDRESS": "LOCATION", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION", "PER": "PERSON",
                "CREDIT_CARD_NUMBER": "CREDIT_CARD", "DE_IBAN": "IBAN_CODE", "SSN": "US_SSN",
                "ZIP": "ZIP_CODE"},
}
NOT_FINDINGS = frozenset({"NON_PII"})  # presidio-structured's entity type for "nothing found"


def project_type(family: str, kind: str) -> str:
    """One of a peer's entity types in the project's name for it, or its own (upper case) when there is none."""
    name = kind.strip().upper()
    return PROJECT_NAMES[family].get(name, name)


def project_types(family: str, types: Iterable[str]) -> list[str]:
    """A peer's entity types in the project's names, sorted and without repeats; "nothing found" dropped."""
    return sorted({project_type(family, kind) for kind in types} - NOT_FINDINGS - {""})


def requested_types(family: str, supported: Iterable[str]) -> list[str]:
    """The peer's own names for the types the project reports, out of those it supports: what it is asked for
    (Presidio's `entities`, datafog's `entity_types`), as a user configuring it for this job would, so that
    it is not marked down for organisations, US social security numbers or crypto wallets."""
    return sorted(kind for kind in set(supported) if project_type(family, kind) in ENTITY_LABELS)
