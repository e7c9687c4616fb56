"""Synthetic UK identifiers for tests, benchmarks and demonstrations: valid in form, belonging to nobody."""

from __future__ import annotations

import random


def nhs_number(generator: random.Random) -> str:
    """A random number that passes the NHS modulus 11 check, spaced 3-3-4."""
    while True:
        digits = [generator.randint(0, 9) for _ in range(9)]
        check = 11 - sum(digit * weight for digit, weight in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            text = "".join(map(str, [*digits, check]))
            return f"{text[:3]} {text[3:6]} {text[6:]}"
