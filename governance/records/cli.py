"""`governance keys init|install|show` and `governance verify FILE.pdf [--json]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from governance.accounts.services import find_organisation_by_slug
from governance.db import transaction
from governance.records.certificates import CertificateRefused, every_certificate_status, install_certificate
from governance.records.keys import DEVELOPMENT_FILE, create_development_certificate, load_credentials
from governance.records.services import check_record
from governance.records.verification import Outcome

# `governance verify` exit status for an intact record signed with a development certificate.
DEVELOPMENT_EXIT = 3


@click.group("keys")
def keys_group() -> None:
    """Signing certificates for decision records."""


@keys_group.command("init")
@click.option("--organisation", default="Development council", show_default=True,
              help="Organisation name in the certificate.")
@click.option("--folder", type=click.Path(path_type=Path), help="Where to write it (default: instance/signing).")
@click.option("--force", is_flag=True, help="Replace an existing development certificate.")
@with_appcontext
def keys_init(organisation: str, folder: Path | None, force: bool) -> None:
    """Create a development signing certificate. Records signed with it say so on their first page."""
    folder = folder or Path(current_app.instance_path) / "signing"
    if (folder / DEVELOPMENT_FILE).exists() and not force:
        click.echo(f"A development certificate already exists in {folder} (use --force to replace it).", err=True)
        sys.exit(1)
    bundle, password_file = create_development_certificate(folder, organisation)
    credentials = load_credentials(bundle, password_file.read_text())
    click.echo(f"Development certificate written to {bundle} (password in {password_file.name}, both readable "
               f"only by you).\nSHA-256 {credentials.certificate_sha256}\nNot for official records: in production "
               "install each organisation's own PKCS#12 with `governance keys install`.")


@keys_group.command("install")
@click.option("--organisation", "slug", required=True, help="The organisation's short name (slug).")
@click.argument("bundle", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@with_appcontext
def keys_install(slug: str, bundle: Path) -> None:
    """Make BUNDLE (PKCS#12) the certificate that signs the organisation's records. Its password comes from
    SIGNING_PASSWORD_<SLUG> or the file <slug>.password in SIGNING_SECRETS_DIR."""
    setup = current_app.extensions["records.signing"]
    with transaction() as session:
        organisation = find_organisation_by_slug(session, slug)
        if organisation is None:
            click.echo(f"No organisation has the short name {slug}.", err=True)
            sys.exit(2)
        try:
            credentials = install_certificate(session, setup, organisation, bundle.read_bytes(), actor=None)
        except CertificateRefused as error:
            click.echo(f"{error}.", err=True)
            sys.exit(1)
        click.echo(f"{organisation.name} now signs its records with {credentials.subject}, issued by "
                   f"{credentials.issuer}, valid until {credentials.valid_until:%-d %B %Y}.\n"
                   f"SHA-256 {credentials.certificate_sha256}")


@keys_group.command("show")
@with_appcontext
def keys_show() -> None:
    """Each organisation's signing certificate. Exit 1 when any organisation cannot sign its records or its
    certificate expires within 60 days, so a scheduled check can raise the alarm."""
    setup = current_app.extensions["records.signing"]
    alarm = False
    with transaction() as session:
        for organisation, status in every_certificate_status(session, setup):
            if status.problem:
                line = f"cannot sign: {status.problem}"
            elif status.subject is None:
                line = "a development certificate will be made when it first signs a record"
            else:
                kind = "development certificate" if status.development else "installed"
                line = f"{kind}, {status.subject}, valid until {status.valid_until:%-d %B %Y} ({status.days_left} days)"
            alarm = alarm or bool(status.problem) or status.expiring
            click.echo(f"{organisation.slug}: {line}")
    sys.exit(1 if alarm else 0)


@click.command("verify")
@click.argument("pdf", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@with_appcontext
def verify_command(pdf: Path, as_json: bool) -> None:
    """Exit 0 if PDF is a genuine, unaltered and current decision record; 3 if it is intact but signed with a
    development certificate (not an official record); 1 otherwise, with the reason."""
    try:
        content = pdf.read_bytes()
    except OSError as error:
        click.echo(f"cannot read {pdf}: {error.strerror or error}", err=True)
        sys.exit(1)
    with transaction() as session:
        result = check_record(session, content)
        number = result.record.number if result.record else None
    if as_json:
        click.echo(json.dumps({**result.verification.to_json(), "record_number": number,
                               "superseded_by": result.superseded_by}, indent=2))
    else:
        click.echo(f"{pdf.name}: {result.outcome.value.replace('_', ' ')}. {result.verification.explanation}"
                   + (f" Record {number}." if number else "")
                   + (f" Superseded by record {result.superseded_by}." if result.superseded_by else ""))
    sys.exit(0 if result.genuine else DEVELOPMENT_EXIT if result.outcome is Outcome.DEVELOPMENT else 1)
