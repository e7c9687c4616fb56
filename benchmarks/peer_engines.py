"""The peers benchmarks/peers.py compares the scanner with, each run in its own process: building each one's
engine, reading a corpus file into the tables it takes (pandas), and what it finds per column, in its own names.

Benchmark only: presidio-structured, datafog and pandas come from requirements/bench.txt (`make bench`), never
the service. Nothing here downloads anything: the spaCy model is the project's own, loaded by path.
"""

from __future__ import annotations

import codecs
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.peer_names import requested_types

# Naive Presidio drops findings below this score, guesses without context (a US bank number at 0.05): the
# project's NER uses the same floor, and so does the naive run of benchmarks/scanner.py. presidio-structured keeps
# its own default, 0 (what PandasAnalysisBuilder builds when given no analyzer): it picks each column's most
# common type, and it passes no column name as context, without which Presidio scores a UK postcode below 0.4.
MIN_SCORE = 0.4
STRUCTURED_MIN_SCORE = 0.0
SHEET_SEPARATOR = "!"
LIST_SUFFIX = "[]"
JOIN = "; "

Table = tuple[str, Any]  # a column-name prefix and a pandas DataFrame of strings, "" for an empty cell
CellFinder = Callable[[str, str], set[str]]  # (column, value) -> the types found in the value


# -- input: every peer gets the same tables, read with pandas ------------------------------------------------------

def _encoding(path: Path) -> str:
    """A byte order mark's encoding, else UTF-8 when the bytes are, else Windows-1252 (the corpus has all four)."""
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _flatten(document: Any, key: str, into: dict[str, list[str]]) -> None:
    """Dotted keys for nested objects and "[]" for list items, the truth files' column names."""
    if isinstance(document, dict):
        for name, value in document.items():
            _flatten(value, f"{key}.{name}" if key else str(name), into)
    elif isinstance(document, list):
        for item in document:
            _flatten(item, key + LIST_SUFFIX, into)
    elif document is not None and document != "":
        into.setdefault(key, []).append(document if isinstance(document, str) else json.dumps(document))


def _records(documents: list[Any]) -> list[dict[str, str]]:
    records = []
    for document in documents:
        parts: dict[str, list[str]] = {}
        _flatten(document, "", parts)
        records.append({name: JOIN.join(values) for name, values in parts.items()})
    return records


def read_tables(path: Path) -> list[Table]:
    """The file as DataFrames of text, the way a user of these libraries would load it: pandas' defaults for
    a header (a file without one loses its first row to the column names), one table per sheet."""
    import pandas as pd

    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets = pd.read_excel(path, sheet_name=None, dtype=str)
        prefix = len(sheets) > 1
        return [(f"{name}{SHEET_SEPARATOR}" if prefix else "", frame.fillna("")) for name, frame in sheets.items()]
    if suffix in (".json", ".jsonl"):
        text = path.read_text(encoding=_encoding(path))
        documents = ([json.loads(line) for line in text.splitlines() if line.strip()] if suffix == ".jsonl"
                     else json.loads(text))
        return [("", pd.DataFrame(_records(documents)).fillna(""))]
    frame = pd.read_csv(path, sep="\t" if suffix == ".tsv" else ",", dtype=str, keep_default_na=False,
                        encoding=_encoding(path))
    return [("", frame)]


def _cells(tables: list[Table], cap: int | None) -> Iterator[tuple[str, list[str]]]:
    for prefix, frame in tables:
        for column in frame.columns:
            values = frame[column].head(cap) if cap else frame[column]
            yield f"{prefix}{column}", [value for value in values.tolist() if value.strip()]


def _rows(tables: list[Table], cap: int | None) -> dict[str, Any]:
    """How many rows the tool read, and whether it left some out."""
    return {"rows": sum(min(len(frame), cap) if cap else len(frame) for _prefix, frame in tables),
            "capped": bool(cap) and any(len(frame) > (cap or 0) for _prefix, frame in tables)}


# -- the tools -----------------------------------------------------------------------------------------------------

def _model_path() -> Path:
    # Found as the scanner finds it: on disk, without importing the model's package or downloading anything.
    from governance.scanning.ner import model_path

    path = model_path()
    if path is None:
        raise RuntimeError("the spaCy model is not installed (requirements/language-model.txt)")
    return path


def uk_recognisers() -> list[str]:
    """The UK recognisers this Presidio ships, by class name: NHS numbers are on by default, the others not."""
    from presidio_analyzer import predefined_recognizers

    return sorted(name for name in dir(predefined_recognizers)
                  if name.startswith(("Uk", "Nhs")) and name.endswith("Recognizer"))


