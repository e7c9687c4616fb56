"""Review pages for information governance officers: the queue, the review page with comments, and the
decision form. Thin: the rules live in services.py and rules.py."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from governance.accounts.models import Role
from governance.assessments import presenters, sample_data
from governance.assessments.models import Assessment
from governance.assessments.services import pinned_questionnaire
from governance.db import get_session
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import assess
from governance.questionnaire.rules import visible_answers
from governance.records import services as records
from governance.reviews import services
from governance.reviews.forms import CommentForm, DecisionForm, condition_rows
from governance.reviews.models import DecisionKind
from governance.reviews.rules import DecisionRequest
from governance.security import current_actor, role_required

reviews = Blueprint("reviews", __name__)
presenters.register(reviews)
LEVELS = ("I", "II", "III", "IV")


def _load(assessment_id: uuid.UUID) -> tuple[Assessment, Questionnaire]:
    assessment = services.get_for_review(get_session(), current_actor(), assessment_id)
    return assessment, pinned_questionnaire(current_app.extensions["questionnaires"], assessment)


def check_url() -> str:
    """The public check page's address, as printed on every record."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    return f"{base.rstrip('/')}/check-a-record" if base else url_for("records.check", _external=True)


def _today() -> date:
    return date.today()


@reviews.route("/reviews")
@role_required(Role.IG_OFFICER)
def queue() -> ResponseReturnValue:
    level = request.args.get("level") if request.args.get("level") in LEVELS else None
    awaiting = {"yes": True, "no": False}.get(request.args.get("awaiting", ""))
    sort = request.args.get("sort") if request.args.get("sort") in services.SORTS else "oldest"
    items = services.review_queue(get_session(), current_actor(), _today(), level=level, awaiting_second=awaiting,
                                  sort=sort)
    return render_template("reviews/queue.html", items=items, level=level, awaiting=request.args.get("awaiting", ""),
                           sort=sort, levels=LEVELS, target_days=services.REVIEW_TARGET_DAYS)


def _comment_form(questionnaire: Questionnaire) -> CommentForm:
    form = CommentForm()
    form.section.choices = [SelectChoice("", "The whole assessment")] + [
        SelectChoice(section.id, f"{section.ref}. {section.title}") for section in questionnaire.sections]
    return form


def _review_page(assessment: Assessment, questionnaire: Questionnaire, *, comment_form: CommentForm | None = None,
                 status: int = 200) -> ResponseReturnValue:
    session = get_session()
    previous = services.previous_version(assessment)
    scans = [scan for scan in sample_data.list_scans(session, assessment) if scan.status == "done"]
    return render_template(
        "reviews/review.html", assessment=assessment, questionnaire=questionnaire,
        risk=assess(questionnaire, assessment.answers), visible=visible_answers(questionnaire, assessment.answers),
        previous=previous, changed=services.changed_answers(previous.answers if previous else None,
                                                            assessment.answers),
        scans=scans, comments=services.comments_for(session, assessment),
        decisions=services.decisions_for(session, assessment),
        records=records.records_for(session, assessment),
        comment_form=comment_form or _comment_form(questionnaire),
        suggestions=sample_data.suggestions_for(session, assessment),
        approvals=services.earlier_approvers(session, assessment)), status


@reviews.route("/reviews/<uuid:assessment_id>")
@role_required(Role.IG_OFFICER)
def review(assessment_id: uuid.UUID) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id)
    return _review_page(assessment, questionnaire)


@reviews.route("/reviews/<uuid:assessment_id>/comments", methods=["POST"])
@role_required(Role.IG_OFFICER)
def add_comment(assessment_id: uuid.UUID) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id)
    form = _comment_form(questionnaire)
    if not form.validate_on_submit():
        return _review_page(assessment, questionnaire, comment_form=form)
    try:
        services.add_comment(get_session(), current_actor(), questionnaire, assessment, form.section.data or None,
                             form.body.data or "")
    except services.ReviewError as error:
        form.body.errors = list(error.problems)
        return _review_page(assessment, questionnaire, comment_form=form)
    flash("Your comment has been added. The digital lead will see it.")
    return redirect(url_for("reviews.review", assessment_id=assessment.id) + "#comments")


def _decision_page(assessment: Assessment, questionnaire: Questionnaire, form: DecisionForm, rows: list[Any],
                   problems: list[str], status: int = 200) -> ResponseReturnValue:
    session = get_session()
    return render_template("reviews/decide.html", assessment=assessment, questionnaire=questionnaire, form=form,
                           rows=rows, problems=[(problem, _target(problem)) for problem in problems],
                           risk=assess(questionnaire, assessment.answers),
                           approvals=services.earlier_approvers(session, assessment)), status


def _target(problem: str) -> str:
    """Which field an error summary entry links to."""
    if problem.startswith("Condition "):
        return f"condition-{problem.split()[1].rstrip(':')}-text"
    if "condition" in problem:
        return "condition-1-text"
    if problem.startswith(("Give the reason", "Say what needs")):
        return "reason"
    return "decision"


@reviews.route("/reviews/<uuid:assessment_id>/decision", methods=["GET", "POST"])
@role_required(Role.IG_OFFICER)
def decide(assessment_id: uuid.UUID) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id)
    form = DecisionForm()
    if request.method == "GET":
        form.lock_version.data = str(assessment.lock_version)
        return _decision_page(assessment, questionnaire, form, condition_rows({}, 1), [])
    count = form.condition_rows.data or 1
    if request.form.get("action") == "add-condition":
        rows = condition_rows(request.form, count + 1)
        return _decision_page(assessment, questionnaire, form, rows, [])
    rows = condition_rows(request.form, count)
    if not form.validate_on_submit():
        return _decision_page(assessment, questionnaire, form, rows, [])
    kind = DecisionKind(form.decision.data)
    date_problems = [f"Condition {row.number}: enter a real due date" for row in rows if row.date_error]
    with_conditions = kind is DecisionKind.APPROVE_WITH_CONDITIONS
    conditions = tuple(row.to_input() for row in rows if not row.empty) if with_conditions else ()
    decision_request = DecisionRequest(kind, form.reason.data or "", conditions)
    if date_problems:
        return _decision_page(assessment, questionnaire, form, rows, date_problems)
    return _record_decision(assessment, questionnaire, form, rows, decision_request)


def _seen_version(value: str | None) -> int:
    """The version the officer's page showed; anything unreadable counts as stale."""
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _record_decision(assessment: Assessment, questionnaire: Questionnaire, form: DecisionForm, rows: list[Any],
                     decision_request: DecisionRequest) -> ResponseReturnValue:
    session = get_session()
    try:
        decision = services.decide(
            session, current_actor(), questionnaire, assessment, decision_request,
            seen_lock_version=_seen_version(form.lock_version.data), today=_today(),
            issue_record=records.record_issuer(questionnaire, current_app.extensions["records.signing"],
                                               check_url()))
    except services.ReviewError as error:
        return _decision_page(assessment, questionnaire, form, rows, error.problems)
    except services.DecisionConflict:
        session.rollback()
        flash("Another officer recorded a decision or the assessment changed while you were deciding. "
              "Nothing was saved from your form. This is the assessment as it is now.", "error")
        return redirect(url_for("reviews.review", assessment_id=assessment.id), 303)
    if decision.final:
        flash(f"Decision recorded: {decision.decision_kind.label.lower()}.")
    else:
        flash("Your approval is recorded. Because the risk is high, a second officer must approve it too.")
    return redirect(url_for("reviews.review", assessment_id=assessment.id))
