"""Whether the answers say a required action is done, from the action's own `done_when`."""

from __future__ import annotations

from governance.questionnaire.actions import action_progress, deciding_questions
from governance.questionnaire.model import Questionnaire

TRACKING = {"personal-data": "yes", "personal-data-categories": ["location"]}


def _done(shipped: Questionnaire, answers: dict) -> dict[str, bool]:
    return {progress.action.id: progress.done for progress in action_progress(shipped, answers, ["dpia", "eqia"])}


def test_the_stage_questions_say_whether_the_dpia_and_eqia_are_done(shipped: Questionnaire) -> None:
    assert _done(shipped, {**TRACKING, "dpia-status": "in-progress", "eqia-status": "completed"}) == {
        "dpia": False, "eqia": True}
    assert _done(shipped, {**TRACKING, "dpia-status": "ico-consulted", "eqia-status": "not-needed"}) == {
        "dpia": True, "eqia": False}
    assert [question.id for question in deciding_questions(shipped, shipped.action("dpia"))] == ["dpia-status"]


def test_a_stage_answer_to_a_question_that_no_longer_applies_says_nothing(shipped: Questionnaire) -> None:
    # C14 is asked only when personal data (or biometrics or automatic decisions) are involved.
    assert _done(shipped, {"personal-data": "no", "dpia-status": "completed"})["dpia"] is False


def test_actions_the_answers_cannot_complete_are_never_done_nor_recordable(shipped: Questionnaire) -> None:
    (progress,) = action_progress(shipped, {**TRACKING, "dpia-status": "completed"}, ["adm_safeguards"])

    assert progress.done is False and progress.recordable is False
    assert action_progress(shipped, {}, ["no-such-action"]) == []
