"""What record tests share: the small questionnaire completely answered, and a snapshot of a decision on it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from governance.questionnaire.loader import load_all
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import assess
from governance.records.snapshot import Approval, Person, RecordFacts, build_snapshot

PROJECT = Path(__file__).resolve().parent.parent

SMALL_ANSWERS: dict[str, Any] = {
    "name": "Repairs chatbot", "description": "Answers questions about repairs <script>alert(1)</script>",
    "contact": "ai@southshire.gov.uk", "area": "waste", "users": "residents", "owner-name": "Pat Owner",
    "team": "Digital", "phase": "idea", "personal-data": "yes", "categories": ["contact"], "people": 1200,
    "supplier-training": "no", "offline-route": "yes", "dpia-status": "completed", "review-date": "2027-03-01",
    "risks": [{"risk": "Wrong answers", "mitigation": "Human check"}],
}

HIGH_RISK_ANSWERS = {**SMALL_ANSWERS, "categories": ["health", "contact"]}  # several kinds: a DPIA is mandatory
BLOCKED_ANSWERS = {**SMALL_ANSWERS, "offline-route": "no"}  # residents with no other way in: a red flag


def small_questionnaire(tmp_path: Path) -> Questionnaire:
    root = tmp_path / "questionnaires"
    (root / "small").mkdir(parents=True, exist_ok=True)
    (root / "_schema").mkdir(exist_ok=True)
    source = PROJECT / "questionnaires" / "_schema" / "questionnaire.schema.json"
    (root / "_schema" / source.name).write_bytes(source.read_bytes())
    source = PROJECT / "tests" / "questionnaires" / "valid" / "small.yaml"
    (root / "small" / "1.0.yaml").write_bytes(source.read_bytes())
    return load_all(root)["small@1.0"]


def decision_snapshot(questionnaire: Questionnaire, kind: str = "approve_with_conditions",
                      answers: dict[str, Any] | None = None) -> dict[str, Any]:
    answers = answers or SMALL_ANSWERS
    risk = assess(questionnaire, answers)
    decided = datetime(2026, 11, 22, 10, 30, tzinfo=UTC)
    officer = Person("Robin Officer", "Information governance officer")
    facts = RecordFacts(
        number="AI-2026-0007-v2", organisation="South Shire Council", use_case_reference="AI-2026-0007",
        use_case_title="Repairs chatbot", version=2, submitted_by=Person("Dana Lead", "Digital lead"),
        submitted_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC), decision_kind=kind,
        decision_label="Approved with conditions", decided_by=officer, decided_at=decided,
        reason=None, approvals=(Approval(officer, decided, kind),),
        conditions=({"text": "Publish the privacy notice", "owner": "Pat Owner", "due_on": "2027-01-31"},),
        next_review_on=date(2027, 3, 1), check_url="http://localhost/check-a-record")
    scans = [{"file_name": "residents.csv", "file_size": 2048, "sha256": "ab" * 32,
              "report": {"rows_scanned": 10, "ner": True, "columns": [
                  {"name": "nhs_number", "special_category": None,
                   "entities": [{"type": "UK_NHS", "count": 10, "share": 1.0, "max_score": 1.0,
                                 "examples": ["943 *** ****"]}]}]}}]
    return build_snapshot(facts, questionnaire, answers, risk, scans)
