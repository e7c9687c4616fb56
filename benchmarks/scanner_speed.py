"""Scanner speed: one `governance scan` process over a mixed corpus, against naive per-cell Presidio.

The corpus is the evaluation corpus (benchmarks/corpora/) at COPIES (20) times its rows, written into a temporary
folder by generate.write_scaled: each of the 12 files drawn again with new seeds, not its rows repeated, about
156,000 rows in all. Every format is there (CSV in UTF-8, Windows-1252 and UTF-8 with a byte order mark, one
without a header, one of 93 columns; a UTF-16 TSV; a JSON array; JSON Lines; a workbook of three sheets), and
the free-text columns with them: contact centre notes, housing repairs' descriptions, complaint summaries.

- ours: the wall-clock time of ONE child process, `python -m governance.cli scan FILE... --json` over every
  file, as a user runs it: interpreter start-up, imports, loading the spaCy model and NER all included.
- naive: per-cell Presidio exactly as benchmarks/scanner.py builds it (naive_analyzer, naive_types), in a
  child process of its own. Its engine start-up (imports and building the engine) is timed alone and added
  once. analyze() is timed on every non-empty cell, as readers.read_rows gives them, of each file's first
  NAIVE_ROWS rows (GOVERNANCE_BENCH_NAIVE_ROWS, default 50): that file's seconds a cell, extrapolated linearly
  to all the file's cells (a workbook's first rows are its first sheet's). Not counted, in the naive side's
  favour: its interpreter start-up and its reading of the files.

The ratio is printed beside its target (>= 1,000x) and floor (500x), never asserted: timings vary by machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks.corpora import generate
from benchmarks.corpora.extracts import CORPORA

COPIES = 20
NAIVE_ROWS = int(os.environ.get("GOVERNANCE_BENCH_NAIVE_ROWS", 50))
TARGET = 1_000
FLOOR = 500


@dataclass(frozen=True)
class FileCells:
    """One file as the naive side read it: all its rows and cells, and the cells it timed analyze() on."""

    name: str
    rows: int
    cells: int
    measured_cells: int
    measured_seconds: float

    @property
    def seconds(self) -> float:
        return extrapolate(self.measured_seconds, self.measured_cells, self.cells)


def extrapolate(seconds: float, measured_cells: int, cells: int) -> float:
    """Linear: every cell costs what the measured cells cost on average."""
    return seconds / measured_cells * cells if measured_cells else 0.0


def naive_seconds(startup: float, files: Sequence[FileCells]) -> float:
    """The engine built once, then every file's cells."""
    return startup + sum(file.seconds for file in files)


def verdict(ratio: float) -> str:
    if ratio >= TARGET:
        return "meets the target"
    return "meets the floor, not the target" if ratio >= FLOOR else "below the floor"


def speed_line(ours: float, naive: float) -> str:
    ratio = naive / ours
    return f"ours is {ratio:,.0f}x faster (target >= {TARGET:,}x, floor {FLOOR}x): {verdict(ratio)}"


def duration(seconds: float) -> str:
    """Seconds as a person reads them: 42.0 s, 12 min, 3.4 h."""
    if seconds < 120:
        return f"{seconds:.1f} s"
    return f"{seconds / 60:.0f} min" if seconds < 2 * 3600 else f"{seconds / 3600:.1f} h"


def write_corpus(folder: Path) -> list[Path]:
    return [generate.write_scaled(corpus, folder, COPIES) for corpus in CORPORA]


def _ours(files: Sequence[Path]) -> tuple[float, dict[str, Any]]:
    """The whole process, timed from outside: what a user waits for."""
    command = [sys.executable, "-m", "governance.cli", "scan", *map(str, files), "--json"]
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - started, json.loads(output)


def _naive_file(analyzer: Any, path: Path) -> FileCells:
    from benchmarks.scanner import naive_types
    from governance.scanning.readers import read_rows

    _kind, rows = read_rows(path)
    measured = list(islice(rows, NAIVE_ROWS))
    started = time.perf_counter()
    for row in measured:
        for column, value in row.items():
            naive_types(analyzer, column, value)
    seconds = time.perf_counter() - started
    # The rest is only counted, never analysed.
    rest_rows = rest_cells = 0
    for row in rows:
        rest_rows += 1
        rest_cells += len(row)
    measured_cells = sum(len(row) for row in measured)
    return FileCells(path.name, len(measured) + rest_rows, measured_cells + rest_cells, measured_cells, seconds)


def naive_worker(files: Sequence[Path]) -> dict[str, Any]:
    """In a child process: the engine's start-up, then each file's first rows analysed and the rest counted."""
    started = time.perf_counter()
    from benchmarks.scanner import naive_analyzer

    analyzer = naive_analyzer()
    startup = time.perf_counter() - started
    return {"startup": startup, "files": [vars(_naive_file(analyzer, path)) for path in files]}


def _naive(files: Sequence[Path]) -> tuple[float, list[FileCells]]:
    command = [sys.executable, "-m", "benchmarks.scanner_speed", "--naive", *map(str, files)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    return result["startup"], [FileCells(**file) for file in result["files"]]


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        files = write_corpus(Path(folder))
        ours, report = _ours(files)
        startup, naive_files = _naive(files)
    rows = sum(file.rows for file in naive_files)
    cells = sum(file.cells for file in naive_files)
    measured = sum(file.measured_cells for file in naive_files)
    naive = naive_seconds(startup, naive_files)
    ours_rows = sum(scanned["rows_total"] for scanned in report["files"])
    ner = "on" if all(scanned["ner"] for scanned in report["files"]) else "OFF"
    print(f"scanner speed: the evaluation corpus at {COPIES}x, {len(files)} files, {rows:,} rows, "
          f"{cells:,} non-empty cells")
    print(f"  ours: one `governance scan FILE... --json` process over every file, NER {ner}, start-up included: "
          f"{duration(ours)} wall-clock ({ours_rows:,} rows in its report)")
    print(f"  naive per-cell Presidio: engine start-up {duration(startup)} + {(naive - startup) / cells * 1000:.2f} ms "
          f"a cell on average, measured on {measured:,} cells (the first {NAIVE_ROWS} rows of each file), "
          f"extrapolated to {cells:,} cells: {duration(naive)}")
    for file in naive_files:
        print(f"    {file.name}: {file.rows:,} rows, {file.cells:,} cells, "
              f"{extrapolate(file.measured_seconds * 1000, file.measured_cells, 1):.2f} ms a cell")
    print(f"  {speed_line(ours, naive)}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--naive"]:
        print(json.dumps(naive_worker([Path(name) for name in sys.argv[2:]])))
    else:
        run()
