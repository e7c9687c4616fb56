"""Column-by-column decision: which personal and special category data each column holds. Pure.

Validated identifiers are looked for in every value (full coverage). What a column is said to hold
depends on how often, how confidently and, for checksummed identifiers, how many look-alikes failed
the check: a column of reference numbers where one in eleven passes the NHS check is not NHS numbers.
Only counts and masked examples leave this module; raw values never do.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from governance.scanning import columnar
from governance.scanning.column_kinds import is_category_column, names_no_people, people_by_name, places_are_addresses
from governance.scanning.headers import NUMBERED, safe_name
from governance.scanning.joined import without_separators
from governance.scanning.matching import Shapes, Tally, Validations, tally_array, tally_chunk
from governance.scanning.ner import DistinctSample, analyzer, find_names, names_people
from governance.scanning.prose import is_free_text
from governance.scanning.readers import DELIMITED, Row, rows_of, sniff
from governance.scanning.recognisers import context_flags
from governance.scanning.special import (
    categories_in_chunk,
    category_from_header,
    category_from_values,
    could_hold_terms,
)

STRONG_SCORE = 0.8  # one confident, validated hit is enough to report
WEAK_MIN_COUNT = 3
WEAK_MIN_SHARE = 0.05
MIN_VALID_RATIO = 0.5  # of values shaped like a checksummed identifier, at least half must pass
MAX_EXAMPLES = 3
MAX_REAL_CHARACTERS = 4
MAX_EXAMPLE_TRIES = 50
CHUNK_ROWS = 8192
MAX_DISTINCT_SHARE = 0.5
REPEAT_CHECK_EVERY = 8
# A column where one identifier is in this share of rows is decided by the patterns alone.
DECIDED_SHARE = 0.8
SCAN_THREADS = min(4, os.cpu_count() or 1)
# A column named for people's names whose values look like names: as sure as a confident model label.
NAMED_BY_COLUMN_SCORE = 0.85


def mask(text: str) -> str:
    """Keep at most the first 3 letters or digits (never more than 4); star the rest, keep separators."""
    shown = min(3, MAX_REAL_CHARACTERS, max(0, len([c for c in text if c.isalnum()]) // 3))
    out = []
    for character in text:
        if character.isalnum():
            out.append(character if shown > 0 else "*")
            shown -= 1
        else:
            out.append(character)
    return "".join(out)


@dataclass
class EntityStats:
    count: int = 0  # rows holding at least one valid match
    rejected: int = 0  # rows whose only candidates failed the check
    max_score: float = 0.0
    examples: list[str] = field(default_factory=list)
    _example_sources: set[str] = field(default_factory=set, repr=False)

    def add_example(self, text: str) -> None:
        # Masking every match would cost more than the scan; stop once enough texts have been tried.
        if len(self.examples) < MAX_EXAMPLES and text not in self._example_sources:
            if len(self._example_sources) < MAX_EXAMPLE_TRIES:
                self._example_sources.add(text)
                example = mask(text)
                if example not in self.examples:
                    self.examples.append(example)


@dataclass
class ColumnStats:
    name: str
    context: str
    rows: int = 0
    entities: dict[str, EntityStats] = field(default_factory=dict)
    whole_categories: Counter[str] = field(default_factory=Counter)
    contained_categories: Counter[str] = field(default_factory=Counter)
    flags: tuple[bool, ...] = ()
    sample: DistinctSample = field(default_factory=DistinctSample, repr=False)
    validations: Validations = field(default_factory=Validations, repr=False)
    _skip_repeat_check: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        self.flags = context_flags(self.context)

    def add_chunk(self, values: Sequence[str]) -> None:
        """Count a chunk of this column's values: every value is looked at, mostly in C."""
        values = without_separators(values)
        self.rows += len(values)
        self.sample.add_many(values)
        # Columns of repeated values (postcode districts, services) are looked at once per distinct
        # value, each weighted by how many rows hold it.
        weights: Sequence[int] | None = None
        if self._repeat_check_due():
            repeats = Counter(values)
            if self._repeated(len(repeats), len(values)):
                values, weights = list(repeats), list(repeats.values())
        self._count(values, weights)

    def add_array(self, values: pa.Array) -> None:
        """As add_chunk, for a column held by pyarrow: repeats are counted and shapes worked out in C, and only
        the values something could be found in become Python strings."""
        values = columnar.without_separators(values)
        self.rows += len(values)
        self.sample.add_from(len(values), lambda positions: values.take(positions).to_pylist())
        weights: np.ndarray | None = None
        if self._repeat_check_due():
            counted = values.value_counts()
            if self._repeated(len(counted), len(values)):
                values, weights = counted.field("values"), counted.field("counts").to_numpy()
        shapes = Shapes.of(values)
        tallies = tally_array(values, self.flags, self.validations, shapes)
        texts = values.to_pylist() if could_hold_terms(shapes.distinct, labels=weights is not None) else []
        self._count(texts, weights, tallies)

    def _repeat_check_due(self) -> bool:
        """Whether this chunk's repeats are counted: a mostly distinct column is looked at again only every
        REPEAT_CHECK_EVERY chunks, in case that changes."""
        if self._skip_repeat_check:
            self._skip_repeat_check -= 1
            return False
        return True

    def _repeated(self, distinct: int, values: int) -> bool:
        """Whether the chunk is looked at once per distinct value, each weighted by the rows holding it."""
        if distinct <= values * MAX_DISTINCT_SHARE:
            return True
        self._skip_repeat_check = REPEAT_CHECK_EVERY - 1  # mostly distinct (identifiers)
        return False

    def _count(self, values: Sequence[str], weights: Sequence[int] | np.ndarray | None,
               tallies: dict[str, Tally] | None = None) -> None:
        if tallies is None:
            tallies = tally_chunk(values, self.flags, self.validations)
        for entity, tally in tallies.items():
            stats = self.entities.get(entity) or self.entities.setdefault(entity, EntityStats())
            # Each entity counts once per row; a row counts as rejected only if nothing in it passed.
            valid, rejected = tally.valid_indexes(), tally.rejected_indexes()
            if weights is not None:
                rows = np.asarray(weights, dtype=np.int64)
                stats.count += int(rows[valid].sum())
                stats.rejected += int(rows[rejected].sum())
            else:
                stats.count += len(valid)
                stats.rejected += len(rejected)
            if len(valid):
                stats.max_score = max(stats.max_score, tally.max_score)
                for text in tally.texts:
                    stats.add_example(text)
        # Python numbers, not numpy's: the counts end up in JSON.
        rows_per_value = weights.tolist() if isinstance(weights, np.ndarray) else weights
        whole, contained = categories_in_chunk(values, rows_per_value)
        self.whole_categories.update(whole)
        self.contained_categories.update(contained)


