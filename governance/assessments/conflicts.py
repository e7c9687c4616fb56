"""Saving from a page opened earlier: what the page remembers of the answer it showed, and the refusal when that
answer has changed since (another tab, or a colleague, saved it first). No request, no database.

The rule: a page carries the fingerprint of the stored answer it showed. A save is applied only while that answer
is still the one stored, or when it already equals what is being saved; otherwise nothing is saved and the person
is shown both answers. Answers to other questions never count, so two tabs answering different questions both
keep their answers (the services apply each save to the answers as they are now, under the assessment's row lock).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from governance.errors import DomainError
from governance.questionnaire.model import Question

# The hidden field a question page carries its fingerprint in; a post without it (a page opened before this
# field existed, a script) is saved as before, last one wins.
SEEN_FIELD = "seen_answer"


def fingerprint(answer: Any) -> str:
    """A short digest of a stored answer (None when unanswered); the same answer always gives the same one."""
    canonical = json.dumps(answer, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


class AssessmentChanged(DomainError):
    """The assessment changed after the page was opened, so nothing was saved from it."""


class AnswerConflict(AssessmentChanged):
    """The question's stored answer changed after the page was opened: `kept` is what is stored now,
    `refused` what this page tried to save (None when it was removing something)."""

    def __init__(self, question: Question, kept: Any, refused: Any) -> None:
        super().__init__(f"the answer to {question.id} changed after the page was opened")
        self.question = question
        self.kept = kept
        self.refused = refused


def refuse_if_changed(question: Question, stored: Any, seen: str | None, refused: Any) -> None:
    """Raise AnswerConflict when the page saw another answer than `stored` (no check when `seen` is None)."""
    if seen is not None and seen != fingerprint(stored):
        raise AnswerConflict(question, kept=stored, refused=refused)
