"""Evidence that a required action was done: the completed DPIA's or EqIA's reference, date, who signed it
off and where it is kept. An attached document is read once for its fingerprint and never stored."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts.models import User
from governance.assessments.conflicts import AssessmentChanged, fingerprint
from governance.assessments.models import ActionEvidence, Assessment
from governance.assessments.sample_data import safe_file_name
from governance.assessments.services import AssessmentError, note_contributor, require_editable
from governance.audit import record_event
from governance.db import utc_now
from governance.questionnaire.actions import ActionProgress, action_progress, takes_evidence
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import RiskResult
from governance.validation import required_text

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".odt", ".xlsx", ".rtf"}
CHUNK = 1024 * 1024
MAX_REFERENCE = 100
MAX_SIGNED_OFF_BY = 200
MAX_LINK = 500


class EvidenceProblem(AssessmentError):
    """What is wrong with one part of the evidence; `field` names the part, so a form can show it there."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class EvidenceChanged(AssessmentChanged):
    """Evidence for the action was recorded after the page was opened; `kept` is what is recorded now."""

    def __init__(self, kept: ActionEvidence | None) -> None:
        super().__init__("the action's evidence changed after the page was opened")
        self.kept = kept


def evidence_fingerprint(recorded: ActionEvidence | None) -> str:
    """What a page carries of the evidence it showed: each recording makes a new one."""
    return fingerprint([str(recorded.id), recorded.recorded_at_utc.isoformat()] if recorded else None)


@dataclass(frozen=True)
class Document:
    name: str
    stream: IO[bytes]


@dataclass(frozen=True)
class EvidenceInput:
    reference: str
    completed_on: date | None
    signed_off_by: str = ""
    link: str = ""
    document: Document | None = None


@dataclass(frozen=True)
class ActionStatus:
    """A required action as the pages show it: done by the answers, and what the lead recorded about it."""

    progress: ActionProgress
    evidence: ActionEvidence | None

    @property
    def action_id(self) -> str:
        return self.progress.action.id

    @property
    def label(self) -> str:
        return self.progress.action.label

    @property
    def complete(self) -> bool:
        """Done by the answers and recorded: it is no longer something required before approval."""
        return self.progress.done and self.evidence is not None


def evidence_by_action(session: Session, assessment: Assessment) -> dict[str, ActionEvidence]:
    rows = session.scalars(select(ActionEvidence).where(ActionEvidence.assessment_id == assessment.id))
    return {row.action_id: row for row in rows}


def evidence_for_record(session: Session, assessment: Assessment) -> dict[str, dict[str, object]]:
    """The evidence as the signed record states it, by action id: plain values, no database objects."""
    return {action_id: {"reference": item.reference, "completed_on": item.completed_on.isoformat(),
                        "signed_off_by": item.signed_off_by, "link": item.link, "document_name": item.document_name,
                        "document_size": item.document_size, "document_sha256": item.document_sha256}
            for action_id, item in evidence_by_action(session, assessment).items()}


def action_statuses(session: Session, questionnaire: Questionnaire, assessment: Assessment,
                    risk: RiskResult) -> list[ActionStatus]:
    recorded = evidence_by_action(session, assessment)
    return [ActionStatus(progress, recorded.get(progress.action.id))
            for progress in action_progress(questionnaire, assessment.answers, risk.required_actions)]


def recordable_action(questionnaire: Questionnaire, action_id: str) -> bool:
    action = questionnaire.action(action_id)
    return action is not None and takes_evidence(action)


def record_evidence(session: Session, actor: User, assessment: Assessment, questionnaire: Questionnaire,
                    action_id: str, given: EvidenceInput, today: date, *, seen: str | None = None) -> ActionEvidence:
    """Record (or replace) an action's evidence while the answers can change. Raises AssessmentError; and
    EvidenceChanged, recording nothing, when `seen` (evidence_fingerprint of what the page showed) is given and
    other evidence was recorded since, so a page opened earlier never replaces it unseen."""
    require_editable(actor, assessment)
    if not recordable_action(questionnaire, action_id):
        raise AssessmentError("This assessment does not ask about that action")
    recorded = evidence_by_action(session, assessment).get(action_id)
    if seen is not None and seen != evidence_fingerprint(recorded):
        raise EvidenceChanged(recorded)
    values = _checked(given, today)
    evidence = recorded or ActionEvidence(assessment_id=assessment.id, action_id=action_id)
    for name, value in values.items():
        setattr(evidence, name, value)
    evidence.recorded_by_id = actor.id
    evidence.recorded_at_utc = utc_now()
    session.add(evidence)
    note_contributor(session, assessment, actor)
    session.flush()
    record_event(session, kind="action_evidence_recorded", organisation_id=actor.organisation_id,
                 actor_id=actor.id, subject=f"assessment:{assessment.id}",
                 payload={"action": action_id, "reference": evidence.reference,
                          "completed_on": evidence.completed_on.isoformat(),
                          "document_sha256": evidence.document_sha256})
    return evidence


def _checked(given: EvidenceInput, today: date) -> Mapping[str, object]:
    reference = required_text(given.reference, limit=MAX_REFERENCE, missing="Enter the reference of the document",
                              name="reference", error=partial(EvidenceProblem, "reference"))
    if given.completed_on is None:
        raise EvidenceProblem("completed_on", "Enter the date it was completed")
    if given.completed_on > today:
        raise EvidenceProblem("completed_on", "The date it was completed must be today or in the past")
    signed_off_by = given.signed_off_by.strip()
    if len(signed_off_by) > MAX_SIGNED_OFF_BY:
        raise EvidenceProblem("signed_off_by", f"Who signed it off must be {MAX_SIGNED_OFF_BY} characters or fewer")
    link = given.link.strip()
    parts = urlsplit(link)
    if link and (len(link) > MAX_LINK or parts.scheme not in ("https", "http") or not parts.netloc):
        raise EvidenceProblem("link", "Enter the link as a web address starting with https://")
    values: dict[str, object] = {"reference": reference, "completed_on": given.completed_on,
                                 "signed_off_by": signed_off_by or None, "link": link or None}
    if given.document is not None:
        values.update(_fingerprint(given.document))
    return values


def _fingerprint(document: Document) -> Mapping[str, object]:
    name = safe_file_name(document.name)
    if Path(name).suffix.lower() not in DOCUMENT_SUFFIXES:
        raise EvidenceProblem("document", "The document must be a PDF, Word, OpenDocument, RTF or Excel file")
    digest, size = hashlib.sha256(), 0
    while chunk := document.stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    if size == 0:
        raise EvidenceProblem("document", "The selected document is empty")
    return {"document_name": name, "document_size": size, "document_sha256": digest.hexdigest()}
