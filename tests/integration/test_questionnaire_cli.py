"""`governance questionnaires validate` and `governance assess` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.cli import ScriptInfo

from governance.cli import main

CORPUS = Path(__file__).resolve().parents[1] / "questionnaires"


def _run(app: Flask, args: list[str]):
    return app.test_cli_runner().invoke(main, args, obj=ScriptInfo(create_app=lambda: app))


def test_validate_passes_on_the_shipped_questionnaires(app: Flask) -> None:
    result = _run(app, ["questionnaires", "validate"])

    assert result.exit_code == 0, result.output
    assert "ai-use-case-assessment@1.0" in result.output and "ai-use-case-assessment@1.1" in result.output


@pytest.mark.parametrize("code", ["source_missing", "blocker_on_hidden_question", "action_done_on_hidden_question"])
def test_validate_fails_with_the_checks_1_1_brought(app: Flask, code: str) -> None:
    """Rules cite their sources, and hidden questions never block: each has its own stable code."""
    result = _run(app, ["questionnaires", "validate", str(CORPUS / "invalid" / f"{code}.yaml")])

    assert result.exit_code != 0
    assert code in result.output


@pytest.mark.parametrize("path", sorted((CORPUS / "invalid").glob("*.yaml"))[:6], ids=lambda p: p.stem)
def test_validate_fails_naming_file_code_and_place(app: Flask, path: Path) -> None:
    result = _run(app, ["questionnaires", "validate", str(path)])

    assert result.exit_code == 1
    assert f"{path}: {path.stem}" in result.output


def _answers(tmp_path: Path, text: str) -> str:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return str(path)


def test_assess_prints_the_contract_json(app: Flask, tmp_path: Path) -> None:
    answers = _answers(tmp_path, "personal-data: yes\nthird-party-involved: yes\nsupplier-model-training: dont-know\n")

    result = _run(app, ["assess", answers, "--json"])

    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    # The newest released version; its stops cite their source.
    assert document["questionnaire"] == "ai-use-case-assessment@1.1"
    assert document["level"] == "IV"
    assert {"question": "rule:supplier-trains-on-personal-data"} .items() <= document["stops"][0].items()
    assert document["stops"][0]["source"]["url"].startswith("https://www.legislation.gov.uk/")
    assert set(document) == {"questionnaire", "level", "score", "required_actions", "blockers", "stops", "reasons"}


def test_assess_without_json_is_readable(app: Flask, tmp_path: Path) -> None:
    result = _run(app, ["assess", _answers(tmp_path, "people-involved: [children]\npersonal-data: yes\n")])

    assert result.exit_code == 0
    assert "Impact level" in result.output and "dpia" in result.output


@pytest.mark.parametrize(
    ("text", "named"),
    [("no-such-question: yes\n", "unknown question id 'no-such-question'"),
     ("lifecycle-phase: launched\n", "unknown option value 'launched'"),
     ("people-affected-per-year: lots\n", "expected a number")],
)
def test_assess_exits_2_naming_the_problem(app: Flask, tmp_path: Path, text: str, named: str) -> None:
    result = _run(app, ["assess", _answers(tmp_path, text), "--json"])

    assert result.exit_code == 2
    assert named in result.output


def test_app_refuses_to_start_with_an_invalid_questionnaire(tmp_path: Path, sqlite_template: Path) -> None:
    import shutil

    from governance.questionnaire.issues import QuestionnaireInvalid
    from tests.conftest import make_test_app

    root = tmp_path / "questionnaires"
    shutil.copytree(CORPUS.parent.parent / "questionnaires" / "_schema", root / "_schema")
    (root / "small").mkdir()
    shutil.copyfile(CORPUS / "invalid" / "forward_reference.yaml", root / "small" / "1.0.yaml")

    with pytest.raises(QuestionnaireInvalid, match=r"small/1.0.yaml: forward_reference \(at sections\[1\]"):
        make_test_app(f"sqlite:///{sqlite_template}", tmp_path, QUESTIONNAIRES_PATH=str(root))


def test_validate_fails_when_a_released_copy_loses_a_role_and_passes_when_questions_are_renamed(
        app: Flask, tmp_path: Path) -> None:
    from tests.questionnaire_copies import SHIPPED_FILE, questionnaires_folder, renamed_text, without_lines

    renamed = renamed_text(SHIPPED_FILE.read_text())
    good = questionnaires_folder(tmp_path / "renamed", renamed) / "ai-use-case-assessment" / "1.0.yaml"
    bad = questionnaires_folder(tmp_path / "no-supplier-role", without_lines(
        renamed, "        role: supplier", "            role: supplier-name")) / "ai-use-case-assessment" / "1.0.yaml"

    passed = _run(app, ["questionnaires", "validate", str(good)])
    failed = _run(app, ["questionnaires", "validate", str(bad)])

    assert passed.exit_code == 0, passed.output
    assert failed.exit_code == 1
    assert f"{bad}: role_missing (at sections): no question has the role 'supplier'" in failed.output
