"""The `governance` command: Flask's own (run, shell, routes) and the service's.

It starts without Flask, the database or the language model: each command's module is imported only when
that command runs, and the application is built only by commands that need it. So `governance --help` and
a pattern-only `governance scan` start at once.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# name: (where the command lives, its one-line help). The help is here so `--help` imports nothing;
# tests/unit/test_cli_start.py checks each line against the command's own.
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": ("governance.assessments.cli:assess_command",
               "Explain the risk of the answers in ANSWERS_FILE (YAML, keyed by question id)."),
    "audit": ("governance.operator_cli:audit", "The audit log."),
    "db": ("governance.operator_cli:db", "Database migrations."),
    "demo": ("governance.operator_cli:demo", "Demonstration data for trying the service locally."),
    "keys": ("governance.records.cli:keys_group", "Signing certificates for decision records."),
    "notifications": ("governance.notifications.cli:notifications_group", "Emails to officers and digital leads."),
    "organisations": ("governance.operator_cli:organisations", "Organisations sharing this instance."),
    "questionnaires": ("governance.assessments.cli:questionnaires_group", "Questionnaire files."),
    "register": ("governance.register.cli:register_group", "The public register."),
    "reminders": ("governance.reviews.cli:reminders_group", "Reminders about reviews and conditions."),
    "routes": ("flask.cli:routes_command", "Show the routes for the app."),
    "run": ("flask.cli:run_command", "Run a development server."),
    "scan": ("governance.scanning.cli:scan_command",
             "Report which columns of FILES hold personal or special category data."),
    "shell": ("flask.cli:shell_command", "Run a shell in the app context."),
    "users": ("governance.operator_cli:users", "User accounts."),
    "verify": ("governance.records.cli:verify_command",
               "Exit 0 if PDF is a genuine, unaltered and current decision record; 3 if it is intact but signed "
               "with a development certificate (not an official record); 1 otherwise, with the reason."),
}
# Commands that never touch the application, so need no Flask at all.
WITHOUT_THE_APP = frozenset({"scan"})


def _create_app() -> Any:
    from governance.application import create_app

    return create_app()


class Commands(click.Group):
    """Finds a command's module only when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in WITHOUT_THE_APP:
            _offer_the_app(ctx)
        module, name = COMMANDS[cmd_name][0].split(":")
        command: click.Command = getattr(importlib.import_module(module), name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Shortened as click shortens a command's own help in this list.
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        with formatter.section("Commands"):
            formatter.write_dl([(name, click.Command(name, help=short_help).get_short_help_str(limit))
                                for name, (_where, short_help) in sorted(COMMANDS.items())])


def _offer_the_app(ctx: click.Context) -> None:
    """What Flask's commands look for to build the app (a caller, such as a test, may have given its own)."""
    from flask.cli import ScriptInfo

    root = ctx.find_root()
    if not isinstance(root.obj, ScriptInfo):
        root.obj = ScriptInfo(create_app=_create_app)
    ctx.obj = root.obj


@click.group(cls=Commands)
def main() -> None:
    """Assess AI use cases, record decisions, publish the algorithm register."""


if __name__ == "__main__":
    main()
