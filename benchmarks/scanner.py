"""Scanner benchmark: the project's scan against naive per-cell Presidio and against merely parsing.

Generated UK-like data, 100,000 rows x 12 columns, with a free-text column where about 1 row in 300
holds an identifier. Each measurement runs in its own process so peak memory is its own.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from governance.scanning.synthetic import nhs_number

ROWS = 100_000
NAIVE_ROWS = 300
FIRST = ["Alice", "Mohammed", "Olivia", "Jack", "Priya", "Sean", "Fatima", "Oliver", "Amelia", "George", "Isla"]
LAST = ["Smith", "Jones", "Khan", "Patel", "Williams", "Brown", "Taylor", "Davies", "Evans", "Wilson", "Murphy"]
PERSONAL = {"full_name", "email", "phone", "nhs_number", "postcode", "date_of_birth", "notes"}


HEADER = ["case_id", "full_name", "email", "phone", "nhs_number", "postcode", "date_of_birth", "service_area",
          "amount", "order_number", "asset_tag", "notes"]
# The large-file target: scan time against parse time on about 1 GB (override to try a smaller file).
LARGE_BYTES = int(os.environ.get("GOVERNANCE_BENCH_LARGE_BYTES", 1_000_000_000))


def generate(path: Path, rows: int, seed: int = 1) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        _write_rows(writer, random.Random(seed), 0, rows)


def generate_bytes(path: Path, size: int, seed: int = 2) -> int:
    """Rows like generate()'s until the file holds at least `size` bytes; returns the row count."""
    generator = random.Random(seed)
    written = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        while handle.tell() < size:
            _write_rows(writer, generator, written, 50_000)
            written += 50_000
    return written


def _write_rows(writer: Any, generator: random.Random, first: int, rows: int) -> None:
    notes = ["Called about missed bin collection", "Asked for a replacement recycling box",
             "Reported a pothole outside the school", "Requested an update on the planning application"]
    for index in range(first, first + rows):
        note = generator.choice(notes)
        if index % 300 == 17:
            note += f" - caller gave NHS number {nhs_number(generator)}"
        writer.writerow([
            f"CASE-{index:07d}", f"{generator.choice(FIRST)} {generator.choice(LAST)}",
            f"user{index}@example.com", f"07700 900{generator.randint(0, 999):03d}", nhs_number(generator),
            generator.choice(["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "LS1 4AP"]),
            f"{generator.randint(1, 28):02d}/{generator.randint(1, 12):02d}/19{generator.randint(30, 99)}",
            generator.choice(["Housing", "Waste", "Parking", "Council tax"]),
            f"{generator.randint(1, 9999)}.{generator.randint(0, 99):02d}",
            f"ORD-{generator.randint(0, 999999):06d}", f"AT-{generator.randint(0, 99999):05d}", note,
        ])


def _worker(mode: str, path: str) -> None:
    """Runs in a child process; prints seconds, rows and peak memory as JSON."""
    started = time.perf_counter()
    result: dict = {}
    if mode == "parse":
        from governance.scanning.readers import read_rows

        _kind, rows = read_rows(Path(path))
        result["rows"] = sum(1 for _ in rows)
    elif mode == "scan":
        from governance.scanning.analysis import scan_file

        report = scan_file(Path(path))
        result["rows"] = report.rows_total
        result["columns"] = sorted(c.name for c in report.columns if c.entities or c.special_category)
        result["ner"] = report.ner
    else:
        result.update(_naive(Path(path)))
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _naive(path: Path) -> dict:
    """Presidio's analyze() on every cell of the first NAIVE_ROWS rows, with the column name as context."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import UkNinoRecognizer, UkPostcodeRecognizer

    from governance.scanning.ner import model_path

    engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": str(model_path())}]}).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
    registry.add_recognizer(UkNinoRecognizer())
    registry.add_recognizer(UkPostcodeRecognizer())
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, default_score_threshold=0.4)
    counts: dict[str, dict[str, int]] = {}
    started = time.perf_counter()
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        for index, row in enumerate(reader):
            if index >= NAIVE_ROWS:
                break
            for column, value in row.items():
                for found in {r.entity_type for r in analyzer.analyze(value, language="en", context=[column])}:
                    counts.setdefault(column, {}).setdefault(found, 0)
                    counts[column][found] += 1
    seconds = time.perf_counter() - started
    flagged = sorted(column for column, found in counts.items() if any(n / NAIVE_ROWS >= 0.1 for n in found.values()))
    return {"rows": NAIVE_ROWS, "scan_seconds": seconds, "columns": flagged}


def _measure(mode: str, path: Path) -> dict:
    output = subprocess.run([sys.executable, "-m", "benchmarks.scanner", mode, str(path)], check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "residents.csv"
        generate(path, ROWS)
        size_mb = path.stat().st_size / 1e6
        parse = _measure("parse", path)
        scan = _measure("scan", path)
        naive = _measure("naive", path)
    naive_rate = naive["rows"] / naive["scan_seconds"]
    scan_rate = scan["rows"] / scan["seconds"]
    print(f"scanner: {ROWS:,} rows x 12 columns ({size_mb:.0f} MB), NER {'on' if scan['ner'] else 'off'}")
    print(f"  parse only (baseline): {parse['seconds']:.1f} s, {parse['rows'] / parse['seconds']:,.0f} rows/s, "
          f"peak {parse['peak_mb']:.0f} MB")
    print(f"  project scan:          {scan['seconds']:.1f} s, {scan_rate:,.0f} rows/s, peak {scan['peak_mb']:.0f} MB, "
          f"{scan['seconds'] / parse['seconds']:.1f}x the parse time")
    print(f"  naive per-cell Presidio on {naive['rows']} rows: {naive_rate:,.1f} rows/s "
          f"(~{ROWS / naive_rate / 60:,.0f} min for all rows)")
    print(f"  the project scan is {scan_rate / naive_rate:,.0f}x the naive rows/s")
    missed = sorted((set(naive["columns"]) & PERSONAL) - set(scan["columns"]))
    false = sorted(set(scan["columns"]) - PERSONAL)
    naive_false = sorted(set(naive["columns"]) - PERSONAL)
    print(f"  columns flagged: project {scan['columns']}; naive {naive['columns']}")
    print(f"  agreement: personal columns found by naive but missed by the project: {missed or 'none'}; "
          f"false columns: project {false or 'none'}, naive {naive_false or 'none'}")
    _large()


def _large() -> None:
    """The large-file target: total scan time (NER included) against merely parsing, and peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.csv"
        rows = generate_bytes(path, LARGE_BYTES)
        size_mb = path.stat().st_size / 1e6
        parse = _measure("parse", path)
        scan = _measure("scan", path)
    print(f"scanner, large file: {rows:,} rows ({size_mb:,.0f} MB)")
    print(f"  parse only (baseline): {parse['seconds']:.1f} s, peak {parse['peak_mb']:.0f} MB")
    ratio = scan["seconds"] / parse["seconds"]
    print(f"  project scan:          {scan['seconds']:.1f} s = {ratio:.1f}x the parse time "
          f"(target <= 3x), peak {scan['peak_mb']:.0f} MB (target < 500 MB)")
    print(f"  columns flagged: {scan['columns']}")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _worker(sys.argv[1], sys.argv[2])
    else:
        run()
