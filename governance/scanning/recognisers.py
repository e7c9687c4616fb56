"""Pattern recognisers for UK personal data, each a regular expression plus a validation step.

Pure and fast: these run on every value of every column. A cheap prefilter (a character test) skips
values that cannot hold the entity, so most values cost almost nothing. Entity names follow Presidio's
where Presidio has one (UK_NHS, UK_NINO, EMAIL_ADDRESS, ...).
"""

from __future__ import annotations

import ipaddress
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


@dataclass(frozen=True)
class Match:
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
    # The cheap prefilter: a value with fewer digits, or without this character, cannot match.
    min_digits: int
    needs: str = ""
    validate: Callable[[str], bool] = lambda _text: True
    # Some identifiers look like many other numbers: only count them with a context word nearby or
    # in the column name.
    context: tuple[str, ...] = ()
    context_required: bool = False

    def context_in(self, column_context: str) -> bool:
        return bool(self.context) and any(word in column_context for word in self.context)


def _digits(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


def nhs_number_valid(text: str) -> bool:
    """Modulus 11 with weights 10..2; a check value of 10 is never issued."""
    digits = _digits(text)
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
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
    digits = _digits(text)
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
    digits = _digits(text)
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


_DELETE_DIGITS = str.maketrans("", "", "0123456789")


def digit_count(value: str) -> int:
    # str.translate runs in C: far cheaper than looking at each character in Python.
    return len(value) - len(value.translate(_DELETE_DIGITS))


POSTCODE = (r"\b(?:GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9A-HJKSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
            r" ?[0-9][ABD-HJLNP-UW-Z]{2})\b")

RECOGNISERS: tuple[Recogniser, ...] = (
    Recogniser("EMAIL_ADDRESS", re.compile(r"\b[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"), 1.0, 0, "@"),
    Recogniser("UK_NHS", re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])"), 0.5, 10, "",
               nhs_number_valid, context=("nhs", "patient", "chi", "health")),
    Recogniser("UK_NINO", re.compile(
        r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.I), 0.8,
        6, "", nino_valid, context=("ni number", "nino", "national insurance", "insurance")),
    Recogniser("UK_POSTCODE", re.compile(POSTCODE, re.I), 0.6, 1,
               context=("postcode", "post code", "address")),
    Recogniser("UK_UPN", re.compile(r"\b[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]\b"), 0.9, 11, "",
               upn_valid, context=("upn", "pupil")),
    Recogniser("CREDIT_CARD", re.compile(r"(?<![\d-])(?:\d{4}[ -]?){3}\d{1,7}(?![\d-])"), 0.8, 13, "",
               luhn_valid, context=("card",)),
    Recogniser("IBAN_CODE", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b"), 1.0, 4, "",
               iban_valid),
    # Any run of 10 or 11 digits is a candidate, so a column of reference numbers that only sometimes
    # starts like a phone number is recognised as not being phone numbers.
    Recogniser("PHONE_NUMBER", re.compile(r"(?:(?<![\w+])\+44\s?(?:\(0\)\s?)?|(?<![\d-]))\d(?:[ -]?\d){9,10}(?![\d-])"),
               0.6, 10, "", uk_phone_valid, context=("phone", "tel", "mobile", "contact")),
    Recogniser("IP_ADDRESS", re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\b"),
               0.7, 4, "", ip_valid),
    Recogniser("UK_PASSPORT", re.compile(r"\b(?:\d{9}|[A-Z]{2}\d{7})\b"), 0.5, 7,
               context=("passport", "hmpo"), context_required=True),
    Recogniser("UK_DRIVING_LICENCE", re.compile(
        r"\b[A-Z9]{5}\d(?:0[1-9]|1[0-2]|5[1-9]|6[0-2])(?:0[1-9]|[12]\d|3[01])\d[A-Z9]{2}\d[A-Z]{2}\b", re.I), 0.6,
        5, context=("licence", "license", "driving", "dvla"), context_required=True),
    Recogniser("UK_UPRN", re.compile(r"(?<!\d)\d{5,12}(?!\d)"), 0.5, 5,
               context=("uprn", "property reference"), context_required=True),
    # A date is personal only as a date of birth or death; dates of work orders or invoices are not.
    Recogniser("DATE_TIME", re.compile(r"\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{2}-\d{2})\b"), 0.6,
               6, "", date_valid, context=("birth", "dob", "born", "died", "death", "deceased"),
               context_required=True),
    Recogniser("URL", re.compile(r"\bhttps?://[^\s<>\"'\x00]+", re.I), 0.6, 0, "://"),
)
# NHS numbers and card numbers are also strings of digits that the phone pattern would match; a value
# already claimed by a validated identifier is not counted again as a phone number or UPRN.
CLAIMS_OVER = {"PHONE_NUMBER": ("UK_NHS", "CREDIT_CARD"), "UK_UPRN": ("UK_NHS", "PHONE_NUMBER", "UK_PASSPORT"),
               "UK_PASSPORT": ("UK_NHS", "PHONE_NUMBER")}


