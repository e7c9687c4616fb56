"""Migrations: sequential ids, a working downgrade, and no drift from the models."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, create_engine, inspect

from governance import migrate
from governance.db import Base
from tests.conftest import create_postgres_database, drop_postgres_database, postgres_reachable, service_unavailable

VERSIONS = migrate.migrations_path() / "versions"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    problem = postgres_reachable()
    if problem:
        service_unavailable(problem)
    url = create_postgres_database("governance_migrations")
    yield url
    drop_postgres_database(url)


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_revision_ids_are_sequential_and_match_file_names() -> None:
    files = sorted(path for path in VERSIONS.glob("*.py"))
    previous = None
    for number, path in enumerate(files, start=1):
        source = path.read_text()
        revision = re.search(r'^revision = "([^"]+)"', source, re.M).group(1)
        down = re.search(r"^down_revision = (.+)$", source, re.M).group(1).strip()
        assert path.stem == revision
        assert revision.startswith(f"{number:04d}_")
        assert down == (repr(previous).replace("'", '"') if previous else "None")
        previous = revision


def test_upgrade_downgrade_upgrade(empty_database: str) -> None:
    migrate.upgrade(empty_database)
    assert _tables(empty_database) == set(Base.metadata.tables)

    migrate.downgrade(empty_database, "base")
    assert _tables(empty_database) == set()

    migrate.upgrade(empty_database)
    assert _tables(empty_database) == set(Base.metadata.tables)
    assert migrate.drift(empty_database) == []


def test_drift_check_fails_when_a_model_changes_without_a_migration(empty_database: str) -> None:
    migrate.upgrade(empty_database)
    table = Base.metadata.tables["organisation"]
    extra = Column("unmigrated_column", Integer, nullable=True)
    table.append_column(extra)
    try:
        differences = migrate.drift(empty_database)
    finally:
        table._columns.remove(extra)

    assert any("unmigrated_column" in str(difference) for difference in differences)


def test_0006_and_0008_repin_assessments_of_the_annotated_questionnaire_and_back(empty_database: str,
                                                                                tmp_path: Path) -> None:
    import sqlalchemy as sa

    from tests.conftest import make_test_app
    from tests.helpers import Factories

    first = "a49b31840cb24f6d0ad016356e22dd5afa8c209913992022fb7c8074958fd8fd"
    annotated = "da056a18e7698d24d062ceabf916583b7c0f6f9f3c5afcf68c1d3ef66507ec6f"
    after = "a48cb4ded68644451aa58530c1a51190b148fe117e73247a6849a07611526248"
    migrate.upgrade(empty_database)
    app = make_test_app(empty_database, tmp_path / "instance")
    factories = Factories(app)
    pinned = factories.use_case(factories.organisation(), questionnaire_key="ai-use-case-assessment@1.0").latest.id
    other = factories.use_case(factories.organisation(), questionnaire_key="ai-use-case-assessment@1.0").latest.id
    app.extensions["governance.engine"].dispose()
    assessment = sa.table("assessment", sa.column("id", sa.Uuid), sa.column("questionnaire_sha256", sa.String))
    engine = create_engine(empty_database)

    def hashes() -> dict:
        with engine.connect() as connection:
            return dict(connection.execute(sa.select(assessment.c.id, assessment.c.questionnaire_sha256)).all())

    try:
        with engine.begin() as connection:  # pinned to some other file: never touched
            connection.execute(assessment.update().where(assessment.c.id == other)
                               .values(questionnaire_sha256="f" * 64))
        assert hashes() == {pinned: after, other: "f" * 64}
        migrate.downgrade(empty_database, "0007_lifecycle")
        assert hashes() == {pinned: annotated, other: "f" * 64}
        migrate.downgrade(empty_database, "0005_register")
        assert hashes() == {pinned: first, other: "f" * 64}
        migrate.upgrade(empty_database)
        assert hashes() == {pinned: after, other: "f" * 64}
    finally:
        engine.dispose()


def test_0007_recovers_contributors_outcomes_and_publication_from_existing_data(empty_database: str,
                                                                                tmp_path: Path) -> None:
    import datetime

    import sqlalchemy as sa

    from governance.accounts.models import Role, User
    from governance.assessments import services as assessment_services
    from governance.assessments.models import Assessment
    from governance.db import transaction
    from governance.questionnaire.examples import example_answers
    from governance.register import services as register_services
    from governance.reviews.rules import ConditionInput, DecisionKind, DecisionRequest
    from tests.conftest import make_test_app
    from tests.helpers import Factories

    migrate.upgrade(empty_database)
    app = make_test_app(empty_database, tmp_path / "instance")
    factories = Factories(app)
    council = factories.organisation()
    lead, editor = factories.user(council, [Role.DIGITAL_LEAD]), factories.user(council, [Role.DIGITAL_LEAD])
    questionnaire = app.extensions["questionnaires"]["ai-use-case-assessment@1.0"]
    with app.app_context(), transaction() as session:
        use_case = assessment_services.start_use_case(session, session.get(User, lead.id), questionnaire,
                                                      title="Conditional")
        conditional = use_case.latest
        conditional.answers = example_answers(questionnaire, datetime.date.today())
        session.flush()
        summary = questionnaire.question_for_atrs("description")
        assessment_services.save_answer(session, session.get(User, editor.id), questionnaire, conditional, summary,
                                        "Edited by a colleague")
        assessment_services.submit(session, session.get(User, lead.id), questionnaire, conditional)
        conditional_id = conditional.id
    factories.decide(conditional_id, DecisionRequest(DecisionKind.APPROVE_WITH_CONDITIONS, conditions=(
        ConditionInput("Publish the notice", str(lead.id), datetime.date.today() + datetime.timedelta(days=9)),)))
    published_id = factories.submitted(council, submitter=lead, questionnaire_key="ai-use-case-assessment@1.0")
    officer = factories.user(council, [Role.IG_OFFICER])
    factories.decide(published_id, officer=officer)
    with app.app_context(), transaction() as session:
        register_services.publish(session, session.get(User, officer.id), questionnaire,
                                  session.get(Assessment, published_id).use_case, datetime.date.today())
    app.extensions["governance.engine"].dispose()

    migrate.downgrade(empty_database, "0006_questionnaire_roles")
    migrate.upgrade(empty_database)

    engine = create_engine(empty_database)
    try:
        with engine.connect() as connection:
            statuses = dict(connection.execute(sa.text("SELECT id, status FROM assessment")).all())
            contributors = connection.execute(sa.text(
                "SELECT assessment_id, user_id FROM assessment_contributor")).all()
            outcomes = [row[0] for row in connection.execute(sa.text(
                "SELECT outcome FROM decision WHERE final ORDER BY decided_at_utc")).all()]
    finally:
        engine.dispose()

    def uuid_of(value: object) -> str:
        return str(value).replace("-", "")

    statuses = {uuid_of(key): value for key, value in statuses.items()}
    assert statuses == {uuid_of(conditional_id): "approved_with_conditions", uuid_of(published_id): "published"}
    assert {uuid_of(user) for assessment, user in contributors if uuid_of(assessment) == uuid_of(conditional_id)} \
        == {uuid_of(lead.id), uuid_of(editor.id)}
    assert outcomes == ["approve_with_conditions", "approve"]
