"""What one cell's text is (a number, a date, an email address, a code, words...) and whether the scanner's
own recognisers find personal data in it. Pure.

Used to tell a header row from a row of data, and to keep values out of column and sheet names.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from governance.scanning.matching import find_entities
from governance.scanning.recognisers import RECOGNISERS, shape


class Kind(Enum):
    BLANK = "blank"
    EMAIL = "email"
    DATE = "date"
    YEAR = "year"
    NUMBER = "number"
    DIGITS = "digits"  # digits with separators: phone numbers, spaced NHS numbers
    CODE = "code"  # short, digits among or beside letters: postcodes, NI numbers, case references
    TEXT = "text"


MAX_KIND_CHARACTERS = 100
MAX_CODE_CHARACTERS = 24
MIN_KEY_CODE_DIGITS = 3
PLACEHOLDERS = frozenset({"n/a", "na", "none", "null", "nil", "nan", "unknown", "not known", "tbc", "tba"})
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_DATE = re.compile(r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}"
                   rf"|\d{{1,2}}[ \-](?:{_MONTHS})[a-z]*\.?[ \-,]+\d{{2,4}}){_TIME}", re.IGNORECASE)
# "2024", and financial years "2024/25", "2024-2025".
_YEAR = re.compile(r"(?:19|20)\d{2}(?: ?[/\-] ?(?:(?:19|20)\d{2}|\d{2}))?")
_NUMBER = re.compile(r"[-+(]?[£$€]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?\)?|[-+]?\.\d+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_MIXED_WORD = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")  # a letter next to a digit, as in "SW1A"


def cell_kind(text: str) -> Kind:
    """The kind of one cell, from its first characters (kinds are compared, so they need not be exact)."""
    cell = text.strip()[:MAX_KIND_CHARACTERS]
    digits = sum(character.isdigit() for character in cell)
    letters = sum(character.isalpha() for character in cell)
    if (not digits and not letters) or cell.lower() in PLACEHOLDERS:
        return Kind.BLANK  # "", "-", "n/a": placeholders, not values
    if "@" in cell and _EMAIL.fullmatch(cell):
        return Kind.EMAIL
    if not digits:
        return Kind.TEXT
    for kind, pattern in ((Kind.DATE, _DATE), (Kind.YEAR, _YEAR), (Kind.NUMBER, _NUMBER)):
        if pattern.fullmatch(cell):
            return kind
    if not letters:
        return Kind.DIGITS
    # "SW1A 1AA", "QQ 12 34 56 C" and "CASE-00123" are codes; "Flat 2" and "Address line 1" are words.
    if len(cell) <= MAX_CODE_CHARACTERS and (digits * 2 >= letters or _MIXED_WORD.search(cell)):
        return Kind.CODE
    return Kind.TEXT


@lru_cache(maxsize=8192)
def holds_personal_data(text: str) -> bool:
    """Whether the scanner's pattern recognisers find a valid identifier in `text` (an email address, NHS
    number, phone number, postcode...). Cached: JSON repeats the same keys in every object."""
    text_shape = shape(text)
    # The gates are looser than the patterns, so text that passes none holds nothing; most labels pass none.
    if not any(recogniser.gate.search(text_shape) for recogniser in RECOGNISERS):
        return False
    return bool(find_entities(text))


@lru_cache(maxsize=8192)
def is_value_key(key: str) -> bool:
    """Whether a JSON key is a value rather than a label: personal data, or an identifier, number or date
    (records keyed by NHS number or case number). Years stay labels: {"2024": 1200} is a column per year."""
    if holds_personal_data(key):
        return True
    kind = cell_kind(key)
    # A code needs a few digits to be a value: "q1" and "v2" are labels, "CASE-00123" is not.
    return kind in (Kind.NUMBER, Kind.DIGITS, Kind.DATE, Kind.EMAIL) or (
        kind is Kind.CODE and sum(character.isdigit() for character in key) >= MIN_KEY_CODE_DIGITS)
