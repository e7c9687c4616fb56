"""Forms for signing in and managing accounts, rendered with GOV.UK Frontend widgets."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Email, InputRequired, Length, Optional

from governance.accounts.models import ATRS_ORGANISATION_TYPES, ROLE_LABELS

ROLE_CHOICES = [SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]
EMAIL_REQUIRED = "Enter an email address"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.gov.uk"
NAME_TOO_LONG = "Name must be 200 characters or fewer"


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(EMAIL_REQUIRED), Length(max=320, message=EMAIL_FORMAT)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your password"), Length(max=1024, message="Enter your password")],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter your current password")],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        "New password",
        description="Use 12 characters or more. Three random words is a good way to make a strong password.",
        widget=GovPasswordInput(),
        validators=[InputRequired("Enter a new password")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class NewUserForm(FlaskForm):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the person's full name"), Length(max=200, message=NAME_TOO_LONG)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(EMAIL_REQUIRED), Email(EMAIL_FORMAT, check_deliverability=False),
                    Length(max=320, message=EMAIL_FORMAT)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    roles = SelectMultipleField(
        "Roles",
        description="Select all that apply.",
        choices=ROLE_CHOICES,
        widget=GovCheckboxesInput(),
        validators=[InputRequired("Select at least one role")],
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())


class RolesForm(FlaskForm):
    roles = SelectMultipleField(
        "Roles",
        description="Select all that apply.",
        choices=ROLE_CHOICES,
        widget=GovCheckboxesInput(),
        validators=[InputRequired("Select at least one role")],
    )
    submit = SubmitField("Save roles", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button that changes something: the form exists for its CSRF token."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class OrganisationForm(FlaskForm):
    name = StringField(
        "Organisation name",
        widget=GovTextInput(),
        validators=[InputRequired("Enter the organisation's name"), Length(max=200, message=NAME_TOO_LONG)],
    )
    atrs_organisation_type = SelectField(
        "Organisation type",
        description="As the Algorithmic Transparency Recording Standard describes it.",
        choices=[SelectChoice(value) for value in ATRS_ORGANISATION_TYPES],
        widget=GovSelect(),
    )
    website = StringField(
        "Website",
        description="For example, https://www.example.gov.uk",
        widget=GovTextInput(),
        validators=[Optional(), URL(message="Enter a website address in the correct format, like https://www.example.gov.uk"),
                    Length(max=500, message="Website address must be 500 characters or fewer")],
    )
    contact_email = EmailField(
        "Public contact email",
        description="Shown on the public register so residents can ask about your AI use.",
        widget=GovTextInput(),
        validators=[Optional(), Email(EMAIL_FORMAT, check_deliverability=False), Length(max=320, message=EMAIL_FORMAT)],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
