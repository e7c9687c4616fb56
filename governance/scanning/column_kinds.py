"""What a column is, from its name and the shape of its values, before anyone asks what its values say.
Pure.

The language model labels words, not columns: it calls "St Mary's" a person and "Bisexual" a place. These
rules put its labels in their place as a data protection officer would: a column of a few repeated labels
is categories, a place is personal only as where someone lives, and a column named for forenames holds
people even when the model does not know a lone surname.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A column of a few values repeated down it is a column of category labels, whatever its values say.
CATEGORY_MAX_DISTINCT_SHARE = 0.25
CATEGORY_MIN_VALUES = 10
# Words in a column's name that say its values name places, buildings, firms or services: a name the model
# finds there is part of an address, a firm or a label, not a person.
NOT_PEOPLE_WORDS = frozenset(
    "address street road town city village locality ward area district county region postcode company "
    "contractor supplier business firm organisation organization service team department directorate site "
    "depot premises school building estate property location place venue church closures closure practice "
    "surgery provider hospital".split())
# A place is personal data where a person lives: an address. The column's name says so, or its values carry
# house numbers.
ADDRESS_WORDS = frozenset("address addr postcode town city village home residence residential street".split())
MIN_NUMBERED_SHARE = 0.3
# Column names that say each value is a person's name.
NAME_PARTS = ("forename", "forenames", "surname", "surnames", "first name", "last name", "family name",
              "given name", "middle name", "maiden name", "full name", "preferred name", "legal name", "known as",
              "name first", "name last")
PERSON_ROLES = frozenset("tenant claimant resident customer applicant client pupil student employee staff "
                         "patient person contact carer parent guardian child officer caller complainant "
                         "licensee landlord member".split())
_NAME_VALUE = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*\.?$")
MIN_NAME_SHARE = 0.8
LONGEST_NAME = 60


def _words(column: str) -> list[str]:
    return re.findall(r"[a-z]+", column.lower())


def is_category_column(values: Sequence[str]) -> bool:
    filled = [value for value in values if value.strip()]
    return len(filled) >= CATEGORY_MIN_VALUES and len(set(filled)) <= CATEGORY_MAX_DISTINCT_SHARE * len(filled)


def names_no_people(column: str) -> bool:
    """The column's name says it holds places, firms or services."""
    return bool(NOT_PEOPLE_WORDS.intersection(_words(column)))


def places_are_addresses(column: str, values: Sequence[str]) -> bool:
    """Whether places in this column are where people live."""
    if ADDRESS_WORDS.intersection(_words(column)):
        return True
    filled = [value for value in values if value.strip()]
    numbered = sum(any(c.isdigit() for c in value) and any(c.isalpha() for c in value) for value in filled)
    return bool(filled) and numbered >= MIN_NUMBERED_SHARE * len(filled)


def named_for_people(column: str) -> bool:
    """The column's name says its values are people's names ("Legal Surname", "tenant_name")."""
    words = _words(column)
    text = " ".join(words)
    if any(re.search(rf"\b{part}\b", text) for part in NAME_PARTS):
        return True
    return "name" in words and bool(PERSON_ROLES.intersection(words)) and not names_no_people(column)


def people_by_name(column: str, values: Sequence[str]) -> int:
    """How many of the sampled values are names, when the column's name says it holds people's names and
    most values look like names (words of letters, no digits); else 0."""
    if not named_for_people(column):
        return 0
    filled = [value.strip() for value in values if value.strip()]
    names = sum(len(value) <= LONGEST_NAME and bool(_NAME_VALUE.match(value)) for value in filled)
    return names if filled and names >= MIN_NAME_SHARE * len(filled) else 0
