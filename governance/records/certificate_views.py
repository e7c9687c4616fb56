"""An administrator sees and installs the certificate that signs their organisation's records."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField

from governance.accounts.roles import Role
from governance.db import get_session
from governance.records.certificates import (
    LARGEST_BUNDLE_BYTES,
    CertificateRefused,
    certificate_status,
    install_certificate,
    password_file_name,
    password_variable,
)
from governance.records.views import records
from governance.security import current_actor, role_required


class InstallCertificateForm(FlaskForm):
    bundle = FileField("Upload the certificate", description="The organisation's PKCS#12 file (.p12 or .pfx), with "
                       "its private key.", widget=GovFileInput(),
                       validators=[FileRequired("Choose the PKCS#12 file to install")])
    submit = SubmitField("Install the certificate", widget=GovSubmitInput())


@records.route("/admin/signing-certificate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def signing_certificate() -> ResponseReturnValue:
    actor = current_actor()
    organisation = actor.organisation
    setup = current_app.extensions["records.signing"]
    form = InstallCertificateForm()
    if form.validate_on_submit():
        try:
            credentials = install_certificate(get_session(), setup, organisation,
                                              form.bundle.data.read(LARGEST_BUNDLE_BYTES + 1), actor)
        except CertificateRefused as error:
            form.bundle.errors = [str(error)]
        else:
            flash(f"Certificate installed. Records are now signed with it until {credentials.valid_until:%-d %B %Y}.")
            return redirect(url_for("records.signing_certificate"), 303)
    status = certificate_status(get_session(), setup, organisation)
    return render_template("admin/signing_certificate.html", form=form, status=status, organisation=organisation,
                           variable=password_variable(organisation.slug),
                           password_file=password_file_name(organisation.slug),
                           production=setup.production), 400 if form.errors else 200
