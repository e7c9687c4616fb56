"""Two-tier validation: every file of the invalid corpus fails with exactly its code and location."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from governance.questionnaire.issues import QuestionnaireInvalid
from governance.questionnaire.loader import load_all, validate_file
from tests.unit.questionnaire.conftest import CORPUS, ROOT, SCHEMA_DIR

# Where each problem is reported inside its file.
EXPECTED_LOCATION = {
    "yaml_syntax": "line 21, column 79",
    "schema.required": "sections[0].questions[6]",
    "schema.additionalProperties": "sections[0].questions[6]",
    "schema.enum": "sections[0].questions[6].type",
    "schema.pattern": "sections[0].questions[6].id",
    "duplicate_id": "sections[0].questions[6].id",
    "duplicate_ref": "sections[0].questions[6].ref",
    "thresholds_unordered": "scoring.levels",
    "levels_unordered": "scoring.levels",
    "section_requires_later": "sections[1].requires[0]",
    "duplicate_option": "sections[0].questions[3].options",
    "yes_no_unsure_value": "sections[1].questions[0].options[1].value",
    "partial_scores": "sections[0].questions[3].options",
    "exclusive_not_checkboxes": "sections[0].questions[3].options[1].exclusive",
    "reason_missing": "sections[0].questions[3].options[0]",
    "min_above_max": "sections[1].questions[2].min",
    "duplicate_field": "sections[1].questions[9].fields",
    "private_answer_published": "sections[0].questions[5].atrs",
    "unknown_question": "sections[1].questions[4].show_when",
    "forward_reference": "sections[1].questions[4].show_when",
    "operator_mismatch": "sections[1].questions[4].show_when",
    "unknown_option": "sections[1].questions[4].show_when",
    "action_rule_in_show_when": "sections[1].questions[4].show_when",
    "action_rule_with_triggers": "rules[3].triggers",
    "action_rule_in_done_when": "actions[1].done_when",
    "action_rule_in_applies_when": "actions[1].applies_when",
    "duplicate_action": "actions",
    "unknown_action": "rules",
    "atrs_field_missing": "sections",
    "duplicate_role": "sections[1].questions[4].role",
    "role_type_mismatch": "sections[0].questions[0].role",
    "field_role_misplaced": "sections[1].questions[9].fields[0].role",
    "option_meaning_misplaced": "sections[0].questions[3].options[1].refuses_publication",
    "role_missing": "sections",
    "source_missing": "rules[1]",
    "blocker_on_hidden_question": "rules[3].when",
    "action_done_on_hidden_question": "actions[0].done_when",
}
# Only a released version must give every role; these files are checked as if RELEASED.lock listed them.
CHECKED_AS_RELEASED = {"role_missing"}
INVALID_FILES = sorted((CORPUS / "invalid").glob("*.yaml"))


def test_corpus_and_expectations_match() -> None:
    assert {path.stem for path in INVALID_FILES} == set(EXPECTED_LOCATION)


@pytest.mark.parametrize("path", INVALID_FILES, ids=lambda path: path.stem)
def test_invalid_file_reports_its_code_and_location(path: Path) -> None:
    questionnaire, issues = validate_file(path, SCHEMA_DIR, check_location=False,
                                          released=path.stem in CHECKED_AS_RELEASED)

    assert questionnaire is None
    assert [(issue.code, issue.path) for issue in issues] == [(path.stem, EXPECTED_LOCATION[path.stem])]
    assert issues[0].file == str(path)
    assert issues[0].message


@pytest.mark.parametrize("path", sorted((CORPUS / "valid").glob("*.yaml")), ids=lambda path: path.stem)
def test_valid_files_pass(path: Path) -> None:
    questionnaire, issues = validate_file(path, SCHEMA_DIR, check_location=False)

    assert issues == []
    assert questionnaire is not None


def test_shipped_questionnaires_are_valid() -> None:
    loaded = load_all(ROOT / "questionnaires")

    assert "ai-use-case-assessment@1.0" in loaded


def _layout(tmp_path: Path, folder: str, file_name: str) -> Path:
    shutil.copytree(SCHEMA_DIR, tmp_path / "_schema")
    (tmp_path / folder).mkdir()
    target = tmp_path / folder / file_name
    shutil.copyfile(CORPUS / "valid" / "small.yaml", target)
    return target


def test_id_must_match_folder_and_version_the_file_name(tmp_path: Path) -> None:
    _layout(tmp_path, "other-name", "2.0.yaml")

    with pytest.raises(QuestionnaireInvalid) as caught:
        load_all(tmp_path)

    assert [issue.code for issue in caught.value.issues] == ["id_mismatch", "version_mismatch"]
    assert "other-name/2.0.yaml" in str(caught.value)


def test_a_file_in_the_right_place_loads_with_its_hash(tmp_path: Path) -> None:
    target = _layout(tmp_path, "small", "1.0.yaml")

    loaded = load_all(tmp_path)

    import hashlib

    assert loaded["small@1.0"].sha256 == hashlib.sha256(target.read_bytes()).hexdigest()


def test_loaded_questionnaire_is_immutable(small) -> None:
    with pytest.raises(AttributeError):
        small.title = "changed"
    with pytest.raises(AttributeError):
        small.questions[0].text = "changed"


def test_released_questionnaires_are_unchanged() -> None:
    import hashlib

    lock = ROOT / "questionnaires" / "RELEASED.lock"
    entries = [line.split() for line in lock.read_text().splitlines() if line and not line.startswith("#")]
    assert entries, "RELEASED.lock lists no versions"
    for relative, expected in entries:
        actual = hashlib.sha256((ROOT / "questionnaires" / relative).read_bytes()).hexdigest()
        assert actual == expected, f"{relative} was released and must not change: add a new version instead"
