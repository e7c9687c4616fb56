"""Workbooks read the same whichever library reads them: calamine for most, openpyxl for those too large to
hold in memory."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from benchmarks.scanner_evaluation import CORPORA_FOLDER
from governance.scanning import readers
from governance.scanning.readers import UnreadableInput, cell_text, read_rows


def _rows(path: Path, monkeypatch: pytest.MonkeyPatch, calamine: bool) -> list[dict[str, str]]:
    monkeypatch.setattr(readers, "CALAMINE_MAX_EXPANDED", readers.MAX_XLSX_UNCOMPRESSED if calamine else 0)
    _kind, rows = read_rows(path)
    return list(rows)


def test_the_corpus_workbook_reads_the_same_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    path = CORPORA_FOLDER / "adult_social_care.xlsx"

    by_calamine = _rows(path, monkeypatch, calamine=True)

    assert by_calamine == _rows(path, monkeypatch, calamine=False)
    assert len(by_calamine) == 700
    assert {name.split("!")[0] for row in by_calamine for name in row} == {"Referrals", "Budget", "Providers"}


def test_numbers_dates_and_offsets_read_the_same_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Cases"
    # The table starts in column C, as exports with a margin do.
    sheet["C1"], sheet["D1"], sheet["E1"], sheet["F1"], sheet["G1"] = "name", "received", "amount", "at", "flag"
    for row in range(2, 60):
        sheet[f"C{row}"] = f"Resident {row}"
        sheet[f"D{row}"] = datetime.datetime(2024, 1, row % 28 + 1, 9 if row % 2 else 0, 30 if row % 2 else 0)
        sheet[f"E{row}"] = row * 1.5
        sheet[f"F{row}"] = datetime.time(row % 24, 15)
        sheet[f"G{row}"] = row % 3 == 0
    hidden = workbook.create_sheet("Contacts")
    hidden.sheet_state = "hidden"
    hidden.append(["email", "phone"])
    hidden.append(["ann@example.com", 7700900123])
    path = tmp_path / "cases.xlsx"
    workbook.save(path)

    by_calamine = _rows(path, monkeypatch, calamine=True)

    assert by_calamine == _rows(path, monkeypatch, calamine=False)
    first = by_calamine[0]
    assert first["Cases!received"] == "2024-01-03" and by_calamine[1]["Cases!received"] == "2024-01-04 09:30:00"
    assert first["Cases!amount"] == "3" and by_calamine[1]["Cases!amount"] == "4.5"
    assert by_calamine[-1] == {"Contacts!email": "ann@example.com", "Contacts!phone": "7700900123"}


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (12.0, "12"), (-0.0, "0"), (2.5, "2.5"), (1e20, "1e+20"), (12, "12"), (True, "True"),
    (datetime.datetime(2024, 1, 2), "2024-01-02"), (datetime.datetime(2024, 1, 2, 9, 30), "2024-01-02 09:30:00"),
    (datetime.date(2024, 1, 2), "2024-01-02"), (datetime.time(9, 30), "09:30:00"), ("07700 900123", "07700 900123"),
])
def test_cells_become_the_text_a_person_would_read(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize("calamine", [True, False])
def test_a_damaged_workbook_says_so_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               calamine: bool) -> None:
    path = tmp_path / "broken.xlsx"
    good = tmp_path / "good.xlsx"
    Workbook().save(good)
    path.write_bytes(good.read_bytes()[:-200])

    with pytest.raises(UnreadableInput, match="damaged"):
        _rows(path, monkeypatch, calamine)
