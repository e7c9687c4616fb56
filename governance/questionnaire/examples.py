"""A complete, plausible set of answers to any questionnaire: for demonstrations and tests. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from governance.questionnaire.answers import value_problem
from governance.questionnaire.model import BLOCKING_FLAGS, Option, Question, Questionnaire
from governance.questionnaire.rules import applicable_questions

TEXTS = {"text": "Example answer", "textarea": "An example answer in a few words.", "email": "ai@demo.example",
         "url": "https://www.demo.example/ai"}


def _calm_options(question: Question) -> list[Option]:
    """Options that raise no red or stop flag, so an example can be approved."""
    return [option for option in question.options if option.effect.flag not in BLOCKING_FLAGS] or list(
        question.options)


def example_value(question: Question, today: date) -> Any:
    """'No' for yes/no questions (it keeps clear of stop conditions), else the first option without a red flag."""
    if question.type == "yes-no-unsure":
        return question.options[1].value
    if question.type == "radios":
        return _calm_options(question)[0].value
    if question.type == "checkboxes":
        return [_calm_options(question)[0].value]
    if question.type == "number":
        low, high = question.min if question.min is not None else 0, question.max if question.max is not None else 250
        return int(min(max(250, low), high))
    if question.type == "date":
        return (today + timedelta(days=90)).isoformat()
    if question.type == "list":
        return [{field.id: "Example entry" for field in question.fields}] * max(1, question.min_items)
    return TEXTS[question.type]


def example_answers(questionnaire: Questionnaire, today: date,
                    overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Answers to every question that applies, following the routing as the answers fill in."""
    answers: dict[str, Any] = dict(overrides or {})
    for _round in range(len(questionnaire.questions) + 1):
        missing = [question_id for question_id in applicable_questions(questionnaire, answers)
                   if question_id not in answers]
        if not missing:
            return answers
        for question_id in missing:
            question = questionnaire.question(question_id)
            assert question is not None
            value = example_value(question, today)
            problem = value_problem(question, value)
            if problem:
                raise ValueError(f"{question_id}: {problem}")
            answers[question_id] = value
    raise ValueError("the questionnaire's routing never settles")
