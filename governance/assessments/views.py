"""Use cases and the guided assessment: list, start, task list, question pages, check answers,
the explained risk, submit and reassess."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from governance.accounts.roles import Role
from governance.assessments import pages, presenters, sample_data, services
from governance.assessments.conflicts import SEEN_FIELD, AnswerConflict, AssessmentChanged, fingerprint
from governance.assessments.evidence import ActionStatus, action_statuses
from governance.assessments.fields import build_form
from governance.assessments.forms import StartUseCaseForm, SubmitForm, seen_version
from governance.db import get_session
from governance.questionnaire.loader import latest
from governance.questionnaire.model import Question, Questionnaire
from governance.questionnaire.progress import all_complete, next_question, previous_question, section_progress
from governance.questionnaire.risk import RiskResult, assess
from governance.questionnaire.roles import asks_about_personal_data
from governance.questionnaire.rules import applicable_questions
from governance.security import current_actor, role_required

if TYPE_CHECKING:
    # For annotations only: views get assessments from services and never query (see [tool.importlinter]).
    from governance.assessments.models import Assessment

assessments = Blueprint("assessments", __name__)
presenters.register(assessments)
MEMBERS = (Role.DIGITAL_LEAD, Role.IG_OFFICER, Role.ADMIN)


def _questionnaires() -> dict[str, Questionnaire]:
    loaded: dict[str, Questionnaire] = current_app.extensions["questionnaires"]
    return loaded


def _current_questionnaire() -> Questionnaire:
    questionnaire = latest(_questionnaires(), current_app.config["DEFAULT_QUESTIONNAIRE"])
    if questionnaire is None:
        abort(503)
    return questionnaire


def _load(assessment_id: uuid.UUID, *, for_update: bool = False) -> tuple[Assessment, Questionnaire]:
    """The assessment and its questionnaire; a page that changes the assessment passes `for_update` when it
    posts, so two posts at once take turns (see services.get_assessment)."""
    assessment = services.get_assessment(get_session(), current_actor(), assessment_id, for_update=for_update)
    return assessment, services.pinned_questionnaire(_questionnaires(), assessment)


@assessments.route("/use-cases")
@role_required(*MEMBERS)
def list_use_cases() -> ResponseReturnValue:
    return render_template("assessments/list_use_cases.html", use_cases=services.list_use_cases(get_session(),
                                                                                                 current_actor()))


@assessments.route("/use-cases/new", methods=["GET", "POST"])
@role_required(Role.DIGITAL_LEAD)
def start_use_case() -> ResponseReturnValue:
    questionnaire = _current_questionnaire()
    form = StartUseCaseForm.for_questionnaire(questionnaire)
    if form.validate_on_submit():
        use_case = services.start_use_case(get_session(), current_actor(), questionnaire, title=form.title.data or "",
                                           prefill=form.prefill())
        flash(f"{use_case.reference} has been created. Work through each section below.")
        return redirect(url_for("assessments.task_list", assessment_id=use_case.latest.id))
    return render_template("assessments/start_use_case.html", form=form)


@assessments.route("/use-cases/<reference>")
@role_required(*MEMBERS)
def show_use_case(reference: str) -> ResponseReturnValue:
    session = get_session()
    use_case = services.get_use_case(session, current_actor(), reference)
    return render_template("assessments/show_use_case.html", use_case=use_case, form=SubmitForm(),
                           page=pages.use_case_page(session, current_actor(), use_case, date.today()))


@assessments.route("/use-cases/<reference>/new-version", methods=["POST"])
@role_required(Role.DIGITAL_LEAD)
def new_version(reference: str) -> ResponseReturnValue:
    session = get_session()
    use_case = services.get_use_case(session, current_actor(), reference, for_update=True)
    try:
        previous = services.pinned_questionnaire(_questionnaires(), use_case.latest)
        assessment = services.start_new_version(session, current_actor(), _current_questionnaire(), use_case,
                                                previous)
    except services.AssessmentError as error:
        flash(pages.new_version_refused(use_case, str(error)), "error")
        return redirect(url_for("assessments.show_use_case", reference=reference))
    flash(f"Version {assessment.version_number} started with the answers from the last version. Check each section.")
    return redirect(url_for("assessments.task_list", assessment_id=assessment.id))


@assessments.route("/assessments/<uuid:assessment_id>")
@role_required(*MEMBERS)
def task_list(assessment_id: uuid.UUID) -> ResponseReturnValue:
    assessment = services.get_assessment(get_session(), current_actor(), assessment_id)
    page = pages.task_list_page(get_session(), current_actor(), _questionnaires(), assessment, date.today())
    return render_template("assessments/task_list.html", page=page, assessment=assessment,
                           questionnaire=page.questionnaire, progress=page.progress, risk=page.risk,
                           actions=page.actions)


def _question_or_404(questionnaire: Questionnaire, assessment: Assessment, question_id: str) -> Question:
    question = questionnaire.question(question_id)
    if question is None:
        abort(404)
    return question


def _after_answer(questionnaire: Questionnaire, assessment: Assessment, question: Question) -> ResponseReturnValue:
    if request.args.get("return") == "check":
        following = next_question(questionnaire, assessment.answers, question)
        # A changed answer can open a new follow-up question; ask it before going back.
        if following is None or following.id in assessment.answers:
            return redirect(url_for("assessments.check_answers", assessment_id=assessment.id,
                                    section_id=question.section_id))
        # "return" is a Python keyword, so the query argument goes through a mapping.
        back_to_check: dict[str, Any] = {"return": "check"}
        return redirect(url_for("assessments.question", assessment_id=assessment.id, question_id=following.id,
                                **back_to_check))
    following = next_question(questionnaire, assessment.answers, question)
    if following is None:
        return redirect(url_for("assessments.check_answers", assessment_id=assessment.id,
                                section_id=question.section_id))
    return redirect(url_for("assessments.question", assessment_id=assessment.id, question_id=following.id))


@assessments.route("/assessments/<uuid:assessment_id>/questions/<question_id>", methods=["GET", "POST"])
@role_required(*MEMBERS)
def question(assessment_id: uuid.UUID, question_id: str) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id, for_update=request.method == "POST")
    current = _question_or_404(questionnaire, assessment, question_id)
    if not services.can_edit(current_actor(), assessment):
        if request.method == "POST":
            flash(f"This assessment is {assessment.state.label.lower()} and cannot be changed, so your answer "
                  "was not saved.", "error")
        return redirect(url_for("assessments.check_answers", assessment_id=assessment.id,
                                section_id=current.section_id))
    if current.id not in applicable_questions(questionnaire, assessment.answers):
        if request.method == "POST":  # from a page opened before another answer made this one irrelevant
            flash(f"“{current.text}” no longer applies after a change to another answer, so your answer to it "
                  "was not saved.", "error")
        return redirect(url_for("assessments.task_list", assessment_id=assessment.id))
    builder = build_form(current)
    if current.type == "list":
        return _list_question(assessment, questionnaire, current)
    stored = assessment.answers.get(current.id)
    # Findings of scanned sample data are offered as the answer until the lead gives their own.
    suggested = sample_data.suggestions_for(get_session(), assessment).get(current.id)
    form = builder.make(stored if stored is not None else suggested, request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            services.save_answer(get_session(), current_actor(), questionnaire, assessment, current,
                                 builder.value(form), seen=request.form.get(SEEN_FIELD))
        except AnswerConflict as conflict:
            # The form shows the answer that was kept, so saving again loses nothing unless the person means to.
            return _render_question(assessment, questionnaire, current, builder.make(conflict.kept),
                                    conflict=conflict), 409
        return _after_answer(questionnaire, assessment, current)
    return _render_question(assessment, questionnaire, current, form, suggested=suggested)


def _render_question(assessment: Assessment, questionnaire: Questionnaire, current: Question, form: Any,
                     conflict: AnswerConflict | None = None, **extra: Any) -> str:
    previous = previous_question(questionnaire, assessment.answers, current)
    back = (url_for("assessments.question", assessment_id=assessment.id, question_id=previous.id) if previous
            else url_for("assessments.task_list", assessment_id=assessment.id))
    if request.args.get("return") == "check":
        back = url_for("assessments.check_answers", assessment_id=assessment.id, section_id=current.section_id)
    section = questionnaire.section(current.section_id)
    about_personal_data = asks_about_personal_data(current)
    # The page vouches for the answer its person last saw: the one they posted from while their typed answer comes
    # back with errors; else the one stored now, which a fresh page, a conflict page and a list's rows all show.
    posted = request.form.get(SEEN_FIELD) if conflict is None and current.type != "list" else None
    seen = posted or fingerprint(assessment.answers.get(current.id))
    return render_template(f"assessments/questions/{current.type}.html", assessment=assessment, question=current,
                           section=section, form=form, back=back, offer_sample_data=about_personal_data,
                           scans=sample_data.checked_scans(get_session(), assessment) if about_personal_data else [],
                           conflict=conflict, seen=seen, seen_field=SEEN_FIELD, **extra)


def _list_question(assessment: Assessment, questionnaire: Questionnaire, current: Question) -> ResponseReturnValue:
    builder = build_form(current)
    rows: list[dict[str, str]] = list(assessment.answers.get(current.id) or [])
    action = request.form.get("action", "")
    form = builder.make(formdata=request.form if request.method == "POST" else None)
    # CSRF was checked for every POST before the view ran; the new-row fields are optional until filled.
    if request.method == "POST":
        if action.startswith("remove-"):
            # ASCII digits, and few: str.isdigit() also accepts "²", which int() refuses, and a huge number is slow.
            position = action.removeprefix("remove-")
            index = int(position) if re.fullmatch(r"[0-9]{1,4}", position) else -1
            try:
                services.remove_list_item(get_session(), current_actor(), questionnaire, assessment, current, index,
                                          seen=request.form.get(SEEN_FIELD))
            except AnswerConflict as conflict:
                return _render_question(assessment, questionnaire, current, builder.make(), conflict=conflict,
                                        rows=list(conflict.kept or [])), 409
            return redirect(request.full_path.rstrip("?"))
        # A new row is added to the list as it is now: whatever another tab added meanwhile is kept too.
        new_row = builder.value(form)
        if new_row:
            if not form.validate():
                return _render_question(assessment, questionnaire, current, form, rows=rows)
            if current.max_items and len(rows) >= current.max_items:
                form.form_errors.append(f"You can add up to {current.max_items} {current.item_name}s")
                return _render_question(assessment, questionnaire, current, form, rows=rows)
            rows.append(new_row)
            services.save_answer(get_session(), current_actor(), questionnaire, assessment, current, rows)
            form = builder.make()
        if action == "add":
            return redirect(request.full_path.rstrip("?"))
        minimum = max(current.min_items, 1 if current.required else 0)
        if len(rows) < minimum:
            form = builder.make()
            form.form_errors.append(current.errors.get("required") or f"Add at least {minimum} {current.item_name}")
            return _render_question(assessment, questionnaire, current, form, rows=rows, list_error=True)
        return _after_answer(questionnaire, assessment, current)
    return _render_question(assessment, questionnaire, current, form, rows=rows)


@assessments.route("/assessments/<uuid:assessment_id>/sections/<section_id>")
@role_required(*MEMBERS)
def check_answers(assessment_id: uuid.UUID, section_id: str) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id)
    section = questionnaire.section(section_id)
    if section is None:
        abort(404)
    progress = next(item for item in section_progress(questionnaire, assessment.answers)
                    if item.section.id == section_id)
    return render_template("assessments/check_answers.html", assessment=assessment, questionnaire=questionnaire,
                           section=section, progress=progress,
                           can_change=services.can_edit(current_actor(), assessment))


@assessments.route("/assessments/<uuid:assessment_id>/risk")
@role_required(*MEMBERS)
def risk(assessment_id: uuid.UUID) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id)
    risk_result = assess(questionnaire, assessment.answers)
    return render_template("assessments/risk.html", assessment=assessment, questionnaire=questionnaire,
                           risk=risk_result, actions=_actions(questionnaire, assessment, risk_result),
                           fix_links=services.can_edit(current_actor(), assessment))


def _actions(questionnaire: Questionnaire, assessment: Assessment, risk_result: RiskResult) -> list[ActionStatus]:
    return action_statuses(get_session(), questionnaire, assessment, risk_result)


@assessments.route("/assessments/<uuid:assessment_id>/submit", methods=["GET", "POST"])
@role_required(Role.DIGITAL_LEAD)
def submit(assessment_id: uuid.UUID) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id, for_update=request.method == "POST")
    form = SubmitForm()
    if not services.can_edit(current_actor(), assessment):
        if request.method == "POST":
            # A double click or a second tab: the first submission stands and this one changes nothing.
            flash(pages.not_submitted_again(assessment))
            return redirect(url_for("assessments.task_list", assessment_id=assessment.id), 303)
        return redirect(url_for("assessments.task_list", assessment_id=assessment.id))
    if form.validate_on_submit():
        try:
            services.submit(get_session(), current_actor(), questionnaire, assessment,
                            seen_lock_version=seen_version(form.lock_version.data))
        except AssessmentChanged:
            return _submit_page(assessment, questionnaire, form, changed=True)
        except services.AssessmentError as error:
            flash(str(error), "error")
            return redirect(url_for("assessments.submit", assessment_id=assessment.id))
        flash(f"{assessment.use_case.reference} version {assessment.version_number} has been submitted for review.")
        return redirect(url_for("assessments.task_list", assessment_id=assessment.id))
    return _submit_page(assessment, questionnaire, form)


def _submit_page(assessment: Assessment, questionnaire: Questionnaire, form: SubmitForm, *,
                 changed: bool = False) -> ResponseReturnValue:
    """The risk and the submit button; `changed` when the answers changed after the person opened it, so they
    see and confirm the assessment as it is now."""
    form.lock_version.data = str(assessment.lock_version)
    progress = section_progress(questionnaire, assessment.answers)
    risk_result = assess(questionnaire, assessment.answers)
    return render_template("assessments/submit.html", assessment=assessment, questionnaire=questionnaire, form=form,
                           complete=all_complete(progress), risk=risk_result, changed=changed,
                           actions=_actions(questionnaire, assessment, risk_result), progress=progress,
                           fix_links=True), 409 if changed else 200
