"""The frozen content of a decision record, and its canonical JSON. Pure: no Flask, no database.

Everything the PDF shows comes from the snapshot, and the snapshot travels inside the PDF, so a
record can be read and checked without this service. Question wording comes from the pinned
questionnaire; scan findings carry counts and shares, never example values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from governance.questionnaire.actions import action_progress
from governance.questionnaire.display import answer_lines
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import RiskResult
from governance.questionnaire.rules import visible_answers

SNAPSHOT_FORMAT = "governance-decision-record/1"
ATTACHMENT_NAME = "record.json"
AUDIT_LOG = "audit_log"  # the snapshot's key for the audit event the record vouches for


@dataclass(frozen=True)
class Person:
    name: str
    role: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class Approval:
    person: Person
    at: datetime
    kind: str


@dataclass(frozen=True)
class AuditLogPosition:
    """The organisation's audit log as the record was made: its last event then (the decision's own; the
    record's `record_signed` event follows). Verification proves the log still holds that event."""
    event: int
    hash: str


@dataclass(frozen=True)
class RecordFacts:
    """What a record states, gathered by the service from the database."""
    number: str
    organisation: str
    use_case_reference: str
    use_case_title: str
    version: int
    submitted_by: Person
    submitted_at: datetime
    decision_kind: str
    decision_label: str
    decided_by: Person
    decided_at: datetime
    reason: str | None
    approvals: tuple[Approval, ...]
    conditions: tuple[Mapping[str, Any], ...]
    next_review_on: date | None
    check_url: str
    audit_log: AuditLogPosition | None = None


def record_number(use_case_reference: str, version: int) -> str:
    return f"{use_case_reference}-v{version}"


def build_snapshot(facts: RecordFacts, questionnaire: Questionnaire, answers: Mapping[str, Any], risk: RiskResult,
                   scans: Iterable[Mapping[str, Any]],
                   evidence: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The record's content. `evidence` is what the lead recorded about completed actions, by action id
    (reference, completed_on, signed_off_by, link, document_name, document_size, document_sha256)."""
    return {
        "format": SNAPSHOT_FORMAT,
        "record": {"number": facts.number, "check_url": facts.check_url},
        "organisation": facts.organisation,
        "use_case": {"reference": facts.use_case_reference, "title": facts.use_case_title},
        "assessment": {
            "version": facts.version,
            "questionnaire": {"id": questionnaire.id, "version": questionnaire.version, "title": questionnaire.title,
                              "sha256": questionnaire.sha256},
            "submitted_by": facts.submitted_by.to_json(),
            "submitted_at": _time(facts.submitted_at),
        },
        "decision": {
            "kind": facts.decision_kind,
            "label": facts.decision_label,
            "decided_by": facts.decided_by.to_json(),
            "decided_at": _time(facts.decided_at),
            "reason": facts.reason,
            "approvals": [{**approval.person.to_json(), "at": _time(approval.at), "kind": approval.kind}
                          for approval in facts.approvals],
            "conditions": [dict(condition) for condition in facts.conditions],
            "next_review_on": facts.next_review_on.isoformat() if facts.next_review_on else None,
        },
        "risk": _risk(questionnaire, risk),
        "actions": _actions(questionnaire, answers, risk, evidence or {}),
        "sections": _sections(questionnaire, answers),
        "scans": [_scan(scan) for scan in scans],
        AUDIT_LOG: {"event": facts.audit_log.event, "hash": facts.audit_log.hash} if facts.audit_log else None,
    }


def vouched_audit_event(audit_log: Any) -> AuditLogPosition | None:
    """The audit event named by a snapshot's `AUDIT_LOG` value; None for records of releases before records
    named one."""
    if not isinstance(audit_log, Mapping):
        return None
    event, digest = audit_log.get("event"), audit_log.get("hash")
    if isinstance(event, bool) or not isinstance(event, int) or not isinstance(digest, str):
        return None
    return AuditLogPosition(event, digest)


def _risk(questionnaire: Questionnaire, risk: RiskResult) -> dict[str, Any]:
    explained = risk.to_json()
    for reason in explained["reasons"]:
        question = questionnaire.question(reason["question"])
        reason["label"] = f"{question.ref} {question.label}" if question else "A combination of answers"
    labels = []
    for action_id in risk.required_actions:
        action = questionnaire.action(action_id)
        labels.append(action.label if action else action_id)
    return {**explained, "level_label": risk.level_label, "high_risk": risk.high_risk, "required_action_labels": labels}


def _actions(questionnaire: Questionnaire, answers: Mapping[str, Any], risk: RiskResult,
             evidence: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each required action: whether the answers say it is done, and the evidence recorded for it."""
    return [{"id": progress.action.id, "label": progress.action.label, "done": progress.done,
             "evidence": dict(evidence[progress.action.id]) if progress.action.id in evidence else None}
            for progress in action_progress(questionnaire, answers, risk.required_actions)]


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _sections(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    visible = visible_answers(questionnaire, answers)
    sections = []
    for section in questionnaire.sections:
        questions = [{"id": question.id, "ref": question.ref, "text": question.text,
                      "answer": answer_lines(question, visible[question.id])}
                     for question in section.questions if question.id in visible]
        if questions:
            sections.append({"id": section.id, "ref": section.ref, "title": section.title, "questions": questions})
    return sections


def _scan(scan: Mapping[str, Any]) -> dict[str, Any]:
    report = scan.get("report") or {}
    columns = [{"name": column["name"], "special_category": column.get("special_category"),
                "free_text": bool(column.get("free_text")),
                "entities": [{"type": entity["type"], "count": entity["count"], "share": entity["share"]}
                             for entity in column.get("entities", [])]}
               for column in report.get("columns", [])
               if column.get("entities") or column.get("special_category") or column.get("free_text")]
    return {"file_name": scan["file_name"], "file_size": scan["file_size"], "sha256": scan["sha256"],
            "rows_scanned": report.get("rows_scanned", 0), "ner": report.get("ner", False), "columns": columns}


def canonical_json(snapshot: Mapping[str, Any]) -> bytes:
    """One byte-exact form: sorted keys, no spaces, UTF-8."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
