"""Where a section's task-list link takes the person: the first question that still wants an answer."""

from __future__ import annotations

from datetime import date

from governance.questionnaire.examples import example_answers
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.progress import SectionStatus, section_progress


def test_a_section_link_starts_at_its_first_unanswered_question_even_an_optional_one(shipped: Questionnaire) -> None:
    section = next(item for item in shipped.sections
                   if any(not question.required for question in item.questions)
                   and not item.questions[0].required)
    answers = {key: value for key, value in example_answers(shipped, date.today()).items()
               if shipped.question(key) is None or shipped.question(key).section_id != section.id}

    progress = next(item for item in section_progress(shipped, answers) if item.section.id == section.id)

    assert progress.status is SectionStatus.NOT_STARTED
    assert not progress.questions[0].required and progress.start == progress.questions[0]
    assert progress.missing and progress.missing[0] != progress.start  # the old link skipped it


def test_after_the_first_answers_the_link_moves_on_to_the_next_unanswered(shipped: Questionnaire) -> None:
    answers = example_answers(shipped, date.today())
    section = shipped.sections[0]
    first, second = section.questions[0], section.questions[1]
    answers.pop(second.id)

    progress = next(item for item in section_progress(shipped, answers) if item.section.id == section.id)

    assert first.id in answers and progress.start == second
