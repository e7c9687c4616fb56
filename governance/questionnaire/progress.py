"""Where someone is in a questionnaire: section statuses for the task list, and the next question."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from governance.questionnaire.model import Answers, Question, Questionnaire, Section
from governance.questionnaire.rules import applicable_questions, is_answered


class SectionStatus(enum.StrEnum):
    CANNOT_START = "cannot_start"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {"cannot_start": "Cannot start yet", "not_started": "Not started", "in_progress": "In progress",
                "completed": "Completed"}[self.value]


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    status: SectionStatus
    questions: tuple[Question, ...]  # the ones that apply
    missing: tuple[Question, ...]  # applicable, required and unanswered
    unanswered: tuple[Question, ...] = ()  # applicable and unanswered, optional ones too

    @property
    def start(self) -> Question | None:
        """Where the section's link takes the person: its first unanswered question that applies (an optional
        one too, so it is not skipped), else its first question."""
        if self.unanswered:
            return self.unanswered[0]
        return self.questions[0] if self.questions else None


def is_complete_answer(question: Question, value: object) -> bool:
    if not is_answered(value):
        return False
    if question.type == "list":
        return isinstance(value, list) and len(value) >= max(question.min_items, 1 if question.required else 0)
    return True


def section_progress(questionnaire: Questionnaire, answers: Answers) -> list[SectionProgress]:
    applicable = set(applicable_questions(questionnaire, answers))
    completed: set[str] = set()
    progress = []
    for section in questionnaire.sections:
        questions = tuple(question for question in section.questions if question.id in applicable)
        missing = tuple(question for question in questions
                        if question.required and not is_complete_answer(question, answers.get(question.id)))
        started = any(is_answered(answers.get(question.id)) for question in questions)
        if any(required not in completed for required in section.requires):
            status = SectionStatus.CANNOT_START
        elif not missing:
            status = SectionStatus.COMPLETED if started or not questions else SectionStatus.NOT_STARTED
        else:
            status = SectionStatus.IN_PROGRESS if started else SectionStatus.NOT_STARTED
        if status is SectionStatus.COMPLETED:
            completed.add(section.id)
        unanswered = tuple(question for question in questions
                           if not is_complete_answer(question, answers.get(question.id)))
        progress.append(SectionProgress(section, status, questions, missing, unanswered))
    return progress


def next_question(questionnaire: Questionnaire, answers: Answers, current: Question) -> Question | None:
    """The next question in the same section that applies, or None at the end of the section."""
    return _neighbour(questionnaire, answers, current, step=1)


def previous_question(questionnaire: Questionnaire, answers: Answers, current: Question) -> Question | None:
    """The question before, in the same section, that applies, or None at the start of the section."""
    return _neighbour(questionnaire, answers, current, step=-1)


def _neighbour(questionnaire: Questionnaire, answers: Answers, current: Question, step: int) -> Question | None:
    applicable = set(applicable_questions(questionnaire, answers))
    section = questionnaire.section(current.section_id)
    assert section is not None
    questions = list(section.questions)
    index = questions.index(current) + step
    while 0 <= index < len(questions):
        if questions[index].id in applicable:
            return questions[index]
        index += step
    return None


def all_complete(progress: list[SectionProgress]) -> bool:
    return all(item.status is SectionStatus.COMPLETED for item in progress)
