"""Checksums for a whole column of same-shaped identifiers at once, with numpy. Pure.

A column of NHS numbers or phone numbers written the same way (same length, digits in the same places)
is checked as one array: the weighted sums and prefix rules run in C over every value together. The
answers are exactly those of the one-value checks in recognisers.py (a test compares them); anything
not written uniformly returns None and is checked one value at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa

MIN_VALUES = 64  # below this, setting up the array costs more than it saves
NHS_WEIGHTS = np.arange(10, 1, -1)
UK_SECOND_DIGITS = (1, 2, 3, 5, 7, 8)  # 01, 02, 03, 05, 07, 08


def character_grid(values: pa.Array) -> np.ndarray | None:
    """The bytes of a pyarrow column of text as rows of a grid, when every value is ASCII of one length."""
    count = len(values)
    if count < MIN_VALUES:
        return None
    _validity, offsets_buffer, data = values.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[values.offset:values.offset + count + 1]
    width = int(offsets[1] - offsets[0])
    if width == 0 or int(offsets[-1] - offsets[0]) != width * count or values.null_count:
        return None
    grid = np.frombuffer(data, dtype=np.uint8)[offsets[0]:offsets[-1]].reshape(count, width)
    if (grid >= 128).any() or not (np.diff(offsets) == width).all():
        return None
    return grid


def _digit_places(grid: np.ndarray) -> np.ndarray | None:
    """Which characters are digits, when they are the same ones in every value."""
    is_digit = (grid >= 48) & (grid <= 57)
    return is_digit[0] if (is_digit == is_digit[0]).all() else None


def _digits(grid: np.ndarray) -> np.ndarray | None:
    places = _digit_places(grid)
    if places is None:
        return None
    digits: np.ndarray = grid[:, places] - 48  # small numbers: the sums below are made in int64
    return digits


def _nhs(grid: np.ndarray) -> np.ndarray | None:
    digits = _digits(grid)
    if digits is None or digits.shape[1] != 10:
        return None
    check = 11 - (digits[:, :9] @ NHS_WEIGHTS) % 11
    check[check == 11] = 0
    one_digit_repeated = digits.min(axis=1) == digits.max(axis=1)
    valid: np.ndarray = (check != 10) & (check == digits[:, 9]) & ~one_digit_repeated
    return valid


def _uk_phone(grid: np.ndarray) -> np.ndarray | None:
    if (grid == ord("+")).any():  # +44 forms are checked one at a time
        return None
    digits = _digits(grid)
    if digits is None or digits.shape[1] < 3:
        return None
    count = digits.shape[1]
    international = (digits[:, 0] == 4) & (digits[:, 1] == 4)  # 44... becomes 0...
    national_ok = (digits[:, 0] == 0) & np.isin(digits[:, 1], UK_SECOND_DIGITS) & (count in (10, 11))
    international_ok = np.isin(digits[:, 2], UK_SECOND_DIGITS) & (count - 1 in (10, 11))
    return np.where(international, international_ok, national_ok)


DATE_SEPARATORS = frozenset(b"/.-")


def _date(grid: np.ndarray) -> np.ndarray | None:
    """recognisers.date_valid for values written alike: three runs of digits between single separators."""
    places = _digit_places(grid)
    if places is None:
        return None
    runs, begin = [], None
    for position, digit in enumerate([*places.tolist(), False]):
        if digit and begin is None:
            begin = position
        elif not digit and begin is not None:
            runs.append((begin, position))
            begin = None
    gaps = [(end, start) for (_, end), (start, _) in zip(runs, runs[1:], strict=False)]
    if (len(runs) != 3 or runs[0][0] != 0 or runs[-1][1] != grid.shape[1]
            or any(start - end != 1 or int(grid[0, end]) not in DATE_SEPARATORS for end, start in gaps)
            or not np.isin(grid[:, [end for end, _ in gaps]], list(DATE_SEPARATORS)).all()):
        return None
    parts = [_number(grid[:, start:end]) for start, end in runs]
    year_first = parts[0] > 31
    year = np.where(year_first, parts[0], parts[2])
    day = np.where(year_first, parts[2], parts[0])
    month = parts[1]
    return (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31) & (year >= 1900) & (year <= 2100)


def _number(digits: np.ndarray) -> np.ndarray:
    powers = 10 ** np.arange(digits.shape[1] - 1, -1, -1)
    number: np.ndarray = (digits.astype(np.int64) - 48) @ powers
    return number


def _on_values(check: Callable[[np.ndarray], np.ndarray | None]) -> Callable[[Sequence[str]], list[bool] | None]:
    def on_values(values: Sequence[str]) -> list[bool] | None:
        if len(values) < MIN_VALUES or len(set(map(len, values))) != 1:
            return None
        joined = "".join(values)
        if not joined.isascii():
            return None
        valid = check(np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(len(values), len(values[0])))
        return None if valid is None else [bool(item) for item in valid]
    return on_values


# On a grid of characters (character_grid): each value's answer, or None when the values are not written alike.
GRID_CHECKS: dict[str, Callable[[np.ndarray], np.ndarray | None]] = {
    "UK_NHS": _nhs,
    "PHONE_NUMBER": _uk_phone,
    "DATE_TIME": _date,
}
# The same checks on a list of values.
VECTOR_CHECKS: dict[str, Callable[[Sequence[str]], list[bool] | None]] = {
    entity: _on_values(check) for entity, check in GRID_CHECKS.items()}
nhs_numbers_valid = VECTOR_CHECKS["UK_NHS"]
uk_phones_valid = VECTOR_CHECKS["PHONE_NUMBER"]
dates_valid = VECTOR_CHECKS["DATE_TIME"]
