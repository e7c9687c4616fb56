"""The scanner side by side with its peers on the evaluation corpus, on this machine, in one run: naive per-cell
Presidio, presidio-structured and datafog, each with column precision and recall scored by
benchmarks/scanner_evaluation.py (same truth, same arithmetic), its start-up and its time per file.

Each tool runs in a process of its own (`python -m benchmarks.peers --worker TOOL`), so its imports, engine
creation and memory are its own. The peers are a benchmark-only extra: `make bench` installs
requirements/bench.txt into a folder of its own (BENCH_PACKAGES), which only the peers' processes put on their
path, so the service's environment never holds them (python-dotenv alone would make Flask's command line read
.env files). A peer that is not installed or cannot run offline is printed as "not run" with the reason.
`python -m benchmarks.peers` prints the table alone.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import peer_engines as engines
from benchmarks.peer_names import project_types
from benchmarks.scanner_evaluation import CORPORA_FOLDER, CorpusResult, Truth, evaluate, truths

# Per-cell tools with spaCy take 2-5 ms a cell: all 168,700 cells would take 8 to 14 minutes each, so they read
# the first rows of each table; presidio-structured batches spaCy and samples rows with its own `n`.
PER_CELL_ROWS = int(os.environ.get("GOVERNANCE_BENCH_PER_CELL_ROWS", 100))
STRUCTURED_ROWS = int(os.environ.get("GOVERNANCE_BENCH_STRUCTURED_ROWS", 300))
STRUCTURED_BATCH = 256  # spaCy's batch for presidio-structured's BatchAnalyzerEngine (its default, 1, is 2.5x slower)
# The share of a column's cells a per-cell tool must find a type in, under the "10%" rule: the project's NER
# needs as much (governance.scanning.ner.MIN_SHARE), and so does benchmarks/scanner.py's naive run.
MIN_SHARE = 0.1
WORKER_TIMEOUT = 1800
ROOT = Path(__file__).resolve().parent.parent
BENCH_PACKAGES = Path(os.environ.get("GOVERNANCE_BENCH_PACKAGES", ROOT / ".venv" / "bench-packages"))

# Nothing may be fetched: Presidio's email recogniser would fetch the public suffix list, datafog can send
# (opt-in) telemetry.
OFFLINE = {"TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": " ", "DATAFOG_NO_TELEMETRY": "1", "DO_NOT_TRACK": "1"}


def per_cell_columns(cells: Mapping[str, int], counts: Mapping[str, Mapping[str, int]],
                     min_share: float) -> dict[str, list[str]]:
    """A per-cell tool's verdict per column: each type found in at least `min_share` of its non-empty cells,
    or in any cell when `min_share` is 0."""
    return {column: sorted(kind for kind, count in counts.get(column, {}).items()
                           if count and count >= min_share * total)
            for column, total in cells.items()}


def report(columns: Mapping[str, Iterable[str]], rows: int, ner: bool = True) -> dict[str, Any]:
    """The `governance scan --json` shape scanner_evaluation.evaluate() scores; peers give no special category."""
    return {"rows_total": rows, "ner": ner, "columns": [
        {"name": name, "entities": [{"type": kind} for kind in kinds], "special_category": None}
        for name, kinds in columns.items()]}


@dataclass(frozen=True)
class Tool:
    key: str
    label: str
    package: str | None  # whose version is printed
    family: str
    imports: tuple[str, ...]
    cap: int | None
    describe: str


TOOLS = (
    Tool("ours", "ours", None, "ours", ("governance.scanning.analysis",), None,
         "the project's scan_file(), NER on (its NER reads a sample of each column's distinct values)"),
    Tool("naive", "naive", "presidio-analyzer", "presidio", ("pandas", "presidio_analyzer"), PER_CELL_ROWS,
         "naive per-cell Presidio: analyze() on every cell with the column's name as context"),
    Tool("structured", "pstruct", "presidio-structured", "presidio", ("pandas", "presidio_structured"),
         STRUCTURED_ROWS, "presidio-structured PandasAnalysisBuilder: its most common type per column"),
    Tool("datafog-regex", "dfre", "datafog", "datafog", ("pandas", "datafog"), None,
         'datafog.scan(engine="regex") on every cell, its default engine'),
    Tool("datafog-spacy", "dfsp", "datafog", "datafog", ("pandas", "datafog", "spacy"), PER_CELL_ROWS,
         'datafog.scan(engine="spacy") on every cell, its spaCy annotator on the project\'s model'),
)
BY_KEY = {tool.key: tool for tool in TOOLS}


def _scanner(tool: Tool) -> tuple[Callable[[Path, str], dict[str, Any]], dict[str, Any]]:
    """Create the tool's engine (timed as its start-up); return what scans one file with it, and what it was
    asked for."""
    if tool.key == "ours":
        engines.ours_engine()
        return engines.ours_scan, {}
    if tool.family == "presidio":
        structured = tool.key == "structured"
        analyzer = engines.presidio_analyzer(engines.STRUCTURED_MIN_SCORE if structured else engines.MIN_SCORE)
        about = {"asked": analyzer.asked, "uk_recognisers": engines.uk_recognisers()}
        if structured:
            builder = engines.structured_builder(analyzer, STRUCTURED_BATCH)
            return lambda path, _name: engines.structured_scan(builder, path, tool.cap), about
        find = engines.presidio_cells(analyzer)
    else:
        find = engines.datafog_cells(tool.key.split("-")[1])
        about = {"asked": engines.datafog_types()}
    return lambda path, _name: engines.per_cell_scan(find, path, tool.cap), about


def worker(key: str) -> dict[str, Any]:
    """In the tool's own process: imports, engine creation, then every corpus file, each timed."""
    tool = BY_KEY[key]
    try:
        _modules, imports = engines.timed(lambda: [importlib.import_module(name) for name in tool.imports])
    except ImportError as error:
        return {"not_run": f"{error.name or error} is not installed (`make bench` installs requirements/bench.txt "
                           f"into {BENCH_PACKAGES})"}
    try:
        (scan, about), creation = engines.timed(lambda: _scanner(tool))
    except (OSError, RuntimeError) as error:  # a model that cannot be loaded offline
        return {"not_run": f"its engine cannot start offline: {error}"}
    corpora = []
    for truth in truths():
        result, seconds = engines.timed(lambda truth=truth: scan(CORPORA_FOLDER / truth.file, truth.file))
        corpora.append({"corpus": truth.corpus, "seconds": seconds, **result})
    return {"imports": imports, "engine": creation, "corpora": corpora, "version": version(tool.package), **about}


