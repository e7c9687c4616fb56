"""Scanner benchmark: the project's scan against merely reading the file and against naive per-cell Presidio.

Generated UK-like data, 12 columns, with a free-text column where about 1 row in 300 holds an identifier.
Each measurement runs in its own process (`python -m benchmarks.scanner MODE FILE`), so its seconds (imports
included, interpreter start-up not) and its peak memory (VmHWM) are its own.

- 100,000 rows: the Python row reader (readers.read_rows over every row, nothing analysed) as the baseline; the
  project's scan (scan_file, NER on) against it; naive per-cell Presidio (naive_analyzer(), analyze() on every
  cell with the column name as context) on the first NAIVE_ROWS rows, in rows per second; the columns each flags.
- a large file of about GOVERNANCE_BENCH_LARGE_BYTES (default 1 GB): the baseline is pyarrow merely reading it
  into columns (open_csv with 4 MiB blocks, every column a string, every batch); the Python row reader is a
  second, labelled reference; the scan's time as a multiple of the baseline (target <= 3x, goal 1.5x) and its
  peak memory (target < 500 MB); and whether the scan of the file's first SLICE_BYTES (100 MB, a tenth of a
  smaller file; a byte prefix, so the same rows) flags the same columns with the same entity types and special
  categories.
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
from collections.abc import Mapping
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
# The large-file target: scan time against pyarrow's read on about 1 GB (override to try a smaller file).
LARGE_BYTES = int(float(os.environ.get("GOVERNANCE_BENCH_LARGE_BYTES", 1_000_000_000)))
# The slice is a tenth of a smaller large file, so it stays a part of it, not the whole.
SLICE_BYTES = min(100_000_000, LARGE_BYTES // 10)
ARROW_BLOCK_BYTES = 4 * 1024 * 1024
COPY_BYTES = 1024 * 1024


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


def peak_megabytes() -> float:
    """This process's own peak resident memory. Linux keeps ru_maxrss across exec, so a child of a large
    parent would report the parent's size; VmHWM belongs to the address space the child was given at exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker(mode: str, path: str) -> None:
    """Runs in a child process; prints seconds, rows and peak memory as JSON."""
    started = time.perf_counter()
    result: dict = {}
    if mode == "arrow":
        result["rows"] = arrow_rows(Path(path))
    elif mode == "parse":
        from governance.scanning.readers import read_rows

        _kind, rows = read_rows(Path(path))
        result["rows"] = sum(1 for _ in rows)
    elif mode == "scan":
        from governance.scanning.analysis import scan_file

        report = scan_file(Path(path))
        result["rows"] = report.rows_total
        result["columns"] = sorted(c.name for c in report.columns if c.entities or c.special_category)
        result["flagged"] = flagged_columns(report.to_json())
        result["ner"] = report.ner
    else:
        result.update(_naive(Path(path)))
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = peak_megabytes()
    print(json.dumps(result))


