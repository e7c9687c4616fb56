"""How well the scanner finds personal data: each file of the evaluation corpus (benchmarks/corpora/) scanned
in-process by the engine `governance scan` uses, and compared column by column with its truth file.

What the figures mean (the report format is DESIGN.md's `governance scan --json` contract):
- a column is *reported as personal data* when its `entities` list at least one type. A special category on
  its own is not such a report (an ethnic group column holds no identifier), nor is the free-text flag;
  special categories are scored on their own;
- a reported column is *right* when the truth says `must` or `may` and every type reported is one the truth
  allows ("*" allows any): a ward column reported as PERSON is wrong although wards may be reported as places,
  and an address line reported as PERSON and LOCATION is wrong because "Nelson Street" is not a person (the
  report tells a reviewer both, and both become suggestions in the questionnaire);
- *column precision* = right reported columns / reported columns (a report column the truth does not know
  counts as wrong); None when nothing was reported;
- *column recall* = `must` columns reported with a type that counts for them / `must` columns: an address
  line reported only as PERSON has not been found;
- *special category precision* = columns given a category the truth accepts / columns given any category;
  *special category recall* = columns whose truth requires a category and got an accepted one / such columns;
  *special category accuracy* = columns whose category (or none) is accepted / all columns.

`python -m benchmarks.scanner_evaluation` prints the table for the default configuration and pattern-only.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPORA_FOLDER = Path(__file__).parent / "corpora"
TRUTH_SUFFIX = ".truth.json"
ANY = "*"
THRESHOLD = 0.97  # the floor for column precision and recall on every corpus


@dataclass(frozen=True)
class ColumnTruth:
    name: str
    personal: str  # must, may, none
    entities: frozenset[str]  # must: the types that count as finding it
    allow: frozenset[str]  # types that may be reported without being wrong
    special: frozenset[str | None]  # the special categories accepted (None: no category)

    @classmethod
    def from_json(cls, column: dict[str, Any]) -> ColumnTruth:
        special = column.get("special_category")
        accepted = frozenset(special) if isinstance(special, list) else frozenset([special])
        if column["personal"] not in ("must", "may", "none"):
            raise ValueError(f"{column['name']}: personal must be must, may or none")
        return cls(column["name"], column["personal"], frozenset(column.get("entities", ())),
                   frozenset(column.get("allow", column.get("entities", ()))), accepted)

    @property
    def requires_special(self) -> bool:
        return None not in self.special


@dataclass(frozen=True)
class Truth:
    corpus: str
    file: str
    rows: int
    columns: tuple[ColumnTruth, ...]

    @classmethod
    def load(cls, path: Path) -> Truth:
        document = json.loads(path.read_text(encoding="utf-8"))
        return cls(document["corpus"], document["file"], document["rows"],
                   tuple(ColumnTruth.from_json(column) for column in document["columns"]))


@dataclass(frozen=True)
class ColumnResult:
    truth: ColumnTruth
    reported_name: str | None  # the column's name in the report; None when the report does not have it
    found: tuple[str, ...]  # entity types reported
    special: str | None  # special category reported

    @property
    def reported(self) -> bool:
        return bool(self.found)

    @property
    def right(self) -> bool:
        """Reported, and rightly so."""
        allow = self.truth.allow
        return self.reported and self.truth.personal != "none" and (ANY in allow or allow.issuperset(self.found))

    @property
    def recalled(self) -> bool:
        return self.truth.personal == "must" and not self.truth.entities.isdisjoint(self.found)

    @property
    def special_right(self) -> bool:
        return self.special in self.truth.special


@dataclass(frozen=True)
class UnknownColumn:
    """A report column no truth column matched."""
    name: str
    found: tuple[str, ...]
    special: str | None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class CorpusResult:
    corpus: str
    rows: int
    ner: bool
    seconds: float
    columns: tuple[ColumnResult, ...]
    unknown: tuple[UnknownColumn, ...] = ()

    @property
    def reported(self) -> int:
        return sum(column.reported for column in self.columns) + sum(bool(column.found) for column in self.unknown)

    @property
    def precision(self) -> float | None:
        return _ratio(sum(column.right for column in self.columns), self.reported)

    @property
    def recall(self) -> float | None:
        return _ratio(sum(column.recalled for column in self.columns),
                      sum(column.truth.personal == "must" for column in self.columns))

    @property
    def special_precision(self) -> float | None:
        given = [column for column in self.columns if column.special is not None]
        unknown = sum(column.special is not None for column in self.unknown)
        return _ratio(sum(column.special_right for column in given), len(given) + unknown)

    @property
    def special_recall(self) -> float | None:
        required = [column for column in self.columns if column.truth.requires_special]
        return _ratio(sum(column.special_right for column in required), len(required))

    @property
    def special_accuracy(self) -> float | None:
        return _ratio(sum(column.special_right for column in self.columns), len(self.columns) + len(self.unknown))

    def wrong(self) -> list[str]:
        """Columns reported as personal data that should not have been, with what was reported."""
        return ([f"{column.truth.name} ({', '.join(column.found)})" for column in self.columns
                 if column.reported and not column.right]
                + [f"{column.name} (no truth; {', '.join(column.found)})" for column in self.unknown if column.found])

    def missed(self) -> list[str]:
        return [f"{column.truth.name} (wanted {' or '.join(sorted(column.truth.entities))}; "
                f"got {', '.join(column.found) or 'nothing'})"
                for column in self.columns if column.truth.personal == "must" and not column.recalled]

    def special_wrong(self) -> list[str]:
        def accepted(column: ColumnResult) -> str:
            return " or ".join(sorted(value or "none" for value in column.truth.special))

        return [f"{column.truth.name} (got {column.special or 'none'}; wanted {accepted(column)})"
                for column in self.columns if not column.special_right]


NUMBERED = re.compile(r"Column (\d+)")


def match_columns(report_columns: Sequence[dict[str, Any]], truth: Sequence[ColumnTruth]
                  ) -> tuple[list[tuple[ColumnTruth, dict[str, Any] | None]], list[dict[str, Any]]]:
    """Each truth column with its report column: by name; then a "Column N" (a header-less file's columns are
    numbered by their place in the file) as the file's N-th column; then, when as many report columns are left
    as truth columns (a header renamed because it reads as a person's name), the rest in order.
    Returns the pairs in truth order and the report columns left over."""
    by_name = {column["name"]: column for column in report_columns}
    pairs: dict[str, dict[str, Any] | None] = {column.name: by_name.get(column.name) for column in truth}
    left = [column for column in report_columns if column["name"] not in pairs]
    for column in list(left):
        numbered = NUMBERED.fullmatch(column["name"])
        position = int(numbered.group(1)) - 1 if numbered else -1
        if 0 <= position < len(truth) and pairs[truth[position].name] is None:
            pairs[truth[position].name] = column
            left.remove(column)
    unmatched = [name for name, column in pairs.items() if column is None]
    if left and len(unmatched) == len(left):
        pairs.update(zip(unmatched, left, strict=True))
        left = []
    return [(column, pairs[column.name]) for column in truth], left


def _types(column: dict[str, Any]) -> tuple[str, ...]:
    return tuple(entity["type"] for entity in column.get("entities", ()))


def evaluate(report: dict[str, Any], truth: Truth, seconds: float = 0.0) -> CorpusResult:
    """One file's report (the JSON contract's form of it) against its truth."""
    pairs, left = match_columns(report["columns"], truth.columns)
    columns = tuple(ColumnResult(column, found["name"] if found else None, _types(found) if found else (),
                                 found.get("special_category") if found else None) for column, found in pairs)
    unknown = tuple(UnknownColumn(column["name"], _types(column), column.get("special_category")) for column in left)
    return CorpusResult(truth.corpus, report.get("rows_total", truth.rows), bool(report.get("ner")), seconds, columns,
                        unknown)


def truths(folder: Path = CORPORA_FOLDER) -> list[Truth]:
    return [Truth.load(path) for path in sorted(folder.glob(f"*{TRUTH_SUFFIX}"))]


def scan_corpus(folder: Path, truth: Truth, use_ner: bool = True) -> CorpusResult:
    """Scan one corpus file with the project's engine (as `governance scan` does) and score it."""
    from governance.scanning.analysis import scan_file

    started = time.perf_counter()
    report = scan_file(folder / truth.file, truth.file, use_ner=use_ner).to_json()
    return evaluate(report, truth, time.perf_counter() - started)


