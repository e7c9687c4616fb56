"""Readers: delimiters, encodings and BOMs sniffed; XLSX streamed; JSON flattened; bad input refused."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from governance.scanning.readers import UnreadableInput, flatten, read_rows


def _rows(path: Path) -> tuple[str, list[dict]]:
    kind, rows = read_rows(path)
    return kind, list(rows)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "data.csv"
    path.write_text(delimiter.join(["name", "email"]) + "\n" + delimiter.join(["Ann", "ann@example.com"]) + "\n")

    assert _rows(path)[1] == [{"name": "Ann", "email": "ann@example.com"}]


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""),
                                              ("utf-16", b"")])
def test_encoding_and_bom_are_handled(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(bom + "name,town\nZoë,Ystradgynlais £\n".encode(encoding))

    assert _rows(path)[1] == [{"name": "Zoë", "town": "Ystradgynlais £"}]


def test_blank_and_repeated_headers_get_names(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,,a\n1,2,3,4\n")

    assert _rows(path)[1] == [{"a": "1", "column_2": "2", "a_3": "3", "column_4": "4"}]


def test_xlsx_is_read_from_every_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Residents"
    workbook.active.append(["name", "postcode"])
    workbook.active.append(["Ann", "SW1A 1AA"])
    other = workbook.create_sheet("Staff")
    other.append(["email"])
    other.append(["bob@example.com"])
    path = tmp_path / "data.xlsx"
    workbook.save(path)

    kind, rows = _rows(path)

    assert kind == "xlsx"
    assert rows == [{"Residents!name": "Ann", "Residents!postcode": "SW1A 1AA"}, {"Staff!email": "bob@example.com"}]


def test_json_array_is_streamed_and_flattened(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(json.dumps([{"person": {"name": "Ann", "phones": ["07700 900001", "07700 900002"]}},
                                {"person": {"name": "Bob"}, "age": 40}]))

    assert _rows(path)[1] == [{"person.name": "Ann", "person.phones[]": "07700 900001; 07700 900002"},
                              {"person.name": "Bob", "age": "40"}]


def test_jsonl_and_text(tmp_path: Path) -> None:
    lines = tmp_path / "data.jsonl"
    lines.write_text('{"a": 1}\n\n{"b": {"c": "x"}}\n')
    text = tmp_path / "notes.txt"
    text.write_text("first line\n\nsecond line\n")

    assert _rows(lines)[1] == [{"a": "1"}, {"b.c": "x"}]
    assert _rows(text)[1] == [{"text": "first line"}, {"text": "second line"}]


def test_flatten_keeps_scalars_as_text() -> None:
    assert flatten({"a": True, "b": None, "c": [1, 2]}) == {"a": "true", "c[]": "1; 2"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n  \n", "the file is empty"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "damaged or not an .xlsx"),
        ("object.json", b'{"a": 1}', "array of objects"),
        ("truncated.json", b'[{"a": 1}, {"b": ', "not valid"),
        ("bad.jsonl", b'{"a": 1}\n{oops}\n', "line 2 is not valid JSON"),
    ],
)
def test_unreadable_input_is_refused_with_a_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(UnreadableInput, match=reason):
        _rows(path)


def test_a_zip_bomb_spreadsheet_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)

    with pytest.raises(UnreadableInput, match="expands to far more data"):
        _rows(path)
