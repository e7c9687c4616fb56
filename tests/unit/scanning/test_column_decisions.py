"""Columns decided as a data protection officer would (issue 14): category labels are not names or places,
a name inside a street's or a firm's is not a person, and free text that mentions a person's condition is
health data. Written from council extracts, with the installed spaCy model (make test installs it)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from governance.scanning.analysis import ColumnFinding, scan_file
from governance.scanning.column_kinds import is_category_column, names_no_people
from governance.scanning.ner import analyzer, model_path, names_a_person
from tests.conftest import service_unavailable

WARDS = ["St Mary's", "St John's", "Abbey", "Castle", "Holy Trinity", "St Peter's", "Victoria", "Kingsway",
         "St Andrew's", "Priory", "Bishop's Park", "Eastgate"]
ETHNIC_GROUPS = ["White: English, Welsh, Scottish, Northern Irish or British", "White: Irish", "Asian or Asian "
                 "British: Indian", "Asian or Asian British: Pakistani", "Black, Black British, Caribbean or "
                 "African: Caribbean", "Mixed or Multiple ethnic groups: White and Asian", "Other ethnic group: Arab",
                 "Prefer not to say"]
ORIENTATIONS = ["Straight or heterosexual", "Gay or lesbian", "Bisexual", "Pansexual", "Asexual",
                "Prefer not to say", "Other sexual orientation"]
STREETS = ["Nelson Street", "Victoria Road", "St John's Close", "Churchill Way", "Wellington Avenue",
           "Gladstone Terrace", "Raleigh Drive", "Darwin Crescent", "Nightingale Lane", "Shakespeare Road"]
FIRMS = ["Smith & Sons Roofing Ltd", "Patel Plumbing Services", "J Evans Electrical Ltd", "Wilson and Co Builders",
         "Taylor Scaffolding Ltd", "Khan Brothers Construction Ltd", "Davies Glazing", "Brown Joinery Ltd"]
FIRST = ["Alice", "Mohammed", "Olivia", "Jack", "Priya", "Sean", "Fatima", "Oliver", "Amelia", "George"]
LAST = ["Smith", "Jones", "Khan", "Patel", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson"]
REPAIRS = ["Leak under the kitchen sink, tenant asked for a morning visit.",
           "Front door lock sticks when it is cold, replace the barrel.",
           "Black mould in the back bedroom again after the wet weather.",
           "Boiler pressure drops overnight, engineer to check the valve.",
           "Replace the broken window blind in the living room for the tenant."]
ROOMS = ["kitchen", "bathroom", "back bedroom", "front bedroom", "hallway", "living room", "loft", "landing"]
ASKS = ["asked for a morning visit", "is at work until four", "has a dog, please knock", "prefers a text first",
        "will leave a key with the neighbour", "asked us to call before coming"]


def _repair(generator: random.Random) -> str:
    return (f"{generator.choice(REPAIRS)[:-1]} in the {generator.choice(ROOMS)}; tenant "
            f"{generator.choice(ASKS)} (job {generator.randint(1000, 9999)}).")


def _desk(generator: random.Random) -> str:
    return (f"Called back on {generator.randint(1, 28)} May about the appointment and the tenant "
            f"{generator.choice(ASKS)}.")


@pytest.fixture(scope="module")
def columns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ColumnFinding]:
    if model_path() is None or analyzer() is None:
        service_unavailable("the spaCy English model is not installed (make test installs it)")
    generator = random.Random(14)
    path = tmp_path_factory.mktemp("decisions") / "housing.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["tenant_name", "ward", "ethnic_group", "sexual_orientation", "address_line_1",
                         "contractor", "repair_notes", "desk_notes"])
        for index in range(300):
            name = f"{generator.choice(FIRST)} {generator.choice(LAST)}"
            repair = _repair(generator)
            if index % 60 == 7:
                repair = f"Mrs {generator.choice(LAST)} says her asthma is worse with the damp in the bedroom."
            desk = _desk(generator)
            if index == 150:
                desk = "Tenant gave her NHS number 943 476 5919 for the adaptation referral to the OT team."
            writer.writerow([name, generator.choice(WARDS), generator.choice(ETHNIC_GROUPS),
                             generator.choice(ORIENTATIONS), f"{generator.randint(1, 120)} {generator.choice(STREETS)}",
                             generator.choice(FIRMS), repair, desk])
    return {column.name: column for column in scan_file(path).columns}


def _types(column: ColumnFinding) -> set[str]:
    return {entity.type for entity in column.entities}


def test_a_column_of_tenants_names_is_people(columns: dict[str, ColumnFinding]) -> None:
    assert "PERSON" in _types(columns["tenant_name"])


def test_wards_named_after_saints_are_not_people_or_places(columns: dict[str, ColumnFinding]) -> None:
    assert _types(columns["ward"]) == set()


@pytest.mark.parametrize(("column", "category"), [("ethnic_group", "racial_or_ethnic_origin"),
                                                  ("sexual_orientation", "sex_life_or_sexual_orientation")])
def test_a_special_category_column_is_that_category_not_names_or_places(columns: dict[str, ColumnFinding],
                                                                        column: str, category: str) -> None:
    assert columns[column].special_category == category
    assert _types(columns[column]) == set()


def test_streets_named_after_people_are_not_people(columns: dict[str, ColumnFinding]) -> None:
    assert "PERSON" not in _types(columns["address_line_1"])


def test_surnames_in_firms_names_are_not_people(columns: dict[str, ColumnFinding]) -> None:
    assert "PERSON" not in _types(columns["contractor"])


def test_repair_notes_mentioning_a_tenants_condition_are_health_data_with_a_count(
        columns: dict[str, ColumnFinding]) -> None:
    assert columns["repair_notes"].special_category == "health"
    assert columns["repair_notes"].special_category_rows == 5  # rows 7, 67, 127, 187 and 247


def test_one_nhs_number_in_300_notes_is_still_found(columns: dict[str, ColumnFinding]) -> None:
    nhs = [entity for entity in columns["desk_notes"].entities if entity.type == "UK_NHS"]

    assert nhs and nhs[0].count == 1


def test_a_window_blind_is_not_health_data(tmp_path: Path) -> None:
    generator = random.Random(3)
    path = tmp_path / "repairs.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["description"])
        writer.writerows([[_repair(generator)] for _index in range(50)])

    (column,) = scan_file(path, use_ner=False).columns

    assert column.special_category is None


@pytest.mark.parametrize(("value", "start", "end", "person"), [
    ("12 Nelson Street", 3, 9, False), ("St John's Close", 3, 7, False), ("Smith & Sons Roofing Ltd", 0, 5, False),
    ("Patel Plumbing Services", 0, 5, False), ("Wilson and Co Builders", 0, 6, False),
    ("Ann Smith, 12 Nelson Street", 0, 9, True), ("Mr Jones called about the boiler", 3, 8, True),
])
def test_a_name_inside_a_streets_or_firms_name_is_not_a_person(value: str, start: int, end: int,
                                                               person: bool) -> None:
    assert names_a_person(value, start, end) is person


def test_category_columns_and_columns_of_places_are_told_by_their_shape_and_name() -> None:
    assert is_category_column(WARDS * 5)
    assert not is_category_column([f"{first} {last}" for first in FIRST for last in LAST])
    assert names_no_people("Address line 1") and names_no_people("contractor_name") and names_no_people("Ward")
    assert not names_no_people("tenant_name") and not names_no_people("Case notes")


@pytest.mark.parametrize(("text", "delimiter"), [
    ('notes\n"Leak in the loft; tenant out until four."\nBoiler noisy; check valve\n', ","),
    ("name;amount\nAnn Smith;12,50\nBob Jones;3,75\n", ";"),
    ("name\tnotes\nAnn Smith\tCalled, left a message\n", "\t"),
    ("ref|status\nA1|open\nA2|closed\n", "|"),
    ("name,notes\nAnn Smith,Called; no answer\nBob Jones,Visited; all fine\n", ","),
])
def test_the_delimiter_is_the_one_that_splits_header_and_rows_alike(text: str, delimiter: str) -> None:
    from governance.scanning.readers import choose_delimiter

    assert choose_delimiter(text) == delimiter


def test_a_share_is_of_the_columns_own_sheet_not_of_every_sheet(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "Contacts"
    workbook.active.append(["email"])
    for index in range(10):
        workbook.active.append([f"person{index}@example.com"])
    budget = workbook.create_sheet("Budget")
    budget.append(["cost_centre", "amount"])
    for index in range(90):
        budget.append([f"CC{index:03d}", index * 10])
    path = tmp_path / "mixed.xlsx"
    workbook.save(path)

    report = scan_file(path, use_ner=False)
    email = next(column for column in report.columns if column.name == "Contacts!email")

    assert report.rows_scanned == 100
    assert [(entity.type, entity.count, entity.share) for entity in email.entities] == [("EMAIL_ADDRESS", 10, 1.0)]


class _ModelThatMustNotBeAsked:
    """Stands for the language model: any use of it fails the test."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the model was asked ({name})")


def test_a_column_the_patterns_decide_is_not_sent_to_the_model() -> None:
    from governance.scanning.analysis import ColumnStats, column_finding

    emails = ColumnStats("contact", "contact")
    emails.add_chunk([f"resident{index}@example.com" for index in range(40)])
    names = ColumnStats("contact", "contact")
    names.add_chunk([f"{first} {last}" for first in FIRST[:4] for last in LAST])

    finding = column_finding(emails, 40, engine=_ModelThatMustNotBeAsked())

    assert [entity.type for entity in finding.entities] == ["EMAIL_ADDRESS"]
    with pytest.raises(AssertionError, match="the model was asked"):
        column_finding(names, 40, engine=_ModelThatMustNotBeAsked())


def test_only_the_entity_recogniser_of_the_model_runs() -> None:
    if model_path() is None or analyzer() is None:
        service_unavailable("the spaCy English model is not installed (make test installs it)")

    assert analyzer().nlp_engine.nlp["en"].pipe_names == ["ner"]
