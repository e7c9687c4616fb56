from __future__ import annotations

from pathlib import Path

import pytest

from governance.questionnaire.loader import load_all, validate_file
from governance.questionnaire.model import Questionnaire

ROOT = Path(__file__).resolve().parents[3]
SCHEMA_DIR = ROOT / "questionnaires" / "_schema"
CORPUS = ROOT / "tests" / "questionnaires"


def load_test_questionnaire(name: str) -> Questionnaire:
    questionnaire, issues = validate_file(CORPUS / "valid" / f"{name}.yaml", SCHEMA_DIR, check_location=False)
    assert questionnaire is not None, issues
    return questionnaire


@pytest.fixture(scope="session")
def small() -> Questionnaire:
    return load_test_questionnaire("small")


@pytest.fixture(scope="session")
def shipped() -> Questionnaire:
    """The questionnaire the service ships, as released."""
    return load_all(ROOT / "questionnaires")["ai-use-case-assessment@1.0"]
