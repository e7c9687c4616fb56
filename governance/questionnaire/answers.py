"""Checking answers supplied as data (a file for `governance assess`, or stored answers) against a
questionnaire: unknown questions, unknown options and values of the wrong kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from governance.questionnaire.model import Answers, Question, Questionnaire


def answer_problems(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    problems = []
    for question_id, value in answers.items():
        question = questionnaire.question(str(question_id))
        if question is None:
            problems.append(f"unknown question id '{question_id}'")
            continue
        problem = value_problem(question, value)
        if problem:
            problems.append(f"{question_id}: {problem}")
    return problems


def value_problem(question: Question, value: Any) -> str | None:
    """Why `value` cannot be an answer to `question`, or None."""
    if value is None:
        return None
    if question.options:
        return _choice_problem(question, value)
    if question.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"expected a number, not {value!r}"
        return None
    if question.type == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return f"expected a date as YYYY-MM-DD, not {value!r}"
        return None
    if question.type == "list":
        return _list_problem(question, value)
    return None if isinstance(value, str) else f"expected text, not {value!r}"


def _choice_problem(question: Question, value: Any) -> str | None:
    if question.type == "checkboxes":
        if not isinstance(value, list):
            return f"expected a list of options, not {value!r}"
        selected = value
    else:
        selected = [value]
    unknown = [item for item in selected if not isinstance(item, str) or question.option(item) is None]
    if unknown:
        return f"unknown option value {unknown[0]!r} (options: {', '.join(question.option_values)})"
    return None


def _list_problem(question: Question, value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        return "expected a list of rows"
    known = {field.id for field in question.fields}
    for row in value:
        unknown = sorted(set(row) - known)
        if unknown:
            return f"unknown field '{unknown[0]}' (fields: {', '.join(sorted(known))})"
    return None


def from_yaml(questionnaire: Questionnaire, answers: Answers) -> dict[str, Any]:
    """YAML reads unquoted yes/no as booleans; put them back as the option values they mean."""
    def restore(value: Any) -> Any:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return [restore(item) for item in value]
        return value

    restored = {}
    for key, value in answers.items():
        question = questionnaire.question(str(key))
        restored[str(key)] = restore(value) if question is not None and question.options else value
    return restored
