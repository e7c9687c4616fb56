"""Column decisions on synthetic files: personal data found with the right type, decoys not flagged,
special categories classified, examples masked, and one identifier in hundreds of notes still found."""

from __future__ import annotations

import csv
import random

import pytest

from governance.scanning.analysis import mask, scan_file
from governance.scanning.synthetic import nhs_number


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    generator = random.Random(42)
    path = tmp_path_factory.mktemp("scan") / "residents.csv"
    rows = []
    for index in range(1500):
        notes = f"Patient NHS number {nhs_number(generator)} called" if index % 300 == 7 else "Bin collection query"
        rows.append({
            "case_id": f"CASE-{index:07d}", "email": f"person{index}@example.com", "nhs_number": nhs_number(generator),
            "postcode": generator.choice(["SW1A 1AA", "M1 1AE", "B33 8TH"]),
            "mobile": f"07700 900{generator.randint(0, 999):03d}",
            "reference": "".join(str(generator.randint(0, 9)) for _ in range(10)),
            "amount": f"{generator.randint(1, 9999)}.{generator.randint(0, 99):02d}",
            "work_order_date": f"{generator.randint(1, 28):02d}/{generator.randint(1, 12):02d}/2024",
            "dob": f"{generator.randint(1, 28):02d}/{generator.randint(1, 12):02d}/19{generator.randint(40, 99)}",
            "group": generator.choice(["White British", "Pakistani", "Black Caribbean", "Indian"]),
            "support_needs": generator.choice(["Diabetes", "Wheelchair user", "Dementia", "Asthma"]),
            "asset_tag": f"AT-{generator.randint(0, 99999):05d}", "notes": notes,
        })
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = scan_file(path, use_ner=False)  # identifiers only; names are tested in test_ner.py
    return {column.name: column for column in result.columns}, result


def _types(report, name: str) -> list[str]:
    return [entity.type for entity in report[0][name].entities]


@pytest.mark.parametrize(("column", "entity"), [("email", "EMAIL_ADDRESS"), ("nhs_number", "UK_NHS"),
                                                 ("postcode", "UK_POSTCODE"), ("mobile", "PHONE_NUMBER"),
                                                 ("dob", "DATE_TIME"), ("notes", "UK_NHS")])
def test_personal_data_columns_are_found_with_the_right_type(report, column: str, entity: str) -> None:
    assert _types(report, column) == [entity]


@pytest.mark.parametrize("column", ["case_id", "reference", "amount", "work_order_date", "asset_tag"])
def test_decoy_columns_are_not_flagged(report, column: str) -> None:
    assert _types(report, column) == []
    assert report[0][column].special_category is None


def test_special_category_columns_are_classified(report) -> None:
    assert report[0]["group"].special_category == "racial_or_ethnic_origin"
    assert report[0]["support_needs"].special_category == "health"


def test_one_identifier_in_hundreds_of_notes_is_reported_with_its_share(report) -> None:
    finding = report[0]["notes"].entities[0]

    assert finding.count == 5
    assert finding.share == pytest.approx(5 / 1500, abs=1e-6)


def test_counts_cover_every_row(report) -> None:
    assert report[1].rows_total == report[1].rows_scanned == 1500
    assert report[0]["email"].entities[0].count == 1500


def test_examples_show_at_most_four_real_characters(report) -> None:
    for column in report[0].values():
        for entity in column.entities:
            assert 0 < len(entity.examples) <= 3
            for example in entity.examples:
                assert sum(character.isalnum() and character != "*" for character in example) <= 4


@pytest.mark.parametrize(("text", "masked"), [("943 476 5919", "943 *** ****"), ("SW1A 1AA", "SW** ***"),
                                              ("ab", "**")])
def test_mask(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_a_notes_column_is_reported_as_free_text_and_addresses_are_not(tmp_path) -> None:
    from tests.unit.scanning.test_prose import ADDRESSES, CASE_NOTES

    path = tmp_path / "contacts.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "address", "notes"])
        for row in range(40):
            note = f"{CASE_NOTES[row % len(CASE_NOTES)]} (visit {row})"
            writer.writerow([f"HC-{1000 + row}", ADDRESSES[row % len(ADDRESSES)], note])

    columns = {column["name"]: column for column in scan_file(path, use_ner=False).to_json()["columns"]}

    assert columns["notes"]["free_text"] is True
    assert columns["address"]["free_text"] is False and columns["case_ref"]["free_text"] is False
