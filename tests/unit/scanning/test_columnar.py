"""Columns read by pyarrow are scanned exactly as rows read by the csv module: the same tallies for any chunk
of values, and the same findings for whole files, including the files pyarrow hands back to the row reader."""

from __future__ import annotations

import codecs
import json
import random
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pytest

from benchmarks.scanner_evaluation import CORPORA_FOLDER
from governance.scanning import columnar
from governance.scanning.analysis import ColumnFinding, analyse_batches, analyse_rows, column_finding, scan_file
from governance.scanning.matching import tally_array, tally_chunk
from governance.scanning.readers import UnreadableInput, first_bytes, read_rows
from governance.scanning.recognisers import context_flags
from governance.scanning.synthetic import nhs_number
from tests.unit.scanning.test_matching import _corpus, _summary, value_makers


@pytest.mark.parametrize("column", ["", "phone", "nhs number", "date of birth", "uprn", "passport number", "notes"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_mixed_column_tallies_the_same_either_way(column: str, seed: int) -> None:
    values = _corpus(seed)
    flags = context_flags(column)

    assert _summary(tally_array(pa.array(values), flags)) == _summary(tally_chunk(values, flags))


@pytest.mark.parametrize("maker", range(len(value_makers(random.Random()))))
@pytest.mark.parametrize("column", ["", "phone", "nhs number", "date of birth", "uprn", "card"])
def test_a_column_of_one_kind_of_value_tallies_the_same_either_way(maker: int, column: str) -> None:
    """One kind of value is one shape or a few: the checks run on a grid of its characters."""
    generator = random.Random(maker)
    make = value_makers(generator)[maker]
    values = [make() for _ in range(2000)]
    flags = context_flags(column)

    assert _summary(tally_array(pa.array(values), flags)) == _summary(tally_chunk(values, flags))


def test_identifiers_written_alike_are_checked_whole_with_the_same_answers() -> None:
    generator = random.Random(9)
    columns = {
        "nhs number": [nhs_number(generator) for _ in range(500)]
        + ["".join(str(generator.randint(0, 9)) for _ in range(3)) + " 476 5919" for _ in range(500)],
        "phone": [f"0{generator.choice('1234578')}700 900{generator.randint(0, 999):03d}" for _ in range(1000)],
        "date of birth": [f"{generator.randint(0, 35):02d}/{generator.randint(0, 13):02d}/"
                          f"19{generator.randint(0, 99):02d}" for _ in range(1000)],
        "email": [f"user{generator.randint(0, 9999)}@example.com" for _ in range(1000)],
    }
    for column, values in columns.items():
        flags = context_flags(column)
        assert _summary(tally_array(pa.array(values), flags)) == _summary(tally_chunk(values, flags)), column


def test_a_context_word_split_between_two_values_is_no_context() -> None:
    """The chunk's text is searched as one buffer first, where "up" ending one value and "rn" starting the
    next read as "uprn"; only a word inside one value counts, as when the values are joined."""
    values = ["Flat 3, sent up", "rn 100023336956 on file"] * 40
    flags = context_flags("notes")

    assert "UK_UPRN" not in tally_array(pa.array(values), flags)
    assert _summary(tally_array(pa.array(values), flags)) == _summary(tally_chunk(values, flags))
    with_context = [*values, "UPRN 100023336956"]
    found = tally_array(pa.array(with_context), flags)
    assert found["UK_UPRN"].valid_indexes().tolist() == [80]  # the word must be just before the number
    assert _summary(found) == _summary(tally_chunk(with_context, flags))


def _findings_both_ways(path: Path) -> tuple[list, list]:
    _kind, rows = read_rows(path)
    total, by_rows = analyse_rows(rows)
    columns_total, by_columns = analyse_batches(columnar.delimited_batches(path, first_bytes(path)))
    assert columns_total == total
    # The row reader lists a column where a row first has a value in it, pyarrow in the file's order.
    return (sorted((_without_examples(column_finding(stats, total)) for stats in by_rows), key=_name),
            sorted((_without_examples(column_finding(stats, columns_total)) for stats in by_columns), key=_name))


def _name(finding: ColumnFinding) -> str:
    return finding.name


def _without_examples(finding: ColumnFinding) -> ColumnFinding:
    """The row reader hands a chunk's values over in another order than the file's (rows missing a cell first),
    so its first examples can be other rows' than pyarrow's, which keeps the file's order."""
    return replace(finding, entities=tuple(replace(entity, examples=()) for entity in finding.entities))


@pytest.mark.parametrize("name", ["contact_centre_cases.csv", "equalities_survey.csv", "waste_rounds_wide.csv",
                                  "housing_register.csv", "pupils_census.tsv", "parking_permits.csv",
                                  "housing_repairs.csv", "taxi_licensing.csv"])
def test_the_corpus_files_give_the_same_findings_either_way(name: str) -> None:
    by_rows, by_columns = _findings_both_ways(CORPORA_FOLDER / name)

    assert by_columns == by_rows
    assert any(finding.entities for finding in by_columns)


def test_quoting_empty_cells_and_text_that_looks_missing_read_as_the_csv_module_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    rows = ['case,notes,contact,status'] + [
        f'C{index},"Line one\nline two, NHS number {nhs_number(random.Random(index))}",'
        f'{"" if index % 3 else "07700 900123"},{"NA" if index % 2 else "NULL"}' for index in range(200)]
    rows += ['C999,"He said ""call me on 07700 900456""",,""']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")

    by_rows, by_columns = _findings_both_ways(path)

    assert by_columns == by_rows
    assert [column.name for column in scan_file(path, use_ner=False).columns] == ["case", "notes", "contact",
                                                                                "status"]


@pytest.mark.parametrize("content", [
    b"name,email\nAnn,ann@example.com\nBob,bob@example.com,extra\n" * 40,  # a row longer than the header
    b"name,email\nZo\xeb,zoe@example.com\nSe\x81n,sean@example.com\n" * 40,  # a byte cp1252 leaves undefined
])
def test_what_pyarrow_cannot_read_alike_is_read_row_by_row(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(content)

    with pytest.raises(columnar.NotColumnar):
        list(columnar.delimited_batches(path, first_bytes(path)))
    report = scan_file(path, use_ner=False)

    _kind, rows = read_rows(path)
    total, by_rows = analyse_rows(rows)
    assert report.rows_total == total
    assert [column.entities for column in report.columns] == [column_finding(stats, total).entities
                                                              for stats in by_rows]
    assert any(entity.type == "EMAIL_ADDRESS" for column in report.columns for entity in column.entities)


def test_utf16_and_a_byte_order_mark_read_alike(tmp_path: Path) -> None:
    text = "pupil\tupn\temail\n" + "".join(f"P{index}\tx\tp{index}@example.org\n" for index in range(300))
    (tmp_path / "a.tsv").write_bytes(text.encode("utf-16"))
    (tmp_path / "b.csv").write_bytes(codecs.BOM_UTF8 + text.replace("\t", ",").encode("utf-8"))

    for name in ("a.tsv", "b.csv"):
        by_rows, by_columns = _findings_both_ways(tmp_path / name)
        assert by_columns == by_rows
        assert [column.name for column in scan_file(tmp_path / name, use_ner=False).columns] == [
            "pupil", "upn", "email"]


def test_a_file_that_is_not_utf8_after_its_first_part_still_says_why(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"name,notes\n" + b"Ann,fine\n" * 20_000 + b"Bob,caf\xe9\n")

    with pytest.raises(columnar.NotColumnar):
        list(columnar.delimited_batches(path, first_bytes(path)))
    with pytest.raises(UnreadableInput, match="encoding"):
        scan_file(path, use_ner=False)


def test_a_file_of_many_blocks_reads_every_row_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "BATCH_BYTES", 256 * 1024)  # several gathered batches from several blocks
    generator = random.Random(11)
    path = tmp_path / "residents.csv"
    lines = ["case_id,nhs_number,notes"] + [
        f'C{index:06d},{nhs_number(generator)},"Visit {index}, call 07700 900{index % 1000:03d} first"'
        for index in range(60_000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    batches = list(columnar.delimited_batches(path, first_bytes(path)))
    by_rows, by_columns = _findings_both_ways(path)

    assert len(batches) > 3
    assert sum(rows for rows, _columns in batches) == 60_000
    assert batches[0][1]["case_id"][0].as_py() == "C000000"  # the header is not a row
    assert by_columns == by_rows


def test_a_report_from_columns_is_plain_json(tmp_path: Path) -> None:
    """Counts worked out by numpy are turned into Python numbers: the report is stored as JSON."""
    path = tmp_path / "equalities.csv"
    groups = ["White British", "Indian", "Black Caribbean", "Pakistani", "Mixed"]
    path.write_text("respondent,ethnic_group,religion\n" + "".join(
        f"R{index},{groups[index % 5]},{'Muslim' if index % 3 else 'Christian'}\n" for index in range(500)))

    report = scan_file(path, use_ner=False).to_json()

    assert json.loads(json.dumps(report)) == report
    ethnic = next(column for column in report["columns"] if column["name"] == "ethnic_group")
    assert ethnic["special_category"] == "racial_or_ethnic_origin" and ethnic["special_category_rows"] == 500


def test_a_separator_inside_a_value_becomes_a_space_as_in_the_row_reader() -> None:
    values = pa.array(["Ann\x00Smith", "plain", "", "tab\x00"])

    assert columnar.without_separators(values).to_pylist() == ["Ann Smith", "plain", "", "tab "]
    assert columnar.without_separators(values.slice(1, 2)).to_pylist() == ["plain", ""]
    untouched = pa.array(["no separator here"] * 5)
    assert columnar.without_separators(untouched) is untouched
