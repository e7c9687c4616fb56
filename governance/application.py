"""The web application: configuration, extensions, blueprints and the records' signing set-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from governance import db, logs, security, throttling
from governance.accounts.models import Role
from governance.config import Environment, load_settings
from governance.errors import register_error_handlers
from governance.extensions import csrf, login_manager
from governance.notifications import delivery
from governance.questionnaire.loader import load_all
from governance.records.render import long_date


def create_app(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Flask:
    """Build the app. `environ` replaces os.environ (tests); `overrides` win over everything."""
    values = dict(os.environ if environ is None else environ)
    instance_path = Path(values.get("GOVERNANCE_INSTANCE_PATH") or _default_instance_path()).resolve()
    app = Flask(__name__, instance_path=str(instance_path))
    app.config.update(load_settings(Environment(values, instance_path)))
    app.config.update(overrides or {})

    if not app.config.get("TESTING"):
        logs.configure_logging(values.get("LOG_LEVEL", "INFO"))
    # A questionnaire file that fails validation stops the app here, naming the file and the problem.
    app.extensions["questionnaires"] = load_all(Path(app.config["QUESTIONNAIRES_PATH"]))
    _configure_templates(app)
    # after_request hooks run in reverse: headers, then the request log, then the commit.
    db.init_app(app)
    logs.init_app(app)
    security.init_app(app)
    csrf.init_app(app)
    _configure_sign_in(app)
    register_error_handlers(app)
    _register_blueprints(app)
    throttling.init_app(app)
    _configure_records(app, values)
    delivery.init_app(app)
    return app


def _configure_records(app: Flask, environ: Mapping[str, str]) -> None:
    from governance.records.certificates import SigningSetup
    from governance.records.keys import read_certificates

    secrets = app.config.get("SIGNING_SECRETS_DIR")
    authorities = app.config.get("TIMESTAMP_CA_FILE")
    app.extensions["records.signing"] = SigningSetup(
        instance_path=Path(app.instance_path), production=app.config["GOVERNANCE_ENV"] == "production",
        environ=environ, secrets_dir=Path(secrets) if secrets else None, timestamp_url=app.config.get("TIMESTAMP_URL"),
        timestamp_roots=read_certificates(Path(authorities)) if authorities else ())


def _default_instance_path() -> Path:
    # An editable install (make run) keeps instance/ beside the project, where make expects it.
    return Path(__file__).resolve().parent.parent / "instance"


def _configure_templates(app: Flask) -> None:
    app.jinja_env.loader = ChoiceLoader(
        [
            PackageLoader("governance", "templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    app.jinja_env.globals["Role"] = Role
    app.jinja_env.filters["long_date"] = long_date


def _configure_sign_in(app: Flask) -> None:
    from governance.accounts import sessions

    login_manager.init_app(app)
    sessions.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from governance.accounts.admin_views import admin
    from governance.accounts.views import accounts
    from governance.assessments import evidence_views, sample_data_views  # noqa: F401 - add their routes
    from governance.assessments.views import assessments
    from governance.pages import pages
    from governance.records import certificate_views  # noqa: F401 - adds its route to the blueprint
    from governance.records.views import records
    from governance.register import publish_views  # noqa: F401 - adds its routes to the blueprint
    from governance.register.views import register
    from governance.reviews import register_views  # noqa: F401 - adds its routes to the blueprint
    from governance.reviews.views import reviews

    app.register_blueprint(pages)
    app.register_blueprint(accounts)
    app.register_blueprint(admin)
    app.register_blueprint(assessments)
    app.register_blueprint(reviews)
    app.register_blueprint(records)
    app.register_blueprint(register)
