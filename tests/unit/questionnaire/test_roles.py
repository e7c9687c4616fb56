"""Roles: the service finds the questions it relies on by role, so a questionnaire can rename them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from governance.questionnaire import roles
from governance.questionnaire.examples import example_answers
from governance.questionnaire.issues import QuestionnaireInvalid
from governance.questionnaire.loader import load_all, validate_file
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.semantic_check import check_meaning
from governance.register.atrs import Publisher, build_entry
from governance.scanning.entities import FINDING_TYPES
from governance.scanning.special import CATEGORIES
from tests.questionnaire_copies import (
    RENAMED,
    SHIPPED_FILE,
    questionnaires_folder,
    renamed_folder,
    renamed_text,
    without_lines,
)
from tests.unit.questionnaire.conftest import SCHEMA_DIR

KEY = "ai-use-case-assessment@1.0"
TODAY = date(2026, 12, 1)
PUBLISHER = Publisher("South Shire Council", "south-shire", "Local authority", "ai@southshire.gov.uk", None)
SUPPLIER_ROWS = [{"supplier-name": " Acme Analytics Ltd ", "companies-house-number": "", "supplier-role": "Hosts it"},
                 {"supplier-name": "Acme Analytics Ltd", "supplier-role": "Trains it"},
                 {"supplier-name": "Borough IT", "supplier-role": "Runs it"}]
MODEL_ROWS = [{"model-name": "Summariser", "model-provider": "Acme Analytics Ltd", "model-task": "Summarises"},
              {"model-name": "Classifier", "model-provider": "Acme Analytics Ltd", "model-task": "Sorts"}]
# What a scan suggested before options said what they mean (kept here to show nothing changed).
ENTITY_OPTIONS_BEFORE = {
    "PERSON": "identifiers", "UK_NHS": "identifiers", "UK_NINO": "identifiers", "UK_UPN": "identifiers",
    "UK_PASSPORT": "identifiers", "UK_DRIVING_LICENCE": "identifiers", "UK_UPRN": "identifiers",
    "IP_ADDRESS": "identifiers", "DATE_TIME": "identifiers", "EMAIL_ADDRESS": "contact",
    "PHONE_NUMBER": "contact", "UK_POSTCODE": "contact", "LOCATION": "contact", "IBAN_CODE": "financial",
    "CREDIT_CARD": "financial",
}
SPECIAL_OPTIONS_BEFORE = {
    "racial_or_ethnic_origin": "racial-ethnic", "political_opinions": "political",
    "religious_or_philosophical_beliefs": "religious", "trade_union_membership": "trade-union",
    "genetic": "genetic", "biometric": "biometric", "health": "health",
    "sex_life_or_sexual_orientation": "sex-life", "criminal_offence": "criminal-offence",
}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    return load_all(renamed_folder(tmp_path_factory.mktemp("renamed")))[KEY]


def _renamed_answers(answers: dict) -> dict:
    """The same answers keyed by the renamed ids (list rows too)."""
    def rename(value):
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return [{RENAMED.get(key, key): item for key, item in row.items()} for row in value]
        return value
    return {RENAMED.get(key, key): rename(value) for key, value in answers.items()}


def _shipped_answers(shipped: Questionnaire, **overrides) -> dict:
    return {**example_answers(shipped, TODAY), "third-party-involved": "yes", "suppliers": SUPPLIER_ROWS,
            "models": MODEL_ROWS, "review-date": "2027-03-01", **overrides}


def _entry(questionnaire: Questionnaire, answers: dict) -> dict:
    return build_entry(questionnaire, answers, PUBLISHER, reference="AI-2026-0001", version=1, published_on=TODAY,
                       risk_level="II")


def test_the_shipped_questionnaire_gives_every_role_once(shipped: Questionnaire) -> None:
    found = {role: question.id for role in roles.QUESTION_ROLES if (question := shipped.question_for_role(role))}

    assert found == {"review-date": "review-date", "publication-choice": "publication", "supplier": "suppliers",
                     "model": "models", "personal-data": "personal-data",
                     "personal-data-categories": "personal-data-categories",
                     "special-category-data": "special-category-data"}
    assert shipped.question_for_role("supplier").field_for_role(roles.SUPPLIER_NAME).id == "supplier-name"


def test_the_renamed_copy_is_a_valid_released_questionnaire_with_the_same_wording(shipped: Questionnaire,
                                                                                 renamed: Questionnaire) -> None:
    assert renamed.question_for_role(roles.SUPPLIER).id == "organisations-involved"
    assert renamed.question("suppliers") is None
    assert [q.text for q in renamed.questions] == [q.text for q in shipped.questions]


def test_a_renamed_copy_publishes_the_same_register_entry(shipped: Questionnaire, renamed: Questionnaire) -> None:
    answers = _shipped_answers(shipped)

    entry = _entry(shipped, answers)
    from_renamed = _entry(renamed, _renamed_answers(answers))

    assert entry["suppliers"] == ["Acme Analytics Ltd", "Borough IT"]
    assert entry["products"] == ["Classifier", "Summariser", "Acme Analytics Ltd"]
    assert entry["metadata"]["review_date"] == "2027-03-01"
    assert from_renamed == entry


def test_the_old_ids_mean_nothing_to_a_renamed_copy(renamed: Questionnaire) -> None:
    answers = {"suppliers": SUPPLIER_ROWS, "models": MODEL_ROWS, "review-date": "2027-03-01", "publication": "no"}

    assert roles.supplier_names(renamed, answers) == [] and roles.product_names(renamed, answers) == []
    assert roles.requested_review_date(renamed, answers) is None
    assert not roles.publication_refused(renamed, answers)


@pytest.mark.parametrize(("value", "refused"), [("no", True), ("full", False), ("redacted", False), (None, False),
                                                (["no"], False)])
def test_publication_is_refused_only_by_an_option_that_says_so(shipped: Questionnaire, renamed: Questionnaire,
                                                              value, refused: bool) -> None:
    assert roles.publication_refused(shipped, {"publication": value}) is refused
    assert roles.publication_refused(renamed, {"publish-the-record": value}) is refused


@pytest.mark.parametrize(("value", "expected"), [("2027-03-01", date(2027, 3, 1)), ("2027-02-30", None), (None, None),
                                                 (20270301, None)])
def test_the_requested_review_date_is_read_by_role(renamed: Questionnaire, value, expected) -> None:
    assert roles.requested_review_date(renamed, {"next-review-on": value}) == expected


def test_a_questionnaire_without_roles_gives_nothing(small: Questionnaire) -> None:
    answers = {"risks": [{"risk": "Bias", "mitigation": "Testing"}], "categories": ["health"]}

    assert roles.supplier_names(small, answers) == [] and roles.product_names(small, answers) == []
    assert roles.publication_refused(small, answers) is False
    assert roles.suggested_answers(small, ["PERSON"], ["health"]) == {}
    assert roles.requested_review_date(small, {"review-date": "2027-01-31"}) == date(2027, 1, 31)


@pytest.mark.parametrize("entity", sorted(ENTITY_OPTIONS_BEFORE))
def test_each_finding_suggests_the_same_kind_of_personal_data_as_before(shipped: Questionnaire, entity: str) -> None:
    assert roles.suggested_answers(shipped, [entity], []) == {
        "personal-data": "yes", "personal-data-categories": [ENTITY_OPTIONS_BEFORE[entity]]}


@pytest.mark.parametrize("category", sorted(SPECIAL_OPTIONS_BEFORE))
def test_each_special_category_suggests_the_same_option_as_before(shipped: Questionnaire, category: str) -> None:
    # Special categories alone still say yes to personal data, with no other kinds suggested (as before).
    assert roles.suggested_answers(shipped, [], [category]) == {
        "personal-data": "yes", "personal-data-categories": [],
        "special-category-data": [SPECIAL_OPTIONS_BEFORE[category]]}


def test_suggestions_keep_the_order_found_and_name_each_option_once(shipped: Questionnaire,
                                                                    renamed: Questionnaire) -> None:
    found = ["EMAIL_ADDRESS", "PERSON", "UK_NHS", "URL", "IBAN_CODE", "PHONE_NUMBER"]

    assert roles.suggested_answers(shipped, found, ["health", "racial_or_ethnic_origin", "health"]) == {
        "personal-data": "yes", "personal-data-categories": ["contact", "identifiers", "financial"],
        "special-category-data": ["health", "racial-ethnic"]}
    assert roles.suggested_answers(renamed, found, ["health"]) == {
        "uses-personal-data": "yes", "kinds-of-personal-data": ["contact", "identifiers", "financial"],
        "sensitive-kinds-of-data": ["health"]}
    assert roles.suggested_answers(shipped, [], []) == {}


def test_every_finding_of_a_scan_suggests_an_answer_of_the_shipped_questionnaire(shipped: Questionnaire) -> None:
    kinds = shipped.question_for_role(roles.PERSONAL_DATA_CATEGORIES)
    special = shipped.question_for_role(roles.SPECIAL_CATEGORY_DATA)
    assert kinds is not None and special is not None

    assert {found for option in kinds.options for found in option.suggested_by} == set(FINDING_TYPES)
    assert {option.special_category for option in special.options} - {None} == set(CATEGORIES)


def test_scan_reports_become_suggestions_keyed_by_the_pinned_questionnaires_ids(shipped: Questionnaire,
                                                                               renamed: Questionnaire) -> None:
    from governance.assessments.sample_data import suggest

    report = {"columns": [{"name": "who", "entities": [{"type": "PERSON"}, {"type": "UK_NINO"}]},
                          {"name": "email", "entities": [{"type": "EMAIL_ADDRESS"}], "special_category": None},
                          {"name": "notes", "entities": [], "special_category": "health"}]}

    assert suggest(shipped, report) == {"personal-data": "yes", "personal-data-categories": ["identifiers", "contact"],
                                        "special-category-data": ["health"]}
    assert suggest(renamed, report) == {"uses-personal-data": "yes",
                                        "kinds-of-personal-data": ["identifiers", "contact"],
                                        "sensitive-kinds-of-data": ["health"]}
    assert suggest(shipped, {"columns": []}) == {}


def test_a_free_text_column_suggests_case_notes_and_its_places_never_suggest_tracking(shipped: Questionnaire) -> None:
    from governance.assessments.sample_data import suggest

    notes = {"name": "notes", "free_text": True, "special_category": None,
             "entities": [{"type": "PERSON"}, {"type": "PHONE_NUMBER"}, {"type": "LOCATION"}]}

    suggested = suggest(shipped, {"columns": [notes]})

    assert suggested["personal-data"] == "yes"
    assert suggested["personal-data-categories"] == ["identifiers", "contact", "case-notes"]
    # Place names in notes are where people live or were seen, not tracking ("location" makes a DPIA
    # mandatory on the ICO's list): a scan cannot tell that people are followed.
    assert "location" not in suggested["personal-data-categories"]
    assert suggest(shipped, {"columns": [{**notes, "free_text": False}]})["personal-data-categories"] == [
        "identifiers", "contact"]


def test_removing_the_supplier_role_from_a_released_copy_fails_with_role_missing(tmp_path: Path) -> None:
    text = without_lines(renamed_text(SHIPPED_FILE.read_text()), "        role: supplier",
                         "            role: supplier-name")
    root = questionnaires_folder(tmp_path / "questionnaires", text)

    with pytest.raises(QuestionnaireInvalid) as caught:
        load_all(root)

    assert [(issue.code, issue.path) for issue in caught.value.issues] == [("role_missing", "sections")]
    assert "'supplier'" in caught.value.issues[0].message
    assert check_meaning(yaml.safe_load(text), released=True)[0].code == "role_missing"
    assert check_meaning(yaml.safe_load(text), released=False) == []


def test_a_released_list_without_its_field_role_fails_and_an_unreleased_copy_needs_no_roles(tmp_path: Path) -> None:
    text = without_lines(SHIPPED_FILE.read_text(), "            role: model-provider")
    root = questionnaires_folder(tmp_path / "questionnaires", text)
    path = root / "ai-use-case-assessment" / "1.0.yaml"

    _, issues = validate_file(path, SCHEMA_DIR)
    (root / "RELEASED.lock").write_text("# nothing released here\n")
    questionnaire, unreleased = validate_file(path, SCHEMA_DIR)

    assert [(issue.code, issue.path) for issue in issues] == [("role_missing", "sections[3].questions[8].fields")]
    assert "'model-provider'" in issues[0].message
    assert unreleased == [] and questionnaire is not None


def test_the_schema_lists_the_roles_meanings_and_scan_findings_the_engine_and_scanner_know() -> None:
    definitions = json.loads((SCHEMA_DIR / "questionnaire.schema.json").read_text())["$defs"]
    option = definitions["option"]["properties"]

    assert definitions["role"]["enum"] == list(roles.QUESTION_ROLES)
    assert definitions["field_role"]["enum"] == list(roles.FIELD_ROLES)
    assert set(roles.OPTION_MEANINGS) <= set(option)
    assert definitions["finding_type"]["enum"] == list(FINDING_TYPES)
    assert definitions["special_category"]["enum"] == list(CATEGORIES)
    assert set(roles.REQUIRED_ROLES) == set(roles.QUESTION_ROLES)
