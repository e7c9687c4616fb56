"""Review forms: comments, the decision with its conditions (rows added on the page, no script), marking a
condition met, and retiring a use case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from governance.form_fields import DayMonthYearField
from governance.reviews.rules import MAX_CONDITIONS, ConditionInput, DecisionKind, DecisionRequest, Problem

DECISION_CHOICES = [
    SelectChoice(DecisionKind.APPROVE.value, "Approve"),
    SelectChoice(DecisionKind.APPROVE_WITH_CONDITIONS.value, "Approve with conditions"),
    SelectChoice(DecisionKind.REQUEST_CHANGES.value, "Request changes"),
    SelectChoice(DecisionKind.REJECT.value, "Reject"),
]
MAX_TEXT = 5000


class CommentForm(FlaskForm):
    section = SelectField("Which part of the assessment is it about?", widget=GovSelect(), validate_choice=True)
    body = TextAreaField("Comment", description="The digital lead sees this comment.", widget=GovTextArea(),
                         validators=[InputRequired("Enter a comment"),
                                     Length(max=MAX_TEXT, message="A comment must be 5,000 characters or fewer")])
    submit = SubmitField("Add comment", widget=GovSubmitInput())


class ConditionForm(Form):
    """One condition row. Whether a row must be filled in is the decision rules' question."""

    text = TextAreaField("What must be done", widget=GovTextArea(),
                         validators=[Length(max=MAX_TEXT, message="A condition must be 5,000 characters or fewer")])
    owner_id = SelectField("Who owns it", widget=GovSelect(), validate_choice=False,
                           description="They, or any information governance officer, can mark it as met.")
    due_on = DayMonthYearField("Due date", widget=GovDateInput(), description="For example, 31 3 2027",
                               invalid_message="The due date must be a real date, like 31 3 2027")

    @property
    def empty(self) -> bool:
        return not ((self.text.data or "").strip() or self.owner_id.data or self.due_on.data
                    or any(self.due_on.raw_data or []))


class DecisionForm(FlaskForm):
    decision = RadioField("What is your decision?", choices=DECISION_CHOICES, widget=GovRadioInput(),
                          validators=[InputRequired("Choose a decision")])
    reason = TextAreaField("Reason or changes needed", widget=GovTextArea(),
                           description="Required when you reject or request changes. The digital lead sees it, and "
                                       "a rejection's reason is printed on the signed record.",
                           validators=[Length(max=MAX_TEXT, message="The reason must be 5,000 characters or fewer")])
    conditions = FieldList(FormField(ConditionForm), min_entries=1, max_entries=MAX_CONDITIONS)
    lock_version = HiddenField()
    add_condition = SubmitField("Add another condition", widget=GovSubmitInput())
    record = SubmitField("Record the decision", widget=GovSubmitInput())

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        # Say which condition a field's message is about, as the rules' own messages do.
        for number, entry in enumerate(self.conditions.entries, start=1):
            for field in entry.form:
                field.errors = [f"Condition {number}: {message[0].lower()}{message[1:]}" for message in field.errors]
        return valid

    def offer_owners(self, people: Sequence[tuple[str, str]]) -> None:
        """The organisation's people who can own a condition, as (id, name)."""
        choices = [SelectChoice("", "Choose a person")] + [SelectChoice(value, label) for value, label in people]
        for entry in self.conditions.entries:
            entry.form.owner_id.choices = choices

    def decision_request(self) -> DecisionRequest:
        kind = DecisionKind(self.decision.data)
        rows = [entry.form for entry in self.conditions.entries if not entry.form.empty]
        conditions = tuple(ConditionInput((row.text.data or "").strip(), row.owner_id.data or "", row.due_on.data)
                           for row in rows) if kind is DecisionKind.APPROVE_WITH_CONDITIONS else ()
        return DecisionRequest(kind, self.reason.data or "", conditions)

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Put the rules' problems on the fields they are about, so the error summary links to them."""
        filled = [entry.form for entry in self.conditions.entries if not entry.form.empty]
        for problem in problems:
            if problem.condition is not None and problem.condition < len(filled) and problem.part:
                _add_error(filled[problem.condition][problem.part], problem.message)
            elif problem.condition is not None:
                _add_error(self.conditions.entries[0].form.text, problem.message)
            else:
                _add_error(self[problem.field], problem.message)


def _add_error(field: Any, message: str) -> None:
    field.errors = [*(field.errors or []), message]


def error_list(form: FlaskForm) -> list[dict[str, str]]:
    """The error summary's entries, each linking to its field by the field's own id."""
    items: list[dict[str, str]] = []

    def walk(fields: Mapping[str, Any] | Sequence[Any]) -> None:
        for field in (fields.values() if isinstance(fields, Mapping) else fields):
            if isinstance(field, FieldList):
                walk(list(field.entries))
            elif isinstance(field, FormField):
                walk(field.form._fields)
            elif field.errors and isinstance(field.errors, list | tuple):
                target = f"{field.id}-day" if isinstance(field, DateField) else field.id
                items.extend({"text": str(message), "href": f"#{target}"} for message in field.errors)

    walk(form._fields)
    return items


def ensure_rows(form: DecisionForm, adding: bool) -> None:
    """One empty row is always offered; 'add another' offers one more (up to the limit)."""
    if adding and len(form.conditions.entries) < MAX_CONDITIONS:
        form.conditions.append_entry()


class ConditionMetForm(FlaskForm):
    evidence = TextAreaField("How was the condition met?", widget=GovTextArea(),
                             description="Say what was done and where the evidence is kept. The information "
                                         "governance officer and the digital lead see it.",
                             validators=[InputRequired("Say how the condition was met, or where the evidence is"),
                                         Length(max=MAX_TEXT, message="The evidence must be 5,000 characters or "
                                                                      "fewer")])
    submit = SubmitField("Mark as met", widget=GovSubmitInput())


class RetireForm(FlaskForm):
    reason = TextAreaField("Why is the use case being retired?", widget=GovTextArea(),
                           description="For example, the tool has been switched off. If it is on the public register, "
                                       "its entry is withdrawn and this reason is shown there.",
                           validators=[InputRequired("Say why the use case is retired"),
                                       Length(max=2000, message="The reason must be 2,000 characters or fewer")])
    submit = SubmitField("Retire the use case", widget=GovSubmitInput())
