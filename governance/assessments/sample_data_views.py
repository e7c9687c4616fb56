"""Sample data pages: upload a file to scan, watch its progress, read what was found."""

from __future__ import annotations

import uuid

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from governance.assessments import sample_data, services
from governance.assessments.forms import UploadForm
from governance.assessments.views import MEMBERS, _load, assessments
from governance.contexts import current_app_object
from governance.db import get_session
from governance.questionnaire.roles import first_personal_data_question
from governance.security import current_actor, role_required


@assessments.route("/assessments/<uuid:assessment_id>/sample-data", methods=["GET", "POST"])
@role_required(*MEMBERS)
def sample_data_page(assessment_id: uuid.UUID) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id)
    session = get_session()
    form = UploadForm()
    sample_data.sweep_leftovers(sample_data.work_folder(current_app.instance_path))
    can_upload = services.can_edit(current_actor(), assessment)
    if can_upload and form.validate_on_submit():
        upload = form.sample.data
        try:
            scan, path = sample_data.receive_upload(session, current_actor(), assessment, upload.filename or "",
                                                    upload.stream, sample_data.work_folder(current_app.instance_path))
        except services.AssessmentError as error:
            form.sample.errors = [str(error)]
        else:
            # The job waits for this request to commit the scan's row before it begins.
            sample_data.start_in_background(current_app_object(), scan.id, path)
            return redirect(url_for("assessments.sample_data_result", assessment_id=assessment.id, scan_id=scan.id))
    return render_template("assessments/sample_data.html", assessment=assessment, form=form, can_upload=can_upload,
                           scans=sample_data.list_scans(session, assessment), is_stale=sample_data.is_stale)


@assessments.route("/assessments/<uuid:assessment_id>/sample-data/<uuid:scan_id>")
@role_required(*MEMBERS)
def sample_data_result(assessment_id: uuid.UUID, scan_id: uuid.UUID) -> ResponseReturnValue:
    assessment, questionnaire = _load(assessment_id)
    scan = sample_data.get_scan(get_session(), assessment, scan_id)
    if scan is None:
        abort(404)
    stale = sample_data.is_stale(scan)
    if stale:
        flash("This scan was interrupted. Upload the file again.", "error")
    following = first_personal_data_question(questionnaire)
    can_answer = services.can_edit(current_actor(), assessment)
    return render_template("assessments/sample_data_result.html", assessment=assessment, scan=scan, stale=stale,
                           questionnaire=questionnaire, next_question=following if can_answer else None)