def reported(stats: EntityStats, rows_scanned: int) -> bool:
    if stats.count == 0:
        return False
    if stats.rejected and stats.count / (stats.count + stats.rejected) < MIN_VALID_RATIO:
        return False
    if stats.max_score >= STRONG_SCORE:
        return True
    return stats.count >= WEAK_MIN_COUNT or (rows_scanned > 0 and stats.count / rows_scanned >= WEAK_MIN_SHARE)


@dataclass(frozen=True)
class EntityFinding:
    type: str
    count: int
    share: float
    max_score: float
    examples: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "count": self.count, "share": self.share, "max_score": self.max_score,
                "examples": list(self.examples)}


@dataclass(frozen=True)
class ColumnFinding:
    name: str
    entities: tuple[EntityFinding, ...]
    special_category: str | None
    free_text: bool = False
    # Rows whose values show the special category (every row when the column's name says it).
    special_category_rows: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "entities": [entity.to_json() for entity in self.entities],
                "special_category": self.special_category, "special_category_rows": self.special_category_rows,
                "free_text": self.free_text}


@dataclass(frozen=True)
class FileReport:
    file: str
    format: str
    rows_total: int
    rows_scanned: int
    ner: bool
    columns: tuple[ColumnFinding, ...]

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "rows_total": self.rows_total, "rows_scanned": self.rows_scanned,
                "ner": self.ner, "columns": [column.to_json() for column in self.columns]}


