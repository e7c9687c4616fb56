"""Special category data (UK GDPR Article 9) and criminal offence data (Article 10), per column:
from the column's name, and from the values it holds. Pure."""

from __future__ import annotations

import re

CATEGORIES = (
    "racial_or_ethnic_origin", "political_opinions", "religious_or_philosophical_beliefs",
    "trade_union_membership", "genetic", "biometric", "health", "sex_life_or_sexual_orientation",
    "criminal_offence",
)

HEADER_WORDS = {
    "racial_or_ethnic_origin": ("ethnic", "ethnicity", "race", "nationality"),
    "political_opinions": ("political", "party affiliation", "voting intention"),
    "religious_or_philosophical_beliefs": ("religion", "religious", "faith", "belief"),
    "trade_union_membership": ("trade union", "union member", "union_member"),
    "genetic": ("genetic", "dna", "genome"),
    "biometric": ("biometric", "fingerprint", "face template", "facial", "iris"),
    "health": ("health", "medical", "diagnosis", "condition", "disability", "disabled", "medication",
               "impairment", "mental", "illness", "allergy", "gp notes", "care need"),
    "sex_life_or_sexual_orientation": ("sexual", "sexuality", "orientation", "sex life"),
    "criminal_offence": ("criminal", "offence", "offense", "conviction", "caution", "arrest", "prison",
                         "probation", "police record"),
}

# Values that say something about a person's special category data: census categories, common
# conditions and so on. Matched as whole words, case-insensitively.
VOCABULARIES = {
    "racial_or_ethnic_origin": (
        "white british", "white irish", "gypsy or irish traveller", "roma", "white and black caribbean",
        "white and black african", "white and asian", "mixed", "indian", "pakistani", "bangladeshi", "chinese",
        "black african", "black caribbean", "black british", "arab", "asian british", "other ethnic group",
    ),
    "religious_or_philosophical_beliefs": (
        "christian", "muslim", "hindu", "sikh", "jewish", "buddhist", "no religion", "atheist", "catholic",
        "anglican", "humanist",
    ),
    "health": (
        "diabetes", "diabetic", "asthma", "depression", "anxiety", "dementia", "epilepsy", "cancer", "hiv",
        "autism", "autistic", "adhd", "schizophrenia", "bipolar", "stroke", "copd", "arthritis",
        "learning disability", "wheelchair user", "visual impairment", "hearing impairment", "deaf", "blind",
        "mental health", "self-harm", "pregnant", "pregnancy", "substance misuse", "alcohol dependency",
    ),
    "sex_life_or_sexual_orientation": (
        "heterosexual", "straight", "gay", "lesbian", "bisexual", "pansexual", "asexual",
    ),
    "criminal_offence": (
        "conviction", "convicted", "theft", "assault", "burglary", "fraud offence", "arrested", "on probation",
        "custodial sentence", "police caution",
    ),
    "trade_union_membership": ("unison", "gmb", "unite the union", "union member"),
    "political_opinions": ("labour", "conservative", "liberal democrat", "green party", "reform uk", "snp",
                           "plaid cymru"),
}
_PATTERNS = {
    category: re.compile(r"\b(?:" + "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
                         + r")\b", re.I)
    for category, terms in VOCABULARIES.items()
}
# A column of categories is classified when a good share of its values is one of the terms. In free
# text, only words that rarely mean anything else (conditions, offences) count, and from a small share.
CATEGORICAL_SHARE = 0.3
FREE_TEXT_SHARE = 0.02
FREE_TEXT_CATEGORIES = ("health", "criminal_offence")
MIN_ROWS = 3
_TERMS = {term: category for category, terms in VOCABULARIES.items() for term in terms}


def category_from_header(column: str) -> str | None:
    name = column.lower().replace("_", " ")
    for category, words in HEADER_WORDS.items():
        if any(word in name for word in words):
            return category
    return None


def whole_value_category(value: str) -> str | None:
    return _TERMS.get(" ".join(value.lower().split()))


def free_text_categories(value: str) -> list[str]:
    return [category for category in FREE_TEXT_CATEGORIES if _PATTERNS[category].search(value)]


def category_from_values(whole: dict[str, int], contained: dict[str, int], rows: int) -> str | None:
    """The category a column's values show, if they show one clearly enough."""
    if rows == 0:
        return None
    for counts, threshold in ((whole, CATEGORICAL_SHARE), (contained, FREE_TEXT_SHARE)):
        if counts:
            category, count = max(counts.items(), key=lambda item: item[1])
            if count >= MIN_ROWS and count / rows >= threshold:
                return category
    return None
