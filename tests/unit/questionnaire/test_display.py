"""Answers as people read them: chosen options in the order the question lists them."""

from __future__ import annotations

from governance.questionnaire.display import answer_lines
from governance.questionnaire.model import Questionnaire


def test_options_read_in_the_questions_order_whatever_order_they_were_found_in(shipped: Questionnaire) -> None:
    kinds = shipped.question("personal-data-categories")
    assert kinds is not None

    # A scan suggests them in the order it found them: contact details first, free text last.
    lines = answer_lines(kinds, ["case-notes", "contact", "identifiers"])

    assert lines == ["Names and reference numbers", "Contact details", "Free-text case notes, emails or letters"]
    assert answer_lines(kinds, ["contact", "retired-value"]) == ["Contact details", "retired-value"]
