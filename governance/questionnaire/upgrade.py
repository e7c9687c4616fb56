"""Moving a use case's answers to a newer questionnaire version: which carry over, and what the lead must look
at. Pure: no Flask, no database.

An answer carries over only where the question has not changed under it: the same id and type, the answer
still valid, and every option it chose still worded the same (a reworded option may mean something else,
as 1.1's split of "support staff outside the UK" by adequacy does). A question whose own wording changed
keeps its answer, but the lead is asked to check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from governance.questionnaire.answers import value_problem
from governance.questionnaire.model import Answers, Question, Questionnaire
from governance.questionnaire.rules import applicable_questions


@dataclass(frozen=True)
class Upgrade:
    carried: dict[str, Any]
    # Questions the target asks that the source did not, as they apply to the carried answers.
    new_questions: tuple[Question, ...]
    # Questions whose wording changed; their answers were carried and need checking.
    reworded: tuple[Question, ...]
    # Questions answered before whose answers could not carry over, as the target asks them.
    not_carried: tuple[Question, ...]


def upgrade(source: Questionnaire, target: Questionnaire, answers: Answers) -> Upgrade:
    carried: dict[str, Any] = {}
    dropped = []
    for question_id, value in answers.items():
        before, after = source.question(question_id), target.question(question_id)
        if after is not None and before is not None and _carries(before, after, value):
            carried[question_id] = value
        elif after is not None:
            dropped.append(question_id)
    applicable = set(applicable_questions(target, carried))
    return Upgrade(
        carried=carried,
        new_questions=tuple(q for q in target.questions if source.question(q.id) is None and q.id in applicable),
        reworded=tuple(q for q in target.questions if q.id in carried and _reworded(source, q)),
        not_carried=tuple(q for q in target.questions if q.id in dropped),
    )


def _carries(before: Question, after: Question, value: Any) -> bool:
    if before.type != after.type or value_problem(after, value) is not None:
        return False
    if not before.options:
        return True
    chosen = value if isinstance(value, list) else [value]
    return all(_label(before, item) == _label(after, item) for item in chosen)


def _label(question: Question, value: Any) -> str | None:
    option = question.option(value) if isinstance(value, str) else None
    return option.label if option else None


def _reworded(source: Questionnaire, question: Question) -> bool:
    before = source.question(question.id)
    return before is not None and before.text != question.text
