"""Names and places with the installed spaCy model (make test installs it; without it these fail in CI)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from governance.scanning.analysis import scan_file
from governance.scanning.ner import (
    MODEL_CHARACTERS,
    MODEL_VALUE_LENGTH,
    MODEL_VALUES,
    DistinctSample,
    _decide,
    analyzer,
    model_path,
    model_sample,
)
from tests.conftest import service_unavailable

FIRST = ["Alice", "Mohammed", "Olivia", "Jack", "Priya", "Sean", "Fatima", "Oliver", "Amelia", "George"]
LAST = ["Smith", "Jones", "Khan", "Patel", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson"]


@pytest.fixture(scope="module")
def engine():
    if model_path() is None:
        service_unavailable("the spaCy English model is not installed (make test installs it)")
    return analyzer()


@pytest.fixture(scope="module")
def report(engine, tmp_path_factory: pytest.TempPathFactory):
    generator = random.Random(5)
    path = tmp_path_factory.mktemp("ner") / "cases.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["full_name", "case_id", "amount", "service"])
        for index in range(600):
            writer.writerow([f"{generator.choice(FIRST)} {generator.choice(LAST)}", f"CASE-{index:06d}",
                             f"{generator.randint(1, 999)}.{generator.randint(0, 99):02d}",
                             generator.choice(["Housing repairs", "Waste collection", "Parking permits"])])
    return {column.name: column for column in scan_file(path).columns}


def test_the_model_is_loaded_by_path_and_reports_say_ner_was_used(engine, tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("name\nAlice Smith\n")

    assert (model_path() / "config.cfg").exists()
    assert scan_file(path).ner is True


def test_a_column_of_names_is_found(report) -> None:
    person = [entity for entity in report["full_name"].entities if entity.type == "PERSON"]

    assert person and person[0].share >= 0.5
    assert all(sum(c.isalnum() for c in example) <= 4 for example in person[0].examples)


@pytest.mark.parametrize("column", ["case_id", "amount", "service"])
def test_stray_guesses_do_not_flag_codes_amounts_or_services(report, column: str) -> None:
    assert [entity.type for entity in report[column].entities] == []


def test_the_sample_is_bounded_and_repeatable() -> None:
    first, second = DistinctSample(size=50, seed=1), DistinctSample(size=50, seed=1)
    for number in range(10_000):
        first.add(f"value {number}")
        second.add(f"value {number}")

    assert len(first.values) == 50
    assert first.values == second.values


def test_the_sample_is_roughly_uniform_over_a_long_column() -> None:
    sample = DistinctSample(size=1000, seed=3)
    for number in range(100_000):
        sample.add(str(number))

    late = sum(int(value) >= 50_000 for value in sample.values)
    assert 400 < late < 600  # about half the sample comes from the second half of the column


class FakeResult:
    def __init__(self, entity_type: str, start: int, end: int, score: float) -> None:
        self.entity_type, self.start, self.end, self.score = entity_type, start, end, score


def test_guesses_on_codes_with_digits_never_flag_a_column() -> None:
    codes = [f"ORD-{number:06d}" for number in range(20)]
    guesses = [[FakeResult("LOCATION", 0, len(code), 0.85)] for code in codes]
    names = ["Alice Smith"] * 20
    found = [[FakeResult("PERSON", 0, 11, 0.85)] for _ in names]

    assert _decide(codes, guesses) == []
    assert [finding.entity for finding in _decide(names, found)] == ["PERSON"]


def test_the_model_reads_a_bounded_share_of_a_column_and_no_codes() -> None:
    names = [f"Resident Number{'x' * (index % 7)} Smith" for index in range(400)]
    notes = ["Tenant rang about the damp in the back bedroom, " * 10] * 50
    codes = ["CR-2024-0012", "ORD-000123", "Flat 4 Nelson Street"]

    assert model_sample(names) == names[:MODEL_VALUES]
    read = model_sample(notes)
    assert sum(map(len, read)) <= MODEL_CHARACTERS + MODEL_VALUE_LENGTH
    assert all(len(value) <= MODEL_VALUE_LENGTH for value in read)
    assert model_sample(codes) == ["Flat 4 Nelson Street"]  # a value with a space may hold a name


def test_a_sample_fed_in_chunks_is_the_sample_fed_a_value_at_a_time() -> None:
    whole, chunked = DistinctSample(size=100, seed=5), DistinctSample(size=100, seed=5)
    values = [f"value {number}" for number in range(5000)]
    for value in values:
        whole.add(value)
    for start in range(0, 5000, 777):
        chunk = values[start:start + 777]
        chunked.add_from(len(chunk), lambda positions, chunk=chunk: [chunk[position] for position in positions])

    assert chunked.values == whole.values