def presidio_analyzer(min_score: float = MIN_SCORE) -> Any:
    """Presidio's AnalyzerEngine as shipped (its default recognisers and spaCy NER mapping), with the project's
    spaCy model, every UK recogniser Presidio ships switched on, and asked by default only for the project's
    entity types (its `entities` argument)."""
    model = _model_path()
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, predefined_recognizers
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    class AskedAnalyzer(AnalyzerEngine):
        # presidio-structured calls analyze() without `entities` and has no argument to pass them through.
        def analyze(self, text: str, language: str, entities: list[str] | None = None,
                    **kwargs: Any) -> Any:
            return super().analyze(text, language, entities=entities or self.asked, **kwargs)

    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": str(model)}]}).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
    loaded = {type(recogniser).__name__ for recogniser in registry.recognizers}
    for name in uk_recognisers():
        if name not in loaded:
            registry.add_recognizer(getattr(predefined_recognizers, name)())
    analyzer = AskedAnalyzer(nlp_engine=nlp, registry=registry, supported_languages=["en"],
                             default_score_threshold=min_score)
    analyzer.asked = requested_types("presidio", analyzer.get_supported_entities("en"))
    return analyzer


def presidio_cells(analyzer: Any) -> CellFinder:
    """Naive per-cell Presidio: analyze() on each cell, the column's name as context."""
    return lambda column, value: {found.entity_type for found in analyzer.analyze(value, language="en",
                                                                                  context=[column])}


def datafog_types() -> list[str]:
    from datafog.engine import ALL_ENTITY_TYPES

    return requested_types("datafog", ALL_ENTITY_TYPES)


def datafog_cells(engine: str) -> CellFinder:
    """datafog.scan() on each cell, asked for the project's types. "regex" is its default engine and needs
    nothing installed. "spacy" is its NER engine: it loads spaCy's en_core_web_lg by name, which is not
    installed here and would have to be downloaded, so its cached annotator is replaced by datafog's own
    SpacyPIIAnnotator on the project's model (the one every tool here uses); the rest of scan() is unchanged."""
    import datafog

    if engine == "spacy":
        import datafog.engine

        annotator = datafog.SpacyPIIAnnotator.create(str(_model_path()))
        datafog.engine._get_spacy_annotator = lambda: annotator
    asked = datafog_types()
    return lambda _column, value: {entity.type
                                   for entity in datafog.scan(value, engine=engine, entity_types=asked).entities}


def per_cell_scan(find: CellFinder, path: Path, cap: int | None) -> dict[str, Any]:
    """Each column's cell count and, per type, how many cells held it."""
    tables = read_tables(path)
    cells: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = {}
    for column, values in _cells(tables, cap):
        cells[column] = len(values)
        found = counts.setdefault(column, {})
        for value in values:
            for kind in find(column, value):
                found[kind] = found.get(kind, 0) + 1
    return {**_rows(tables, cap), "cells": cells, "counts": counts}


def structured_builder(analyzer: Any, batch_size: int) -> Any:
    from presidio_structured import PandasAnalysisBuilder

    return PandasAnalysisBuilder(analyzer=analyzer, batch_size=batch_size)


def structured_scan(builder: Any, path: Path, cap: int | None) -> dict[str, Any]:
    """presidio-structured's analysis of each table: one entity type per column (its most common finding), on
    a sample of `cap` rows drawn by its own `n` argument. Anonymising (StructuredEngine) is not timed: the
    project's scan does not anonymise either."""
    tables = read_tables(path)
    types: dict[str, list[str]] = {}
    for prefix, frame in tables:
        analysis = builder.generate_analysis(frame, n=cap)
        for column in frame.columns:
            found = analysis.entity_mapping.get(column)
            types[f"{prefix}{column}"] = [found] if found else []
    return {**_rows(tables, cap), "types": types}


def ours_engine() -> Any:
    from governance.scanning.ner import analyzer

    return analyzer()


def ours_scan(path: Path, name: str) -> dict[str, Any]:
    from governance.scanning.analysis import scan_file

    report = scan_file(path, name, use_ner=True).to_json()
    return {"rows": report["rows_total"], "capped": False, "ner": report["ner"],
            "columns": [{"name": column["name"], "types": [entity["type"] for entity in column["entities"]],
                         "special_category": column.get("special_category")} for column in report["columns"]]}


def timed(work: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started
