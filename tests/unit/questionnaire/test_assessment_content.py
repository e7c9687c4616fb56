"""The shipped AI use-case assessment: the scenarios councils asked for, through the one risk function."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.questionnaire.loader import load_all
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import assess
from governance.questionnaire.rules import visible_answers
from tests.unit.questionnaire.conftest import ROOT


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_all(ROOT / "questionnaires")["ai-use-case-assessment@1.0"]


# A staff-only rules-based helper with no personal data and no decisions about people.
LOW = {
    "tool-name": "Committee report formatter",
    "service-area": "legal-democratic",
    "owning-team": "Democratic services",
    "sro-role": "Head of democratic services",
    "technology-types": ["rules-based"],
    "people-involved": ["staff-only"],
    "output-role": "no-people",
    "people-affected-per-year": 0,
    "personal-data": "no",
    "third-party-involved": "no",
    "stop-and-fallback": ["error-route", "suspend", "manual-fallback"],
}


def _stops(result) -> list[str]:
    return [finding.question for finding in result.stops]


def _blockers(result) -> list[str]:
    return [finding.question for finding in result.blockers]


def test_every_question_traces_back_to_the_outline(questionnaire: Questionnaire) -> None:
    refs = [question.ref for question in questionnaire.questions]

    assert 60 <= len(refs) <= 80
    assert {ref[0] for ref in refs} == set("ABCDEFGH")
    assert all(question.hint and question.guidance for question in questionnaire.questions if question.required)


def test_staff_names_are_never_published(questionnaire: Questionnaire) -> None:
    private = {question.id for question in questionnaire.questions if not question.public}

    assert "sro-name" in private
    assert all(questionnaire.question(qid).atrs is None for qid in private)


def test_a_low_risk_tool_is_level_one(questionnaire: Questionnaire) -> None:
    result = assess(questionnaire, LOW)

    assert result.stops == () and result.blockers == ()
    assert result.level == "I"
    assert result.required_actions == ()


@pytest.mark.parametrize("training", ["yes", "dont-know"])
def test_supplier_training_on_personal_data_is_a_stop(questionnaire: Questionnaire, training: str) -> None:
    answers = {"personal-data": "yes", "third-party-involved": "yes", "supplier-model-training": training}

    result = assess(questionnaire, answers)

    assert "rule:supplier-trains-on-personal-data" in _stops(result)
    assert result.level == "IV"


def test_supplier_training_without_personal_data_is_not_a_stop(questionnaire: Questionnaire) -> None:
    answers = {"personal-data": "no", "third-party-involved": "yes", "supplier-model-training": "yes"}

    assert "rule:supplier-trains-on-personal-data" not in _stops(assess(questionnaire, answers))


def test_a_solely_automated_significant_decision_makes_the_dpia_mandatory(questionnaire: Questionnaire) -> None:
    answers = {"output-role": "automatic", "decision-kinds": ["benefits-support"], "solely-automated": "yes"}

    result = assess(questionnaire, answers)

    assert result.dpia_mandatory
    assert {"dpia", "adm_safeguards"} <= set(result.required_actions)
    assert result.high_risk


def test_ai_with_personal_data_and_one_criterion_requires_a_dpia(questionnaire: Questionnaire) -> None:
    one_criterion = {"people-involved": ["children"]}

    with_personal_data = assess(questionnaire, {**one_criterion, "personal-data": "yes"})
    without = assess(questionnaire, {**one_criterion, "personal-data": "no"})

    assert "dpia" in with_personal_data.required_actions
    assert "dpia" not in without.required_actions


def test_a_resident_facing_tool_with_no_non_digital_route_is_red(questionnaire: Questionnaire) -> None:
    answers = {"people-involved": ["residents-direct"], "accessible-alternatives": ["none"]}
    with_route = {"people-involved": ["residents-direct"], "accessible-alternatives": ["non-digital-route"]}

    assert "rule:resident-facing-no-offline-route" in _blockers(assess(questionnaire, answers))
    assert "rule:resident-facing-no-offline-route" not in _blockers(assess(questionnaire, with_route))
    assert assess(questionnaire, answers).level in ("III", "IV")


def test_a_hidden_questions_answer_never_scores(questionnaire: Questionnaire) -> None:
    # Special category data is asked only when personal data is processed.
    hidden = {"personal-data": "no", "special-category-data": ["health", "criminal-offence"]}

    assert "special-category-data" not in visible_answers(questionnaire, hidden)
    assert assess(questionnaire, hidden).score == assess(questionnaire, {"personal-data": "no"}).score


def test_solely_automated_decision_on_special_category_data_is_a_stop(questionnaire: Questionnaire) -> None:
    answers = {"output-role": "automatic", "decision-kinds": ["benefits-support"], "personal-data": "yes",
               "special-category-data": ["health"], "solely-automated": "yes"}

    assert "rule:solely-automated-special-category" in _stops(assess(questionnaire, answers))


def test_required_dpia_not_completed_blocks_approval(questionnaire: Questionnaire) -> None:
    base = {"personal-data": "yes", "people-involved": ["children"]}

    assert "rule:dpia-not-complete" in _blockers(assess(questionnaire, {**base, "dpia-status": "in-progress"}))
    assert "rule:dpia-not-complete" not in _blockers(assess(questionnaire, {**base, "dpia-status": "completed"}))


def test_released_file_is_pinned_by_hash(questionnaire: Questionnaire) -> None:
    import hashlib

    path = Path(ROOT / "questionnaires" / "ai-use-case-assessment" / "1.0.yaml")
    assert questionnaire.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
