"""The internal AI register (page, filters, CSV), conditions marked as met, overdue items on the dashboard,
reminders to owners, and each use case's history."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.cli import ScriptInfo
from sqlalchemy import select

from governance.accounts.models import Role
from governance.assessments.models import Assessment, UseCase
from governance.cli import main
from governance.db import transaction
from governance.notifications.models import OutboxMessage
from governance.reviews.models import Condition
from tests.helpers import Factories, PageClient


@pytest.fixture
def factories(small_app: Flask) -> Factories:
    return Factories(small_app)


@pytest.fixture
def officer(small_app: Flask, factories: Factories, council) -> PageClient:
    factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk")
    pages = PageClient(small_app.test_client())
    pages.sign_in("officer@southshire.gov.uk")
    return pages


def _set_due(app: Flask, days: int) -> None:
    """Move every condition's due date and every next review to `days` from today."""
    with app.app_context(), transaction() as session:
        for condition in session.scalars(select(Condition)):
            condition.due_on = date.today() + timedelta(days=days)
        for assessment in session.scalars(select(Assessment).where(Assessment.next_review_on.is_not(None))):
            assessment.next_review_on = date.today() + timedelta(days=days)


def test_the_register_lists_use_cases_with_decisions_and_filters(small_app: Flask, factories: Factories, council,
                                                                 officer: PageClient) -> None:
    factories.condition(council)
    factories.submitted(council)

    everything = officer.get("/ai-register")
    approved = officer.get("/ai-register?status=approved")

    assert len(everything.soup.select("tbody tr")) == 2
    assert len(approved.soup.select("tbody tr")) == 1
    assert "Approved with conditions" in approved.text("tbody")
    assert approved.soup.select("tbody td")[-1].get_text(strip=True) == "1"  # one open condition


def test_csv_export_is_safe_to_open_in_a_spreadsheet(small_app: Flask, factories: Factories, council,
                                                     officer: PageClient) -> None:
    factories.decision(council)
    with small_app.app_context(), transaction() as session:
        session.scalars(select(UseCase)).one().title = "=HYPERLINK(\"http://evil\")"

    response = officer.client.get("/ai-register.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))

    assert response.mimetype == "text/csv"
    assert rows[0][:3] == ["Reference", "Title", "Phase"]
    assert rows[1][1].startswith("'=") and rows[1][6] == "Approved"


def test_overdue_conditions_show_on_the_dashboard_and_can_be_met(small_app: Flask, factories: Factories, council,
                                                                 officer: PageClient) -> None:
    condition_id = factories.condition(council)
    _set_due(small_app, -3)

    dashboard = officer.get("/")
    overdue = officer.get("/ai-register?overdue=yes")
    with small_app.app_context(), transaction() as session:
        assessment_id = session.get(Condition, condition_id).decision.assessment_id
    officer.post(f"/conditions/{condition_id}/met", token_from=f"/reviews/{assessment_id}")
    after = officer.get("/ai-register?overdue=yes")

    assert "Condition: Publish the notice" in dashboard.text("table") and "Overdue" in dashboard.text("table")
    assert len(overdue.soup.select("tbody tr")) == 1
    assert len(after.soup.select("tbody tr")) == 1  # the review itself is overdue too
    with small_app.app_context(), transaction() as session:
        assert session.get(Condition, condition_id).met_at_utc is not None


def test_only_officers_mark_conditions_met(small_app: Flask, factories: Factories, council) -> None:
    condition_id = factories.condition(council)
    factories.user(council, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk")
    lead = PageClient(small_app.test_client())
    lead.sign_in("lead@southshire.gov.uk")

    lead.post(f"/conditions/{condition_id}/met", expected_status=403, token_from="/")


def test_reminders_go_to_owners_of_what_is_due(small_app: Flask, factories: Factories, council) -> None:
    factories.condition(council)
    _set_due(small_app, 5)

    result = small_app.test_cli_runner().invoke(main, ["reminders", "send"],
                                                obj=ScriptInfo(create_app=lambda: small_app))

    assert result.exit_code == 0 and result.output.startswith("1 reminder queued")
    with small_app.app_context(), transaction() as session:
        reminder = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder")).one()
        assert reminder.subject == "2 AI use case items due"
        assert "Condition: Publish the notice" in reminder.body and reminder.sent_at_utc is not None


def test_history_tells_the_story_of_a_use_case(small_app: Flask, factories: Factories, council,
                                               officer: PageClient) -> None:
    factories.condition(council)
    with small_app.app_context(), transaction() as session:
        reference = session.scalars(select(UseCase)).one().reference

    page = officer.get(f"/use-cases/{reference}/history")
    text = page.text("table")

    for words in ("Use case created", "Assessment submitted for review, version 1",
                  "Decision recorded: approved with conditions, version 1", "Signed record issued"):
        assert words in text
