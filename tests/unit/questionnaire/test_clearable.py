"""Hidden questions never block: the semantic check proves, for all answers at once, that whatever clears a
blocker, or marks a required action done, is asked whenever it is needed."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from governance.questionnaire.answer_space import AnswerSpace, Holds
from governance.questionnaire.clearable import hidden_question_issues
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import assess
from governance.questionnaire.rules import applicable_questions
from tests.unit.questionnaire.conftest import ROOT

SHIPPED = ROOT / "questionnaires" / "ai-use-case-assessment"


def _document(version: str) -> dict[str, Any]:
    return yaml.safe_load((SHIPPED / f"{version}.yaml").read_text())


def _answers(witness: dict[Any, Any]) -> dict[str, Any]:
    """The answers a witness stands for, as the engine stores them."""
    answers: dict[str, Any] = {}
    for variable, value in witness.items():
        if isinstance(variable, Holds) or value is None or value is False:
            continue
        if isinstance(variable, tuple):
            answers.setdefault(variable[0], []).append(variable[1])
        else:
            answers[variable] = "Some text" if value == "answered" else value
    return answers


def test_version_1_1_is_proved_clearable() -> None:
    assert hidden_question_issues(_document("1.1")) == []


def test_the_dpia_blocker_of_version_1_0_is_found_with_answers_that_really_trap_it(shipped: Questionnaire) -> None:
    """1.0 counts two DPIA criteria without personal data, then blocks on the hidden DPIA stage: the class of
    bug the check exists for. The example answers, given to the engine, show the trap."""
    issues = hidden_question_issues(_document("1.0"))

    assert [(issue.code, issue.path) for issue in issues] == [
        ("blocker_on_hidden_question", "rules[42].when"), ("action_done_on_hidden_question", "actions[0].done_when")]
    space = AnswerSpace(_document("1.0"))
    rule = _document("1.0")["rules"][42]
    witness = space.witness(("all", (space.expand(rule["when"], positive=True), ("not", space.visible("dpia-status")))))
    assert witness is not None
    answers = _answers(witness)
    result = assess(shipped, answers)
    assert "rule:dpia-not-complete" in [blocker.question for blocker in result.blockers]
    assert "dpia-status" not in applicable_questions(shipped, answers)


def _tiny(rules: list[dict[str, Any]], questions: list[dict[str, Any]],
          actions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"actions": actions or [{"id": "dpia", "label": "DPIA"}], "rules": rules,
            "sections": [{"id": "s", "ref": "A", "title": "S", "questions": questions}]}


YES_NO = {"type": "yes-no-unsure"}
RESIDENTS_AND_OFFLINE = [{"id": "residents", **YES_NO},
                         {"id": "offline", **YES_NO, "show_when": {"answer": "residents", "equals": "yes"}}]


def test_a_blocker_cleared_by_answering_a_question_needs_it_asked() -> None:
    blocker = {"id": "no-offline", "flag": "red", "when": {"answered": False, "answer": "offline"}}

    issues = hidden_question_issues(_tiny([blocker], RESIDENTS_AND_OFFLINE))

    assert [issue.code for issue in issues] == ["blocker_on_hidden_question"]
    assert "residents = no" in issues[0].message


def test_a_blocker_asked_exactly_where_it_can_fire_is_proved() -> None:
    blocker = {"id": "no-offline", "flag": "red", "when": {
        "all": [{"answer": "residents", "equals": "yes"}, {"not": {"answer": "offline", "equals": "yes"}}]}}

    assert hidden_question_issues(_tiny([blocker], RESIDENTS_AND_OFFLINE)) == []


def test_a_question_that_cannot_clear_the_blocker_where_it_is_hidden_is_not_needed() -> None:
    """`not (consent and authorised)`: with no consent, the hidden 'authorised' question would not clear it;
    the person changes the consent answer, which is asked."""
    questions = [{"id": "consent", **YES_NO},
                 {"id": "authorised", **YES_NO, "show_when": {"answer": "consent", "equals": "yes"}}]
    blocker = {"id": "stop", "flag": "stop", "when": {"not": {"all": [{"answer": "consent", "equals": "yes"},
                                                                       {"answer": "authorised", "equals": "yes"}]}}}

    assert hidden_question_issues(_tiny([blocker], questions)) == []


def test_counted_triggers_need_as_many_sources_as_they_count() -> None:
    """Two criteria make the action required; one of them only exists with personal data, where the stage
    question is asked: no false alarm from a single criterion."""
    questions = [
        {"id": "personal", **YES_NO},
        {"id": "health", **YES_NO, "show_when": {"answer": "personal", "equals": "yes"},
         "options": [{"value": "yes", "label": "Yes", "triggers": ["dpia_criterion"]}]},
        {"id": "big", **YES_NO, "options": [{"value": "yes", "label": "Yes", "triggers": ["dpia_criterion"]}]},
        {"id": "stage", **YES_NO, "show_when": {"answer": "personal", "equals": "yes"}},
    ]
    action = {"id": "dpia", "label": "DPIA", "done_when": {"answer": "stage", "equals": "yes"},
              "counted": [{"trigger": "dpia_criterion", "at_least": 2}]}

    assert hidden_question_issues(_tiny([], questions, [action])) == []
    action["counted"][0]["at_least"] = 1
    assert [issue.code for issue in hidden_question_issues(_tiny([], questions, [action]))] == [
        "action_done_on_hidden_question"]


@pytest.mark.parametrize("anchored", [True, False], ids=["one-anchor", "written-twice"])
def test_a_condition_shared_by_a_rule_and_a_show_when_is_proved(anchored: bool) -> None:
    """The Article 22B stop and the question that clears it share their definition of solely automated
    decisions (one YAML anchor in 1.1): the proof holds whether the file shares it or repeats it."""
    automated = {"any": [{"answer": "automatic", "equals": "yes"},
                         {"all": [{"answer": "reviewed", "equals": "no"}, {"answer": "significant", "equals": "yes"}]}]}
    copy = automated if anchored else yaml.safe_load(yaml.safe_dump(automated))
    questions = [{"id": "automatic", **YES_NO}, {"id": "reviewed", **YES_NO}, {"id": "significant", **YES_NO},
                 {"id": "authorised", **YES_NO, "show_when": copy}]
    stop = {"id": "stop", "flag": "stop",
            "when": {"all": [automated, {"not": {"answer": "authorised", "equals": "yes"}}]}}

    assert hidden_question_issues(_tiny([stop], questions)) == []
