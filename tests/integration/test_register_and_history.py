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
from governance.audit import AuditEvent
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
    approved = officer.get("/ai-register?status=approved_with_conditions")
    plainly_approved = officer.get("/ai-register?status=approved")

    assert len(everything.soup.select("tbody tr")) == 2
    assert len(approved.soup.select("tbody tr")) == 1
    assert not plainly_approved.soup.select("tbody tr")
    assert "Approved with conditions" in approved.text("tbody")
    open_conditions = approved.soup.select("tbody td")[-1].get_text(" ", strip=True)
    assert open_conditions.startswith("1") and "Publish the notice" in open_conditions


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
    review = officer.get(f"/reviews/{assessment_id}")
    officer.post(f"/conditions/{condition_id}/met", {"evidence": "Published on the council website"})
    after = officer.get("/ai-register?overdue=yes")

    assert f"/conditions/{condition_id}/met" in str(review.soup.select_one("#conditions ~ .govuk-summary-card"))
    assert "Condition: Publish the notice" in dashboard.text("table") and "Overdue" in dashboard.text("table")
    assert len(overdue.soup.select("tbody tr")) == 1
    assert len(after.soup.select("tbody tr")) == 1  # the review itself is overdue too
    with small_app.app_context(), transaction() as session:
        assert session.get(Condition, condition_id).met_at_utc is not None


def test_only_the_owner_or_an_officer_marks_a_condition_met_with_evidence(small_app: Flask, factories: Factories,
                                                                          council) -> None:
    owner = factories.user(council, [Role.DIGITAL_LEAD], email="owner@southshire.gov.uk")
    condition_id = factories.condition(council, owner=owner)
    factories.user(council, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk")
    other, owning = PageClient(small_app.test_client()), PageClient(small_app.test_client())
    other.sign_in("lead@southshire.gov.uk")
    owning.sign_in("owner@southshire.gov.uk")
    url = f"/conditions/{condition_id}/met"

    other.post(url, {"evidence": "Done"}, expected_status=403, token_from="/")
    missing = owning.post(url, {"evidence": "  "}, expected_status=200)
    owning.post(url, {"evidence": "Notice published 1 December"})

    assert "Say how the condition was met" in missing.text(".govuk-error-summary")
    assert missing.soup.select_one(".govuk-error-summary a")["href"] == "#evidence"
    with small_app.app_context(), transaction() as session:
        condition = session.get(Condition, condition_id)
        assert condition.met_by_id == owner.id and condition.met_evidence == "Notice published 1 December"
        met = session.scalars(select(AuditEvent).where(AuditEvent.kind == "condition_met")).one()
        assert met.actor_id == owner.id and met.payload["condition"] == str(condition_id)


def test_reminders_go_to_owners_of_what_is_due(small_app: Flask, factories: Factories, council) -> None:
    owner = factories.user(council, [Role.DIGITAL_LEAD], email="owner@southshire.gov.uk")
    factories.condition(council, owner=owner)
    _set_due(small_app, 5)

    result = small_app.test_cli_runner().invoke(main, ["reminders", "send"],
                                                obj=ScriptInfo(create_app=lambda: small_app))

    # The condition's owner hears of the condition, the use case's owner of the review.
    assert result.exit_code == 0 and result.output.startswith("2 reminders queued")
    with small_app.app_context(), transaction() as session:
        reminders = {message.recipient_id: message for message in
                     session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "reminder"))}
        condition_reminder = reminders[owner.id]
        assert condition_reminder.subject == "1 AI use case item due"
        assert "Condition: Publish the notice" in condition_reminder.body and condition_reminder.sent_at_utc
        assert all("Review of the assessment" in item.body for key, item in reminders.items() if key != owner.id)


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
