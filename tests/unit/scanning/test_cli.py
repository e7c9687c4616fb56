"""`governance scan`: the JSON contract, the readable table, and exit 2 for unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from governance.scanning.cli import scan_command

CONTRACT_FILE_KEYS = {"file", "rows_total", "rows_scanned", "ner", "columns"}


def _sample(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("name,email,notes\nAnn,ann@example.com,NHS 943 476 5919\nBob,bob@example.com,none\n")
    return path


def test_json_output_follows_the_contract(tmp_path: Path) -> None:
    result = CliRunner().invoke(scan_command, [str(_sample(tmp_path)), "--json", "--no-ner"])

    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    (report,) = document["files"]
    assert set(report) == CONTRACT_FILE_KEYS
    assert report["rows_total"] == 2 and report["ner"] is False
    columns = {column["name"]: column for column in report["columns"]}
    assert set(columns["email"]) == {"name", "entities", "special_category", "special_category_rows", "free_text"}
    assert columns["email"]["free_text"] is False
    email = columns["email"]["entities"][0]
    assert set(email) == {"type", "count", "share", "max_score", "examples"}
    assert (email["type"], email["count"], email["share"]) == ("EMAIL_ADDRESS", 2, 1.0)
    assert columns["notes"]["entities"][0]["type"] == "UK_NHS"
    assert "ann@example.com" not in result.output  # examples are masked


def test_readable_table_says_names_were_not_looked_for(tmp_path: Path) -> None:
    result = CliRunner().invoke(scan_command, [str(_sample(tmp_path)), "--no-ner"])

    assert result.exit_code == 0
    assert "Names and places were not looked for" in result.output
    assert "EMAIL_ADDRESS 100.0%" in result.output


def test_unreadable_input_exits_2_with_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")

    result = CliRunner().invoke(scan_command, [str(empty), "--json"])

    assert result.exit_code == 2
    assert result.output.strip() == f"governance scan: {empty}: the file is empty"


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(scan_command, [str(tmp_path / "nope.csv")])

    assert result.exit_code == 2
    assert "cannot open the file" in result.output
