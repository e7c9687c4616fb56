"""Code outside the questionnaire engine never names a question of the shipped questionnaire by id: it asks
for a role (governance/questionnaire/roles.py), so renaming a question in the file cannot break it silently."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

PACKAGE = Path(__file__).resolve().parents[2] / "governance"
SHIPPED = PACKAGE.parent / "questionnaires" / "ai-use-case-assessment" / "1.0.yaml"
ENGINE = PACKAGE / "questionnaire"
# Words that happen to equal an id but mean something else where they appear. Keep this short.
UNRELATED = {
    # The public register entry's own keys (register entry format and its JSON Schema).
    ("register/atrs.py", "suppliers"), ("register/importing.py", "suppliers"), ("register/schema.py", "suppliers"),
    ("register/services.py", "suppliers"),
    # The record snapshot's risk section, and the review queue's sort by risk.
    ("records/snapshot.py", "risk"), ("reviews/services.py", "risk"),
    # A condition's owner in a decision record.
    ("reviews/recording.py", "owner"),
    # spaCy's configuration key for its language models.
    ("scanning/ner.py", "models"),
}


def _shipped_ids() -> set[str]:
    document = yaml.safe_load(SHIPPED.read_text())
    ids = set()
    for section in document["sections"]:
        for question in section["questions"]:
            ids.add(question["id"])
            ids.update(field["id"] for field in question.get("fields", ()))
    return ids


def test_no_module_outside_the_engine_names_a_question_or_list_field_by_id() -> None:
    ids = _shipped_ids()
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(ENGINE):
            continue
        relative = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Constant) and node.value in ids and (relative, node.value) not in UNRELATED:
                found.add(f"{relative}:{node.lineno}: '{node.value}'")

    assert sorted(found) == [], "use governance.questionnaire.roles instead of question ids"
