"""Signed records: download (staff of the organisation) and the public "check a record" page."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField

from governance.accounts.roles import Role
from governance.db import get_session
from governance.records import services
from governance.records.keys import certificate_name
from governance.records.render import long_date
from governance.security import current_actor, public, role_required

records = Blueprint("records", __name__)
# The check page reads dates from the record's JSON the way the record itself prints them.
records.add_app_template_filter(long_date)
records.add_app_template_filter(certificate_name)
PDF_MAGIC = b"%PDF-"


class CheckRecordForm(FlaskForm):
    record = FileField("Upload the PDF record", description="The file you were sent or downloaded, up to 20 MB.",
                       widget=GovFileInput(), validators=[FileRequired("Choose the PDF record to check")])
    submit = SubmitField("Check the record", widget=GovSubmitInput())


@records.route("/records/<uuid:record_id>.pdf")
@role_required(Role.DIGITAL_LEAD, Role.IG_OFFICER, Role.ADMIN)
def download(record_id: uuid.UUID) -> ResponseReturnValue:
    record = services.record_for_download(get_session(), current_actor(), record_id)
    response = Response(record.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{record.number}.pdf"'
    response.headers["X-Content-SHA256"] = record.sha256
    return response


@records.route("/check-a-record", methods=["GET", "POST"])
@public
def check() -> ResponseReturnValue:
    form = CheckRecordForm()
    if not form.validate_on_submit():
        return render_template("records/check.html", form=form)
    limit = current_app.config["MAX_RECORD_UPLOAD_MB"] * 1024 * 1024
    content = form.record.data.read(limit + 1)
    if len(content) > limit:
        form.record.errors = [f"The file must be smaller than {current_app.config['MAX_RECORD_UPLOAD_MB']} MB"]
    elif not content.startswith(PDF_MAGIC):
        form.record.errors = ["The file must be a PDF"]
    if form.record.errors:
        return render_template("records/check.html", form=form)
    result = services.check_record(get_session(), content)
    return render_template("records/check_result.html", result=result)
