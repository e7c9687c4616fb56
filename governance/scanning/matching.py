"""Every value of a column checked against every recogniser, at a cost close to reading it. Pure.

A chunk of one column's values is handled at once, mostly in C:
- each value's shape (digits become 9, letters a) is worked out in one pass over the whole chunk;
  each distinct shape is tested against each recogniser's gate, so a column of case numbers never
  meets the NHS pattern at all;
- a shape without letters decides where the digit-only patterns match: when the pattern matches the
  shape itself from end to end, every value of that shape is one whole candidate and needs only its
  check (a column of NHS numbers costs one checksum per value and no searching);
- other values are joined and each remaining pattern runs once over them, so the regular expression
  engine does the per-value work and Python sees only the matches.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from operator import not_

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from governance.scanning.joined import SEPARATOR, value_starts, without_separators
from governance.scanning.recognisers import (
    CLAIMS_OVER,
    RECOGNISERS,
    Match,
    Recogniser,
    context_flags,
    digits_of,
    shape,
)
from governance.scanning.vectorised import GRID_CHECKS, VECTOR_CHECKS, character_grid

# Above this share of distinct shapes (free text), planning by shape costs more than it saves.
MAX_SHAPE_SHARE = 0.25
VALIDATION_CACHE_SIZE = 50_000
CACHE_TRIAL = 20_000  # texts checked before deciding whether remembering results pays
MIN_REPEAT_SHARE = 0.2
MAX_TEXTS = 20  # valid texts kept per entity and chunk, for masked examples
CONTEXT_WINDOW = 40


@dataclass
class Tally:
    """What one recogniser found in a chunk: which values held a valid match, which only failed ones."""
    valid: set[int] = field(default_factory=set)
    rejected: set[int] = field(default_factory=set)
    max_score: float = 0.0
    texts: list[str] = field(default_factory=list)
    # What whole-column checks found (tally_array): arrays of indexes, never turned into sets of numbers.
    valid_arrays: list[np.ndarray] = field(default_factory=list)
    rejected_arrays: list[np.ndarray] = field(default_factory=list)

    def valid_indexes(self) -> np.ndarray:
        return _indexes(self.valid, self.valid_arrays)

    def rejected_indexes(self) -> np.ndarray:
        """Values where candidates only failed their check: none that also held a valid one."""
        return np.setdiff1d(_indexes(self.rejected, self.rejected_arrays), self.valid_indexes(), assume_unique=True)

    def found(self) -> bool:
        return bool(self.valid or self.rejected or any(map(len, self.valid_arrays + self.rejected_arrays)))

    def add_valid(self, index: int, text: str, score: float) -> None:
        self.valid.add(index)
        if score > self.max_score:
            self.max_score = score
        if len(self.texts) < MAX_TEXTS:
            self.texts.append(text)


class Validations:
    """Check results by text, per recogniser: repeated values (dates of birth, phone numbers) are checked
    once. A recogniser whose texts rarely repeat (NHS numbers) stops being remembered: it would only cost."""

    def __init__(self) -> None:
        self.known: dict[str, dict[str, bool]] = {}
        self.looked_up: Counter[str] = Counter()
        self.repeated: Counter[str] = Counter()

    def check_all(self, recogniser: Recogniser, texts: Sequence[str]) -> list[bool]:
        validate, entity = recogniser.validate, recogniser.entity
        if validate is None:
            return [True] * len(texts)
        vector_check = VECTOR_CHECKS.get(entity)
        if vector_check is not None:
            checked = vector_check(texts)
            if checked is not None:
                return checked
        looked_up = self.looked_up[entity]
        if looked_up >= CACHE_TRIAL and self.repeated[entity] < looked_up * MIN_REPEAT_SHARE:
            return list(map(validate, texts))
        known = self.known.setdefault(entity, {})
        if len(known) >= VALIDATION_CACHE_SIZE:
            known.clear()
        before = len(known)
        get, results = known.get, []
        for text in texts:
            valid = get(text)
            if valid is None:
                valid = known[text] = validate(text)
            results.append(valid)
        self.looked_up[entity] += len(texts)
        self.repeated[entity] += len(texts) - (len(known) - before)
        return results


@dataclass(frozen=True)
class _Plan:
    """For values of one shape: recognisers to search for, and recognisers that match the whole value."""
    search: tuple[int, ...] = ()
    whole: tuple[int, ...] = ()


def _indexes(found: set[int], arrays: list[np.ndarray]) -> np.ndarray:
    """The indexes in a set and in arrays of ascending indexes, in order, once each."""
    if not found and len(arrays) == 1:
        return arrays[0]
    parts = [np.fromiter(found, dtype=np.int64, count=len(found)), *arrays]
    return np.unique(np.concatenate(parts))


def tally_chunk(values: Sequence[str], flags: tuple[bool, ...], validations: Validations | None = None,
                plan_by_shape: bool = True) -> dict[str, Tally]:
    """Identifier-shaped text in a chunk of one column's values (without separators), by entity.

    `flags`: for each recogniser, whether the column name is context for it (context_flags).
    `plan_by_shape=False` searches every value with every pattern (the reference the tests compare with).
    """
    tallies: dict[str, Tally] = {}
    if not values:
        return tallies
    validations = validations or Validations()
    joined = SEPARATOR.join(values)
    wanted = _wanted(joined, flags)
    shapes_joined = shape(joined)
    shapes = shapes_joined.split(SEPARATOR)
    distinct = dict.fromkeys(shapes)
    everything = range(len(values))
    if not plan_by_shape or len(distinct) > MAX_SHAPE_SHARE * len(shapes):
        search = wanted if not plan_by_shape else tuple(p for p in wanted if RECOGNISERS[p].gate.search(shapes_joined))
        _run(_Plan(search=search), values, everything, flags, validations, tallies)
    else:
        plans = {text: _plan(text, wanted) for text in distinct}
        if len(set(plans.values())) == 1:
            _run(plans[shapes[0]], values, everything, flags, validations, tallies)
        else:
            grouped: dict[_Plan, list[int]] = {}
            for index, text in enumerate(shapes):
                plan = plans[text]
                if plan.search or plan.whole:
                    grouped.setdefault(plan, []).append(index)
            for plan, indexes in grouped.items():
                _run(plan, [values[index] for index in indexes], indexes, flags, validations, tallies)
    return {entity: tally for entity, tally in tallies.items() if tally.found()}


def tally_array(values: pa.Array, flags: tuple[bool, ...], validations: Validations | None = None,
                shapes: Shapes | None = None) -> dict[str, Tally]:
    """tally_chunk for a column held by pyarrow (without separators), with the same answers: the shapes are
    worked out and grouped in C, so only values whose shape some recogniser could match become Python strings.
    A column of case numbers or amounts costs no Python per value at all."""
    tallies: dict[str, Tally] = {}
    if not len(values):
        return tallies
    shapes = shapes or Shapes.of(values)
    distinct = shapes.distinct
    if len(distinct) > MAX_SHAPE_SHARE * len(values):
        return tally_chunk(values.to_pylist(), flags, validations)
    validations = validations or Validations()
    lowered = cache(lambda: memoryview(values.buffers()[2] or b"").tobytes().lower())
    gated = tuple(position for position, recogniser in enumerate(RECOGNISERS)
                  if any(recogniser.gate.search(text) for text in distinct))
    wanted = tuple(position for position in gated if _has_context(position, flags, values, lowered))
    plans = [_plan(text, wanted) for text in distinct]
    plan_ids = {plan: number for number, plan in enumerate(dict.fromkeys(plans))}
    codes = np.asarray([plan_ids[plan] for plan in plans], dtype=np.int64)[shapes.codes]
    for plan, number in plan_ids.items():
        if not (plan.search or plan.whole):
            continue
        indexes = np.arange(len(values)) if len(plan_ids) == 1 else np.flatnonzero(codes == number)
        group = values if len(plan_ids) == 1 else values.take(indexes)
        if plan.search:
            _run(plan, group.to_pylist(), indexes.tolist(), flags, validations, tallies)
        else:
            # The groups share no value, so what claims a value of this group was found in this group.
            claims: dict[str, np.ndarray] = {}
            for position in sorted(plan.whole):  # claimers come before what they claim
                recogniser = RECOGNISERS[position]
                tally = tallies.setdefault(recogniser.entity, Tally())
                _whole_array(recogniser, flags[position], group, indexes, validations, tally, claims)
    return {entity: tally for entity, tally in tallies.items() if tally.found()}


def _whole_array(recogniser: Recogniser, in_column: bool, values: pa.Array, indexes: np.ndarray,
                 validations: Validations, tally: Tally, claims: dict[str, np.ndarray]) -> None:
    """_whole() over a group of a pyarrow column: checks on a grid of its characters where they can be, the
    values found kept as index arrays, and only the example texts made Python strings. `claims`: which values
    of the group each recogniser before this one found valid."""
    passed = _checked(recogniser, values, validations)
    tally.rejected_arrays.append(indexes[~passed])
    if recogniser.context_required and not in_column:
        return
    for other in CLAIMS_OVER.get(recogniser.entity, ()):
        if other in claims:
            passed &= ~claims[other]
    claims[recogniser.entity] = passed
    if passed.any():
        tally.valid_arrays.append(indexes[passed])
        tally.max_score = max(tally.max_score, _score(recogniser, in_column))
        room = MAX_TEXTS - len(tally.texts)
        if room > 0:
            tally.texts.extend(values.take(np.flatnonzero(passed)[:room]).to_pylist())


def _checked(recogniser: Recogniser, values: pa.Array, validations: Validations) -> np.ndarray:
    if recogniser.validate is None:
        return np.ones(len(values), dtype=bool)
    grid_check = GRID_CHECKS.get(recogniser.entity)
    grid = character_grid(values) if grid_check else None
    checked = grid_check(grid) if grid_check and grid is not None else None
    if checked is None:
        return np.asarray(validations.check_all(recogniser, values.to_pylist()), dtype=bool)
    return checked


# Digits become "9" and ASCII letters "a", byte for byte: shape() for UTF-8 text, whose other bytes stay.
_SHAPE_BYTES = np.arange(256, dtype=np.uint8)
_SHAPE_BYTES[ord("0"):ord("9") + 1] = ord("9")
_SHAPE_BYTES[ord("A"):ord("Z") + 1] = ord("a")
_SHAPE_BYTES[ord("a"):ord("z") + 1] = ord("a")


@dataclass(frozen=True)
class Shapes:
    """shape() of every value of a pyarrow column, worked out in C: the distinct shapes, and which each value has."""
    distinct: list[str]
    codes: np.ndarray

    @classmethod
    def of(cls, values: pa.Array) -> Shapes:
        validity, offsets, data = values.buffers()
        mapped = _SHAPE_BYTES[np.frombuffer(data, dtype=np.uint8)] if data is not None else np.empty(0, np.uint8)
        shapes = pa.StringArray.from_buffers(len(values), offsets, pa.py_buffer(mapped), validity,
                                             values.null_count, values.offset)
        encoded = pc.dictionary_encode(shapes)
        return cls(encoded.dictionary.to_pylist(), encoded.indices.to_numpy())


def _has_context(position: int, flags: tuple[bool, ...], values: pa.Array, lowered: Callable[[], bytes]) -> bool:
    """_wanted() for one recogniser: one that needs context is tried when the column's name or some value
    of the chunk has one of its words. `lowered`: the chunk's text buffer in lower case, where a word found
    may straddle two values, so a find is checked value by value."""
    recogniser = RECOGNISERS[position]
    if not recogniser.context_required or flags[position]:
        return True
    if not any(word.encode() in lowered() for word in recogniser.context):
        return False
    words = "|".join(re.escape(word) for word in recogniser.context)
    return bool(pc.any(pc.match_substring_regex(values, words, ignore_case=True)).as_py())


# Every context word of the recognisers that need one, found in a single pass over a chunk.
_CONTEXT_WORDS = re.compile("|".join(sorted({re.escape(word) for recogniser in RECOGNISERS
                                             if recogniser.context_required for word in recogniser.context},
                                            key=len, reverse=True)))


def _wanted(joined: str, flags: tuple[bool, ...]) -> tuple[int, ...]:
    """Recognisers worth trying: those needing context only when the column or the chunk has it."""
    present: set[str] | None = None
    wanted = []
    for position, (recogniser, in_column) in enumerate(zip(RECOGNISERS, flags, strict=True)):
        if recogniser.context_required and not in_column:
            if present is None:
                present = set(_CONTEXT_WORDS.findall(joined.lower()))
            if present.isdisjoint(recogniser.context):
                continue
        wanted.append(position)
    return tuple(wanted)


def _plan(text: str, wanted: tuple[int, ...]) -> _Plan:
    search, whole = [], []
    for position in wanted:
        recogniser = RECOGNISERS[position]
        if not recogniser.gate.search(text):
            continue
        if recogniser.decided_by(text):
            spans = [found.span() for found in recogniser.pattern.finditer(text)]
            if not spans:
                continue
            if spans == [(0, len(text))]:
                whole.append(position)
                continue
        search.append(position)
    return _Plan(tuple(search), tuple(whole))


class _Group:
    """Values of a chunk that share a plan, with what searching them needs (worked out once)."""

    def __init__(self, values: Sequence[str], indexes: Sequence[int]) -> None:
        self.values, self.indexes = values, indexes
        self.joined = SEPARATOR.join(values)
        self.starts = value_starts(values, 0)
        self._lowered: str | None = None
        # Valid texts found by searching, per value, so a phone match inside an NHS number is not counted.
        self.claims: dict[int, list[tuple[str, str]]] = {}

    @property
    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = self.joined.lower()
        return self._lowered


def _run(plan: _Plan, values: Sequence[str], indexes: Sequence[int], flags: tuple[bool, ...],
         validations: Validations, tallies: dict[str, Tally]) -> None:
    group: _Group | None = None
    for position in sorted(plan.search + plan.whole):  # claimers come before what they claim
        recogniser, in_column = RECOGNISERS[position], flags[position]
        tally = tallies.setdefault(recogniser.entity, Tally())
        if position in plan.whole:
            _whole(recogniser, in_column, values, indexes, validations, tally, tallies)
        else:
            group = group or _Group(values, indexes)
            _search(recogniser, in_column, group, validations, tally, tallies)


# A number that passes its check digit with its own name beside it ("NHS number 943 476 5919") is as sure
# as findings get: one such in 300 case notes is reported.
CONTEXT_BOOST, VALIDATED_CONTEXT_BOOST = 0.2, 0.3


def _score(recogniser: Recogniser, has_context: bool) -> float:
    if not has_context:
        return recogniser.score
    return min(1.0, recogniser.score + (VALIDATED_CONTEXT_BOOST if recogniser.validate else CONTEXT_BOOST))


def _whole(recogniser: Recogniser, in_column: bool, values: Sequence[str], indexes: Sequence[int],
           validations: Validations, tally: Tally, tallies: dict[str, Tally]) -> None:
    """Each value is exactly one candidate for this recogniser: only the checks remain."""
    passed = validations.check_all(recogniser, values)
    tally.rejected.update(compress(indexes, map(not_, passed)))
    if recogniser.context_required and not in_column:
        return  # nothing around a whole value can be its context
    valid = set(compress(indexes, passed))
    for other in CLAIMS_OVER.get(recogniser.entity, ()):
        if other in tallies:
            valid -= tallies[other].valid
    if valid:
        tally.valid |= valid
        tally.max_score = max(tally.max_score, _score(recogniser, in_column))
        for index, value in zip(indexes, values, strict=True):
            if len(tally.texts) >= MAX_TEXTS:
                break
            if index in valid:
                tally.texts.append(value)


def _search(recogniser: Recogniser, in_column: bool, group: _Group, validations: Validations, tally: Tally,
            tallies: dict[str, Tally]) -> None:
    """Run the pattern once over the group's joined values; Python sees only the matches."""
    entity, claimed_by = recogniser.entity, CLAIMS_OVER.get(recogniser.entity, ())
    claimed_whole = set().union(*(tallies[other].valid for other in claimed_by if other in tallies))
    starts, indexes = group.starts, group.indexes
    plain, boosted = _score(recogniser, False), _score(recogniser, True)
    found_all = list(recogniser.pattern.finditer(group.joined))
    passed = validations.check_all(recogniser, [found.group() for found in found_all])
    for found, valid in zip(found_all, passed, strict=True):
        text, begin = found.group(), found.start()
        local = bisect_right(starts, begin) - 1
        if not valid:
            tally.rejected.add(indexes[local])
            continue
        has_context = in_column
        if recogniser.context and not in_column:
            near = group.lowered[max(starts[local], begin - CONTEXT_WINDOW): begin]
            has_context = any(word in near for word in recogniser.context)
            if recogniser.context_required and not has_context:
                continue
        if claimed_by and (indexes[local] in claimed_whole or any(
                other in claimed_by and _overlaps(claimed, text) for other, claimed in group.claims.get(local, ()))):
            continue
        group.claims.setdefault(local, []).append((entity, text))
        tally.add_valid(indexes[local], text, boosted if has_context else plain)


def _overlaps(first: str, second: str) -> bool:
    a, b = digits_of(first), digits_of(second)
    return bool(a) and bool(b) and (a in b or b in a)


def find_candidates(value: str, column_context: str = "") -> list[Match]:
    """What one value holds, an entry per entity: valid (best score) or only failing its check.
    `column_context`: the lower-case column name."""
    tallies = tally_chunk(without_separators([value]), context_flags(column_context))
    return [Match(entity, tally.texts[0], tally.max_score) if tally.valid else Match(entity, "", 0.0, valid=False)
            for entity, tally in tallies.items()]


def find_entities(value: str, column_context: str = "") -> list[Match]:
    """The identifiers in one value that passed their checks."""
    return [match for match in find_candidates(value, column_context) if match.valid]
