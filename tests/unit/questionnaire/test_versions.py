"""Which version new use cases get: the highest released one; a draft of the next waits for its release."""

from __future__ import annotations

from pathlib import Path

from governance.questionnaire.loader import latest, load_all
from tests.questionnaire_copies import NEXT_FILE, SHIPPED_FILE, questionnaires_folder


def _with_draft(root: Path, version: str) -> Path:
    folder = questionnaires_folder(root, SHIPPED_FILE.read_text())
    draft = NEXT_FILE.read_text().replace('version: "1.1"', f'version: "{version}"', 1)
    (folder / "ai-use-case-assessment" / f"{version}.yaml").write_text(draft)
    return folder


def test_a_draft_next_version_is_loaded_but_not_given_to_new_use_cases(tmp_path: Path) -> None:
    loaded = load_all(_with_draft(tmp_path / "questionnaires", "1.10"))

    assert {key: item.released for key, item in loaded.items()} == {
        "ai-use-case-assessment@1.0": True, "ai-use-case-assessment@1.10": False}
    chosen = latest(loaded, "ai-use-case-assessment")
    assert chosen is not None and chosen.version == "1.0"


def test_once_released_the_highest_version_is_given_numerically(tmp_path: Path) -> None:
    import hashlib

    folder = _with_draft(tmp_path / "questionnaires", "1.10")
    (folder / "ai-use-case-assessment" / "1.9.yaml").write_text(
        NEXT_FILE.read_text().replace('version: "1.1"', 'version: "1.9"', 1))
    lock = folder / "RELEASED.lock"
    for version in ("1.9", "1.10"):
        digest = hashlib.sha256((folder / "ai-use-case-assessment" / f"{version}.yaml").read_bytes()).hexdigest()
        lock.write_text(lock.read_text() + f"ai-use-case-assessment/{version}.yaml {digest}\n")

    chosen = latest(load_all(folder), "ai-use-case-assessment")

    assert chosen is not None and chosen.version == "1.10"


def test_with_nothing_released_the_highest_draft_is_used(tmp_path: Path) -> None:
    folder = _with_draft(tmp_path / "questionnaires", "1.1")
    (folder / "RELEASED.lock").write_text("# nothing released yet\n")

    chosen = latest(load_all(folder), "ai-use-case-assessment")

    assert chosen is not None and chosen.version == "1.1" and not chosen.released
