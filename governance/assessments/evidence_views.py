"""Recording a completed required action (DPIA, EqIA): its reference, date, sign-off and document."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from governance.assessments import evidence, services
from governance.assessments.forms import EvidenceForm
from governance.assessments.views import MEMBERS, _load, assessments
from governance.db import get_session
from governance.questionnaire.actions import action_progress, deciding_questions
from governance.questionnaire.model import Action, Questionnaire
from governance.questionnaire.rules import applicable_questions
from governance.security import current_actor, role_required

if TYPE_CHECKING:
    # For annotations only: views get assessments from services and never query (see [tool.importlinter]).
    from governance.assessments.models import ActionEvidence, Assessment


@assessments.route("/assessments/<uuid:assessment_id>/actions/<action_id>", methods=["GET", "POST"])
@role_required(*MEMBERS)
def action_evidence(assessment_id: uuid.UUID, action_id: str) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id, for_update=request.method == "POST")
    action = questionnaire.action(action_id)
    if action is None or not evidence.recordable_action(questionnaire, action_id):
        abort(404)
    session = get_session()
    recorded = evidence.evidence_by_action(session, assessment).get(action_id)
    can_record = services.can_edit(current_actor(), assessment)
    form = EvidenceForm(obj=recorded)
    if request.method == "GET":
        form.seen.data = evidence.evidence_fingerprint(recorded)
    if can_record and form.validate_on_submit():
        upload = form.document.data
        document = evidence.Document(upload.filename or "", upload.stream) if upload and upload.filename else None
        given = evidence.EvidenceInput(form.reference.data or "", form.completed_on.data, form.signed_off_by.data or "",
                                       form.link.data or "", document)
        try:
            evidence.record_evidence(session, current_actor(), assessment, questionnaire, action_id, given,
                                     date.today(), seen=form.seen.data or None)
        except evidence.EvidenceProblem as problem:
            getattr(form, problem.field).errors = [str(problem)]
        except evidence.EvidenceChanged:
            # What they entered stays in the form; the evidence that was kept is shown as recorded.
            form.seen.data = evidence.evidence_fingerprint(recorded)
            return _evidence_page(assessment, questionnaire, action, form, recorded, can_record, changed=True), 409
        else:
            return _after_recording(assessment, questionnaire, action)
    return _evidence_page(assessment, questionnaire, action, form, recorded, can_record)


def _evidence_page(assessment: Assessment, questionnaire: Questionnaire, action: Action, form: EvidenceForm,
                   recorded: ActionEvidence | None, can_record: bool, changed: bool = False) -> str:
    return render_template("assessments/action_evidence.html", assessment=assessment, questionnaire=questionnaire,
                           action=action, form=form, recorded=recorded, can_record=can_record, changed=changed,
                           stages=deciding_questions(questionnaire, action))


def _after_recording(assessment: Assessment, questionnaire: Questionnaire, action: Action) -> ResponseReturnValue:
    """Back to the task list; or, when the answers do not yet say the action is done, to the question that does."""
    (progress,) = action_progress(questionnaire, assessment.answers, [action.id])
    applicable = set(applicable_questions(questionnaire, assessment.answers))
    stage = next((question for question in deciding_questions(questionnaire, action) if question.id in applicable),
                 None)
    if progress.done or stage is None:
        flash(f"{action.label}: recorded.")
        return redirect(url_for("assessments.task_list", assessment_id=assessment.id))
    flash(f"{action.label}: recorded. Now say what stage it is at.")
    back_to_check: dict[str, Any] = {"return": "check"}
    return redirect(url_for("assessments.question", assessment_id=assessment.id, question_id=stage.id,
                            **back_to_check))
