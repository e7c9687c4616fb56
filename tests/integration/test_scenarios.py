"""The legal scenario corpus (tests/scenarios/*.yaml), each case run through `governance assess --json`.

The cases state the facts that matter and what the law requires of them; every other question gets the
questionnaire's calm example answer, so a case reads as the law it tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.cli import ScriptInfo

from governance.cli import main
from governance.questionnaire.examples import example_answers
from governance.questionnaire.model import LEVELS
from tests.conftest import make_test_app

CORPUS = Path(__file__).resolve().parents[1] / "scenarios"
# A fixed day, so review dates and the like in example answers never move a case.
TODAY = date(2026, 12, 1)
SCENARIO_KEYS = {"id", "cites", "answers", "expect"}
EXPECT_KEYS = {"required", "not_required", "stop", "blocked", "blocked_by", "not_blocked_by", "raised_by",
               "not_raised_by", "level"}


def _cases() -> Iterator[Any]:
    for path in sorted(CORPUS.glob("*.yaml")):
        document = yaml.safe_load(path.read_text())
        for case in document["scenarios"]:
            yield pytest.param(document["questionnaire"], case, id=f"{path.stem}:{case['id']}")


CASES = list(_cases())


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    folder = tmp_path_factory.mktemp("scenarios")
    return make_test_app(f"sqlite:///{folder / 'scenarios.db'}", folder / "instance")


def test_the_corpus_is_well_formed_and_every_case_says_what_it_tests() -> None:
    ids = [case.values[1]["id"] for case in CASES]
    assert len(ids) == len(set(ids)), "scenario ids must be unique"
    for case in CASES:
        scenario = case.values[1]
        assert set(scenario) == SCENARIO_KEYS, f"{scenario.get('id')}: keys must be {sorted(SCENARIO_KEYS)}"
        assert set(scenario["expect"]) <= EXPECT_KEYS and scenario["expect"], f"{scenario['id']}: expect what?"
        assert scenario["cites"].strip(), f"{scenario['id']}: cite the rule it tests"


@pytest.mark.parametrize(("key", "scenario"), CASES)
def test_scenario(app: Flask, tmp_path: Path, key: str, scenario: dict[str, Any]) -> None:
    questionnaire = app.extensions["questionnaires"][key]
    answers = example_answers(questionnaire, TODAY, scenario["answers"])
    answers_file = tmp_path / "answers.yaml"
    answers_file.write_text(yaml.safe_dump(answers, sort_keys=False))

    result = app.test_cli_runner().invoke(main, ["assess", str(answers_file), "--questionnaire", key, "--json"],
                                          obj=ScriptInfo(create_app=lambda: app))

    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output)
    expect, why = scenario["expect"], f"{scenario['id']} ({scenario['cites']})"
    required = set(outcome["required_actions"])
    assert set(expect.get("required", ())) <= required, f"{why}: requires {sorted(required)}"
    assert not set(expect.get("not_required", ())) & required, f"{why}: requires {sorted(required)}"
    if "stop" in expect:
        assert bool(outcome["stops"]) is expect["stop"], f"{why}: stops {outcome['stops']}"
    if "blocked" in expect:
        assert bool(outcome["blockers"]) is expect["blocked"], f"{why}: blockers {outcome['blockers']}"
    blocked_by = {blocker["question"].removeprefix("rule:") for blocker in outcome["blockers"]}
    assert set(expect.get("blocked_by", ())) <= blocked_by, f"{why}: blocked by {sorted(blocked_by)}"
    assert not set(expect.get("not_blocked_by", ())) & blocked_by, f"{why}: blocked by {sorted(blocked_by)}"
    raised_by = {reason["question"].removeprefix("rule:") for reason in outcome["reasons"]}
    assert set(expect.get("raised_by", ())) <= raised_by, f"{why}: reasons from {sorted(raised_by)}"
    assert not set(expect.get("not_raised_by", ())) & raised_by, f"{why}: reasons from {sorted(raised_by)}"
    if "level" in expect:
        rank = LEVELS.index(outcome["level"])
        assert LEVELS.index(expect["level"].get("at_least", "I")) <= rank, f"{why}: level {outcome['level']}"
        assert rank <= LEVELS.index(expect["level"].get("at_most", "IV")), f"{why}: level {outcome['level']}"


AFTER_1_0 = [case for case in CASES if case.values[0] != "ai-use-case-assessment@1.0"]


@pytest.mark.parametrize(("key", "scenario"), AFTER_1_0)
def test_every_reason_that_requires_or_blocks_cites_its_source(app: Flask, key: str, scenario: dict[str, Any]) -> None:
    """From 1.1 on, what an officer is told is required or blocking names the law or guidance behind it."""
    from governance.questionnaire.risk import assess

    questionnaire = app.extensions["questionnaires"][key]
    outcome = assess(questionnaire, example_answers(questionnaire, TODAY, scenario["answers"])).to_json()

    cited = [*outcome["blockers"], *outcome["stops"], *(r for r in outcome["reasons"] if r["triggers"])]
    assert all(item.get("source", {}).get("url", "").startswith("https://") for item in cited), cited
