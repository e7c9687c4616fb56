"""Column-by-column decision: which personal and special category data each column holds. Pure.

Validated identifiers are looked for in every value (full coverage). What a column is said to hold
depends on how often, how confidently and, for checksummed identifiers, how many look-alikes failed
the check: a column of reference numbers where one in eleven passes the NHS check is not NHS numbers.
Only counts and masked examples leave this module; raw values never do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from governance.scanning.ner import DistinctSample, analyzer, find_names
from governance.scanning.readers import Row, read_rows
from governance.scanning.recognisers import Match, context_flags, find_candidates_in_chunk
from governance.scanning.special import (
    category_from_header,
    category_from_values,
    free_text_categories,
    whole_value_category,
)

STRONG_SCORE = 0.8  # one confident, validated hit is enough to report
WEAK_MIN_COUNT = 3
WEAK_MIN_SHARE = 0.05
MIN_VALID_RATIO = 0.5  # of values shaped like a checksummed identifier, at least half must pass
MAX_EXAMPLES = 3
MAX_REAL_CHARACTERS = 4
PROGRESS_EVERY = 5000
CHUNK_VALUES = 4096


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


@dataclass
class ColumnStats:
    name: str
    context: str
    rows: int = 0
    entities: dict[str, EntityStats] = field(default_factory=dict)
    whole_categories: dict[str, int] = field(default_factory=dict)
    contained_categories: dict[str, int] = field(default_factory=dict)
    flags: tuple[bool, ...] = ()
    sample: DistinctSample = field(default_factory=DistinctSample, repr=False)
    _pending: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.flags = context_flags(self.context)

    def add(self, value: str) -> None:
        self.rows += 1
        self.sample.add(value)
        self._pending.append(value)
        if len(self._pending) >= CHUNK_VALUES:
            self.flush()

    def flush(self) -> None:
        """Match the values collected so far, a chunk at a time (see find_candidates_in_chunk)."""
        values, self._pending = self._pending, []
        for matches in find_candidates_in_chunk(values, self.flags).values():
            self._count(matches)
        for value in values:
            category = whole_value_category(value)
            if category:
                self.whole_categories[category] = self.whole_categories.get(category, 0) + 1
            elif len(value) > 20:
                for category in free_text_categories(value):
                    self.contained_categories[category] = self.contained_categories.get(category, 0) + 1

    def _count(self, matches: list[Match]) -> None:
        """One value's matches: each entity counts once per row, at its best score."""
        seen_valid: dict[str, Match] = {}
        seen_rejected: set[str] = set()
        for match in matches:
            if match.valid:
                best = seen_valid.get(match.entity)
                if best is None or match.score > best.score:
                    seen_valid[match.entity] = match
            else:
                seen_rejected.add(match.entity)
        for entity, match in seen_valid.items():
            stats = self.entities.setdefault(entity, EntityStats())
            stats.count += 1
            stats.max_score = max(stats.max_score, match.score)
            if len(stats.examples) < MAX_EXAMPLES:
                example = mask(match.text)
                if example not in stats.examples:
                    stats.examples.append(example)
        for entity in seen_rejected - seen_valid.keys():
            self.entities.setdefault(entity, EntityStats()).rejected += 1


def reported(stats: EntityStats, rows_scanned: int) -> bool:
    if stats.count == 0:
        return False
    if stats.rejected and stats.count / (stats.count + stats.rejected) < MIN_VALID_RATIO:
        return False
    if stats.max_score >= STRONG_SCORE:
        return True
    return stats.count >= WEAK_MIN_COUNT or (rows_scanned and stats.count / rows_scanned >= WEAK_MIN_SHARE)


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

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "entities": [entity.to_json() for entity in self.entities],
                "special_category": self.special_category}


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


def analyse_rows(rows: Iterable[Row], progress: Callable[[int], None] | None = None) -> tuple[int, list[ColumnStats]]:
    columns: dict[str, ColumnStats] = {}
    total = 0
    for row in rows:
        total += 1
        for name, value in row.items():
            stats = columns.get(name)
            if stats is None:
                stats = columns[name] = ColumnStats(name, _column_context(name))
            stats.add(value)
        if progress and total % PROGRESS_EVERY == 0:
            progress(total)
    for stats in columns.values():
        stats.flush()
    return total, list(columns.values())


def column_finding(stats: ColumnStats, rows_scanned: int, engine: Any = None) -> ColumnFinding:
    found = [EntityFinding(entity, item.count, round(item.count / rows_scanned, 6) if rows_scanned else 0.0,
                           round(item.max_score, 2), tuple(item.examples))
             for entity, item in stats.entities.items() if reported(item, rows_scanned)]
    if engine is not None:
        # Names and places: counted over the column's sampled distinct values, not every row.
        found += [EntityFinding(item.entity, item.count, item.share, item.max_score, item.examples)
                  for item in find_names(engine, stats.name, stats.sample.distinct())]
    entities = sorted(found, key=lambda finding: (-finding.count, finding.type))
    special = category_from_header(stats.name) or category_from_values(
        stats.whole_categories, stats.contained_categories, stats.rows)
    return ColumnFinding(stats.name, tuple(entities), special)


def scan_file(path: Path, display_name: str | None = None, progress: Callable[[int], None] | None = None,
              use_ner: bool = True) -> FileReport:
    """Scan one file. Raises UnreadableInput when it cannot be read."""
    kind, rows = read_rows(path)
    total, columns = analyse_rows(rows, progress)
    engine = analyzer() if use_ner else None
    return FileReport(display_name or str(path), kind, total, total, engine is not None,
                      tuple(column_finding(stats, total, engine) for stats in columns))
