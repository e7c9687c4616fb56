"""Special category data (UK GDPR Article 9) and criminal offence data (Article 10), per column:
from the column's name, and from the values it holds. Pure."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from governance.scanning.joined import SEPARATOR, value_starts
from governance.scanning.recognisers import shape

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
# A column of categories is classified when a good share of its values is one of the terms.
CATEGORICAL_SHARE = 0.3
MIN_ROWS = 3
# Phrases that are not sentences ("Has diabetes and asthma" down a column) count from a small share.
CONTAINED_SHARE = 0.02
# In free text (case notes, repair descriptions) one mention of a person's condition, faith, ethnicity,
# sexuality, union or offence makes the column special category data, so only words that rarely mean
# anything else count: not "blind" (window blinds), "stroke" alone, "christian" (a first name), "indian"
# or "chinese" (takeaways), "straight", or party names.
FREE_TEXT_TERMS = {
    "health": (
        "diabetes", "diabetic", "asthma", "asthmatic", "dementia", "alzheimer's", "epilepsy", "epileptic",
        "cancer", "chemotherapy", "hiv", "autism", "autistic", "adhd", "schizophrenia", "bipolar", "copd",
        "arthritis", "multiple sclerosis", "parkinson's", "learning disability", "learning disabilities",
        "wheelchair user", "uses a wheelchair", "visually impaired", "visual impairment", "hearing impairment",
        "hard of hearing", "registered blind", "mental health", "self-harm", "self harm", "suicidal",
        "depression", "anxiety", "pregnant", "pregnancy", "substance misuse", "alcohol dependency", "dialysis",
        "had a stroke", "suffered a stroke", "after her stroke", "after his stroke", "disability",
        "terminally ill", "in hospital", "sickle cell", "heart condition", "mobility problems", "oxygen",
    ),
    "religious_or_philosophical_beliefs": (
        "muslim", "hindu", "sikh", "jewish", "buddhist", "practising catholic", "attends church",
        "attends mosque", "attends the mosque", "attends synagogue", "attends the gurdwara", "ramadan",
        "jehovah's witness",
    ),
    "racial_or_ethnic_origin": (
        "white british", "black caribbean", "black african", "black british", "pakistani", "bangladeshi",
        "gypsy", "irish traveller", "traveller community", "roma family", "ethnic minority",
    ),
    "sex_life_or_sexual_orientation": ("gay", "lesbian", "bisexual", "same-sex partner", "same sex partner"),
    "trade_union_membership": ("trade union", "union rep", "union representative", "unison", "gmb",
                               "unite the union"),
    "criminal_offence": (
        "conviction", "convictions", "convicted", "criminal record", "on probation", "probation officer",
        "custodial sentence", "police caution", "arrested", "released from prison", "in prison", "offender",
        "charged with",
    ),
}
_TERMS = {term: category for category, terms in VOCABULARIES.items() for term in terms}


# The census question on unpaid care names health conditions, of the people the respondent looks after:
# its answers say the respondent is a carer, not what their own health is.
_CARE_FOR_OTHERS = re.compile(r"\b(?:look|looks|looking) after\b.*\b(?:anyone|someone|others|other people)\b"
                              r"|\b(?:anyone|someone|others|other people)\b.*\b(?:look|looks|looking) after\b")


def category_from_header(column: str) -> str | None:
    name = column.lower().replace("_", " ")
    if _CARE_FOR_OTHERS.search(name):
        return None
    for category, words in HEADER_WORDS.items():
        if any(word in name for word in words):
            return category
    return None


FREE_TEXT_MIN_LENGTH = 20


def _alternatives(terms: Iterable[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, term.split())) for term in sorted(terms, key=len, reverse=True))


# A whole value (between separators, spaces aside) that is one of the terms; both run on lower-case text.
_WHOLE_VALUE = re.compile(SEPARATOR + r"\s*(" + _alternatives(_TERMS) + r")\s*(?=" + SEPARATOR + ")")
# Starts with the term itself, so the engine can skip to possible first letters; the word boundary
# before it is checked on each (rare) match.
# Some value made only of letters, spaces and hyphens (shape() turns letters into "a"): without one,
# no value can be a term and the chunk is not searched for them.
_TERM_SHAPE = r"\s*[a][a\s\-]{1,40}"
_TERM_SHAPED = re.compile(SEPARATOR + _TERM_SHAPE + SEPARATOR)
_TERM_SHAPED_VALUE = re.compile(_TERM_SHAPE)
_FREE_TEXT_TERMS = {term: category for category, terms in FREE_TEXT_TERMS.items() for term in terms}
_FREE_TEXT = re.compile("(?:" + _alternatives(_FREE_TEXT_TERMS) + r")\b")
# Short labels repeated down a column ("Medical - severe", "Severely mentally impaired disregard",
# "Information disclosed - see file") say the same of the rows they are on.
LABEL_TERMS = {
    "health": ("medical", "disabled", "mentally impaired", "mental impairment", "illness", "sickness"),
    "criminal_offence": ("information disclosed", "offence", "offences"),
}
_LABEL_TERMS = {**_FREE_TEXT_TERMS, **{term: category for category, terms in LABEL_TERMS.items() for term in terms}}
_LABEL = re.compile("(?:" + _alternatives(_LABEL_TERMS) + r")\b")


class _Chunk:
    """A chunk of values joined between separators, lower-cased and indexed only when needed."""

    def __init__(self, values: Sequence[str], weights: Sequence[int] | None) -> None:
        self.values, self.weights = values, weights
        self.joined = SEPARATOR + SEPARATOR.join(values) + SEPARATOR
        self._lowered: str | None = None
        self._starts: list[int] | None = None

    @property
    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = self.joined.lower()
        return self._lowered

    def index_at(self, position: int) -> int:
        if self._starts is None:
            self._starts = value_starts(self.values, 1)
        return bisect_right(self._starts, position) - 1

    def weight(self, index: int) -> int:
        return self.weights[index] if self.weights else 1


def could_hold_terms(shapes: Iterable[str], labels: bool = False) -> bool:
    """Whether values of these shapes (recognisers.shape) could be or mention a category term: without one,
    categories_in_chunk would find none, and the values need not be looked at. `labels`: the values are a
    column's distinct values, where any word may be a label term."""
    if labels:
        return any("a" in text for text in shapes)
    return any(_TERM_SHAPED_VALUE.fullmatch(text) or (" " in text and len(text) > FREE_TEXT_MIN_LENGTH)
               for text in shapes)


