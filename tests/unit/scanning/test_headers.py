"""Header rows told from data rows on realistic council extracts; cell kinds; names that hold personal data."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from governance.scanning.headers import first_row_is_header, safe_name
from governance.scanning.kinds import Kind, cell_kind, holds_personal_data, is_value_key
from governance.scanning.synthetic import nhs_number

FIRST = ["Alice", "Mohammed", "Olivia", "Jack", "Priya", "Sean", "Fatima", "Oliver", "Amelia", "George"]
LAST = ["Smith", "Jones", "Khan", "Patel", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson"]
POSTCODES = ["SW1A 1AA", "M1 1AE", "B33 8TH", "LS1 4AP", "CF10 1EP"]
generator = random.Random(7)


def _rows(make: Callable[[], list[str]], count: int = 12) -> list[list[str]]:
    return [make() for _ in range(count)]


def _patient() -> list[str]:
    return [nhs_number(generator).replace(" ", ""), generator.choice(LAST),
            f"19{generator.randint(40, 99)}-{generator.randint(1, 12):02d}-{generator.randint(1, 28):02d}",
            generator.choice(POSTCODES)]


def _repair() -> list[str]:
    return [f"J{generator.randint(0, 999999):06d}", f"{generator.randint(1, 28):02d}/03/2024",
            f"{generator.randint(1, 99)} High St", generator.choice(POSTCODES),
            generator.choice(["Leaking tap in kitchen", "Broken window", "Damp in bedroom"]),
            generator.choice(["Routine", "Urgent"])]


def _social_care() -> list[str]:
    return [str(generator.randint(100000, 999999)), generator.choice(FIRST).upper(), generator.choice(LAST).upper(),
            f"{generator.randint(1, 28):02d}/{generator.randint(1, 12):02d}/19{generator.randint(40, 99)}",
            nhs_number(generator).replace(" ", "")]


def _pupil() -> list[str]:
    return ["A" + str(generator.randint(10**11, 10**12 - 1)), generator.choice(LAST), generator.choice(FIRST),
            f"2012-0{generator.randint(1, 9)}-1{generator.randint(0, 9)}", str(generator.randint(1, 6)),
            generator.choice("NKE")]


def _contact() -> list[str]:
    return [f"{generator.choice(FIRST)} {generator.choice(LAST)}",
            f"{generator.choice(FIRST).lower()}{generator.randint(1, 99)}@example.org",
            f"07700 900{generator.randint(0, 999):03d}"]


def _claim() -> list[str]:
    return [f"HB/{generator.randint(1000, 9999)}/{generator.randint(10, 99)}",
            f"QQ{generator.randint(100000, 999999)}C", f"{generator.choice(FIRST)} {generator.choice(LAST)}",
            f"£{generator.randint(10, 300)}.50", f"{generator.randint(1, 28)}-Mar-2023"]


EXTRACTS = {
    "patients": (["NHS number", "Surname", "DOB", "Postcode"], _patient),
    "repairs": (["Job No", "Reported", "Address", "Postcode", "Repair description", "Priority"], _repair),
    "social care in capitals": (["PERSON_ID", "FORENAME", "SURNAME", "DATE_OF_BIRTH", "NHS_NO"], _social_care),
    "pupils": (["UPN", "Legal Surname", "Legal Forename", "DOB", "Year Group", "SEN"], _pupil),
    "contacts": (["Name", "Email", "Mobile"], _contact),
    "benefit claims": (["Claim reference", "NINO", "Claimant", "Weekly amount", "Start date"], _claim),
}


@pytest.mark.parametrize("extract", EXTRACTS)
def test_a_header_of_labels_is_a_header_when_above_data(extract: str) -> None:
    header, make = EXTRACTS[extract]

    assert first_row_is_header(header, _rows(make))


@pytest.mark.parametrize("extract", EXTRACTS)
def test_a_first_row_like_the_rows_below_it_is_data(extract: str) -> None:
    _header, make = EXTRACTS[extract]
    first, *below = _rows(make)

    assert not first_row_is_header(first, below)


def test_the_example_of_the_finding_is_told_apart() -> None:
    below = _rows(_patient)

    assert first_row_is_header(["NHS number", "Surname", "DOB", "Postcode"], below)
    assert not first_row_is_header(["9434765919", "Smith", "1984-03-02", "SW1A 1AA"], below)


def test_year_labels_above_amounts_are_a_header() -> None:
    # Decided: a year above values that are mostly not years is a label (spend per year); see headers.py.
    below = _rows(lambda: [generator.choice(["Libraries", "Parks"]), f"{generator.randint(100, 9999)}.25",
                           str(generator.randint(100, 9999))])

    assert first_row_is_header(["Service", "2024", "2025"], below)
    assert first_row_is_header(["Service", "2023/24", "2024/25"], below)
    assert first_row_is_header(["2024", "2025"], [row[1:] for row in below])


def test_a_year_above_more_years_is_data() -> None:
    below = _rows(lambda: [str(generator.randint(1940, 2005)), generator.choice(LAST)])

    assert not first_row_is_header(["1984", "Smith"], below)


def test_labels_above_words_are_a_header_and_words_like_the_words_below_are_data() -> None:
    notes = ["Called about bins", "Wants a new box", "Complaint about noise from neighbours"]
    below = _rows(lambda: [f"{generator.choice(FIRST)} {generator.choice(LAST)}", generator.choice(notes)])

    assert first_row_is_header(["Full name", "Notes"], below)
    assert first_row_is_header(["Resident", "What did they say?"], below)
    assert not first_row_is_header(["Female", "Smith"], _rows(lambda: [generator.choice(["Male", "Female"]),
                                                                     generator.choice(LAST)]))


def test_a_label_above_codes_of_one_length_is_a_header() -> None:
    assert first_row_is_header(["Consent"], _rows(lambda: [generator.choice("YN")]))


def test_labels_holding_personal_data_in_an_otherwise_normal_header_still_make_a_header() -> None:
    below = _rows(lambda: [generator.choice(["Housing", "Planning"]), str(generator.randint(0, 20)),
                           str(generator.randint(0, 20))])

    assert first_row_is_header(["Team", "ann.smith@council.gov.uk", "9434765919"], below)


@pytest.mark.parametrize(("first", "header"), [
    (["9434765919", "Smith", "1984-03-02", "SW1A 1AA"], False),
    (["ann@example.com", "Ann"], False),
    (["NHS number", "Surname", "DOB", "Postcode"], True),
    (["2024", "2025"], True),
])
def test_a_single_row_is_data_when_it_holds_values_and_a_header_when_only_labels(first: list[str],
                                                                                 header: bool) -> None:
    assert first_row_is_header(first, []) is header


def test_blank_cells_and_placeholders_do_not_vote() -> None:
    below = _rows(lambda: ["", f"{generator.choice(FIRST).lower()}@example.com", "n/a"])

    assert not first_row_is_header(["", "ann@example.com", "n/a"], below)


@pytest.mark.parametrize(("text", "kind"), [
    ("", Kind.BLANK), (" - ", Kind.BLANK), ("N/A", Kind.BLANK), ("Surname", Kind.TEXT),
    ("ann@example.com", Kind.EMAIL), ("1984-03-02", Kind.DATE), ("02/03/1984", Kind.DATE),
    ("1984-03-02 00:00:00", Kind.DATE), ("2-Mar-1984", Kind.DATE), ("2024", Kind.YEAR), ("2024/25", Kind.YEAR),
    ("1,234.50", Kind.NUMBER), ("£12", Kind.NUMBER), ("9434765919", Kind.NUMBER), ("943 476 5919", Kind.DIGITS),
    ("SW1A 1AA", Kind.CODE), ("QQ 12 34 56 C", Kind.CODE), ("CASE-00123", Kind.CODE), ("Flat 2", Kind.TEXT),
    ("Address line 1", Kind.TEXT),
])
def test_cell_kind(text: str, kind: Kind) -> None:
    assert cell_kind(text) is kind


@pytest.mark.parametrize(("text", "personal"), [
    ("ann.smith@example.com", True), ("9434765919", True), ("943 476 5919", True), ("07700 900123", True),
    ("SW1A 1AA", True), ("AB 12 34 56 C", True), ("NHS number", False), ("Email", False), ("2024", False),
    ("2024-03-01", False), ("Address line 1", False), ("1234567890", False),
])
def test_holds_personal_data(text: str, personal: bool) -> None:
    assert holds_personal_data(text) is personal


@pytest.mark.parametrize(("key", "value"), [
    ("9434765919", True), ("ann@example.com", True), ("CASE-00123", True), ("12345", True), ("2024-03-01", True),
    ("name", False), ("q1", False), ("2024", False), ("address_line_1", False), ("", False),
])
def test_is_value_key(key: str, value: bool) -> None:
    assert is_value_key(key) is value


def test_safe_name_replaces_a_name_holding_personal_data_by_its_position() -> None:
    assert safe_name("ann@example.com", 3) == "Column 3"
    assert safe_name("ann@example.com", 2, "Sheet") == "Sheet 2"
    assert safe_name("Email", 3) == "Email"
