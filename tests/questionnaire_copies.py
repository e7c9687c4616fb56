"""Copies of the shipped questionnaire in a questionnaires folder of their own, with its questions renamed:
the service must find what it needs by role, whatever the ids are."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent.parent / "questionnaires"
SHIPPED_FILE = SHIPPED / "ai-use-case-assessment" / "1.0.yaml"
# The version after 1.0: a copy of it stands for any later version (it meets the checks 1.0 predates).
NEXT_FILE = SHIPPED / "ai-use-case-assessment" / "1.1.yaml"
# Every question and list field that carries a role, under a new id.
RENAMED = {
    "suppliers": "organisations-involved", "supplier-name": "organisation-name",
    "models": "ai-models", "model-name": "ai-model-name", "model-provider": "ai-model-maker",
    "review-date": "next-review-on", "publication": "publish-the-record", "personal-data": "uses-personal-data",
    "personal-data-categories": "kinds-of-personal-data", "special-category-data": "sensitive-kinds-of-data",
}


def renamed_text(text: str, renames: Mapping[str, str] = RENAMED) -> str:
    """`text` with the questions and fields renamed where they are defined (`id:`) and used (`answer:`)."""
    for old, new in renames.items():
        text = re.sub(rf"(\b(?:id|answer): ){re.escape(old)}(?=[,}}\s]|$)", rf"\g<1>{new}", text, flags=re.M)
    return text


def without_lines(text: str, *lines: str) -> str:
    """`text` without each of these whole lines (for example '        role: supplier'), which must be there."""
    kept = text.splitlines(keepends=True)
    for line in lines:
        kept.remove(f"{line}\n")
    return "".join(kept)


def questionnaires_folder(root: Path, text: str) -> Path:
    """`root` laid out like questionnaires/ (schema and RELEASED.lock), holding `text` as the 1.0 file."""
    shutil.copytree(SHIPPED / "_schema", root / "_schema")
    shutil.copyfile(SHIPPED / "RELEASED.lock", root / "RELEASED.lock")
    (root / "ai-use-case-assessment").mkdir()
    (root / "ai-use-case-assessment" / "1.0.yaml").write_text(text)
    return root


def renamed_folder(root: Path) -> Path:
    return questionnaires_folder(root, renamed_text(SHIPPED_FILE.read_text()))
