"""Checksums for a whole column of same-shaped identifiers at once, with numpy. Pure.

A column of NHS numbers or phone numbers written the same way (same length, digits in the same places)
is checked as one array: the weighted sums and prefix rules run in C over every value together. The
answers are exactly those of the one-value checks in recognisers.py (a test compares them); anything
not written uniformly returns None and is checked one value at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

MIN_VALUES = 64  # below this, setting up the array costs more than it saves
NHS_WEIGHTS = np.arange(10, 1, -1)
UK_SECOND_DIGITS = (1, 2, 3, 5, 7, 8)  # 01, 02, 03, 05, 07, 08


def _digit_grid(values: Sequence[str]) -> np.ndarray | None:
    """The digits of each value as rows of a grid, when every value has its digits in the same places."""
    if len(values) < MIN_VALUES or len(set(map(len, values))) != 1:
        return None
    joined = "".join(values)
    if not joined.isascii():
        return None
    grid = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(len(values), len(values[0]))
    is_digit = (grid >= 48) & (grid <= 57)
    if not (is_digit == is_digit[0]).all():
        return None
    return (grid[:, is_digit[0]] - 48).astype(np.int64)


def nhs_numbers_valid(values: Sequence[str]) -> list[bool] | None:
    digits = _digit_grid(values)
    if digits is None or digits.shape[1] != 10:
        return None
    check = 11 - (digits[:, :9] @ NHS_WEIGHTS) % 11
    check[check == 11] = 0
    one_digit_repeated = digits.min(axis=1) == digits.max(axis=1)
    valid = (check != 10) & (check == digits[:, 9]) & ~one_digit_repeated
    return [bool(item) for item in valid]


def uk_phones_valid(values: Sequence[str]) -> list[bool] | None:
    if "+" in "".join(values):  # +44 forms are checked one at a time
        return None
    digits = _digit_grid(values)
    if digits is None or digits.shape[1] < 3:
        return None
    count = digits.shape[1]
    international = (digits[:, 0] == 4) & (digits[:, 1] == 4)  # 44... becomes 0...
    national_ok = (digits[:, 0] == 0) & np.isin(digits[:, 1], UK_SECOND_DIGITS) & (count in (10, 11))
    international_ok = np.isin(digits[:, 2], UK_SECOND_DIGITS) & (count - 1 in (10, 11))
    valid = np.where(international, international_ok, national_ok)
    return [bool(item) for item in valid]


VECTOR_CHECKS: dict[str, Callable[[Sequence[str]], list[bool] | None]] = {
    "UK_NHS": nhs_numbers_valid,
    "PHONE_NUMBER": uk_phones_valid,
}
