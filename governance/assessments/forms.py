"""Forms for starting a use case and submitting an assessment (question pages are built from the file)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovFileInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import HiddenField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from governance.form_fields import DayMonthYearField
from governance.questionnaire.model import Question, Questionnaire

# Asked on the start page, so the use case can be listed and filtered from the beginning.
START_FIELDS = {"service_area": "function", "phase": "phase"}


class StartUseCaseForm(FlaskForm):
    title = StringField(
        "What is the name of the AI tool or use case?",
        description="Use the name people in the council will recognise, for example 'Housing repairs chatbot'.",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the name of the AI tool or use case"),
                    Length(max=200, message="Name must be 200 characters or fewer")],
    )
    submit = SubmitField("Start assessment", widget=GovSubmitInput())
    _questions: dict[str, Question]

    @classmethod
    def for_questionnaire(cls, questionnaire: Questionnaire) -> StartUseCaseForm:
        """Add the service area and phase questions from the questionnaire, with its own options."""
        questions = {name: next((q for q in questionnaire.questions if q.atrs == field and q.options), None)
                     for name, field in START_FIELDS.items()}
        attributes: dict[str, Any] = {}
        for name, question in questions.items():
            if question is not None:
                attributes[name] = RadioField(
                    question.text, description=question.hint or "",
                    choices=[SelectChoice(option.value, option.label) for option in question.options],
                    widget=GovRadioInput(),
                    validators=[InputRequired(question.errors.get("required") or "Select an answer")],
                )
        form_class = type("StartForm", (cls,), attributes)
        form: StartUseCaseForm = form_class()
        form._questions = {name: question for name, question in questions.items() if question is not None}
        return form

    def prefill(self) -> dict[str, str]:
        return {question.id: getattr(self, name).data for name, question in self._questions.items()}


class SubmitForm(FlaskForm):
    submit = SubmitField("Submit for review", widget=GovSubmitInput())
    # The assessment's optimistic-lock version when the page was shown: submitting confirms what was seen.
    lock_version = HiddenField()


def seen_version(value: str | None) -> int | None:
    """The lock version a page was shown with: None when the post carries none (a page from before the field
    existed), 0 (never current) when it is not a number."""
    if not value:
        return None
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


class UploadForm(FlaskForm):
    sample = FileField(
        "Upload a sample of the data",
        description="CSV, TSV, Excel (.xlsx), JSON, JSON Lines or text, up to the size limit. The file is "
                    "checked and then deleted; only what was found is kept.",
        widget=GovFileInput(),
        validators=[FileRequired("Select a file")],
    )
    submit = SubmitField("Upload and scan", widget=GovSubmitInput())


class EvidenceForm(FlaskForm):
    """The record of a completed DPIA, EqIA or other action the assessment asks about."""

    reference = StringField(
        "Reference", widget=GovTextInput(),
        description="The document's reference or title in your records system, for example DPIA-2026-014.",
        validators=[InputRequired("Enter the reference of the document"),
                    Length(max=100, message="The reference must be 100 characters or fewer")])
    completed_on = DayMonthYearField(
        "When was it completed and signed off?", widget=GovDateInput(), description="For example, 27 3 2026",
        invalid_message="The date it was completed must be a real date, like 27 3 2026")
    signed_off_by = StringField(
        "Who signed it off (optional)", widget=GovTextInput(),
        description="For example, the data protection officer or the equality lead.",
        validators=[Length(max=200, message="Who signed it off must be 200 characters or fewer")])
    link = StringField(
        "Link to the document (optional)", widget=GovTextInput(),
        description="Where officers can read it, for example on the council's intranet or document system.",
        validators=[Length(max=500, message="The link must be 500 characters or fewer")])
    document = FileField(
        "Or attach the document (optional)", widget=GovFileInput(),
        description="PDF, Word, OpenDocument, RTF or Excel. The document is not kept: only its name, size and "
                    "fingerprint (SHA-256), so anyone holding the file can check it is the one recorded.")
    submit = SubmitField("Save", widget=GovSubmitInput())
    # Which recorded evidence the page showed (evidence.evidence_fingerprint): saving never replaces newer evidence.
    seen = HiddenField()
