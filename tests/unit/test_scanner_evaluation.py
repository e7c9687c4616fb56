"""The corpus evaluation's arithmetic on hand-made reports, figures worked out by hand; and the corpus's truth
files and identifiers checked against the scanner's own vocabulary and check digits."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from benchmarks import scanner_evaluation as evaluation
from benchmarks.corpora import domain
from benchmarks.corpora.generate import leaf_paths
from governance.scanning.entities import ENTITY_LABELS
from governance.scanning.readers import flatten
from governance.scanning.recognisers import nhs_number_valid, nino_valid, upn_valid
from governance.scanning.special import CATEGORIES

HEALTH, ETHNIC = "health", "racial_or_ethnic_origin"


def _truth(*columns: dict[str, Any]) -> evaluation.Truth:
    return evaluation.Truth("hand", "hand.csv", 10, tuple(evaluation.ColumnTruth.from_json(c) for c in columns))


def _column(name: str, personal: str, entities: list[str] | None = None, allow: list[str] | None = None,
            special: Any = None) -> dict[str, Any]:
    return {"name": name, "personal": personal, "entities": entities or [], "allow": allow or entities or [],
            "special_category": special}


def _report(*columns: tuple[str, list[str], str | None], ner: bool = True) -> dict[str, Any]:
    return {"rows_total": 10, "ner": ner, "columns": [
        {"name": name, "entities": [{"type": kind} for kind in kinds], "special_category": special}
        for name, kinds, special in columns]}


TRUTH = _truth(
    _column("name", "must", ["PERSON"]),
    _column("address", "must", ["LOCATION"]),
    _column("ward", "may", allow=["LOCATION"]),
    _column("ethnic_group", "none", special=ETHNIC),
    _column("status", "none"),
    _column("notes", "must", ["EMAIL_ADDRESS"], allow=["EMAIL_ADDRESS", "*"], special=[HEALTH, None]),
)
REPORT = _report(
    ("name", ["PERSON"], None),  # right, found
    ("address", ["PERSON", "LOCATION"], None),  # found (LOCATION), but wrong: the street is not a person
    ("ward", ["PERSON"], None),  # wrong type for a may column
    ("ethnic_group", ["PERSON"], ETHNIC),  # wrong report, right category
    ("status", [], None),  # rightly silent
    ("notes", [], HEALTH),  # missed, right category
    ("extra", ["EMAIL_ADDRESS"], None),  # a column the truth does not know
)


@pytest.fixture
def result() -> evaluation.CorpusResult:
    return evaluation.evaluate(REPORT, TRUTH)


def test_precision_counts_a_column_right_only_when_every_type_reported_is_allowed(result) -> None:
    # Reported: name, address, ward, ethnic_group and the unknown extra = 5; right: name only.
    assert result.reported == 5
    assert result.precision == pytest.approx(1 / 5)
    assert result.wrong() == ["address (PERSON, LOCATION)", "ward (PERSON)", "ethnic_group (PERSON)",
                              "extra (no truth; EMAIL_ADDRESS)"]


def test_recall_needs_a_type_that_counts_for_the_column(result) -> None:
    # must columns: name (found), address (found as LOCATION), notes (nothing) = 2 / 3.
    assert result.recall == pytest.approx(2 / 3)
    assert result.missed() == ["notes (wanted EMAIL_ADDRESS; got nothing)"]


def test_special_categories_are_scored_apart_from_entities(result) -> None:
    # Given a category: ethnic_group (right) and notes (right, health accepted) = 2 / 2.
    assert result.special_precision == 1.0
    # Requiring one: ethnic_group only (notes accepts none as well) = 1 / 1.
    assert result.special_recall == 1.0
    # Right category or rightly none: the 6 known columns; the unknown column counts against = 6 / 7.
    assert result.special_accuracy == pytest.approx(6 / 7)
    assert result.special_wrong() == []


def test_a_wrong_or_missing_special_category_is_counted() -> None:
    truth = _truth(_column("religion", "none", special="religious_or_philosophical_beliefs"),
                   _column("orientation", "none", special="sex_life_or_sexual_orientation"),
                   _column("team", "none"), _column("amount", "none"))
    report = _report(("religion", [], "religious_or_philosophical_beliefs"), ("orientation", [], None),
                     ("team", [], HEALTH), ("amount", [], None))

    result = evaluation.evaluate(report, truth)

    assert result.special_precision == pytest.approx(1 / 2)  # religion right, team wrong
    assert result.special_recall == pytest.approx(1 / 2)  # religion found, orientation missed
    assert result.special_accuracy == pytest.approx(2 / 4)  # religion and amount
    assert result.special_wrong() == ["orientation (got none; wanted sex_life_or_sexual_orientation)",
                                      "team (got health; wanted none)"]


def test_nothing_reported_has_no_precision_and_nothing_required_has_no_recall() -> None:
    truth = _truth(_column("status", "none"), _column("ward", "may", allow=["LOCATION"]))

    result = evaluation.evaluate(_report(("status", [], None), ("ward", [], None)), truth)

    assert (result.precision, result.recall, result.special_precision, result.special_recall) == (None,) * 4
    assert evaluation.below_threshold(result) == []


def test_a_column_missing_from_the_report_is_not_reported() -> None:
    truth = _truth(_column("email", "must", ["EMAIL_ADDRESS"]), _column("blank", "none"))

    result = evaluation.evaluate(_report(("email", ["EMAIL_ADDRESS"], None)), truth)

    assert [column.reported_name for column in result.columns] == ["email", None]
    assert (result.precision, result.recall) == (1.0, 1.0)


def test_numbered_columns_are_the_file_s_columns_by_position() -> None:
    # A header-less file: the reader numbers columns by their place in the file, and a column empty in the
    # first rows comes last in the report.
    truth = _truth(_column("permit", "none"), _column("note", "may"), _column("holder", "must", ["PERSON"]))
    report = _report(("Column 1", [], None), ("Column 3", ["PERSON"], None), ("Column 2", [], None))

    result = evaluation.evaluate(report, truth)

    assert [column.reported_name for column in result.columns] == ["Column 1", "Column 2", "Column 3"]
    assert (result.precision, result.recall, result.unknown) == (1.0, 1.0, ())


def test_a_renamed_header_is_paired_with_the_one_truth_column_left() -> None:
    truth = _truth(_column("a", "none"), _column("b", "none"), _column("Ann Smith", "none"), _column("c", "none"))
    report = _report(("a", [], None), ("c", [], None), ("b", [], None), ("Column 4", [], None))

    result = evaluation.evaluate(report, truth)

    assert [column.reported_name for column in result.columns] == ["a", "b", "Column 4", "c"]
    assert result.unknown == ()


def test_columns_are_not_guessed_when_more_are_left_than_the_truth_misses() -> None:
    truth = _truth(_column("holder", "must", ["PERSON"]), _column("email", "must", ["EMAIL_ADDRESS"]))

    result = evaluation.evaluate(_report(("email", [], None), ("Column 7", ["PERSON"], None), ("x", [], None)), truth)

    assert [column.name for column in result.unknown] == ["Column 7", "x"]
    assert result.recall == 0.0
    assert result.precision == 0.0


def test_the_floor_names_what_fails() -> None:
    truth = _truth(_column("a", "must", ["PERSON"]), *[_column(f"n{i}", "none") for i in range(3)])
    report = _report(("a", ["PERSON"], None), ("n0", ["LOCATION"], None), ("n1", [], None), ("n2", [], None))

    result = evaluation.evaluate(report, truth)

    assert evaluation.below_threshold(result) == ["column precision 0.50 < 0.97"]


def test_pooled_figures_count_every_corpus_column() -> None:
    first = evaluation.evaluate(_report(("a", ["PERSON"], None)), _truth(_column("a", "must", ["PERSON"])))
    second = evaluation.evaluate(_report(("b", ["PERSON"], None), ("c", [], None)),
                                 _truth(_column("b", "none"), _column("c", "must", ["UK_NHS"])))

    total = evaluation.pooled([first, second])

    assert (total.precision, total.recall) == (pytest.approx(1 / 2), pytest.approx(1 / 2))
    assert "all corpora" in evaluation.format_table([first, second])


def test_truth_files_load_and_name_only_the_contract_s_types_and_categories() -> None:
    truths = evaluation.truths()
    contract_types = set(ENTITY_LABELS) | {evaluation.ANY}

    assert len(truths) >= 6
    for truth in truths:
        assert len({column.name for column in truth.columns}) == len(truth.columns), truth.corpus
        for column in truth.columns:
            assert column.entities <= column.allow <= contract_types, (truth.corpus, column.name)
            assert column.special <= {*CATEGORIES, None}, (truth.corpus, column.name)
            assert bool(column.entities) == (column.personal == "must"), (truth.corpus, column.name)


def test_truth_files_say_why_and_what_traps_they_hold() -> None:
    for path in sorted(evaluation.CORPORA_FOLDER.glob(f"*{evaluation.TRUTH_SUFFIX}")):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["traps"] and document["description"], path.name
        assert (evaluation.CORPORA_FOLDER / document["file"]).exists(), path.name


def test_synthetic_identifiers_pass_the_scanner_s_own_checks() -> None:
    generator = random.Random(3)
    for _ in range(200):
        assert nhs_number_valid(domain.nhs_number(generator))
        assert nino_valid(domain.ni_number(generator))
        assert upn_valid(domain.upn(generator, "855", "2041"))


def test_json_column_names_follow_the_reader_s_flattening() -> None:
    document = {"resident": {"name": "A", "contact": {"email": "a@example.com", "phone": ""}},
                "case": {"history": [{"date": "2024-01-02"}, {"date": "2024-01-05"}]}, "tags": ["x", "y"]}

    assert list(dict.fromkeys(leaf_paths(document))) == list(flatten(document))


def test_the_corpus_folder_is_small_enough_to_keep() -> None:
    assert sum(path.stat().st_size for path in Path(evaluation.CORPORA_FOLDER).iterdir()) < 4_000_000
