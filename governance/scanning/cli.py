"""`governance scan FILE... [--json]`: the personal-data scanner on the command line.

Pure of the web app: it needs no database and no configuration, so it works on a laptop."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from governance.scanning.analysis import FileReport, scan_file
from governance.scanning.readers import UnreadableInput

NO_NER_NOTE = "Names and places were not looked for (no language model was used)."


@click.command("scan")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (the stable contract).")
@click.option("--no-ner", is_flag=True, help="Look for identifiers only, not names and places (faster).")
def scan_command(files: tuple[Path, ...], as_json: bool, no_ner: bool) -> None:
    """Report which columns of FILES hold personal or special category data."""
    reports = []
    show_progress = not as_json and sys.stderr.isatty()
    for path in files:
        progress = (lambda rows, name=path.name: click.echo(f"\r{name}: {rows:,} rows scanned", nl=False, err=True)
                    ) if show_progress else None
        try:
            reports.append(scan_file(path, str(path), progress, use_ner=not no_ner))
        except UnreadableInput as error:
            click.echo(f"governance scan: {path}: {error}", err=True)
            sys.exit(2)
        if show_progress:
            click.echo("", err=True)
    if as_json:
        click.echo(json.dumps({"files": [report.to_json() for report in reports]}, indent=2))
        return
    for report in reports:
        _print_table(report)


def _print_table(report: FileReport) -> None:
    click.echo(f"{report.file}: {report.rows_total:,} rows ({report.format})")
    if not report.ner:
        click.echo(f"  {NO_NER_NOTE}")
    flagged = [column for column in report.columns if column.entities or column.special_category or column.free_text]
    if not flagged:
        click.echo("  No personal data found.")
    width = max((len(column.name) for column in flagged), default=0)
    for column in flagged:
        found = ", ".join(f"{entity.type} {entity.share:.1%}" for entity in column.entities)
        special = f" [special category: {column.special_category}]" if column.special_category else ""
        free_text = " [free text]" if column.free_text else ""
        click.echo(f"  {column.name:<{width}}  {found}{special}{free_text}")