@dataclass(frozen=True)
class Run:
    tool: Tool
    process: float = 0.0
    measured: Mapping[str, Any] | None = None
    not_run: str | None = None

    def scorings(self, truth_by_corpus: Mapping[str, Truth]) -> dict[str, list[CorpusResult]]:
        """Each way of reading the tool's findings as column reports, scored against the truth."""
        if self.measured is None:
            return {}
        per_cell = "cells" in self.measured["corpora"][0]
        rules = {"-any": 0.0, "-10%": MIN_SHARE} if per_cell else {"": None}
        scored: dict[str, list[CorpusResult]] = {}
        for suffix, share in rules.items():
            scored[self.tool.label + suffix] = [
                evaluate(self._report(corpus, share), truth_by_corpus[corpus["corpus"]], corpus["seconds"])
                for corpus in self.measured["corpora"]]
        return scored

    def _report(self, corpus: Mapping[str, Any], share: float | None) -> dict[str, Any]:
        if self.tool.family == "ours":
            return {"rows_total": corpus["rows"], "ner": corpus["ner"], "columns": [
                {"name": column["name"], "entities": [{"type": kind} for kind in column["types"]],
                 "special_category": column["special_category"]} for column in corpus["columns"]]}
        found = (corpus["types"] if share is None
                 else per_cell_columns(corpus["cells"], corpus["counts"], share))
        return report({name: project_types(self.tool.family, kinds) for name, kinds in found.items()},
                      corpus["rows"])


def measure(tool: Tool) -> Run:
    """Run the tool's worker process; its wall time is the whole process, interpreter start included."""
    environment = {**os.environ, **OFFLINE}
    if tool.family != "ours":
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BENCH_PACKAGES),
                                                                   os.environ.get("PYTHONPATH")]))
    try:
        done, seconds = engines.timed(lambda: subprocess.run(
            [sys.executable, "-m", "benchmarks.peers", "--worker", tool.key], capture_output=True, text=True,
            env=environment, timeout=WORKER_TIMEOUT, cwd=ROOT))
    except subprocess.TimeoutExpired:
        return Run(tool, WORKER_TIMEOUT, not_run=f"stopped after {WORKER_TIMEOUT} s")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Run(tool, seconds, not_run=f"failed: {last}")
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    if "not_run" in measured:
        return Run(tool, seconds, not_run=measured["not_run"])
    return Run(tool, seconds, measured)


def version(package: str | None) -> str:
    """The package and its version as the tool's own process sees it."""
    if package is None:
        return ""
    try:
        return f"{package} {importlib.metadata.version(package)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{package} not installed"


def run() -> None:
    from benchmarks.peer_table import format_report

    print(format_report([measure(tool) for tool in TOOLS], truths()))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        os.environ.update(OFFLINE)
        print(json.dumps(worker(sys.argv[2])))
    else:
        run()