def categories_in_chunk(values: Sequence[str], weights: Sequence[int] | None = None
                        ) -> tuple[Counter[str], Counter[str]]:
    """For a chunk of one column's values (without separators): how many values are wholly a category term,
    and how many free-text values (longer, with spaces) mention a category (FREE_TEXT_TERMS), once per
    value and category. `weights`: how many rows each value stands for (default one each)."""
    chunk = _Chunk(values, weights)
    return _whole_terms(chunk), _labels(chunk) if weights else _contained_terms(chunk)


def _whole_terms(chunk: _Chunk) -> Counter[str]:
    whole: Counter[str] = Counter()
    if _TERM_SHAPED.search(shape(chunk.joined)):
        for found in _WHOLE_VALUE.finditer(chunk.lowered):
            whole[_TERMS[" ".join(found.group(1).split())]] += chunk.weight(chunk.index_at(found.start() + 1))
    return whole


def _contained_terms(chunk: _Chunk) -> Counter[str]:
    contained: Counter[str] = Counter()
    if " " not in chunk.joined or max(map(len, chunk.values), default=0) <= FREE_TEXT_MIN_LENGTH:
        return contained
    seen: set[tuple[int, str]] = set()
    text = chunk.lowered
    for found in _FREE_TEXT.finditer(text):
        begin = found.start()
        if text[begin - 1].isalnum() or text[begin - 1] == "_":
            continue
        index = chunk.index_at(begin)
        value = chunk.values[index]
        if len(value) > FREE_TEXT_MIN_LENGTH and " " in value:
            seen.add((index, _FREE_TEXT_TERMS[" ".join(found.group().split())]))
    for index, category in seen:
        contained[category] += chunk.weight(index)
    return contained


@dataclass(frozen=True)
class SpecialFinding:
    category: str
    rows: int  # how many rows show it


def _labels(chunk: _Chunk) -> Counter[str]:
    """In a chunk of a column's distinct values, each standing for its rows: the values that mention a
    category, whatever their length."""
    contained: Counter[str] = Counter()
    if not _LABEL.search(chunk.lowered):
        return contained  # one search over the whole chunk, in C, usually settles it
    for index, value in enumerate(chunk.values):
        lowered = value.lower()
        if " ".join(lowered.split()) in _TERMS:
            continue  # a whole term, counted as such
        found = {_LABEL_TERMS[" ".join(match.group().split())] for match in _LABEL.finditer(lowered)
                 if not _inside_a_word(lowered, match.start())}
        for category in found:
            contained[category] += chunk.weight(index)
    return contained


def _inside_a_word(text: str, position: int) -> bool:
    return position > 0 and (text[position - 1].isalnum() or text[position - 1] == "_")


def category_from_values(whole: dict[str, int], contained: dict[str, int], rows: int,
                         free_text: bool = False) -> SpecialFinding | None:
    """The category a column's values show: a good share of category labels; in free text, any row
    mentioning one; in other longer values, a small share mentioning one (the most often mentioned wins)."""
    if rows == 0:
        return None
    if whole:
        category, count = max(whole.items(), key=lambda item: item[1])
        if count >= MIN_ROWS and count / rows >= CATEGORICAL_SHARE:
            return SpecialFinding(category, count)
    if contained:
        category, count = max(contained.items(), key=lambda item: (item[1], item[0]))
        if free_text or (count >= MIN_ROWS and count / rows >= CONTAINED_SHARE):
            return SpecialFinding(category, count)
    return None
