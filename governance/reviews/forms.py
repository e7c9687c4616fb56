"""Review forms: comments, and the decision with its conditions (rows added on the page, no script)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from governance.reviews.models import DecisionKind
from governance.reviews.rules import MAX_CONDITIONS, ConditionInput

DECISION_CHOICES = [
    SelectChoice(DecisionKind.APPROVE.value, "Approve"),
    SelectChoice(DecisionKind.APPROVE_WITH_CONDITIONS.value, "Approve with conditions"),
    SelectChoice(DecisionKind.REQUEST_CHANGES.value, "Request changes"),
    SelectChoice(DecisionKind.REJECT.value, "Reject"),
]


class CommentForm(FlaskForm):
    section = SelectField("Which part of the assessment is it about?", widget=GovSelect(), validate_choice=True)
    body = TextAreaField("Comment", description="The digital lead sees this comment.", widget=GovTextArea(),
                         validators=[InputRequired("Enter a comment"),
                                     Length(max=5000, message="A comment must be 5,000 characters or fewer")])
    submit = SubmitField("Add comment", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    decision = RadioField("What is your decision?", choices=DECISION_CHOICES,
                          validators=[InputRequired("Choose a decision")])
    reason = TextAreaField("Reason or changes needed",
                           validators=[Length(max=5000, message="The reason must be 5,000 characters or fewer")])
    lock_version = HiddenField()
    condition_rows = IntegerField(default=1)


@dataclass(frozen=True)
class ConditionRow:
    number: int
    text: str
    owner: str
    day: str
    month: str
    year: str
    date_error: bool

    def to_input(self) -> ConditionInput:
        return ConditionInput(self.text, self.owner, _date(self.day, self.month, self.year))

    @property
    def empty(self) -> bool:
        return not (self.text.strip() or self.owner.strip() or self.day or self.month or self.year)


def _date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def condition_rows(data: Mapping[str, str], count: int) -> list[ConditionRow]:
    rows = []
    for number in range(1, max(1, min(count, MAX_CONDITIONS)) + 1):
        day, month, year = (data.get(f"condition-{number}-due-{part}", "").strip() for part in ("day", "month", "year"))
        filled = bool(day or month or year)
        text, owner = data.get(f"condition-{number}-text", ""), data.get(f"condition-{number}-owner", "")
        rows.append(ConditionRow(number, text, owner, day, month, year, filled and _date(day, month, year) is None))
    return rows
