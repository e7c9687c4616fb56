"""Answers as a person reads them, as plain lines of text. Pure: the page escapes them, the record prints them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from governance.questionnaire.model import Question


def answer_lines(question: Question, value: Any) -> list[str]:
    """Option labels, dates in words, numbers with separators, one line per list row."""
    if question.options:
        selected = value if isinstance(value, list) else [value]
        # In the order the question lists them, whatever order they were given in (a scan's suggestions).
        known = [option.label for option in question.options if option.value in selected]
        return known + [str(item) for item in selected if question.option(item) is None]
    if question.type == "date" and isinstance(value, str):
        return [dt.date.fromisoformat(value).strftime("%-d %B %Y")]
    if question.type == "number" and isinstance(value, int | float):
        return [f"{value:,}"]
    if question.type == "list" and isinstance(value, list):
        return ["; ".join(f"{field.label}: {row[field.id]}" for field in question.fields if row.get(field.id))
                for row in value]
    return str(value).splitlines()
