"""`governance questionnaires validate` and `governance assess`: the questionnaire engine on the command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import NoReturn

import click
import yaml
from flask import current_app
from flask.cli import with_appcontext

from governance.config import PROJECT_ROOT
from governance.questionnaire.answers import answer_problems, from_yaml
from governance.questionnaire.loader import SCHEMA_DIR_NAME, latest, questionnaire_files, validate_file
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import assess


def questionnaires_root() -> Path:
    # Not from the app: validate must work when an invalid file keeps the app from starting.
    return Path(os.environ.get("QUESTIONNAIRES_PATH") or PROJECT_ROOT / "questionnaires")


@click.group("questionnaires")
def questionnaires_group() -> None:
    """Questionnaire files."""


@questionnaires_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check questionnaire files (default: every file in questionnaires/). Exit 1 on any problem."""
    root = questionnaires_root()
    files: list[Path] = []
    for path in paths or (root,):
        files += questionnaire_files(path) if path.is_dir() else [path]
    problems = 0
    for path in files:
        # Files in the questionnaires/<id>/ layout must also match their folder and file name.
        in_layout = (path.parent.parent / SCHEMA_DIR_NAME).is_dir()
        questionnaire, issues = validate_file(path, root / SCHEMA_DIR_NAME, check_location=in_layout)
        for issue in issues:
            click.echo(str(issue), err=True)
        problems += len(issues)
        if questionnaire is not None:
            click.echo(f"{path}: valid ({questionnaire.key}, {len(questionnaire.questions)} questions)")
    if problems:
        click.echo(f"{problems} problem(s) found.", err=True)
        sys.exit(1)


@click.command("assess")
@click.argument("answers_file", type=click.Path(path_type=Path))
@click.option("--questionnaire", "key", default=None,
              help="id or id@version of the questionnaire (default: the latest of DEFAULT_QUESTIONNAIRE).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@with_appcontext
def assess_command(answers_file: Path, key: str | None, as_json: bool) -> None:
    """Explain the risk of the answers in ANSWERS_FILE (YAML, keyed by question id)."""
    key = key or current_app.config["DEFAULT_QUESTIONNAIRE"]
    questionnaires: dict[str, Questionnaire] = current_app.extensions["questionnaires"]
    questionnaire = questionnaires.get(key) if "@" in key else latest(questionnaires, key)
    if questionnaire is None:
        _fail(f"no questionnaire '{key}'")
    try:
        raw = yaml.safe_load(answers_file.read_text()) or {}
    except (OSError, yaml.YAMLError) as error:
        _fail(f"cannot read {answers_file}: {getattr(error, 'strerror', None) or error}")
    if not isinstance(raw, dict):
        _fail(f"{answers_file} must map question ids to answers")
    answers = from_yaml(questionnaire, raw)
    problems = answer_problems(questionnaire, answers)
    if problems:
        _fail("; ".join(problems))
    result = assess(questionnaire, answers)
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2))
        return
    click.echo(f"{questionnaire.title} ({questionnaire.key})")
    click.echo(f"Impact level {result.level} ({result.level_label}), score {result.score:g}")
    click.echo(f"Required actions: {', '.join(result.required_actions) or 'none'}")
    for title, findings in (("Stops", result.stops), ("Blockers", result.blockers)):
        for finding in findings:
            click.echo(f"{title[:-1]}: {finding.question}: {finding.reason}")
    for reason in result.reasons:
        flag = f" [{reason.flag}]" if reason.flag else ""
        click.echo(f"  {reason.points:+g}{flag} {reason.question}={reason.answer}: {reason.text or ''}")
        if reason.source:
            click.echo(f"    Source: {reason.source.title} ({reason.source.url})")


def _fail(message: str) -> NoReturn:
    click.echo(f"governance assess: {message}", err=True)
    sys.exit(2)
