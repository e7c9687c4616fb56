"""The operator's commands: database, organisations, users, the audit log and demonstration data. Each runs
inside the application (AppGroup pushes its context)."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from governance import migrate
from governance.accounts import services
from governance.accounts.models import ATRS_ORGANISATION_TYPES, Role
from governance.audit_verification import verify_audit_log
from governance.database_roles import RoleRefused, application_tables, grant_service_role, service_role_grants
from governance.db import transaction


@click.group(cls=AppGroup)
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: the latest)."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database migrated to {revision}.")


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Migrate the database back to REVISION (for example 'base')."""
    migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Database migrated back to {revision}.")


@db.command("check")
def db_check() -> None:
    """Exit 1 if the models and the migrated database disagree."""
    differences = migrate.drift(current_app.config["DATABASE_URL"])
    for difference in differences:
        click.echo(f"drift: {difference}", err=True)
    if differences:
        sys.exit(1)
    click.echo("Models and migrations agree.")


@db.command("grant-service-role")
@click.argument("role")
@click.option("--sql", "print_only", is_flag=True,
              help="Print the statements (for schema public) instead of running them.")
def db_grant_service_role(role: str, print_only: bool) -> None:
    """Give ROLE, the PostgreSQL role of the service's own DATABASE_URL, only the privileges the service needs:
    it can add audit events but never change, delete or truncate them. Run as the database's owner (who runs
    `db upgrade`), after every upgrade."""
    if print_only:
        for statement in service_role_grants(role, "public", application_tables()):
            click.echo(f"{statement};")
        return
    try:
        grant_service_role(current_app.config["DATABASE_URL"], role)
    except RoleRefused as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{role} has the service's privileges: it can add audit events but not change, delete or "
               "truncate them.")


@click.group(cls=AppGroup)
def organisations() -> None:
    """Organisations sharing this instance."""


@organisations.command("create")
@click.option("--name", required=True)
@click.option("--slug", required=True, help="Short name for web addresses, e.g. 'camden'.")
@click.option("--type", "organisation_type", type=click.Choice(ATRS_ORGANISATION_TYPES), default="Local authority")
@click.option("--website")
@click.option("--contact-email")
def organisations_create(name: str, slug: str, organisation_type: str, website: str | None,
                         contact_email: str | None) -> None:
    """Create an organisation."""
    with transaction() as session:
        try:
            services.create_organisation(session, name=name, slug=slug, atrs_organisation_type=organisation_type,
                                         website=website, contact_email=contact_email)
        except services.AccountError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"Created organisation {slug}.")


@organisations.command("domains")
@click.argument("slug")
@click.argument("domains", nargs=-1)
@click.option("--clear", is_flag=True, help="Remove every domain (administrators may then add any address).")
def organisations_domains(slug: str, domains: tuple[str, ...], clear: bool) -> None:
    """Set the email domains of SLUG's staff, replacing any before, e.g. `southshire.gov.uk`. Its administrators
    then add accounts only at these domains; with none given, print them."""
    with transaction() as session:
        organisation = services.find_organisation_by_slug(session, slug)
        if organisation is None:
            raise click.ClickException(f"No organisation has the short name {slug}")
        if not domains and not clear:
            click.echo("\n".join(organisation.domain_names) or f"{slug} has no email domains.")
            return
        try:
            chosen = services.set_email_domains(session, organisation, () if clear else domains)
        except services.AccountError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"{slug}: " + (", ".join(chosen) if chosen else "no email domains"))


@click.group(cls=AppGroup)
def users() -> None:
    """User accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([role.value for role in Role]))
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from standard input, so it never appears in the process list or history.")
def users_create(email: str, name: str, org_slug: str, roles: tuple[str, ...], password_stdin: bool) -> None:
    """Create a user account."""
    password = sys.stdin.readline().rstrip("\r\n")
    with transaction() as session:
        organisation = services.find_organisation_by_slug(session, org_slug)
        if organisation is None:
            raise click.ClickException(f"No organisation with slug {org_slug!r}")
        try:
            services.create_user(session, organisation=organisation, email=email, name=name,
                                 roles=[Role(role) for role in roles], password=password)
        except services.AccountError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"Created user {services.normalise_email(email)}.")


@click.group(cls=AppGroup)
def audit() -> None:
    """The audit log."""


@audit.command("verify")
def audit_verify() -> None:
    """Exit 0 if every audit chain is intact and complete; otherwise name the first broken event of each chain,
    each chain whose end is missing and each signed record whose events are missing."""
    with transaction() as session:
        verification = verify_audit_log(session)
    for chain_break in verification.breaks:
        click.echo(
            f"BROKEN: chain {chain_break.chain}, event id {chain_break.event_id} "
            f"(sequence {chain_break.sequence}): {chain_break.reason}",
            err=True,
        )
    for gap in verification.gaps:
        click.echo(f"MISSING: {gap}", err=True)
    if not verification.intact:
        sys.exit(1)
    click.echo(f"Audit log intact: {verification.events_checked} events checked; "
               f"{_count(verification.heads_checked, 'chain head')} and "
               f"{_count(verification.records_checked, 'signed record')} agree with it.")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@click.group(cls=AppGroup)
def demo() -> None:
    """Demonstration data for trying the service locally."""


@demo.command("seed")
@click.option("--url", default="http://127.0.0.1:5000/", help="Where the service will be served, to print.")
def demo_seed(url: str) -> None:
    """Create the demo organisation and one user per role (once), and print how to sign in."""
    from governance.demo import seed_demo, seed_demo_use_cases
    from governance.questionnaire.loader import latest
    from governance.records.services import RecordSettings

    if current_app.config["GOVERNANCE_ENV"] == "production":
        raise click.ClickException("Demo data is not created in production")
    questionnaire = latest(current_app.extensions["questionnaires"], current_app.config["DEFAULT_QUESTIONNAIRE"])
    with transaction() as session:
        credentials = seed_demo(session, current_app.instance_path)
        if questionnaire is not None:
            recording = RecordSettings(current_app.extensions["records.signing"], url.rstrip("/") + "/check-a-record")
            seed_demo_use_cases(session, questionnaire, recording, date.today())
    click.echo(f"\nThe service will be at {url}\nDemo accounts (organisation: Demo Borough Council):")
    for credential in credentials:
        click.echo(f"  {credential.role:<12} {credential.email:<28} password: {credential.password}")
    click.echo("")