def evaluate_folder(folder: Path = CORPORA_FOLDER, use_ner: bool = True) -> list[CorpusResult]:
    return [scan_corpus(folder, truth, use_ner) for truth in truths(folder)]


def pooled(results: Sequence[CorpusResult]) -> CorpusResult:
    """Every corpus's columns as one, for an overall figure."""
    return CorpusResult("all corpora", sum(result.rows for result in results), all(r.ner for r in results),
                        sum(result.seconds for result in results),
                        tuple(column for result in results for column in result.columns),
                        tuple(column for result in results for column in result.unknown))


def below_threshold(result: CorpusResult, threshold: float = THRESHOLD) -> list[str]:
    """What keeps a corpus under the floor, in words; empty when it passes."""
    failures = []
    for label, value in (("precision", result.precision), ("recall", result.recall)):
        if value is not None and value < threshold:
            failures.append(f"column {label} {value:.2f} < {threshold}")
    return failures


def _figure(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.2f}"


def format_table(results: Sequence[CorpusResult], details: bool = True) -> str:
    header = (f"  {'corpus':<28} {'rows':>5} {'cols':>4} {'rep':>4} {'prec':>6} {'recall':>6} "
              f"{'sp.P':>6} {'sp.R':>6} {'sp.acc':>6} {'secs':>5}")
    lines = [header]
    for result in [*results, pooled(results)]:
        lines.append(f"  {result.corpus:<28} {result.rows:>5} {len(result.columns):>4} {result.reported:>4} "
                     f"{_figure(result.precision)} {_figure(result.recall)} {_figure(result.special_precision)} "
                     f"{_figure(result.special_recall)} {_figure(result.special_accuracy)} {result.seconds:5.1f}")
    if details:
        for result in results:
            for label, items in (("wrongly reported", result.wrong()), ("missed", result.missed()),
                                 ("special category wrong", result.special_wrong())):
                if items:
                    lines.append(f"  {result.corpus}: {label}: " + "; ".join(items))
    return "\n".join(lines)


def run(modes: Iterable[bool] = (True, False)) -> None:
    """`make bench`: the figures with the service's configuration (NER when the model is installed) and what
    was wrong, then pattern-only (`governance scan --no-ner`), whose misses are the names and places."""
    for position, use_ner in enumerate(modes):
        results = evaluate_folder(use_ner=use_ner)
        ner = results[0].ner if results else False
        label = ("NER on (the service's configuration)" if ner else
                 "pattern only (--no-ner)" if not use_ner else "pattern only: the spaCy model is not installed")
        print(f"scanner quality on benchmarks/corpora/, {label}; floor {THRESHOLD} for precision and recall")
        print(format_table(results, details=position == 0))


if __name__ == "__main__":
    run()