def _column_context(name: str) -> str:
    return re.sub(r"[_\-.]+", " ", name.lower())


class _Chunk:
    """Rows collected column by column. Rows holding every known column (most rows of most files) are
    taken whole, in C, and turned into columns at the end; the rest are spread a cell at a time."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._whole: list[tuple[str, ...]] = []
        self._cells: dict[str, list[str]] = {}
        self._take: Callable[[Row], tuple[str, ...]] = lambda row: ()

    def add(self, row: Row) -> None:
        # Same number of cells and every known column present means exactly the known columns.
        if len(row) == len(self.names):
            try:
                self._whole.append(self._take(row))
                return
            except KeyError:
                pass
        for name, value in row.items():
            cells = self._cells.get(name)
            if cells is None:
                self._new_column(name)
                cells = self._cells[name]
            cells.append(value)

    def _new_column(self, name: str) -> None:
        self._spread_whole_rows()
        self.names.append(name)
        self._cells[name] = []
        getter = itemgetter(*self.names)
        self._take = getter if len(self.names) > 1 else (lambda row: (getter(row),))

    def _spread_whole_rows(self) -> None:
        if self._whole:
            for name, values in zip(self.names, zip(*self._whole, strict=True), strict=True):
                self._cells[name].extend(values)
            self._whole = []

    def take(self) -> dict[str, list[str]]:
        """Each column's values since the last take."""
        self._spread_whole_rows()
        taken = {name: values for name, values in self._cells.items() if values}
        self._cells = {name: [] for name in self.names}
        return taken


def analyse_rows(rows: Iterable[Row], progress: Callable[[int], None] | None = None) -> tuple[int, list[ColumnStats]]:
    """Every row of every column, counted a chunk of rows at a time (column by column within a chunk)."""
    return analyse_batches(row_batches(rows), progress)


def row_batches(rows: Iterable[Row]) -> Iterator[tuple[int, dict[str, list[str]]]]:
    """Rows gathered into chunks of columns."""
    chunk = _Chunk()
    count = 0
    add = chunk.add
    for row in rows:
        count += 1
        add(row)
        if count == CHUNK_ROWS:
            yield count, chunk.take()
            count = 0
    yield count, chunk.take()


def analyse_batches(batches: Iterable[tuple[int, Mapping[str, Sequence[str] | pa.Array]]],
                    progress: Callable[[int], None] | None = None) -> tuple[int, list[ColumnStats]]:
    """Every value of every column, a batch of rows at a time."""
    columns: dict[str, ColumnStats] = {}
    total = 0
    with ThreadPoolExecutor(SCAN_THREADS) as pool:
        for rows, batch in batches:
            total += rows
            work = [(columns.get(name) or columns.setdefault(name, ColumnStats(name, _column_context(name))), values)
                    for name, values in batch.items() if len(values)]
            # Columns held by pyarrow are counted side by side: most of their work is in numpy and pyarrow,
            # which let go of the interpreter while they run. Each column's counts are its own.
            if work and isinstance(work[0][1], pa.Array):
                list(pool.map(_add, work))
            else:
                for item in work:
                    _add(item)
            if progress and rows:
                progress(total)
    # Columns in the order they were first seen, as the file has them.
    return total, list(columns.values())


def _add(item: tuple[ColumnStats, Sequence[str] | pa.Array]) -> None:
    stats, values = item
    if isinstance(values, pa.Array):
        stats.add_array(values)
    else:
        stats.add_chunk(values)


