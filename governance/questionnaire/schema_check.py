"""Tier 1: the structure of a questionnaire file, checked against its JSON Schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from governance.questionnaire.issues import ValidationIssue, path_of

SCHEMA_FILE = "questionnaire.schema.json"


@cache
def _validator(schema_dir: Path) -> Draft202012Validator:
    schema = json.loads((schema_dir / SCHEMA_FILE).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check_structure(document: Any, schema_dir: Path) -> list[ValidationIssue]:
    errors = sorted(_validator(schema_dir).iter_errors(document), key=lambda e: (list(map(str, e.path)), e.message))
    return [_issue(_most_specific(error)) for error in errors]


def _most_specific(error: ValidationError) -> ValidationError:
    # A rule that matches none of its forms reports "oneOf"; the closest form's own error says more.
    if error.validator == "oneOf" and error.context:
        deepest = max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "additionalProperties"))
        if len(deepest.absolute_path) > len(error.absolute_path):
            return _most_specific(deepest)
    return error


def _issue(error: ValidationError) -> ValidationIssue:
    message = error.message if len(error.message) <= 300 else error.message[:297] + "..."
    if isinstance(error.instance, bool):
        message += " (YAML reads unquoted yes, no, on and off as true or false: put them in quotes)"
    return ValidationIssue(f"schema.{error.validator}", message, path_of(error.absolute_path))
