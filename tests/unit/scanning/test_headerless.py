"""Security review finding 6: values must never become column or sheet names in a scan report.

A file without a header row had its first row kept verbatim as column names ("Column 9434765919 contains
NHS numbers"); JSON keyed by identifiers did the same with its keys. Each test asserts that the raw values
appear nowhere in the report's JSON, which is what is stored, shown and signed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import Workbook

from governance.scanning.analysis import scan_file
from governance.scanning.cli import scan_command
from governance.scanning.readers import read_rows

FIRST_ROW = ["9434765919", "ann.smith@example.com", "Smith", "1984-03-02", "SW1A 1AA"]
MORE_ROWS = [["4010232137", "bob.jones@example.org", "Jones", "1990-11-23", "M1 1AE"],
             ["9876543210", "cara.khan@example.net", "Khan", "1975-06-14", "B33 8TH"],
             ["4505577104", "dev.patel@example.com", "Patel", "2001-01-30", "LS1 4AP"]]
HEADER = ["NHS number", "Email", "Surname", "DOB", "Postcode"]


def _csv(tmp_path: Path, rows: list[list[str]], name: str = "extract.csv") -> Path:
    path = tmp_path / name
    path.write_text("".join(",".join(row) + "\n" for row in rows))
    return path


def _report(path: Path) -> dict[str, Any]:
    return scan_file(path, "upload", use_ner=False).to_json()


def _assert_nowhere(values: list[str], report: dict[str, Any]) -> None:
    dumped = json.dumps(report)
    for value in values:
        assert value not in dumped
        assert value.replace(" ", "") not in dumped


def _entities(report: dict[str, Any]) -> dict[str, set[str]]:
    return {column["name"]: {entity["type"] for entity in column["entities"]} for column in report["columns"]}


def test_a_csv_without_a_header_gets_numbered_columns_and_its_first_row_is_scanned(tmp_path: Path) -> None:
    report = _report(_csv(tmp_path, [FIRST_ROW, *MORE_ROWS]))

    assert [column["name"] for column in report["columns"]] == ["Column 1", "Column 2", "Column 3", "Column 4",
                                                                 "Column 5"]
    assert report["rows_total"] == 4  # the first row counts as a row
    found = _entities(report)
    assert "UK_NHS" in found["Column 1"] and "EMAIL_ADDRESS" in found["Column 2"]
    _assert_nowhere(FIRST_ROW, report)


def test_a_tsv_without_a_header_gets_numbered_columns(tmp_path: Path) -> None:
    path = tmp_path / "extract.tsv"
    path.write_text("".join("\t".join(row) + "\n" for row in [FIRST_ROW, *MORE_ROWS]))

    report = _report(path)

    assert report["columns"][0]["name"] == "Column 1"
    _assert_nowhere(FIRST_ROW, report)


def test_a_csv_with_a_header_keeps_its_column_names(tmp_path: Path) -> None:
    report = _report(_csv(tmp_path, [HEADER, FIRST_ROW, *MORE_ROWS]))

    assert [column["name"] for column in report["columns"]] == HEADER
    assert report["rows_total"] == 4
    assert "UK_NHS" in _entities(report)["NHS number"]


def test_the_command_line_json_holds_no_value_of_a_headerless_file(tmp_path: Path) -> None:
    path = _csv(tmp_path, [FIRST_ROW, *MORE_ROWS])

    result = CliRunner().invoke(scan_command, [str(path), "--json", "--no-ner"])

    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)["files"]
    assert set(report) == {"file", "rows_total", "rows_scanned", "ner", "columns"}
    assert report["columns"][0]["name"] == "Column 1"
    for value in FIRST_ROW:
        assert value not in result.output


def test_a_header_cell_holding_an_email_or_nhs_number_is_masked(tmp_path: Path) -> None:
    rows = [["Team", "ann.smith@council.gov.uk", "9434765919", "Total"], ["Housing", "3", "1", "4"],
            ["Planning", "0", "2", "2"], ["Housing", "5", "0", "5"]]

    report = _report(_csv(tmp_path, rows))

    assert [column["name"] for column in report["columns"]] == ["Team", "Column 2", "Column 3", "Total"]
    _assert_nowhere(["ann.smith@council.gov.uk", "9434765919"], report)


def test_json_keyed_by_identifiers_keeps_no_key_and_scans_the_keys(tmp_path: Path) -> None:
    path = tmp_path / "people.json"
    path.write_text(json.dumps([
        {"9434765919": {"name": "Ann", "town": "Leeds"}},
        {"4010232137": {"name": "Bob", "town": "York"}},
        {"household": {"ann.smith@example.com": {"role": "tenant"}, "bob.jones@example.org": {"role": "carer"}}},
    ]))

    report = _report(path)

    names = [column["name"] for column in report["columns"]]
    assert names == ["* (keys)", "*.name", "*.town", "household.* (keys)", "household.*.role"]
    found = _entities(report)
    assert "UK_NHS" in found["* (keys)"] and "EMAIL_ADDRESS" in found["household.* (keys)"]
    _assert_nowhere(["9434765919", "4010232137", "ann.smith@example.com", "bob.jones@example.org"], report)


def test_json_lines_keyed_by_identifiers_keep_no_key(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text('{"9434765919": {"dob": "1984-03-02"}}\n{"CASE-00123": {"status": "open"}}\n')

    report = _report(path)

    assert [column["name"] for column in report["columns"]] == ["* (keys)", "*.dob", "*.status"]
    _assert_nowhere(["9434765919", "CASE-00123"], report)


def test_json_labels_and_years_stay_column_names(tmp_path: Path) -> None:
    path = tmp_path / "spend.json"
    path.write_text(json.dumps([{"service": "Parks", "spend": {"2024": 1200, "2025": 1300}, "q1": "yes"}]))

    names = [column["name"] for column in _report(path)["columns"]]

    assert names == ["service", "spend.2024", "spend.2025", "q1"]


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_an_xlsx_sheet_without_a_header_gets_numbered_columns(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "extract.xlsx", {
        "Residents": [FIRST_ROW, *MORE_ROWS],
        "Staff": [["Name", "Email"], ["Bob", "bob@example.com"], ["Cara", "cara@example.com"]],
    })

    report = _report(path)

    names = [column["name"] for column in report["columns"]]
    assert names == [f"Residents!Column {position}" for position in range(1, 6)] + ["Staff!Name", "Staff!Email"]
    assert report["rows_total"] == 6
    _assert_nowhere(FIRST_ROW, report)


def test_an_xlsx_single_sheet_with_typed_cells_and_no_header(tmp_path: Path) -> None:
    from datetime import datetime

    rows = [[9434765919, "Smith", datetime(1984, 3, 2), 40], [4010232137, "Jones", datetime(1990, 11, 23), 33],
            [9876543210, "Khan", datetime(1975, 6, 14), 49]]

    report = _report(_workbook(tmp_path / "extract.xlsx", {"Sheet1": rows}))

    assert [column["name"] for column in report["columns"]] == ["Column 1", "Column 2", "Column 3", "Column 4"]
    _assert_nowhere(["9434765919", "Smith", "1984-03-02"], report)


def test_a_sheet_named_with_an_email_address_is_masked(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "caseload.xlsx", {
        "ann.smith@example.com": [["Case", "Opened"], ["C1", "2024-01-02"]],
        "Summary": [["Case", "Opened"], ["C2", "2024-02-03"]],
    })

    report = _report(path)

    assert [column["name"] for column in report["columns"]] == ["Sheet 1!Case", "Sheet 1!Opened", "Summary!Case",
                                                                "Summary!Opened"]
    _assert_nowhere(["ann.smith@example.com"], report)


def test_a_header_only_file_reports_no_rows_and_no_columns(tmp_path: Path) -> None:
    report = _report(_csv(tmp_path, [HEADER]))

    assert (report["rows_total"], report["columns"]) == (0, [])


def test_a_single_row_of_data_is_scanned_as_a_row(tmp_path: Path) -> None:
    report = _report(_csv(tmp_path, [FIRST_ROW]))

    assert report["rows_total"] == 1
    assert [column["name"] for column in report["columns"]][:2] == ["Column 1", "Column 2"]
    assert "UK_NHS" in _entities(report)["Column 1"]
    _assert_nowhere(FIRST_ROW, report)


def test_words_under_a_header_of_labels_keep_the_labels(tmp_path: Path) -> None:
    rows = [["Full name", "Town", "Notes"], ["Ann Smith", "Leeds", "Asked about the bin collection day"],
            ["Bob Jones", "York", "Wants a new recycling box"],
            ["Cara Khan", "Leeds", "Reported a broken street light"]]

    names = [column["name"] for column in _report(_csv(tmp_path, rows))["columns"]]

    assert names == ["Full name", "Town", "Notes"]


def test_year_columns_above_amounts_stay_a_header(tmp_path: Path) -> None:
    rows = [["Service", "2024", "2025"], ["Libraries", "1234.50", "1300.00"], ["Parks", "980.00", "1010.25"],
            ["Leisure", "2210.75", "2300.00"]]

    names = [column["name"] for column in _report(_csv(tmp_path, rows))["columns"]]

    assert names == ["Service", "2024", "2025"]


def test_numbered_columns_extend_past_a_short_first_row(tmp_path: Path) -> None:
    path = _csv(tmp_path, [FIRST_ROW[:2], *[row[:2] for row in MORE_ROWS[:2]], MORE_ROWS[2][:3]])

    rows = list(read_rows(path)[1])

    assert list(rows[-1]) == ["Column 1", "Column 2", "Column 3"]


def test_with_the_language_model_a_column_named_after_a_person_is_masked(tmp_path: Path) -> None:
    from governance.scanning.ner import model_path
    from tests.conftest import service_unavailable

    if model_path() is None:
        service_unavailable("the spaCy English model is not installed (make test installs it)")
    rows = [["Team", "Email", "Ann Smith", "Sarah Jones", "Landlord"], ["Housing", "a@example.com", "3", "1", "Yes"],
            ["Planning", "b@example.com", "0", "2", "No"], ["Housing", "c@example.com", "5", "0", "Yes"]]

    report = scan_file(_csv(tmp_path, rows), "upload").to_json()

    assert report["ner"] is True
    assert [column["name"] for column in report["columns"]] == ["Team", "Email", "Column 3", "Column 4", "Landlord"]
    _assert_nowhere(["Ann Smith", "Sarah Jones"], report)
