"""One registry from question type to form field: how each type is asked, checked and stored.

A question page is a form with one field, `answer` (or, for a list, rows of small fields). Error
messages come from the questionnaire file, with GOV.UK-style defaults.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateField, Field, Form, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from governance.questionnaire.model import ListField, Question

DEFAULT_ERRORS = {
    "radios": "Select an answer",
    "yes-no-unsure": "Select yes, no or I'm not sure",
    "checkboxes": "Select all that apply",
    "number": "Enter a number",
    "date": "Enter a date",
    "list": "Add at least one {item}",
}
DEFAULT_TEXT_ERROR = "Enter an answer"
INVALID = {
    "number": "Enter a number, like 250",
    "date": "Enter a real date, like 27 3 2026",
    "email": "Enter an email address in the correct format, like name@example.gov.uk",
    "url": "Enter a web address in the correct format, starting with https://",
}
TEXT_LIMIT = 300
TEXTAREA_LIMIT = 5000


def message(question: Question, kind: str, default: str) -> str:
    return question.errors.get(kind) or default


def _required(question: Question) -> list[Any]:
    if not question.required:
        return [Optional()]
    default = DEFAULT_ERRORS.get(question.type, DEFAULT_TEXT_ERROR).format(item=question.item_name or "item")
    return [InputRequired(message(question, "required", default))]


def _length(question: Question, limit: int) -> Length:
    maximum = question.max_length or limit
    return Length(max=maximum, message=message(question, "too_long", f"Answer must be {maximum} characters or fewer"))


def _url_check(error_message: str) -> Callable[[Any, Field], None]:
    def check(_form: Any, field: Field) -> None:
        value = (field.data or "").strip()
        if value and (not value.startswith(("https://", "http://")) or " " in value or "." not in value):
            raise ValidationError(error_message)

    return check


# A number answer has at most this many digits before the decimal point (a count of people, money).
LARGEST_DIGITS = 15


def _number_check(question: Question) -> Callable[[Any, Field], None]:
    def check(_form: Any, field: Field) -> None:
        raw = (field.data or "").strip().replace(",", "")
        if not raw:
            return
        try:
            number = Decimal(raw)
        except InvalidOperation as error:
            raise ValidationError(message(question, "invalid", INVALID["number"])) from error
        if not number.is_finite():
            raise ValidationError(message(question, "invalid", INVALID["number"]))
        # "1e999999999" is a valid Decimal; storing it as an int would take the process down.
        if number.adjusted() >= LARGEST_DIGITS:
            raise ValidationError(message(question, "too_large", "Enter a smaller number"))
        if question.min is not None and number < Decimal(str(question.min)):
            raise ValidationError(message(question, "too_small", f"Enter a number of {question.min:g} or more"))
        if question.max is not None and number > Decimal(str(question.max)):
            raise ValidationError(message(question, "too_large", f"Enter a number of {question.max:g} or less"))

    return check


def _choices(question: Question) -> list[SelectChoice]:
    return [SelectChoice(option.value, option.label) for option in question.options]


def _exclusive_check(question: Question) -> Callable[[Any, Field], None]:
    exclusive = {option.value: option.label for option in question.options if option.exclusive}

    def check(_form: Any, field: Field) -> None:
        chosen = set(field.data or [])
        for value, label in exclusive.items():
            if value in chosen and len(chosen) > 1:
                raise ValidationError(f"Select '{label}' on its own, or choose the other options instead")

    return check


def answer_field(question: Question) -> Field:
    """The form field for one question of any type except list."""
    label = question.text
    hint = question.hint or ""
    kind = question.type
    if kind in ("radios", "yes-no-unsure"):
        return RadioField(label, description=hint, choices=_choices(question), widget=GovRadioInput(),
                          validators=_required(question),
                          validate_choice=True)
    if kind == "checkboxes":
        return SelectMultipleField(label, description=hint, choices=_choices(question), widget=GovCheckboxesInput(),
                                   validators=[*_required(question), _exclusive_check(question)])
    if kind == "textarea":
        widget = GovCharacterCount() if question.max_length else GovTextArea()
        return TextAreaField(label, description=hint, widget=widget,
                             validators=[*_required(question), _length(question, TEXTAREA_LIMIT)])
    if kind == "number":
        return StringField(label, description=hint, widget=GovTextInput(),
                           validators=[*_required(question), _number_check(question)])
    if kind == "date":
        return DateField(label, description=hint, widget=GovDateInput(), format="%d %m %Y",
                         validators=_required(question))
    extra: list[Any] = []
    if kind == "email":
        extra = [Email(message(question, "invalid", INVALID["email"]), check_deliverability=False)]
    elif kind == "url":
        extra = [_url_check(message(question, "invalid", INVALID["url"]))]
    return StringField(label, description=hint, widget=GovTextInput(),
                       validators=[*_required(question), _length(question, TEXT_LIMIT), *extra])


def _row_field(field: ListField) -> Field:
    validators: list[Any] = [InputRequired(f"Enter {field.label.lower()}")] if field.required else [Optional()]
    if field.type == "textarea":
        return TextAreaField(field.label, description=field.hint or "", widget=GovTextArea(),
                             validators=[*validators, Length(max=TEXTAREA_LIMIT)])
    return StringField(field.label, description=field.hint or "", widget=GovTextInput(),
                       validators=[*validators, Length(max=TEXT_LIMIT)])


@dataclass(frozen=True)
class QuestionForm:
    """A built form class and how to move values between it and the stored answer.

    A list question's form holds one new row; the rows already added are shown above it.
    """

    form_class: type[FlaskForm]
    question: Question

    def make(self, stored: Any = None, formdata: Any = None) -> FlaskForm:
        if self.question.type == "list" or stored is None:
            return self.form_class(formdata=formdata)
        return self.form_class(formdata=formdata, data={"answer": _to_form(self.question, stored)})

    def value(self, form: FlaskForm) -> Any:
        if self.question.type == "list":
            return row_value(self.question, form)
        return _from_form(self.question, form.answer.data)


def build_form(question: Question) -> QuestionForm:
    if question.type == "list":
        fields = {_attribute(field): _row_field(field) for field in question.fields}
        return QuestionForm(type("ListRowForm", (FlaskForm,), fields), question)
    return QuestionForm(type("QuestionPageForm", (FlaskForm,), {"answer": answer_field(question)}), question)


def _attribute(field: ListField) -> str:
    return field.id.replace("-", "_")


def _to_form(question: Question, stored: Any) -> Any:
    if question.type == "date" and isinstance(stored, str):
        return dt.date.fromisoformat(stored)
    if question.type == "number":
        return f"{stored:g}" if isinstance(stored, float) else str(stored)
    return stored


def _from_form(question: Question, data: Any) -> Any:
    if question.type == "date":
        return data.isoformat() if data else None
    if question.type == "number":
        raw = (data or "").strip().replace(",", "")
        if not raw:
            return None
        number = Decimal(raw)
        return int(number) if number == number.to_integral_value() else float(number)
    if isinstance(data, str):
        return data.strip() or None
    return data or None


def row_value(question: Question, form: Form) -> dict[str, str]:
    """The filled-in fields of a list row, keyed by field id."""
    row = {}
    for field in question.fields:
        text = (getattr(form, _attribute(field)).data or "").strip()
        if text:
            row[field.id] = text
    return row
