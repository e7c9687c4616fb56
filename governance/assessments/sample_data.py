"""Sample data for an assessment: receive an upload, scan it in the background, keep only findings.

The file is written to a private working folder only while it is scanned and is deleted afterwards,
whatever happens. Status lives in the database, so any app process can report progress.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts.models import User
from governance.assessments.models import Assessment, DataScan, ScanStatus
from governance.assessments.services import AssessmentError, pinned_questionnaire, require_editable
from governance.audit import record_event
from governance.db import utc_now
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.roles import suggested_answers
from governance.scanning.analysis import scan_file
from governance.scanning.entities import FREE_TEXT
from governance.scanning.readers import UnreadableInput

log = logging.getLogger(__name__)
ALLOWED_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl", ".ndjson"}
CHUNK = 1024 * 1024
WORK_FOLDER = "scan-work"
STALE_AFTER = timedelta(minutes=30)
WAIT_FOR_ROW_TRIES = 300
WAIT_FOR_ROW_SECONDS = 0.1



def safe_file_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/"))
    return re.sub(r"[\x00-\x1f\x7f]", "", base).strip()[:200] or "upload"


def work_folder(instance_path: str) -> Path:
    folder = Path(instance_path) / WORK_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def sweep_leftovers(folder: Path) -> int:
    """Delete uploads left behind by a process that stopped mid-scan (anything older than a scan can take)."""
    cutoff = time.time() - STALE_AFTER.total_seconds()
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def receive_upload(session: Session, actor: User, assessment: Assessment, file_name: str, stream: IO[bytes],
                   folder: Path) -> tuple[DataScan, Path]:
    """Save the upload privately for scanning and record a queued scan. Raises AssessmentError."""
    require_editable(actor, assessment)
    name = safe_file_name(file_name)
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise AssessmentError("The selected file must be a CSV, TSV, Excel (.xlsx), JSON, JSON Lines or text file")
    path = folder / f"{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    digest, size = hashlib.sha256(), 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as target:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    if size == 0:
        path.unlink(missing_ok=True)
        raise AssessmentError("The selected file is empty")
    scan = DataScan(assessment_id=assessment.id, uploaded_by_id=actor.id, file_name=name, file_size=size,
                    sha256=digest.hexdigest(), status=ScanStatus.QUEUED.value)
    session.add(scan)
    session.flush()
    record_event(session, kind="sample_data_uploaded", organisation_id=actor.organisation_id, actor_id=actor.id,
                 subject=f"assessment:{assessment.id}",
                 payload={"scan": str(scan.id), "size": size, "sha256": scan.sha256})
    return scan, path


def suggest(questionnaire: Questionnaire, report: Mapping[str, Any]) -> dict[str, Any]:
    """Suggested answers from a file report, keyed by question id of the assessment's questionnaire: the lead
    confirms or changes them. Which option each finding suggests is in the questionnaire (roles.py)."""
    columns = report.get("columns", ())
    found = [finding for column in columns for finding in (
        *(entity["type"] for entity in column.get("entities", ())), *([FREE_TEXT] if column.get("free_text") else []))]
    return suggested_answers(questionnaire, found,
                             [column["special_category"] for column in columns if column.get("special_category")])


def run_scan(app: Flask, scan_id: uuid.UUID, path: Path) -> None:
    """Scan in its own session; the file is deleted however the scan ends."""
    with app.app_context():
        session: Session = app.extensions["governance.sessionmaker"]()
        try:
            _scan(session, scan_id, path, app.extensions["questionnaires"])
        finally:
            path.unlink(missing_ok=True)
            session.close()


def _committed_scan(session: Session, scan_id: uuid.UUID) -> DataScan | None:
    # The upload request commits the scan's row as it finishes, which can be just after this starts.
    for _ in range(WAIT_FOR_ROW_TRIES):
        scan = session.get(DataScan, scan_id)
        if scan is not None:
            return scan
        session.rollback()
        time.sleep(WAIT_FOR_ROW_SECONDS)
    return None


def _scan(session: Session, scan_id: uuid.UUID, path: Path, questionnaires: Mapping[str, Questionnaire]) -> None:
    scan = _committed_scan(session, scan_id)
    if scan is None:
        log.warning("sample data scan abandoned: its upload was never recorded")
        return
    scan.status = ScanStatus.RUNNING.value
    session.commit()

    def progress(rows: int) -> None:
        scan.rows_scanned = rows
        session.commit()

    try:
        questionnaire = pinned_questionnaire(questionnaires, scan.assessment)
        report = scan_file(path, scan.file_name, progress).to_json()
    except UnreadableInput as error:
        _finish(session, scan, failure=f"The file could not be read: {error}.")
    except Exception as error:  # noqa: BLE001 - the scan must end in a state the page can show
        log.error("sample data scan failed", exc_info=error)
        _finish(session, scan, failure="The file could not be scanned. Try saving it as CSV and upload it again.")
    else:
        scan.report = report
        scan.rows_scanned = report["rows_scanned"]
        scan.suggestions = suggest(questionnaire, report)
        _finish(session, scan)


def _finish(session: Session, scan: DataScan, failure: str | None = None) -> None:
    scan.status = ScanStatus.FAILED.value if failure else ScanStatus.DONE.value
    scan.failure = failure
    scan.finished_at_utc = utc_now()
    organisation_id = scan.assessment.use_case.organisation_id
    record_event(session, kind="sample_data_scanned", organisation_id=organisation_id, actor_id=scan.uploaded_by_id,
                 subject=f"assessment:{scan.assessment_id}",
                 payload={"scan": str(scan.id), "status": scan.status, "rows": scan.rows_scanned})
    session.commit()


def start_in_background(app: Flask, scan_id: uuid.UUID, path: Path) -> None:
    threading.Thread(target=run_scan, args=(app, scan_id, path), name=f"scan-{scan_id}", daemon=True).start()


def list_scans(session: Session, assessment: Assessment) -> list[DataScan]:
    return list(session.scalars(select(DataScan).where(DataScan.assessment_id == assessment.id)
                                .order_by(DataScan.created_at_utc.desc())))


def get_scan(session: Session, assessment: Assessment, scan_id: uuid.UUID) -> DataScan | None:
    scan = session.get(DataScan, scan_id)
    return scan if scan is not None and scan.assessment_id == assessment.id else None


def is_stale(scan: DataScan) -> bool:
    """A scan still unfinished long after it started was interrupted (for example by a restart)."""
    return not scan.finished and utc_now() - scan.created_at_utc > STALE_AFTER


def checked_scans(session: Session, assessment: Assessment) -> list[DataScan]:
    """Finished scans with findings, newest first: what the personal data questions show beside them."""
    return [scan for scan in list_scans(session, assessment) if scan.status == ScanStatus.DONE.value and scan.report]


def suggestions_for(session: Session, assessment: Assessment) -> dict[str, Any]:
    """Merged suggestions of every finished scan of the assessment."""
    merged: dict[str, Any] = {}
    for scan in list_scans(session, assessment):
        for question, value in (scan.suggestions or {}).items():
            if isinstance(value, list):
                merged[question] = list(dict.fromkeys([*merged.get(question, []), *value]))
            else:
                merged.setdefault(question, value)
    return merged
