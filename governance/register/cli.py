"""`governance register import FILE|URL`: load another instance's register for "other councils" views."""

from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from governance.db import transaction
from governance.register.importing import ImportRefused, parse_register, read_source, store


@click.group("register")
def register_group() -> None:
    """The public register."""


@register_group.command("import")
@click.argument("location")
@click.option("--source", help="A name for where the entries come from (default: LOCATION).")
@click.option("--allow-private-addresses", is_flag=True,
              help="Allow an address on a loopback or private network (by default refused, redirects too).")
@with_appcontext
def register_import(location: str, source: str | None, allow_private_addresses: bool) -> None:
    """Import the entries of another instance's /register.json (a file or an http(s) address).

    Every entry is checked against the entry schema first; if any is wrong, nothing is imported and
    the problems are listed. Importing the same source again replaces its earlier entries."""
    try:
        parsed = parse_register(read_source(location, allow_private=allow_private_addresses))
    except ImportRefused as refused:
        click.echo(f"Nothing imported from {location}:", err=True)
        for problem in refused.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(2)
    with transaction() as session:
        imported, replaced = store(session, source or location, parsed)
    click.echo(f"Imported {imported} entr{'y' if imported == 1 else 'ies'} from {source or location}"
               + (f", replacing {replaced} imported before." if replaced else "."))
