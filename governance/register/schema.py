"""The JSON Schema of a public register entry, built from the ATRS field catalogue, and validation
of entries (our own, and imported ones). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator

from governance.register.atrs import ENTRY_FORMAT, METADATA_FIELDS, TIER_1, TIER_2, WITHHOLDABLE

SCHEMA_ID = "/register/schema/entry.json"
TEXT = {"type": ["string", "null"], "maxLength": 20000}
NAMES = {"type": "array", "items": {"type": "string", "maxLength": 300}, "maxItems": 100}


def _object(keys: list[str], schema: Mapping[str, Any] = TEXT) -> dict[str, Any]:
    return {"type": "object", "properties": {key: dict(schema) for key in keys}, "required": keys,
            "additionalProperties": False}


def entry_schema() -> dict[str, Any]:
    metadata = _object([field.key for field in METADATA_FIELDS] + ["organisation_slug"])
    for key in ("organisation", "organisation_slug", "date_published", "atrs_version"):
        metadata["properties"][key] = {"type": "string", "minLength": 1, "maxLength": 300}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Algorithmic transparency register entry",
        "description": "One published record of an AI or algorithmic tool, aligned with the UK Algorithmic "
                       "Transparency Recording Standard (Tier 1 overview, Tier 2 detail and metadata).",
        "type": "object",
        "required": ["format", "id", "reference", "version", "metadata", "tier_1", "tier_2", "risk_level",
                     "suppliers", "products", "withheld", "exemption"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": ENTRY_FORMAT},
            "id": {"type": "string", "pattern": r"^[a-z0-9-]{1,60}/[A-Za-z0-9-]{1,40}$"},
            "reference": {"type": "string", "pattern": r"^[A-Za-z0-9-]{1,40}$"},
            "version": {"type": "integer", "minimum": 1},
            "metadata": metadata,
            "tier_1": _object([field.key for field in TIER_1.fields]),
            "tier_2": {"type": "object", "additionalProperties": False, "required": [s.key for s in TIER_2],
                       "properties": {section.key: _object([field.key for field in section.fields])
                                      for section in TIER_2}},
            "risk_level": {"enum": ["I", "II", "III", "IV"]},
            "suppliers": NAMES,
            "products": NAMES,
            "withheld": {"type": "array", "items": {"enum": list(WITHHOLDABLE)}, "uniqueItems": True},
            "exemption": TEXT,
        },
    }


def entry_problems(entry: Any) -> list[str]:
    """Why `entry` is not a valid register entry, in plain words with the place of each problem."""
    validator = Draft202012Validator(entry_schema())
    problems = []
    for error in sorted(validator.iter_errors(entry), key=lambda error: list(error.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "the entry"
        problems.append(f"{where}: {error.message[:200]}")
    return problems
