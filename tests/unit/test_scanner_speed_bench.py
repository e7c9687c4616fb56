"""The scanner benchmarks' arithmetic and helpers (benchmarks/scanner.py, benchmarks/scanner_speed.py,
generate.write_scaled), on hand-made figures and small files: no timing is asserted, no scan is run."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from benchmarks import scanner, scanner_speed
from benchmarks.corpora import generate
from benchmarks.corpora.extracts import CONTACT_CENTRE, CONTACT_ROWS
from benchmarks.scanner_speed import FileCells


def test_naive_time_is_extrapolated_linearly_from_the_measured_cells() -> None:
    assert scanner_speed.extrapolate(2.0, 400, 10_000) == pytest.approx(50.0)
    assert scanner_speed.extrapolate(0.0, 0, 10_000) == 0.0


def test_the_engine_start_up_is_added_once_to_every_file_extrapolated() -> None:
    files = [FileCells("a.csv", rows=1000, cells=8000, measured_cells=400, measured_seconds=2.0),
             FileCells("b.jsonl", rows=500, cells=1000, measured_cells=100, measured_seconds=1.0)]

    assert files[0].seconds == pytest.approx(40.0)
    assert scanner_speed.naive_seconds(3.0, files) == pytest.approx(3.0 + 40.0 + 10.0)


@pytest.mark.parametrize(("naive", "line"), [
    (30_000.0, "ours is 1,000x faster (target >= 1,000x, floor 500x): meets the target"),
    (18_000.0, "ours is 600x faster (target >= 1,000x, floor 500x): meets the floor, not the target"),
    (12_000.0, "ours is 400x faster (target >= 1,000x, floor 500x): below the floor"),
])
def test_the_speed_ratio_is_printed_beside_its_target_and_floor(naive: float, line: str) -> None:
    assert scanner_speed.speed_line(30.0, naive) == line


@pytest.mark.parametrize(("seconds", "text"), [(42.04, "42.0 s"), (720.0, "12 min"), (12_240.0, "3.4 h")])
def test_durations_read_as_seconds_minutes_or_hours(seconds: float, text: str) -> None:
    assert scanner_speed.duration(seconds) == text


def test_a_time_is_given_as_a_multiple_of_its_baseline() -> None:
    assert scanner.times(6.0, 2.5) == "2.4x"
    assert scanner.times(6.0, 0.0).startswith("n/a")


def _report(*columns: tuple[str, list[str], str | None]) -> dict[str, Any]:
    return {"columns": [{"name": name, "entities": [{"type": kind} for kind in kinds], "special_category": special}
                        for name, kinds, special in columns]}


def test_flagged_columns_keep_their_entity_types_and_special_category() -> None:
    report = _report(("notes", ["UK_NHS", "PERSON"], "health"), ("amount", [], None), ("ethnicity", [], "ethnic"),
                     ("email", ["EMAIL_ADDRESS"], None))

    assert scanner.flagged_columns(report) == {"notes": ["PERSON", "UK_NHS", "special category: health"],
                                               "ethnicity": ["special category: ethnic"],
                                               "email": ["EMAIL_ADDRESS"]}


def test_the_same_columns_as_the_slice_say_yes() -> None:
    columns = {"email": ["EMAIL_ADDRESS"], "notes": ["UK_NHS"]}

    assert scanner.column_differences(columns, dict(columns)) == []
    assert scanner.same_columns_line([], 100.2) == "same columns as the 100 MB slice: yes"


def test_columns_that_differ_from_the_slice_are_named() -> None:
    large = {"email": ["EMAIL_ADDRESS"], "notes": ["PERSON", "UK_NHS"], "phone": ["PHONE_NUMBER"]}
    part = {"email": ["EMAIL_ADDRESS"], "notes": ["UK_NHS"], "postcode": ["UK_POSTCODE"]}

    differences = scanner.column_differences(large, part)

    assert differences == ["notes: ['PERSON', 'UK_NHS'] in the large file, ['UK_NHS'] in the slice",
                           "phone ['PHONE_NUMBER'] only in the large file",
                           "postcode ['UK_POSTCODE'] only in the slice"]
    assert scanner.same_columns_line(differences, 100) == "same columns as the 100 MB slice: no: " + "; ".join(
        differences)


def test_the_generator_puts_one_row_on_each_line(tmp_path: Path) -> None:
    # What lets write_slice() cut the large file at any line end and keep whole rows.
    path = tmp_path / "rows.csv"
    scanner.generate(path, 1000)

    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1001
    assert path.read_bytes().count(b"\n") == 1001


def test_a_slice_is_the_files_first_lines_to_the_end_of_the_line_holding_its_size(tmp_path: Path) -> None:
    source, part = tmp_path / "large.csv", tmp_path / "slice.csv"
    scanner.generate(source, 2000)
    data = source.read_bytes()
    size = len(data) // 3

    rows = scanner.write_slice(source, part, size)

    written = part.read_bytes()
    assert data.startswith(written)
    assert written.endswith(b"\r\n")
    assert len(written) == data.index(b"\n", size) + 1
    with part.open(newline="") as handle:
        assert len(list(csv.reader(handle))) == rows + 1


def test_a_slice_larger_than_its_file_is_the_whole_file(tmp_path: Path) -> None:
    source, part = tmp_path / "large.csv", tmp_path / "slice.csv"
    scanner.generate(source, 50)

    assert scanner.write_slice(source, part, 10**9) == 50
    assert part.read_bytes() == source.read_bytes()


def test_draws_are_joined_row_after_row_and_sheet_by_sheet() -> None:
    assert generate.join_draws("csv", [[{"a": "1"}], [{"a": "2"}, {"a": "3"}]]) == [{"a": "1"}, {"a": "2"},
                                                                                     {"a": "3"}]
    workbook = generate.join_draws("xlsx", [{"One": [1, 2], "Two": [3]}, {"One": [4], "Two": [5, 6]}])
    assert workbook == {"One": [1, 2, 4], "Two": [3, 5, 6]}
    assert list(workbook) == ["One", "Two"]


def test_a_scaled_corpus_starts_with_the_kept_file_and_draws_new_rows_after_it(tmp_path: Path) -> None:
    path = generate.write_scaled(CONTACT_CENTRE, tmp_path, 3)
    kept = (generate.HERE / CONTACT_CENTRE.file).read_bytes()

    scaled = path.read_bytes()
    assert path.name == CONTACT_CENTRE.file
    assert scaled.startswith(kept)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    assert len(rows) == 3 * CONTACT_ROWS
    assert rows[CONTACT_ROWS:2 * CONTACT_ROWS] != rows[:CONTACT_ROWS]
    assert rows[2 * CONTACT_ROWS:] != rows[CONTACT_ROWS:2 * CONTACT_ROWS]
