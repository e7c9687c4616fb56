"""Two officers decide on one assessment at the same moment, on PostgreSQL with two real connections:
exactly one decision is recorded and the other officer is told."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from governance.accounts.models import Role, User
from governance.assessments.models import Assessment
from governance.db import transaction
from governance.records.models import SignedRecord
from governance.records.services import RecordSettings
from governance.reviews import services
from governance.reviews.models import Decision
from governance.reviews.rules import DecisionKind, DecisionRequest
from tests.conftest import _truncate, make_test_app
from tests.helpers import Factories

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_app(postgres_migrated: str, tmp_path: Path, small_questionnaires: Path) -> Flask:
    _truncate(postgres_migrated)
    return make_test_app(postgres_migrated, tmp_path / "instance", QUESTIONNAIRES_PATH=str(small_questionnaires),
                         DEFAULT_QUESTIONNAIRE="small")


def test_two_officers_deciding_at_once_record_exactly_one_decision(postgres_app: Flask) -> None:
    factories = Factories(postgres_app)
    council = factories.organisation("South Shire Council")
    officers = [factories.user(council, [Role.IG_OFFICER], name=name) for name in ("First", "Second")]
    assessment_id = factories.submitted(council)
    questionnaire = postgres_app.extensions["questionnaires"]["small@1.0"]
    setup = postgres_app.extensions["records.signing"]
    both_loaded = threading.Barrier(2, timeout=30)
    outcomes: dict[str, str] = {}
    kinds = {"First": DecisionRequest(DecisionKind.APPROVE),
             "Second": DecisionRequest(DecisionKind.REJECT, reason="Not needed")}

    def decide(officer: User) -> None:
        try:
            with postgres_app.app_context(), transaction() as session:
                assessment = session.get(Assessment, assessment_id)
                seen = assessment.lock_version
                both_loaded.wait()  # both officers have the page open with the same version
                services.decide(session, session.get(User, officer.id), questionnaire, assessment,
                                kinds[officer.name], seen_lock_version=seen, today=date.today(),
                                recording=RecordSettings(setup, "http://localhost/check-a-record"))
            outcomes[officer.name] = "decided"
        except services.DecisionConflict:
            outcomes[officer.name] = "conflict"

    threads = [threading.Thread(target=decide, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == ["conflict", "decided"]
    with postgres_app.app_context(), transaction() as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 1
        winner = next(name for name, outcome in outcomes.items() if outcome == "decided")
        status = session.get(Assessment, assessment_id).status
        assert status == ("approved" if winner == "First" else "rejected")
        assert session.scalar(select(func.count()).select_from(SignedRecord)) == 1
