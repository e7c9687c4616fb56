"""Column names that never hold data: whether a table's first row is a header, and names for its columns.
Pure.

A file without a header row would otherwise have its first row of values kept as column names, shown on
the findings page and frozen into the signed record. So the first row is compared with the rows below it,
column by column, the way csv.Sniffer.has_header reasons: a header is short labels whose kind differs from
the values beneath ("DOB" above dates), a row of data is like the rows below ("1984-03-02" above dates).
Whatever the answer, a name in which the recognisers find personal data is replaced by its position.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from governance.scanning.kinds import Kind, cell_kind, holds_personal_data

SNIFF_ROWS = 20  # rows below the first that it is compared with
RARE_SHARE = 0.1  # a kind this rare below the first row is unlike the column
SAME_SHARE = 0.5  # a kind this common below the first row is like the column
NUMBERED = "Column"
MAX_LABEL_CHARACTERS = 40
MAX_LABEL_WORDS = 5
LENGTH_SLACK = 2
# Words that name columns in council extracts. Words that are also common values (status values such as
# "open" or "closed", surnames such as "Ward", "Day" or "Price", street words) are left out on purpose.
LABEL_WORDS = frozenset("""
    name names surname surnames forename forenames firstname lastname fullname middle initials title
    address addr line postcode postal zip district borough parish locality region area country county
    email mail phone telephone tel mobile fax contact number num nbr ref reference id identifier uprn usrn
    nhs nino ni upn urn code dob date birth age gender sex ethnicity ethnic religion nationality language
    disability marital status type category class group description desc details detail notes note comment
    comments remarks summary reason outcome result action actions priority source channel method team officer
    worker owner assigned manager department directorate provider supplier school practice gp case client
    customer resident tenant household property tenancy account person patient pupil student child applicant
    claimant amount value total balance cost paid payment fee rate count qty quantity percent percentage score
    level band size created updated modified start end opened due time timestamp year month week period quarter
    deadline duration flag indicator consent latitude longitude lat lon lng easting northing landlord carer
    guardian parent kin relationship
""".split())
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_NUMERIC = (Kind.NUMBER, Kind.DIGITS)


def numbered_names(count: int) -> list[str]:
    return [f"{NUMBERED} {position}" for position in range(1, count + 1)]


def safe_name(name: str, position: int, neutral: str = NUMBERED) -> str:
    """`name`, or "Column <position>" when it holds personal data (an email address, an NHS number...)."""
    return f"{neutral} {position}" if holds_personal_data(name) else name


def first_row_is_header(first: Sequence[str], below: Sequence[Sequence[str]]) -> bool:
    """Whether `first` is a header row, judged against up to SNIFF_ROWS rows below it.

    Each column votes: a label above values of another kind, a known label word, or a label whose length
    differs from values that all have one length, for a header; a cell like the values below it, or a value
    that recurs below it, for data. When the votes tie (no rows below, or words above words), a first row
    holding dates, numbers, email addresses or identifiers is data, and one of words only is a header.
    """
    rows = below[:SNIFF_ROWS]
    votes = sum(_column_vote(cell, [row[index] for row in rows if index < len(row)])
                for index, cell in enumerate(first))
    if votes:
        return votes > 0
    return not any(_is_data(cell) for cell in first)


def _family(kind: Kind) -> Kind:
    # Numbers with and without separators are one family: NHS numbers are written both ways in one column.
    return Kind.NUMBER if kind in _NUMERIC else kind


def _column_vote(first: str, below: Sequence[str]) -> int:
    head = cell_kind(first)
    kinds = [(value.strip(), _family(cell_kind(value))) for value in below]
    kinds = [(value, kind) for value, kind in kinds if kind is not Kind.BLANK]
    if head is Kind.BLANK or not kinds:
        return 0
    if head is Kind.TEXT:
        return _text_vote(first.strip(), kinds)
    like = _like(first.strip(), _family(head), kinds)
    if like >= SAME_SHARE:
        return -1
    dominant, count = Counter(kind for _value, kind in kinds).most_common(1)[0]
    # Years are labels as often as values, so a year counts as a label unless the column holds years:
    # "2024" and "2025" above spend are a header; "1984" above more years of birth is data.
    unlike = like < (SAME_SHARE if head is Kind.YEAR else RARE_SHARE)
    # Above words, a number or code may well be a value ("12" in a column of house names): no vote.
    return 1 if unlike and dominant is not Kind.TEXT and count / len(kinds) >= SAME_SHARE else 0


def _like(first: str, family: Kind, kinds: Sequence[tuple[str, Kind]]) -> float:
    """The share of values below of the first cell's kind and, for numbers and codes, of about its length:
    a ten-digit NHS number above counts of one or two digits is not like them."""
    same = [value for value, kind in kinds if kind is family]
    if same and family in (Kind.NUMBER, Kind.CODE):
        sizes = [len(value) for value in same]
        if not min(sizes) - LENGTH_SLACK <= len(first) <= max(sizes) + LENGTH_SLACK:
            return 0.0
    return len(same) / len(kinds)


def _text_vote(first: str, kinds: Sequence[tuple[str, Kind]]) -> int:
    text = [value for value, kind in kinds if kind is Kind.TEXT]
    if len(text) < RARE_SHARE * len(kinds):
        return 1  # words above dates, numbers or identifiers: "NHS number" above NHS numbers
    if first in text:
        return -1  # a value that recurs: "Female" above more of the same
    if is_label(first):
        return 1
    lengths = {len(value) for value in text}
    if len(text) > 1 and len(lengths) == 1 and len(first) not in lengths:
        return 1  # csv.Sniffer's test: "Consent" above "Y" and "N"
    return 0


def is_label(text: str) -> bool:
    """Whether short text reads as a column label: a known label word, snake_case, or a question."""
    words = text.split()
    if not words or len(text) > MAX_LABEL_CHARACTERS or len(words) > MAX_LABEL_WORDS:
        return False
    if text.endswith(("?", ":")) or ("_" in text and len(words) == 1):
        return True
    return any(word.lower() in LABEL_WORDS for word in _WORD.findall(text))


def _is_data(cell: str) -> bool:
    kind = cell_kind(cell)
    return kind in (Kind.EMAIL, Kind.DATE, Kind.NUMBER, Kind.DIGITS) or (
        kind is not Kind.BLANK and holds_personal_data(cell))