def arrow_rows(path: Path) -> int:
    """pyarrow's streaming CSV reader over every batch, every column a string and no cell null: the least any
    columnar scan of the file has to do, so the large file's baseline."""
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    reader = arrow_csv.open_csv(
        str(path), read_options=arrow_csv.ReadOptions(block_size=ARROW_BLOCK_BYTES),
        parse_options=arrow_csv.ParseOptions(newlines_in_values=True),
        convert_options=arrow_csv.ConvertOptions(column_types={name: pa.string() for name in header},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    return sum(batch.num_rows for batch in reader)


def naive_analyzer() -> Any:
    """Presidio as a user would set it up: its predefined recognisers and the UK ones it leaves off, on the
    project's spaCy model (loaded by path: nothing is downloaded), dropping findings below 0.4; warmed up."""
    # Before Presidio: importing the scanner's ner module keeps tldextract (under Presidio's email recogniser)
    # from fetching the public suffix list over the internet, a setting tldextract reads when imported.
    from governance.scanning.ner import model_path

    model = model_path()
    if model is None:
        raise RuntimeError("the spaCy model is not installed (requirements/language-model.txt)")
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import UkNinoRecognizer, UkPostcodeRecognizer

    engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": str(model)}]}).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
    registry.add_recognizer(UkNinoRecognizer())
    registry.add_recognizer(UkPostcodeRecognizer())
    analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, default_score_threshold=0.4)
    # Warmed up here, in the start-up: the first analyze() loads what is loaded lazily (the suffix list), a
    # cost paid once, not one to spread over the cells timed after it.
    naive_types(analyzer, "notes", "Call Jane Smith on 07700 900123 or jane.smith@example.com")
    return analyzer


def naive_types(analyzer: Any, column: str, value: str) -> set[str]:
    """Naive per-cell Presidio: analyze() on one cell, the column's name as context."""
    return {found.entity_type for found in analyzer.analyze(value, language="en", context=[column])}


def _naive(path: Path) -> dict:
    """naive_types() on every cell of the first NAIVE_ROWS rows."""
    analyzer = naive_analyzer()
    counts: dict[str, dict[str, int]] = {}
    started = time.perf_counter()
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        for index, row in enumerate(reader):
            if index >= NAIVE_ROWS:
                break
            for column, value in row.items():
                for found in naive_types(analyzer, column, value):
                    counts.setdefault(column, {}).setdefault(found, 0)
                    counts[column][found] += 1
    seconds = time.perf_counter() - started
    flagged = sorted(column for column, found in counts.items() if any(n / NAIVE_ROWS >= 0.1 for n in found.values()))
    return {"rows": NAIVE_ROWS, "scan_seconds": seconds, "columns": flagged}


def flagged_columns(report: Mapping[str, Any]) -> dict[str, list[str]]:
    """The columns a report (FileReport.to_json()) flags, each with its entity types and special category."""
    found: dict[str, list[str]] = {}
    for column in report["columns"]:
        labels = sorted(entity["type"] for entity in column["entities"])
        if column.get("special_category"):
            labels.append(f"special category: {column['special_category']}")
        if labels:
            found[column["name"]] = labels
    return found


def column_differences(large: Mapping[str, list[str]], part: Mapping[str, list[str]]) -> list[str]:
    """How two scans' flagged columns differ, a column a line; empty when they are the same."""
    differences = []
    for name in sorted(set(large) | set(part)):
        if name not in part:
            differences.append(f"{name} {large[name]} only in the large file")
        elif name not in large:
            differences.append(f"{name} {part[name]} only in the slice")
        elif large[name] != part[name]:
            differences.append(f"{name}: {large[name]} in the large file, {part[name]} in the slice")
    return differences


def same_columns_line(differences: list[str], slice_mb: float) -> str:
    verdict = "yes" if not differences else "no: " + "; ".join(differences)
    return f"same columns as the {slice_mb:,.0f} MB slice: {verdict}"


def times(seconds: float, baseline: float) -> str:
    """A time as a multiple of its baseline's, "2.4x"."""
    return f"{seconds / baseline:.1f}x" if baseline > 0 else "n/a (baseline took no time)"


def write_slice(source: Path, target: Path, size: int) -> int:
    """The first lines of `source` up to the end of the line holding byte `size` (all of it if smaller);
    returns the data rows written. A byte prefix, so the same rows: generate() writes no line break inside a
    value, so every line is one row (the header counted out)."""
    lines = 0
    with source.open("rb") as reading, target.open("wb") as writing:
        while writing.tell() < size:
            block = reading.read(min(COPY_BYTES, size - writing.tell()))
            if not block:
                break
            writing.write(block)
            lines += block.count(b"\n")
        rest = reading.readline()  # the line `size` fell in, to its end
        writing.write(rest)
        lines += rest.count(b"\n")
    return max(0, lines - 1)


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
    """The large-file targets: the scan's time (NER included) against pyarrow merely reading the file into
    columns, its peak memory, and the same columns as on a 100 MB slice of the same rows."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.csv"
        rows = generate_bytes(path, LARGE_BYTES)
        size_mb = path.stat().st_size / 1e6
        part = Path(folder) / "slice.csv"
        part_rows = write_slice(path, part, SLICE_BYTES)
        part_mb = part.stat().st_size / 1e6
        arrow = _measure("arrow", path)
        parse = _measure("parse", path)
        scan = _measure("scan", path)
        part_scan = _measure("scan", part)
    print(f"scanner, large file: {rows:,} rows x 12 columns ({size_mb:,.0f} MB), "
          f"NER {'on' if scan['ner'] else 'off'}")
    print(f"  pyarrow read into columns (baseline): {arrow['seconds']:.1f} s, peak {arrow['peak_mb']:.0f} MB")
    print(f"  Python row reader (reference):        {parse['seconds']:.1f} s, peak {parse['peak_mb']:.0f} MB")
    print(f"  project scan: {scan['seconds']:.1f} s = {times(scan['seconds'], arrow['seconds'])} the pyarrow "
          f"baseline (target <= 3x, goal 1.5x), {times(scan['seconds'], parse['seconds'])} the Python reader; "
          f"peak {scan['peak_mb']:.0f} MB (target < 500 MB)")
    print(f"  columns flagged: {scan['flagged']}")
    print(f"  slice: the first {part_rows:,} rows ({part_mb:,.0f} MB), scanned in {part_scan['seconds']:.1f} s")
    print(f"  {same_columns_line(column_differences(scan['flagged'], part_scan['flagged']), part_mb)}")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _worker(sys.argv[1], sys.argv[2])
    else:
        run()
