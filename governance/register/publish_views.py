"""Publishing an approved use case on the register, with a preview of exactly what becomes public, and
withdrawing it (a public tombstone stays)."""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from governance.accounts.roles import Role
from governance.assessments import services as assessment_services
from governance.assessments.services import pinned_questionnaire
from governance.db import get_session
from governance.questionnaire.roles import publication_answers
from governance.questionnaire.rules import visible_answers
from governance.register import services
from governance.register.atrs import ALL_FIELDS, METADATA_FIELDS, TIER_1, TIER_2, WITHHOLDABLE
from governance.register.views import register
from governance.security import current_actor, role_required


class PublishForm(FlaskForm):
    exemption = TextAreaField("Which Freedom of Information Act exemption applies to what is left out?",
                              validators=[Length(max=services.MAX_REASON)])


class WithdrawForm(FlaskForm):
    reason = TextAreaField("Why is the entry being withdrawn?", validators=[Length(max=services.MAX_REASON)])


@register.route("/use-cases/<reference>/publish", methods=["GET", "POST"])
@role_required(Role.IG_OFFICER)
def publish(reference: str) -> ResponseReturnValue:
    session = get_session()
    use_case = assessment_services.get_use_case(session, current_actor(), reference)
    approved = services.approved_assessment(use_case)
    form = PublishForm()
    withheld = [key for key in request.form.getlist("withheld") if key in WITHHOLDABLE]
    problem, content = None, None
    if approved is not None:
        questionnaire = pinned_questionnaire(current_app.extensions["questionnaires"], approved)
        try:
            content = services.preview(session, current_actor(), questionnaire, use_case, date.today(),
                                       withheld=withheld, exemption=form.exemption.data)
        except services.PublicationError as error:
            problem = str(error)
        if request.method == "POST" and request.form.get("action") == "publish" and form.validate_on_submit() \
                and problem is None:
            entry = services.publish(session, current_actor(), questionnaire, use_case, date.today(), withheld=withheld,
                                     exemption=form.exemption.data)
            flash(f"Published on the register as version {entry.version}.")
            return redirect(url_for("register.entry", org_slug=use_case.organisation.slug,
                                    reference=use_case.reference))
    else:
        problem = "Only an approved use case can be published"
    answered = (publication_answers(questionnaire, visible_answers(questionnaire, approved.answers))
                if approved is not None else [])
    return render_template("register/publish.html", use_case=use_case, form=form, content=content, problem=problem,
                           publication_answers=answered,
                           withheld=withheld, withholdable=[ALL_FIELDS[key] for key in WITHHOLDABLE],
                           current=services.current_entry(session, use_case), tier_1=TIER_1, tier_2=TIER_2,
                           metadata_fields=METADATA_FIELDS, posted=request.method == "POST")


@register.route("/use-cases/<reference>/withdraw", methods=["GET", "POST"])
@role_required(Role.IG_OFFICER)
def withdraw(reference: str) -> ResponseReturnValue:
    session = get_session()
    use_case = assessment_services.get_use_case(session, current_actor(), reference)
    form = WithdrawForm()
    problem = None
    if form.validate_on_submit():
        try:
            services.withdraw(session, current_actor(), use_case, form.reason.data or "")
        except services.PublicationError as error:
            problem = str(error)
        else:
            flash("The entry has been withdrawn. Its page now says so, with your reason and the date.")
            return redirect(url_for("register.entry", org_slug=use_case.organisation.slug,
                                    reference=use_case.reference))
    return render_template("register/withdraw.html", use_case=use_case, form=form, problem=problem,
                           current=services.current_entry(session, use_case))
