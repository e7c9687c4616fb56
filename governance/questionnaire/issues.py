"""Validation problems: a stable code, a message for the author, and where in which file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ValidationIssue:
    code: str
    message: str
    path: str = ""
    file: str = ""

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        at = f" (at {self.path})" if self.path else ""
        return f"{where}{self.code}{at}: {self.message}"


class QuestionnaireInvalid(Exception):
    """A questionnaire file failed validation; the service must not start with it."""

    def __init__(self, issues: Sequence[ValidationIssue]) -> None:
        super().__init__("\n".join(str(issue) for issue in issues))
        self.issues = tuple(issues)


def path_of(parts: Iterable[str | int]) -> str:
    """['sections', 2, 'questions', 0, 'id'] -> 'sections[2].questions[0].id'."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
