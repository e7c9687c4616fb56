"""Demo organisation and accounts for `make run`. Never used in production.

Passwords are random per installation and kept in the instance folder (owner-only), so a second
`make run` prints the same credentials instead of inventing new ones.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from governance.accounts import services
from governance.accounts.models import Role, User
from governance.accounts.passwords import hash_password, verify_password
from governance.assessments import services as assessment_services
from governance.assessments.models import UseCase
from governance.questionnaire.examples import example_answers
from governance.questionnaire.model import Questionnaire
from governance.records.services import RecordSettings
from governance.register import services as register_services
from governance.reviews import services as review_services
from governance.reviews.rules import DecisionKind, DecisionRequest

DEMO_SLUG = "demo"
CREDENTIALS_FILE = "demo-credentials.json"
DEMO_USERS = (
    (Role.DIGITAL_LEAD, "lead@demo.example", "Dana Lead"),
    (Role.IG_OFFICER, "ig@demo.example", "Imran Governance"),
    (Role.ADMIN, "admin@demo.example", "Ada Admin"),
)


@dataclass(frozen=True)
class DemoCredential:
    role: str
    email: str
    password: str


def seed_demo(session: Session, instance_path: str | Path) -> list[DemoCredential]:
    """Create what is missing and return every demo account's credentials."""
    path = Path(instance_path) / CREDENTIALS_FILE
    saved = _read_saved(path)
    organisation = services.find_organisation_by_slug(session, DEMO_SLUG) or services.create_organisation(
        session, name="Demo Borough Council", slug=DEMO_SLUG, website="https://www.demo.example",
        contact_email="ai-register@demo.example",
    )
    credentials = []
    for role, email, name in DEMO_USERS:
        password = saved.get(email) or services.temporary_password()
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            services.create_user(session, organisation=organisation, email=email, name=name, roles=[role],
                                 password=password)
        elif not verify_password(user.password_hash, password):
            # The saved file was lost or the password changed: give the demo account a known one again.
            user.password_hash = hash_password(password)
            user.must_change_password = False
        credentials.append(DemoCredential(role.value, email, password))
    _write_saved(path, credentials)
    return credentials


def _read_saved(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return {entry["email"]: entry["password"] for entry in json.loads(path.read_text())}


def _write_saved(path: Path, credentials: list[DemoCredential]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump([asdict(credential) for credential in credentials], handle, indent=2)


def seed_demo_use_cases(session: Session, questionnaire: Questionnaire, recording: RecordSettings,
                        today: date) -> int:
    """Two example use cases, once: one waiting for review, one approved and published on the register.
    Returns how many were created."""
    organisation = services.find_organisation_by_slug(session, DEMO_SLUG)
    if organisation is None or session.scalar(select(UseCase).where(UseCase.organisation_id == organisation.id)):
        return 0
    lead = session.scalar(select(User).where(User.email == DEMO_USERS[0][1]))
    officer = session.scalar(select(User).where(User.email == DEMO_USERS[1][1]))
    assert lead is not None and officer is not None
    examples = (("Housing repairs chatbot", "Answers residents' questions about repairs and books appointments."),
                ("Planning enquiry triage", "Sorts planning enquiries by topic so officers answer the urgent first."))
    for number, (title, summary) in enumerate(examples):
        use_case = assessment_services.start_use_case(session, lead, questionnaire, title=title)
        assessment = use_case.latest
        answers = example_answers(questionnaire, today, _by_register_field(
            questionnaire, {"name": title, "description": summary}))
        assessment_services.save_answers(session, lead, questionnaire, assessment, answers)
        assessment_services.submit(session, lead, questionnaire, assessment)
        if number == 1:
            review_services.decide(session, officer, questionnaire, assessment, DecisionRequest(DecisionKind.APPROVE),
                                   seen_lock_version=assessment.lock_version, today=today, recording=recording)
            register_services.publish(session, officer, questionnaire, use_case, today)
    return len(examples)


def _by_register_field(questionnaire: Questionnaire, values: dict[str, str]) -> dict[str, str]:
    """Answers keyed by question id, given by the register field each feeds (every questionnaire asks for
    the name and description)."""
    questions = {field: questionnaire.question_for_atrs(field) for field in values}
    return {question.id: values[field] for field, question in questions.items() if question is not None}