def column_finding(stats: ColumnStats, rows_scanned: int, engine: Any = None) -> ColumnFinding:
    # Shares are of the column's own rows: in a workbook, of its sheet's rows, not every sheet's.
    rows = stats.rows or rows_scanned
    found = [EntityFinding(entity, item.count, round(item.count / rows, 6) if rows else 0.0,
                           round(item.max_score, 2), tuple(item.examples))
             for entity, item in stats.entities.items() if reported(item, rows)]
    free_text = is_free_text(stats.sample.values)
    by_name = category_from_header(stats.name)
    by_values = category_from_values(stats.whole_categories, stats.contained_categories, stats.rows, free_text)
    if by_values is not None and not free_text and names_no_people(stats.name):
        by_values = None  # "Mental Health Services" is the name of a service, not a person's condition
    # A column of ethnic groups, faiths or conditions is that category, not names or places; free text that
    # mentions a category may still name people.
    labelled = by_name is not None or (by_values is not None and stats.whole_categories[by_values.category] > 0
                                       and not free_text)
    # A column of email addresses or NHS numbers is decided: the model is not asked about it.
    decided = any(finding.share >= DECIDED_SHARE for finding in found)
    if not labelled:
        found += _names_and_places(stats, None if decided else engine)
    entities = sorted(found, key=lambda finding: (-finding.count, finding.type))
    special = by_name or (by_values.category if by_values else None)
    showing = stats.rows if by_name else by_values.rows if by_values else None
    return ColumnFinding(stats.name, tuple(entities), special, free_text, showing)


def _names_and_places(stats: ColumnStats, engine: Any) -> list[EntityFinding]:
    """People and the places they live, from the model over the column's sampled distinct values, and from
    the column's name when it says it holds names."""
    sample = stats.sample.distinct()
    named = people_by_name(stats.name, sample)
    found: list[EntityFinding] = []
    if engine is not None:
        category = is_category_column(stats.sample.values)
        for item in find_names(engine, stats.name, sample, category=category,
                               people=not names_no_people(stats.name)):
            if item.entity == "LOCATION" and (category or named or not places_are_addresses(stats.name, sample)):
                continue  # an area's label, or a place in a name or a note, is not where someone lives
            if item.entity == "PERSON" and named:
                continue  # counted below, as the column's name says
            found.append(EntityFinding(item.entity, item.count, item.share, item.max_score, item.examples))
    if named:
        examples = tuple(dict.fromkeys(mask(value) for value in sample))[:MAX_EXAMPLES]
        found.append(EntityFinding("PERSON", named, round(named / len(sample), 6), NAMED_BY_COLUMN_SCORE, examples))
    return found


def scan_file(path: Path, display_name: str | None = None, progress: Callable[[int], None] | None = None,
              use_ner: bool = True) -> FileReport:
    """Scan one file. Raises UnreadableInput when it cannot be read."""
    kind, total, columns = _read_and_count(path, progress)
    engine = analyzer() if use_ner else None
    findings = [column_finding(stats, total, engine) for stats in columns]
    return FileReport(display_name or str(path), kind, total, total, engine is not None, _safe_names(findings, engine))


def _read_and_count(path: Path, progress: Callable[[int], None] | None) -> tuple[str, int, list[ColumnStats]]:
    """CSV and TSV straight into columns (columnar.py); anything else, or a file pyarrow cannot read exactly
    as the row reader would, row by row (from the first row again)."""
    kind, first = sniff(path)
    if kind in DELIMITED:
        try:
            total, columns = analyse_batches(columnar.delimited_batches(path, first), progress)
            return kind, total, columns
        except columnar.NotColumnar:
            pass
    total, columns = analyse_rows(rows_of(path, kind, first), progress)
    return kind, total, columns


def _safe_names(findings: Sequence[ColumnFinding], engine: Any) -> tuple[ColumnFinding, ...]:
    """The last check before names are kept: the readers keep identifiers out of names already; a person's
    name can only be told by the language model, when there is one."""
    names = [finding.name for finding in findings]
    people = names_people(engine, names) if engine is not None else [False] * len(names)
    return tuple(replace(finding, name=f"{NUMBERED} {position}" if person else safe_name(finding.name, position))
                 for position, (finding, person) in enumerate(zip(findings, people, strict=True), start=1))
