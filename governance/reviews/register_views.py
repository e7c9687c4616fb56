"""The internal AI register (page and CSV), conditions marked as met, and each use case's history."""

from __future__ import annotations

import uuid
from datetime import date

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from governance.accounts.roles import Role
from governance.assessments import services as assessment_services
from governance.assessments.lifecycle import State
from governance.db import get_session
from governance.reviews import register
from governance.reviews.forms import ConditionMetForm, RetireForm
from governance.reviews.views import LEVELS, reviews
from governance.security import current_actor, role_required

MEMBERS = (Role.DIGITAL_LEAD, Role.IG_OFFICER, Role.ADMIN)


def _filtered_rows() -> tuple[list[register.RegisterRow], dict[str, str]]:
    filters = {"status": request.args.get("status", ""), "level": request.args.get("level", ""),
               "overdue": request.args.get("overdue", "")}
    status = filters["status"] if filters["status"] in {item.value for item in State} else None
    level = filters["level"] if filters["level"] in LEVELS else None
    rows = register.register_rows(get_session(), current_actor(), date.today(), status=status, level=level,
                                  overdue_only=filters["overdue"] == "yes")
    return rows, filters


@reviews.route("/ai-register")
@role_required(*MEMBERS)
def internal_register() -> ResponseReturnValue:
    rows, filters = _filtered_rows()
    return render_template("reviews/register.html", rows=rows, filters=filters, statuses=list(State),
                           levels=LEVELS)


@reviews.route("/ai-register.csv")
@role_required(*MEMBERS)
def internal_register_csv() -> ResponseReturnValue:
    rows, _filters = _filtered_rows()
    response = Response(register.register_csv(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="ai-register-{date.today().isoformat()}.csv"'
    return response


@reviews.route("/conditions/<uuid:condition_id>/met", methods=["GET", "POST"])
@role_required(*MEMBERS)
def condition_met(condition_id: uuid.UUID) -> ResponseReturnValue:
    session = get_session()
    condition = register.get_condition(session, current_actor(), condition_id)
    use_case = condition.decision.assessment.use_case
    back = url_for("assessments.show_use_case", reference=use_case.reference)
    if condition.met:
        flash("This condition has already been marked as met.", "error")
        return redirect(back, 303)
    if not register.may_mark_met(current_actor(), condition):
        raise PermissionError("only the condition's owner or an information governance officer may mark it met")
    form = ConditionMetForm()
    if form.validate_on_submit():
        try:
            register.mark_condition_met(session, current_actor(), condition_id, form.evidence.data or "")
        except register.ConditionError as error:
            form.evidence.errors = [str(error)]
        else:
            flash(f"Condition marked as met: {condition.text}")
            return redirect(back + "#conditions")
    return render_template("reviews/condition_met.html", condition=condition, use_case=use_case, form=form, back=back)


@reviews.route("/use-cases/<reference>/retire", methods=["GET", "POST"])
@role_required(Role.IG_OFFICER)
def retire(reference: str) -> ResponseReturnValue:
    session = get_session()
    use_case = assessment_services.get_use_case(session, current_actor(), reference)
    form = RetireForm()
    if form.validate_on_submit():
        try:
            register.retire_use_case(session, current_actor(), use_case, form.reason.data or "")
        except register.ConditionError as error:
            form.reason.errors = [str(error)]
        else:
            flash(f"{use_case.reference} has been retired.")
            return redirect(url_for("assessments.show_use_case", reference=reference))
    return render_template("reviews/retire.html", use_case=use_case, form=form)


@reviews.route("/use-cases/<reference>/history")
@role_required(*MEMBERS)
def history(reference: str) -> ResponseReturnValue:
    session = get_session()
    use_case = assessment_services.get_use_case(session, current_actor(), reference)
    return render_template("reviews/history.html", use_case=use_case,
                           entries=register.history(session, current_actor(), use_case))
