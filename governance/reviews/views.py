"""Review pages for information governance officers: the queue, the review page with comments, and the
decision form. Thin: the rules live in services.py and rules.py."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from governance.accounts.roles import Role
from governance.addresses import public_url
from governance.assessments import presenters
from governance.assessments.services import pinned_questionnaire
from governance.db import get_session
from governance.questionnaire.model import Questionnaire
from governance.records.services import RecordSettings
from governance.reviews import pages, services
from governance.reviews.forms import CommentForm, DecisionForm, ensure_rows, error_list
from governance.security import current_actor, role_required

if TYPE_CHECKING:
    # For annotations only: views get assessments from services and never query (see [tool.importlinter]).
    from governance.assessments.models import Assessment

reviews = Blueprint("reviews", __name__)
presenters.register(reviews)
LEVELS = ("I", "II", "III", "IV")


def _load(assessment_id: uuid.UUID) -> tuple[Assessment, Questionnaire]:
    assessment = services.get_for_review(get_session(), current_actor(), assessment_id)
    return assessment, pinned_questionnaire(current_app.extensions["questionnaires"], assessment)


def check_url() -> str:
    """The public check page's address, as printed on every record."""
    return public_url("records.check")


def _today() -> date:
    return date.today()


@reviews.route("/reviews")
@role_required(Role.IG_OFFICER)
def queue() -> ResponseReturnValue:
    level = request.args.get("level") if request.args.get("level") in LEVELS else None
    awaiting = {"yes": True, "no": False}.get(request.args.get("awaiting", ""))
    requested_sort = request.args.get("sort", "")
    sort = requested_sort if requested_sort in services.SORTS else "oldest"
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
    page = pages.review_page(get_session(), current_actor(), questionnaire, assessment, _today())
    return render_template("reviews/review.html", page=page, assessment=assessment, questionnaire=questionnaire,
                           risk=page.risk, actions=page.actions,
                           comment_form=comment_form or _comment_form(questionnaire)), status


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
        form.body.errors = error.messages
        return _review_page(assessment, questionnaire, comment_form=form)
    flash("Your comment has been added. The digital lead will see it.")
    return redirect(url_for("reviews.review", assessment_id=assessment.id) + "#comments")


def _decision_page(assessment: Assessment, questionnaire: Questionnaire, form: DecisionForm,
                   status: int = 200) -> ResponseReturnValue:
    page = pages.decision_page(get_session(), current_actor(), questionnaire, assessment)
    form.offer_owners(page.owners)
    # Not passed as `form`: the page shows its own error summary, with the rules' problems on their fields.
    return render_template("reviews/decide.html", page=page, assessment=assessment, decision_form=form,
                           risk=page.risk, errors=error_list(form)), status


def recording() -> RecordSettings:
    return RecordSettings(current_app.extensions["records.signing"], check_url())


@reviews.route("/reviews/<uuid:assessment_id>/decision", methods=["GET", "POST"])
@role_required(Role.IG_OFFICER)
def decide(assessment_id: uuid.UUID) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id)
    if request.method == "POST" and _seen_version(request.form.get("lock_version")) != assessment.lock_version:
        return _conflict(assessment)
    refusal = pages.decision_refusal(get_session(), current_actor(), questionnaire, assessment)
    if refusal:
        flash(refusal, "error")
        return redirect(url_for("reviews.review", assessment_id=assessment.id), 303)
    form = DecisionForm()
    if request.method == "GET":
        form.lock_version.data = str(assessment.lock_version)
        return _decision_page(assessment, questionnaire, form)
    form.offer_owners(services.condition_owners(get_session(), assessment.use_case.organisation_id))
    if form.add_condition.data:
        ensure_rows(form, adding=True)
        return _decision_page(assessment, questionnaire, form)
    if not form.validate_on_submit():
        return _decision_page(assessment, questionnaire, form)
    return _record_decision(assessment, questionnaire, form)


def _conflict(assessment: Assessment) -> ResponseReturnValue:
    flash("Another officer recorded a decision or the assessment changed while you were deciding. "
          "Nothing was saved from your form. This is the assessment as it is now.", "error")
    return redirect(url_for("reviews.review", assessment_id=assessment.id), 303)


def _seen_version(value: str | None) -> int:
    """The version the officer's page showed; anything unreadable counts as stale."""
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _record_decision(assessment: Assessment, questionnaire: Questionnaire, form: DecisionForm) -> ResponseReturnValue:
    session = get_session()
    try:
        decision = services.decide(session, current_actor(), questionnaire, assessment, form.decision_request(),
                                   seen_lock_version=_seen_version(form.lock_version.data), today=_today(),
                                   recording=recording())
    except services.ReviewError as error:
        session.rollback()  # a refusal after the decision was written (its record could not be signed) keeps nothing
        form.show_problems(error.problems)
        return _decision_page(assessment, questionnaire, form)
    except services.DecisionConflict:
        session.rollback()
        return _conflict(assessment)
    if decision.final:
        flash(f"Decision recorded: {decision.outcome_kind.label.lower()}.")
    else:
        flash("Your approval is recorded. Because the risk is high, a second officer must approve it too.")
    return redirect(url_for("reviews.review", assessment_id=assessment.id))
