"""Pattern recognisers for UK personal data: a regular expression, a gate and a validation step each. Pure.

Entity names follow Presidio's where Presidio has one (UK_NHS, UK_NINO, EMAIL_ADDRESS, ...). How they
are run over whole columns cheaply is in matching.py. Every pattern starts with a character class
(boundaries are checked by look-behinds placed after the first character) so the regular expression
engine can skip ahead to the next possible start instead of trying every position.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import product
from typing import NamedTuple

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
ALWAYS, WITHOUT_LETTERS, WITHOUT_LETTERS_OR_PLUS = "always", "without letters", "without letters or plus"


class Match(NamedTuple):
    entity: str
    text: str
    score: float
    # False for text that had the shape of the identifier but failed its check (a checksum, the
    # NINO prefix rules): counted, because a column where most candidates fail is not that identifier.
    valid: bool = True


@dataclass(frozen=True)
class Recogniser:
    entity: str
    pattern: re.Pattern[str]
    score: float
    # The prefilter, run on a value's shape (see shape()): a looser pattern that anything the real
    # pattern matches also matches, so a shape without it cannot hold the identifier.
    gate: re.Pattern[str]
    validate: Callable[[str], bool] | None = None
    # Some identifiers look like many other numbers: only count them with a context word nearby or
    # in the column name.
    context: tuple[str, ...] = ()
    context_required: bool = False
    # Which shapes decide the pattern's result on their values, so that matching the shape itself tells
    # where every value of that shape matches: ALWAYS when the pattern treats every letter alike and
    # every digit alike; WITHOUT_LETTERS when only digits are treated alike; WITHOUT_LETTERS_OR_PLUS
    # when, besides, a "+" leads to literal digits (+44).
    shape_decides: str = ""

    def decided_by(self, shape_text: str) -> bool:
        if self.shape_decides == ALWAYS:
            return True
        if self.shape_decides == WITHOUT_LETTERS:
            return "a" not in shape_text
        if self.shape_decides == WITHOUT_LETTERS_OR_PLUS:
            return "a" not in shape_text and "+" not in shape_text
        return False

    def context_in(self, column_context: str) -> bool:
        return bool(self.context) and any(word in column_context for word in self.context)


_NOT_DIGITS = re.compile(r"[^0-9]")


def digits_of(text: str) -> str:
    compact = text.replace(" ", "").replace("-", "")
    return compact if compact.isdigit() and compact.isascii() else _NOT_DIGITS.sub("", text)


# Weighted sums of each group of three digits, so the modulus 11 check is three look-ups.
_NHS_PARTS = tuple({"".join(map(str, digits)): sum(d * w for d, w in zip(digits, weights, strict=True))
                    for digits in product(range(10), repeat=3)}
                   for weights in ((10, 9, 8), (7, 6, 5), (4, 3, 2)))


def nhs_number_valid(text: str) -> bool:
    """Modulus 11 with weights 10..2; a check value of 10 is never issued."""
    digits = digits_of(text)
    if len(digits) != 10 or digits == digits[0] * 10:
        return False
    total = _NHS_PARTS[0][digits[:3]] + _NHS_PARTS[1][digits[3:6]] + _NHS_PARTS[2][digits[6:9]]
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


NINO_PREFIX_EXCLUDED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def nino_valid(text: str) -> bool:
    compact = re.sub(r"[\s-]", "", text).upper()
    return compact[:2] not in NINO_PREFIX_EXCLUDED


def upn_valid(text: str) -> bool:
    """Unique Pupil Number: check letter = sum(position x value of characters 2-13) mod 23."""
    compact = text.upper()
    if len(compact) != 13 or compact[0] not in UPN_LETTERS:
        return False
    total = 0
    for position, character in enumerate(compact[1:], start=2):
        if character.isdigit():
            value = int(character)
        elif position == 13 and character in UPN_LETTERS:  # temporary UPNs end in a letter
            value = UPN_LETTERS.index(character)
        else:
            return False
        total += value * position
    return UPN_LETTERS[total % 23] == compact[0]


def luhn_valid(text: str) -> bool:
    digits = digits_of(text)
    if not 13 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    compact = re.sub(r"\s", "", text).upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(character, 36)) for character in rearranged)
    return int(number) % 97 == 1


def ip_valid(text: str) -> bool:
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return not address.is_unspecified


UK_PHONE_PREFIXES = ("01", "02", "03", "05", "07", "08")


def uk_phone_valid(text: str) -> bool:
    digits = digits_of(text)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    if digits.startswith("00"):
        return False
    return digits.startswith(UK_PHONE_PREFIXES) and len(digits) in (10, 11)


def date_valid(text: str) -> bool:
    parts = [int(part) for part in re.split(r"[/.\-]", text)]
    if len(parts) != 3:
        return False
    if parts[0] > 31:  # year first
        year, month, day = parts
    else:
        day, month, year = parts
    return 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100


_SHAPES = str.maketrans({**{digit: "9" for digit in "0123456789"},
                         **{letter: "a" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}})


def shape(text: str) -> str:
    """Digits become 9 and letters a; everything else is kept. One pass in C."""
    return text.translate(_SHAPES)


ASCII, IGNORE_CASE = re.ASCII, re.ASCII | re.IGNORECASE
POSTCODE = (r"[A-PR-UWYZ](?<![A-Za-z0-9_][A-Za-z])(?:IR ?0AA|(?:[0-9][0-9A-HJKSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
            r" ?[0-9][ABD-HJLNP-UW-Z]{2})\b")
# "(?<![0-9-][0-9])" after a first digit: the character before the number is not a digit or hyphen.
NOT_AFTER_DIGIT = r"[0-9](?<![0-9-][0-9])"

RECOGNISERS: tuple[Recogniser, ...] = (
    Recogniser("EMAIL_ADDRESS", re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b", ASCII), 1.0,
               re.compile(r"@[a9.-]*\.aa"), shape_decides=ALWAYS),
    Recogniser("UK_NHS", re.compile(NOT_AFTER_DIGIT + r"[0-9]{2}[ -]?[0-9]{3}[ -]?[0-9]{4}(?![0-9-])", ASCII),
               0.5, re.compile(r"999[ -]?999[ -]?9999"), nhs_number_valid, context=("nhs", "patient", "chi", "health"),
               shape_decides=WITHOUT_LETTERS),
    Recogniser("UK_NINO", re.compile(
        r"[A-CEGHJ-PR-TW-Z](?<![A-Za-z0-9_][A-Za-z])[A-CEGHJ-NPR-TW-Z](?<!BG|GB|KN|NK|NT|TN|ZZ)"
        r" ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b", IGNORE_CASE), 0.8, re.compile(r"aa ?99 ?99 ?99 ?a"), nino_valid,
        context=("ni number", "nino", "national insurance", "insurance")),
    Recogniser("UK_POSTCODE", re.compile(POSTCODE, IGNORE_CASE), 0.6, re.compile(r"a[a9][9a]?[9a]? ?9aa"),
               context=("postcode", "post code", "address")),
    Recogniser("UK_UPN", re.compile(r"[A-HJ-NP-RT-Z](?<![A-Za-z0-9_][A-Z])[0-9]{11}[0-9A-HJ-NP-RT-Z]\b", ASCII),
               0.9, re.compile(r"a9{11}"), upn_valid, context=("upn", "pupil")),
    Recogniser("CREDIT_CARD", re.compile(NOT_AFTER_DIGIT + r"[0-9]{3}[ -]?(?:[0-9]{4}[ -]?){2}[0-9]{1,7}(?![0-9-])",
                                         ASCII), 0.8, re.compile(r"9999[ -]?9999[ -]?9999[ -]?9"), luhn_valid,
               context=("card",), shape_decides=WITHOUT_LETTERS),
    Recogniser("IBAN_CODE", re.compile(r"[A-Z](?<![A-Za-z0-9_][A-Z])[A-Z][0-9]{2}(?: ?[A-Z0-9]){11,30}\b", ASCII),
               1.0, re.compile(r"aa99(?: ?[a9]){11}"), iban_valid),
    # Any run of 10 or 11 digits is a candidate, so a column of reference numbers that only sometimes
    # starts like a phone number is recognised as not being phone numbers.
    Recogniser("PHONE_NUMBER", re.compile(
        r"[+0-9](?<![A-Za-z0-9_+]\+)(?<![0-9-][0-9])(?:(?<=\+)44\s?(?:\(0\)\s?)?[0-9]|(?<=[0-9]))"
        r"(?:[ -]?[0-9]){9,10}(?![0-9-])", ASCII), 0.6, re.compile(r"9(?:[ -]?9){8}"), uk_phone_valid,
        context=("phone", "tel", "mobile", "contact", "call", "ring", "landline"),
        shape_decides=WITHOUT_LETTERS_OR_PLUS),
    Recogniser("IP_ADDRESS", re.compile(
        r"[0-9A-Fa-f](?<![A-Za-z0-9_][0-9A-Fa-f])(?:(?<=[0-9])[0-9]{0,2}\.(?:[0-9]{1,3}\.){2}[0-9]{1,3}\b"
        r"|[0-9A-Fa-f]{0,3}:(?:[0-9A-Fa-f]{1,4}:){1,6}[0-9A-Fa-f]{1,4}\b)", ASCII), 0.7,
        re.compile(r"9\.9{1,3}\.9{1,3}\.9|[9a]:(?:[9a]{1,4}:){1,6}[9a]"), ip_valid, shape_decides=WITHOUT_LETTERS),
    Recogniser("UK_PASSPORT", re.compile(
        r"[0-9A-Z](?<![A-Za-z0-9_][0-9A-Z])(?:(?<=[0-9])[0-9]{8}|(?<=[A-Z])[A-Z][0-9]{7})\b", ASCII), 0.5,
        re.compile(r"9{9}|aa9{7}"), context=("passport", "hmpo"), context_required=True, shape_decides=WITHOUT_LETTERS),
    Recogniser("UK_DRIVING_LICENCE", re.compile(
        r"[A-Z9](?<![A-Za-z0-9_][A-Z9])[A-Z9]{4}[0-9](?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12][0-9]|3[01])"
        r"[0-9][A-Z9]{2}[0-9][A-Z]{2}\b", IGNORE_CASE), 0.6, re.compile(r"[a9]{5}9{6}[a9]{2}9aa"),
        context=("licence", "license", "driving", "dvla"), context_required=True),
    Recogniser("UK_UPRN", re.compile(r"[0-9](?<![0-9][0-9])[0-9]{4,11}(?![0-9])", ASCII), 0.5, re.compile(r"9{5}"),
               context=("uprn", "property reference"), context_required=True, shape_decides=WITHOUT_LETTERS),
    # A date is personal only as a date of birth or death; dates of work orders or invoices are not.
    Recogniser("DATE_TIME", re.compile(
        r"[0-9](?<![A-Za-z0-9_][0-9])(?:[0-9]?[/.\-][0-9]{1,2}[/.\-][0-9]{4}|[0-9]{3}-[0-9]{2}-[0-9]{2})\b", ASCII),
        0.6, re.compile(r"9[/.-]9{1,2}[/.-]9999|9999-99-99"), date_valid,
        context=("birth", "dob", "born", "died", "death", "deceased"), context_required=True,
        shape_decides=WITHOUT_LETTERS),
    Recogniser("URL", re.compile(r"[Hh](?<![A-Za-z0-9_][Hh])[Tt][Tt][Pp][Ss]?://[^\s<>\"'\x00]+", ASCII), 0.6,
               re.compile(r"aaaaa?://")),
)
# NHS numbers and card numbers are also strings of digits that the phone pattern would match; a value
# already claimed by a validated identifier is not counted again as a phone number or UPRN.
CLAIMS_OVER = {"PHONE_NUMBER": ("UK_NHS", "CREDIT_CARD"), "UK_UPRN": ("UK_NHS", "PHONE_NUMBER", "UK_PASSPORT"),
               "UK_PASSPORT": ("UK_NHS", "PHONE_NUMBER")}


def context_flags(column_context: str) -> tuple[bool, ...]:
    """For each recogniser, whether the column's name is context for it (work out once per column)."""
    return tuple(recogniser.context_in(column_context) for recogniser in RECOGNISERS)
