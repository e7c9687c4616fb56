"""The scanner against the evaluation corpus (benchmarks/corpora/, issue 14): with the service's configuration
(names and places from the spaCy model), column precision and recall of at least 0.97 on every corpus, and
special categories as right. The kept corpus must be exactly what its script writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from benchmarks import scanner_evaluation as evaluation
from benchmarks.corpora import generate
from benchmarks.corpora.extracts import CORPORA
from governance.scanning.ner import model_path
from tests.conftest import service_unavailable

NAMES = [corpus.name for corpus in CORPORA]
REGENERATE = "run `.venv/bin/python -m benchmarks.corpora.generate` and review the change"


def _cells(path: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in workbook.worksheets]
    finally:
        workbook.close()


def test_the_kept_corpus_is_exactly_what_the_script_writes(tmp_path: Path) -> None:
    written = generate.write_all(tmp_path)
    kept = sorted(path.name for path in evaluation.CORPORA_FOLDER.iterdir()
                  if path.is_file() and path.suffix not in (".py", ".md") and not path.name.startswith("."))

    assert kept == sorted(path.name for path in written), REGENERATE
    for path in written:
        copy = evaluation.CORPORA_FOLDER / path.name
        if path.suffix == ".xlsx":  # the zip's compressed bytes may differ between zlib builds; the cells may not
            assert _cells(copy) == _cells(path), f"{path.name} differs: {REGENERATE}"
        else:
            assert copy.read_bytes() == path.read_bytes(), f"{path.name} differs: {REGENERATE}"


@pytest.fixture(scope="module")
def results() -> dict[str, evaluation.CorpusResult]:
    if model_path() is None:
        service_unavailable("the spaCy English model is not installed (make test installs it)")
    return {result.corpus: result for result in evaluation.evaluate_folder(use_ner=True)}


def test_every_corpus_is_scanned_with_names_and_places(results: dict[str, evaluation.CorpusResult]) -> None:
    assert sorted(results) == sorted(NAMES)
    assert all(result.ner for result in results.values())


@pytest.mark.parametrize("corpus", NAMES)
def test_every_column_the_scanner_reports_has_a_truth(results: dict[str, evaluation.CorpusResult],
                                                      corpus: str) -> None:
    assert [column.name for column in results[corpus].unknown] == []


@pytest.mark.parametrize("corpus", NAMES)
def test_column_precision_and_recall_are_at_least_the_floor(results: dict[str, evaluation.CorpusResult],
                                                            corpus: str) -> None:
    result = results[corpus]

    failures = evaluation.below_threshold(result)

    assert not failures, "\n".join([f"{corpus}: {'; '.join(failures)}",
                                    "wrongly reported: " + ("; ".join(result.wrong()) or "none"),
                                    "missed: " + ("; ".join(result.missed()) or "none")])


@pytest.mark.parametrize("corpus", NAMES)
def test_special_categories_are_at_least_the_floor(results: dict[str, evaluation.CorpusResult], corpus: str) -> None:
    result = results[corpus]
    figures = {"special category precision": result.special_precision,
               "special category recall": result.special_recall}

    low = [f"{label} {value:.2f}" for label, value in figures.items()
           if value is not None and value < evaluation.THRESHOLD]

    assert not low, f"{corpus}: {'; '.join(low)}\nwrong: " + "; ".join(result.special_wrong())
