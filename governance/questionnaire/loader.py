"""Find, parse, validate and freeze questionnaire files: questionnaires/<id>/<major>.<minor>.yaml."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml

from governance.questionnaire.issues import QuestionnaireInvalid, ValidationIssue
from governance.questionnaire.model import Questionnaire, build
from governance.questionnaire.schema_check import check_structure
from governance.questionnaire.semantic_check import check_meaning

SCHEMA_DIR_NAME = "_schema"
RELEASED_LOCK = "RELEASED.lock"
VERSION_FILE = re.compile(r"^(\d+\.\d+)\.ya?ml$")


def validate_file(path: Path, schema_dir: Path, check_location: bool = True,
                  released: bool | None = None) -> tuple[Questionnaire | None, list[ValidationIssue]]:
    """Both tiers on one file. Returns the questionnaire when there are no issues.

    A released version must also give every role the service relies on. `released` defaults to whether
    the RELEASED.lock of the file's questionnaires folder lists it (files in the <id>/ layout only).
    """
    try:
        content = path.read_bytes()
    except OSError as error:
        return None, [_in_file(ValidationIssue("unreadable", error.strerror or str(error)), path)]
    if released is None:
        released = check_location and is_released(path)
    questionnaire, issues = _validated(path, schema_dir, check_location, released, content)
    return questionnaire, list(issues)


def is_released(path: Path) -> bool:
    """Whether questionnaires/RELEASED.lock lists questionnaires/<id>/<version>.yaml, whatever hash it gives."""
    return _locked_hash(path) is not None


def _locked_hash(path: Path) -> str | None:
    """The SHA-256 RELEASED.lock gives for the file ("" when it lists none), or None when it is not listed."""
    try:
        lines = (path.parent.parent / RELEASED_LOCK).read_text().splitlines()
    except OSError:
        return None
    listed = {fields[0]: (fields[1:] or [""])[0] for line in lines
              if (fields := line.split()) and not line.startswith("#")}
    return listed.get(f"{path.parent.name}/{path.name}")


@cache
def _validated(path: Path, schema_dir: Path, check_location: bool, released: bool,
               content: bytes) -> tuple[Questionnaire | None, list[ValidationIssue]]:
    # Keyed by the file's bytes: validating the full questionnaire takes about a second, and the
    # result is immutable, so each app started in the same process reuses it.
    issues = [_in_file(issue, path) for issue in _validate(path, content, schema_dir, check_location, released)]
    if issues:
        return None, issues
    built = build(yaml.safe_load(content), hashlib.sha256(content).hexdigest())
    return dataclasses.replace(built, released=released), []


def _validate(path: Path, content: bytes, schema_dir: Path, check_location: bool,
              released: bool) -> list[ValidationIssue]:
    try:
        document = yaml.safe_load(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return [ValidationIssue("yaml_syntax", str(getattr(error, "problem", None) or error), where)]
    issues = check_structure(document, schema_dir)
    if issues:
        return issues
    # The proof that hidden questions never block takes most of a second. A file with its released hash was
    # proved before release and cannot have changed, so a start-up need not prove it again (make test does).
    locked = check_location and _locked_hash(path) == hashlib.sha256(content).hexdigest()
    issues = check_meaning(document, released, prove=not locked)
    if check_location:
        issues += _check_location(document, path)
    return issues


def _check_location(document: Mapping[str, object], path: Path) -> list[ValidationIssue]:
    issues = []
    if document["id"] != path.parent.name:
        issues.append(ValidationIssue("id_mismatch", f"id '{document['id']}' must match its folder "
                                      f"'{path.parent.name}'", "id"))
    match = VERSION_FILE.match(path.name)
    if not match or match.group(1) != document["version"]:
        issues.append(ValidationIssue("version_mismatch", f"version '{document['version']}' must match the file "
                                      f"name '{path.name}'", "version"))
    return issues


def _in_file(issue: ValidationIssue, path: Path) -> ValidationIssue:
    return ValidationIssue(issue.code, issue.message, issue.path, str(path))


def questionnaire_files(root: Path) -> list[Path]:
    return sorted(path for path in root.glob("*/*.y*ml") if path.parent.name != SCHEMA_DIR_NAME)


def load_all(root: Path) -> dict[str, Questionnaire]:
    """Every questionnaire under `root`, keyed 'id@version'. Raises QuestionnaireInvalid listing every issue."""
    loaded: dict[str, Questionnaire] = {}
    issues: list[ValidationIssue] = []
    for path in questionnaire_files(root):
        questionnaire, found = validate_file(path, root / SCHEMA_DIR_NAME)
        issues += found
        if questionnaire is not None:
            loaded[questionnaire.key] = questionnaire
    if issues:
        raise QuestionnaireInvalid(issues)
    return loaded


def latest(questionnaires: Mapping[str, Questionnaire], questionnaire_id: str) -> Questionnaire | None:
    """The version new use cases get: the highest released one (versions compared as numbers, 1.10 after 1.9).

    A draft (a file RELEASED.lock does not list yet) is never given to new use cases while a version of the
    questionnaire is released, so the next version can be written and tested alongside the service. With no
    version released (a test questionnaire, a council's own in the making), the highest draft is used.
    """
    versions = [q for q in questionnaires.values() if q.id == questionnaire_id]
    offered = [q for q in versions if q.released] or versions
    return max(offered, key=lambda q: tuple(int(part) for part in q.version.split(".")), default=None)
