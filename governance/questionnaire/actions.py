"""Where each required action stands: done according to the answers, or still to do. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from governance.questionnaire.model import Action, Answers, Question, Questionnaire
from governance.questionnaire.rules import applicable_questions, evaluate, leaves


@dataclass(frozen=True)
class ActionProgress:
    action: Action
    # The answers say it has been done (its `done_when` holds on the questions that apply).
    done: bool

    @property
    def recordable(self) -> bool:
        return takes_evidence(self.action)


def takes_evidence(action: Action) -> bool:
    """Whether the questionnaire asks about this action's completion, so its evidence can be recorded."""
    return action.done_when is not None


def action_progress(questionnaire: Questionnaire, answers: Answers, required: Iterable[str]) -> list[ActionProgress]:
    """Each required action, in the order given, with whether the answers say it is done. Answers to
    questions that no longer apply count for nothing, as everywhere else."""
    applicable = set(applicable_questions(questionnaire, answers))
    visible = {question_id: value for question_id, value in answers.items() if question_id in applicable}
    progress = []
    for action_id in required:
        action = questionnaire.action(action_id)
        if action is not None:
            done = action.done_when is not None and evaluate(action.done_when, visible)
            progress.append(ActionProgress(action, done))
    return progress


def deciding_questions(questionnaire: Questionnaire, action: Action) -> list[Question]:
    """The questions whose answers say whether the action is done, in questionnaire order."""
    if action.done_when is None:
        return []
    ids = {leaf["answer"] for leaf in leaves(action.done_when) if "answer" in leaf}
    return [question for question in questionnaire.questions if question.id in ids]
