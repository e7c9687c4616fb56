"""Moving answers to a newer questionnaire version: unchanged questions keep their answers; a changed option
or type drops the answer; reworded questions keep it and are listed for checking; new questions are listed
where they apply."""

from __future__ import annotations

import yaml

from governance.questionnaire.model import Questionnaire, build
from governance.questionnaire.upgrade import upgrade
from tests.unit.questionnaire.conftest import CORPUS

SMALL = (CORPUS / "valid" / "small.yaml").read_text()
ANSWERS = {"name": "Repairs bot", "description": "Books repairs.", "area": "housing", "users": "residents",
           "offline-route": "yes"}


def _version(text: str, version: str = "1.1") -> Questionnaire:
    document = yaml.safe_load(text)
    document["version"] = version
    return build(document, version)


def test_the_same_questionnaire_carries_every_valid_answer(small: Questionnaire) -> None:
    moved = upgrade(small, small, {**ANSWERS, "retired-question": "x"})

    assert moved.carried == ANSWERS
    assert moved.new_questions == moved.reworded == moved.not_carried == ()


def test_a_relabelled_option_drops_the_answer_and_says_so(small: Questionnaire) -> None:
    newer = _version(SMALL.replace("{value: housing, label: Housing,", "{value: housing, label: Homelessness,"))

    moved = upgrade(small, newer, ANSWERS)

    assert "area" not in moved.carried and moved.carried["users"] == "residents"
    assert [question.id for question in moved.not_carried] == ["area"]


def test_a_reworded_question_keeps_its_answer_for_checking(small: Questionnaire) -> None:
    newer = _version(SMALL.replace("text: 'What does it do?'", "text: 'What does the tool do, and for whom?'"))

    moved = upgrade(small, newer, ANSWERS)

    assert moved.carried == ANSWERS
    assert [question.id for question in moved.reworded] == ["description"]


def test_new_questions_are_listed_only_where_they_apply(small: Questionnaire) -> None:
    languages = ("{id: languages, ref: A4a, type: text, text: 'Which languages?',"
                 " show_when: {answer: area, equals: housing}}")
    added = SMALL.replace("      - id: users\n", f"      - {languages}\n      - id: users\n")
    newer = _version(added)

    assert [q.id for q in upgrade(small, newer, ANSWERS).new_questions] == ["languages"]
    assert upgrade(small, newer, {**ANSWERS, "area": "waste"}).new_questions == ()
