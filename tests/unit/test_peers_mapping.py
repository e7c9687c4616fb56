"""The peers benchmark's reading of other tools' findings (benchmarks/peer_names.py, benchmarks/peers.py): their
entity names in the project's, what they are asked for, the per-cell column rules, and the report shape the
corpus evaluation scores. None of the peers needs to be installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import peers
from benchmarks import scanner_evaluation as evaluation
from benchmarks.peer_names import PROJECT_NAMES, project_type, project_types, requested_types
from governance.scanning.entities import ENTITY_LABELS

# datafog 4.9's engine.ALL_ENTITY_TYPES and the entities Presidio 2.2.366 supports with the UK recognisers on,
# copied so the test runs without either.
DATAFOG_TYPES = ["EMAIL", "PHONE", "SSN", "CREDIT_CARD", "IP_ADDRESS", "DE_VAT_ID", "DE_IBAN", "DE_TAX_ID",
                 "DE_SOCIAL_SECURITY_NUMBER", "DE_POSTAL_CODE", "DE_PASSPORT_NUMBER", "DE_RESIDENCE_PERMIT_NUMBER",
                 "DATE", "ZIP_CODE", "PERSON", "ORGANIZATION", "LOCATION", "ADDRESS"]
PRESIDIO_TYPES = ["CREDIT_CARD", "CRYPTO", "DATE_TIME", "EMAIL_ADDRESS", "IBAN_CODE", "IP_ADDRESS", "LOCATION",
                  "MAC_ADDRESS", "MEDICAL_LICENSE", "NRP", "ORGANIZATION", "PERSON", "PHONE_NUMBER", "UK_NHS",
                  "UK_NINO", "UK_POSTCODE", "UK_PASSPORT", "UK_DRIVING_LICENCE", "UK_VEHICLE_REGISTRATION", "URL",
                  "US_BANK_NUMBER", "US_DRIVER_LICENSE", "US_ITIN", "US_PASSPORT", "US_SSN", "UUID"]


@pytest.mark.parametrize(("peer", "project"), [
    ("EMAIL", "EMAIL_ADDRESS"), ("PHONE", "PHONE_NUMBER"), ("DATE", "DATE_TIME"), ("DOB", "DATE_TIME"),
    ("ADDRESS", "LOCATION"), ("GPE", "LOCATION"), ("LOCATION", "LOCATION"), ("PERSON", "PERSON"),
    ("DE_IBAN", "IBAN_CODE"), ("IP_ADDRESS", "IP_ADDRESS"), ("CREDIT_CARD", "CREDIT_CARD"),
    (" email ", "EMAIL_ADDRESS"),
])
def test_datafog_type_gets_the_projects_name_when_there_is_one(peer: str, project: str) -> None:
    assert project_type("datafog", peer) == project


@pytest.mark.parametrize(("family", "peer"), [
    ("datafog", "ORGANIZATION"), ("datafog", "ZIP_CODE"), ("presidio", "ORGANIZATION"), ("presidio", "NRP"),
    ("presidio", "US_DRIVER_LICENSE"), ("presidio", "UK_VEHICLE_REGISTRATION"),
])
def test_type_keeps_its_own_name_when_the_project_has_none(family: str, peer: str) -> None:
    assert project_type(family, peer) == peer


def test_presidio_names_are_the_projects_when_both_have_the_type() -> None:
    for kind in set(PRESIDIO_TYPES) & set(ENTITY_LABELS):
        assert project_type("presidio", kind) == kind


def test_mapped_names_are_project_types_when_not_a_foreign_identifier() -> None:
    targets = {name for names in PROJECT_NAMES.values() for name in names.values()}
    assert targets - set(ENTITY_LABELS) == {"US_SSN", "ZIP_CODE"}


def test_types_are_sorted_and_deduplicated_when_names_collide() -> None:
    assert project_types("datafog", ["DOB", "DATE", "PHONE", "ADDRESS", "LOCATION"]) == [
        "DATE_TIME", "LOCATION", "PHONE_NUMBER"]


def test_nothing_found_is_not_a_type_when_presidio_structured_says_non_pii() -> None:
    assert project_types("presidio", ["NON_PII"]) == []
    assert project_types("presidio", ["NON_PII", "UK_NHS"]) == ["UK_NHS"]


def test_peers_are_asked_only_for_project_types_when_they_support_more() -> None:
    assert requested_types("datafog", DATAFOG_TYPES) == [
        "ADDRESS", "CREDIT_CARD", "DATE", "DE_IBAN", "EMAIL", "IP_ADDRESS", "LOCATION", "PERSON", "PHONE"]
    assert requested_types("presidio", PRESIDIO_TYPES) == [
        "CREDIT_CARD", "DATE_TIME", "EMAIL_ADDRESS", "IBAN_CODE", "IP_ADDRESS", "LOCATION", "PERSON",
        "PHONE_NUMBER", "UK_DRIVING_LICENCE", "UK_NHS", "UK_NINO", "UK_PASSPORT", "UK_POSTCODE", "URL"]


def test_per_cell_column_has_a_type_when_enough_cells_hold_it() -> None:
    cells = {"notes": 100, "name": 50, "blank": 0}
    counts = {"notes": {"UK_NHS": 1, "PERSON": 9}, "name": {"PERSON": 50, "LOCATION": 5}}
    assert peers.per_cell_columns(cells, counts, 0.0) == {
        "notes": ["PERSON", "UK_NHS"], "name": ["LOCATION", "PERSON"], "blank": []}
    assert peers.per_cell_columns(cells, counts, 0.1) == {"notes": [], "name": ["LOCATION", "PERSON"], "blank": []}


def test_peer_report_is_scored_like_the_projects_when_built_from_its_types() -> None:
    truth = evaluation.Truth("hand", "hand.csv", 10, tuple(evaluation.ColumnTruth.from_json(column) for column in [
        {"name": "email", "personal": "must", "entities": ["EMAIL_ADDRESS"], "special_category": None},
        {"name": "dob", "personal": "must", "entities": ["DATE_TIME"], "special_category": None},
        {"name": "ref", "personal": "none", "special_category": None},
        {"name": "religion", "personal": "none", "special_category": "religious_or_philosophical_beliefs"},
    ]))
    found = {"email": ["EMAIL"], "dob": ["DOB"], "ref": ["ZIP"], "religion": []}
    report = peers.report({name: project_types("datafog", kinds) for name, kinds in found.items()}, rows=10)
    result = evaluation.evaluate(report, truth)
    assert (result.reported, result.precision, result.recall) == (3, 2 / 3, 1.0)
    assert result.wrong() == ["ref (ZIP_CODE)"]
    assert result.special_recall == 0.0  # peers report no special category


def test_importing_the_benchmark_loads_no_peer_when_only_the_service_is_installed() -> None:
    probe = ("import sys, benchmarks.peers, benchmarks.peer_table; "
             "print(sorted(m for m in ('pandas', 'datafog', 'presidio_structured') if m in sys.modules))")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2]).stdout
    assert output.strip() == "[]"
