"""The governance command: organisations, users and demo data."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy import select

from governance.accounts.models import Organisation, Role, User
from governance.assessments.models import UseCase
from governance.cli import main
from governance.db import transaction
from governance.register.models import RegisterEntry
from tests.helpers import PageClient


def _run(app: Flask, args: list[str], stdin: str | None = None):
    return app.test_cli_runner().invoke(main, args, input=stdin, obj=ScriptInfo(create_app=lambda: app))


def test_create_organisation_and_user_from_the_command_line(app: Flask, pages: PageClient) -> None:
    created = _run(app, ["organisations", "create", "--name", "Eastshire Council", "--slug", "eastshire"])
    user = _run(app, ["users", "create", "--email", "Chief@Eastshire.gov.uk", "--name", "Chief Admin",
                      "--org", "eastshire", "--role", "admin", "--role", "ig_officer", "--password-stdin"],
                stdin="plum whistle canyon\n")

    assert created.exit_code == 0, created.output
    assert user.exit_code == 0, user.output
    with app.app_context(), transaction() as session:
        account = session.scalar(select(User).where(User.email == "chief@eastshire.gov.uk"))
        assert account.roles == {Role.ADMIN, Role.IG_OFFICER}
        assert account.organisation.atrs_organisation_type == "Local authority"
    pages.sign_in("chief@eastshire.gov.uk", "plum whistle canyon")


def test_user_creation_refuses_weak_passwords_and_unknown_organisations(app: Flask) -> None:
    _run(app, ["organisations", "create", "--name", "Eastshire Council", "--slug", "eastshire"])

    weak = _run(app, ["users", "create", "--email", "a@e.gov.uk", "--name", "A", "--org", "eastshire",
                      "--role", "admin", "--password-stdin"], stdin="password1234\n")
    unknown = _run(app, ["users", "create", "--email", "a@e.gov.uk", "--name", "A", "--org", "nowhere",
                         "--role", "admin", "--password-stdin"], stdin="plum whistle canyon\n")

    assert weak.exit_code == 1 and "too common" in weak.output
    assert unknown.exit_code == 1 and "No organisation with slug 'nowhere'" in unknown.output


def test_the_operator_is_told_an_address_is_taken_whichever_organisation_has_it(app: Flask) -> None:
    """Unlike an administrator, the operator runs the whole instance and may know where an address is used."""
    _run(app, ["organisations", "create", "--name", "Eastshire Council", "--slug", "eastshire"])
    _run(app, ["organisations", "create", "--name", "Westshire Council", "--slug", "westshire"])
    command = ["users", "create", "--email", "kim@eastshire.gov.uk", "--name", "Kim", "--role", "admin",
               "--password-stdin"]
    _run(app, [*command, "--org", "eastshire"], stdin="plum whistle canyon\n")

    again = _run(app, [*command, "--org", "westshire"], stdin="plum whistle canyon\n")

    assert again.exit_code == 1 and "An account with this email address already exists" in again.output


def test_organisation_slug_must_be_valid_and_unique(app: Flask) -> None:
    bad = _run(app, ["organisations", "create", "--name", "X", "--slug", "Not Valid"])
    _run(app, ["organisations", "create", "--name", "X", "--slug", "valid"])
    again = _run(app, ["organisations", "create", "--name", "Y", "--slug", "valid"])

    assert bad.exit_code == 1 and "lowercase letters" in bad.output
    assert again.exit_code == 1 and "already exists" in again.output


def test_demo_seed_is_idempotent_and_its_credentials_sign_in(app: Flask, pages: PageClient) -> None:
    first = _run(app, ["demo", "seed"])
    second = _run(app, ["demo", "seed"])

    assert first.exit_code == 0, first.output
    assert first.output == second.output
    credentials = Path(app.instance_path) / "demo-credentials.json"
    assert oct(credentials.stat().st_mode & 0o777) == "0o600"
    with app.app_context(), transaction() as session:
        assert len(session.scalars(select(Organisation)).all()) == 1
        assert len(session.scalars(select(User)).all()) == 3
        assert sorted(use_case.latest.status for use_case in session.scalars(select(UseCase))) == [
            "published", "submitted"]
    assert "Planning enquiry triage" in pages.get("/register").text("#results ~ ul")
    with app.app_context(), transaction() as session:  # the internal pages say what the public entry says
        published = session.scalars(select(RegisterEntry)).one()
        assert published.function and session.get(UseCase, published.use_case_id).service_area == published.function
    for line in first.output.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] == "password:":
            pages.sign_in(parts[1], parts[3])
            pages.sign_out()


def test_demo_seed_refuses_production(app: Flask) -> None:
    app.config["GOVERNANCE_ENV"] = "production"

    result = _run(app, ["demo", "seed"])

    assert result.exit_code == 1
    assert "not created in production" in result.output


def test_the_operator_sets_shows_and_clears_an_organisations_email_domains(app: Flask) -> None:
    _run(app, ["organisations", "create", "--name", "Eastshire Council", "--slug", "eastshire"])
    _run(app, ["organisations", "create", "--name", "Westshire Council", "--slug", "westshire"])

    set_ = _run(app, ["organisations", "domains", "eastshire", "Eastshire.gov.uk", "@mail.eastshire.gov.uk"])
    shown = _run(app, ["organisations", "domains", "eastshire"])
    taken = _run(app, ["organisations", "domains", "westshire", "eastshire.gov.uk"])
    cleared = _run(app, ["organisations", "domains", "eastshire", "--clear"])
    unknown = _run(app, ["organisations", "domains", "nowhere", "x.gov.uk"])

    assert set_.exit_code == 0 and set_.output.strip() == "eastshire: eastshire.gov.uk, mail.eastshire.gov.uk"
    assert shown.output.split() == ["eastshire.gov.uk", "mail.eastshire.gov.uk"]
    assert taken.exit_code == 1 and "already a domain of another organisation" in taken.output
    assert cleared.exit_code == 0 and "no email domains" in cleared.output
    assert unknown.exit_code == 1 and "No organisation has the short name nowhere" in unknown.output