def context_flags(column_context: str) -> tuple[bool, ...]:
    """For each recogniser, whether the column's name is context for it (work out once per column)."""
    return tuple(recogniser.context_in(column_context) for recogniser in RECOGNISERS)


SEPARATOR = "\x00"  # between values of a chunk: no pattern matches it, and it is a word boundary


def find_candidates_in_chunk(values: Sequence[str], flags: tuple[bool, ...]) -> dict[int, list[Match]]:
    """Identifier-shaped text in many values at once, keyed by the index of the value.

    The values are joined and each pattern runs once over the whole chunk, so the regular expression
    engine (in C) does the per-value work; Python sees only the matches.
    """
    clean = [value.replace(SEPARATOR, " ") for value in values]
    joined = SEPARATOR.join(clean)
    starts = list(accumulate((len(value) + 1 for value in clean), initial=0))
    lowered: str | None = None
    found_by_value: dict[int, list[Match]] = {}
    for recogniser, in_column in zip(RECOGNISERS, flags, strict=True):
        if recogniser.needs and recogniser.needs not in joined:
            continue
        if recogniser.context_required and not in_column:
            # Without its context word in the column name or anywhere in the chunk, it cannot match.
            lowered = lowered if lowered is not None else joined.lower()
            if not any(word in lowered for word in recogniser.context):
                continue
        for found in recogniser.pattern.finditer(joined):
            text = found.group(0)
            index = bisect_right(starts, found.start()) - 1
            matches = found_by_value.setdefault(index, [])
            if not recogniser.validate(text):
                matches.append(Match(recogniser.entity, text, 0.0, valid=False))
                continue
            has_context = in_column
            if recogniser.context and not has_context:
                lowered = lowered if lowered is not None else joined.lower()
                near = lowered[max(starts[index], found.start() - 40): found.start()]
                has_context = any(word in near for word in recogniser.context)
            if recogniser.context_required and not has_context:
                continue
            claimed_by = CLAIMS_OVER.get(recogniser.entity)
            if claimed_by and any(other.valid and other.entity in claimed_by and _overlaps(other.text, text)
                                  for other in matches):
                continue
            matches.append(Match(recogniser.entity, text, min(1.0, recogniser.score + (0.2 if has_context else 0.0))))
    return found_by_value


def find_candidates(value: str, column_context: str = "", flags: tuple[bool, ...] | None = None) -> list[Match]:
    """Every identifier-shaped text in one value, valid or not. `column_context`: the lower-case column name."""
    return find_candidates_in_chunk([value], flags or context_flags(column_context)).get(0, [])


def find_entities(value: str, column_context: str = "") -> list[Match]:
    """The identifiers in one value that passed their checks."""
    return [match for match in find_candidates(value, column_context) if match.valid]


def _overlaps(first: str, second: str) -> bool:
    a, b = _digits(first), _digits(second)
    return bool(a) and bool(b) and (a in b or b in a)
