"""The `governance` command starts without the application: `--help` and a pattern-only scan import no
web framework, database library or language model, and the help it prints is each command's own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from governance.cli import COMMANDS, main

HEAVY = ("flask", "sqlalchemy", "presidio_analyzer", "spacy", "weasyprint", "pyhanko")


def _modules_loaded_by(code: str) -> list[str]:
    """Run `code` in a fresh interpreter; which of HEAVY it imported."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(finished.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_listed_help_is_the_commands_own(name: str) -> None:
    with click.Context(main) as context:
        command = main.get_command(context, name)

    assert command is not None
    assert command.get_short_help_str(limit=1000) == COMMANDS[name][1]


def test_help_imports_nothing_heavy() -> None:
    loaded = _modules_loaded_by(
        "from governance.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass")

    assert loaded == []


def test_a_pattern_only_scan_imports_nothing_heavy(tmp_path: Path) -> None:
    extract = tmp_path / "residents.csv"
    extract.write_text("name,nhs_number,email\nAnn Smith,943 476 5919,ann@example.com\n")

    loaded = _modules_loaded_by(
        f"from governance.cli import main\ntry:\n    main(['scan', '--no-ner', '--json', {str(extract)!r}])\n"
        "except SystemExit:\n    pass")

    assert loaded == []


def test_commands_that_need_the_application_still_build_it(tmp_path: Path) -> None:
    finished = subprocess.run([sys.executable, "-m", "governance.cli", "routes"], capture_output=True, text=True,
                              env={"GOVERNANCE_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"})

    assert finished.returncode == 0, finished.stderr
    assert "/check-a-record" in finished.stdout
