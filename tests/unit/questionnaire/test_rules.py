"""Rules: table-driven, including how missing and hidden answers behave."""

from __future__ import annotations

import pytest

from governance.questionnaire.rules import applicable_questions, evaluate, visible_answers

ANSWERS = {"single": "b", "many": ["x", "y"], "count": 7, "text": "hello", "empty": "", "none-selected": []}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"answer": "single", "equals": "b"}, True),
        ({"answer": "single", "equals": "a"}, False),
        ({"answer": "many", "equals": "y"}, True),
        ({"answer": "single", "any_of": ["a", "b"]}, True),
        ({"answer": "many", "any_of": ["z", "x"]}, True),
        ({"answer": "many", "any_of": ["z"]}, False),
        ({"answer": "many", "all_of": ["x", "y"]}, True),
        ({"answer": "many", "all_of": ["x", "z"]}, False),
        ({"answer": "many", "selected_at_least": 2}, True),
        ({"answer": "many", "selected_at_least": 3}, False),
        ({"answer": "count", "at_least": 7}, True),
        ({"answer": "count", "at_least": 8}, False),
        ({"answer": "text", "answered": True}, True),
        ({"answer": "empty", "answered": True}, False),
        ({"answer": "none-selected", "answered": False}, True),
        ({"answer": "missing", "answered": False}, True),
        ({"answer": "missing", "equals": "b"}, False),
        ({"answer": "missing", "any_of": ["b"]}, False),
        ({"not": {"answer": "missing", "equals": "b"}}, True),
        ({"all": [{"answer": "single", "equals": "b"}, {"answer": "count", "at_least": 1}]}, True),
        ({"all": [{"answer": "single", "equals": "b"}, {"answer": "count", "at_least": 100}]}, False),
        ({"any": [{"answer": "single", "equals": "a"}, {"answer": "count", "at_least": 1}]}, True),
        ({"any": [{"answer": "single", "equals": "a"}, {"answer": "missing", "answered": True}]}, False),
        ({"action_required": "dpia"}, False),
    ],
)
def test_evaluate(rule: dict, expected: bool) -> None:
    assert evaluate(rule, ANSWERS) is expected


def test_action_rules_see_the_required_actions() -> None:
    assert evaluate({"action_required": "dpia"}, {}, actions={"dpia"})


def test_a_hidden_question_and_its_dependants_drop_out(small) -> None:
    # Given the user first said residents use it and answered the follow-up
    answers = {"users": "residents", "offline-route": "no", "personal-data": "no", "categories": ["health"]}

    # Then the follow-up applies, but categories (shown only with personal data) does not
    assert "offline-route" in applicable_questions(small, answers)
    assert "categories" not in visible_answers(small, answers)

    # When they change their answer to staff only, the kept follow-up answer no longer applies
    answers["users"] = "staff"
    assert "offline-route" not in applicable_questions(small, answers)
    assert "offline-route" not in visible_answers(small, answers)
