"""Free text: a column whose values are sentences someone typed (case notes, comments, repair
descriptions), not codes, names, addresses or category labels. Pure.

Free text matters on its own: whatever is in it today, people write health, family and money details
into notes that nobody planned to share with the tool.
"""

from __future__ import annotations

from collections.abc import Sequence

# Words that hold sentences together. Names of places, firms and posts use the first kind too ("Fosters
# Roofing and Guttering of Kent"), so a sentence needs one of the second kind: verbs, pronouns, "to".
NAME_WORDS = frozenset("a an the and of in on at for &".split())
SENTENCE_WORDS = frozenset(
    "or but if so as by from into to with about after before since until "
    "is are was were be been being has have had will would can could should cannot not no "
    "he she they we i you it his her their our my your him them this that who which there".split())
MIN_WORDS = 5
MIN_FUNCTION_WORDS = 2
# A column is free text when at least this share of its (sampled, filled) values are sentences...
MIN_PROSE_SHARE = 0.3
# ...and its values are not a handful repeated down the column (that is a category, however wordy).
MIN_DISTINCT_SHARE = 0.2
PUNCTUATION = ".,;:!?()[]\"'-/"


def is_sentence(value: str) -> bool:
    words = [word.strip(PUNCTUATION) for word in value.lower().split()]
    if len(words) < MIN_WORDS:
        return False
    sentence = sum(word in SENTENCE_WORDS for word in words)
    return sentence >= 1 and sentence + sum(word in NAME_WORDS for word in words) >= MIN_FUNCTION_WORDS


def is_free_text(values: Sequence[str]) -> bool:
    """Whether a column's sampled values are free text."""
    filled = [value for value in values if value.strip()]
    if not filled or len(set(filled)) < MIN_DISTINCT_SHARE * len(filled):
        return False
    return sum(map(is_sentence, filled)) >= MIN_PROSE_SHARE * len(filled)
