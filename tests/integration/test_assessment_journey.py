"""Walking the small test questionnaire through the pages, as a digital lead would."""

from __future__ import annotations

import re
import uuid

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from governance.accounts.models import Organisation, Role
from governance.assessments.models import Assessment, UseCase
from governance.audit import AuditEvent
from governance.db import transaction
from tests.helpers import Factories, PageClient, lock_version


@pytest.fixture
def lead(small_app: Flask) -> PageClient:
    factories = Factories(small_app)
    organisation = factories.organisation("Southshire Council", "southshire")
    factories.user(organisation, [Role.DIGITAL_LEAD], email="lead@southshire.gov.uk", name="Lee Lead")
    pages = PageClient(small_app.test_client())
    pages.sign_in("lead@southshire.gov.uk")
    return pages


def _start(pages: PageClient, title: str = "Repairs chatbot") -> str:
    page = pages.post("/use-cases/new", {"title": title, "service_area": "waste", "phase": "idea"}, 302)
    return page.response.headers["Location"]


def _answer(pages: PageClient, task_list: str, question: str, data: dict, status: int = 302) -> str | None:
    page = pages.post(f"{task_list}/questions/{question}", data, status)
    return page.response.headers.get("Location") if status == 302 else None


def _events(app: Flask, kind: str) -> list[AuditEvent]:
    with app.app_context(), transaction() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.kind == kind)))


def test_starting_a_use_case_numbers_it_and_pins_the_questionnaire(small_app: Flask, lead: PageClient) -> None:
    first = _start(lead)
    _start(lead, "Second tool")

    assert re.fullmatch(r"/assessments/[0-9a-f-]{36}", first)
    with small_app.app_context(), transaction() as session:
        use_cases = session.scalars(select(UseCase).order_by(UseCase.reference)).all()
        assert [use_case.reference[-4:] for use_case in use_cases] == ["0001", "0002"]
        assert re.fullmatch(r"AI-\d{4}-0001", use_cases[0].reference)
        assessment = use_cases[0].latest
        assert assessment.questionnaire_key == "small@1.0"
        assert len(assessment.questionnaire_sha256) == 64
        assert assessment.answers == {"name": "Repairs chatbot", "area": "waste", "phase": "idea"}
        assert use_cases[0].service_area == "Waste"
    task_list = lead.get(first)
    assert "Not started" in task_list.text() or "In progress" in task_list.text()


def test_task_list_shows_section_statuses(lead: PageClient) -> None:
    task_list = _start(lead)

    page = lead.get(task_list)

    statuses = [element.get_text(" ", strip=True) for element in page.soup.select(".govuk-task-list__status")]
    assert statuses == ["In progress", "Cannot start yet"]


def test_each_question_type_validates_with_gov_uk_messages(lead: PageClient) -> None:
    task_list = _start(lead)

    empty_radio = lead.post(f"{task_list}/questions/users", {}, 200)
    bad_email = lead.post(f"{task_list}/questions/contact", {"answer": "not an email"}, 200)
    long_text = lead.post(f"{task_list}/questions/description", {"answer": "x" * 501}, 200)
    empty_name = lead.post(f"{task_list}/questions/name", {"answer": ""}, 200)

    assert "Select an answer" in empty_radio.text(".govuk-error-summary")
    assert "correct format" in bad_email.text(".govuk-error-summary")
    assert "500 characters or fewer" in long_text.text(".govuk-error-summary")
    assert "Enter the name of the tool" in empty_name.text(".govuk-error-summary")


def _complete_basics(pages: PageClient, task_list: str) -> None:
    for question, data in [("name", {"answer": "Repairs chatbot"}), ("description", {"answer": "Answers questions"}),
                           ("contact", {"answer": "ai@southshire.gov.uk"}), ("area", {"answer": "waste"}),
                           ("users", {"answer": "residents"}), ("owner-name", {"answer": "Pat Owner"}),
                           ("team", {"answer": "Digital"}), ("phase", {"answer": "idea"})]:
        _answer(pages, task_list, question, data)


def _complete_data(pages: PageClient, task_list: str, *, offline: str = "yes") -> None:
    _answer(pages, task_list, "personal-data", {"answer": "yes"})
    _answer(pages, task_list, "categories", {"answer": ["contact"]})
    _answer(pages, task_list, "people", {"answer": "1,200"})
    _answer(pages, task_list, "supplier-training", {"answer": "no"})
    _answer(pages, task_list, "offline-route", {"answer": offline})
    _answer(pages, task_list, "dpia-status", {"answer": "completed"})
    _answer(pages, task_list, "review-date", {"answer": ["1", "3", "2027"]})
    _answer(pages, task_list, "risks", {"action": "add", "risk": "Wrong answers", "mitigation": "Human check"})
    _answer(pages, task_list, "risks", {"action": "continue"})


def test_answers_route_through_a_section_to_check_your_answers(lead: PageClient) -> None:
    task_list = _start(lead)

    after_users = _answer(lead, task_list, "users", {"answer": "residents"})
    after_phase = _answer(lead, task_list, "phase", {"answer": "idea"})

    assert after_users.endswith("/questions/owner-name")
    assert after_phase.endswith("/sections/basics")


def test_a_follow_up_question_appears_only_when_it_applies(lead: PageClient) -> None:
    task_list = _start(lead)

    _answer(lead, task_list, "personal-data", {"answer": "no"})
    skipped = _answer(lead, task_list, "people", {"answer": "10"})
    hidden = lead.client.get(f"{task_list}/questions/categories")

    assert skipped.endswith("/questions/supplier-training")
    assert hidden.status_code == 302  # a question that does not apply is not asked


def test_list_question_adds_and_removes_rows(small_app: Flask, lead: PageClient) -> None:
    task_list = _start(lead)

    missing = lead.post(f"{task_list}/questions/risks", {"action": "continue"}, 200)
    _answer(lead, task_list, "risks", {"action": "add", "risk": "Bias", "mitigation": "Testing"})
    _answer(lead, task_list, "risks", {"action": "add", "risk": "Leaks", "mitigation": "Contract"})
    _answer(lead, task_list, "risks", {"action": "remove-0"})
    partial = lead.post(f"{task_list}/questions/risks", {"action": "add", "risk": "Only a risk"}, 200)

    assert "Add at least 1 risk" in missing.text(".govuk-error-summary")
    assert "Enter how you reduce it" in partial.text(".govuk-error-summary")
    with small_app.app_context(), transaction() as session:
        assessment = session.scalars(select(Assessment)).one()
        assert assessment.answers["risks"] == [{"risk": "Leaks", "mitigation": "Contract"}]


def test_full_journey_submit_and_read_only(small_app: Flask, lead: PageClient) -> None:
    task_list = _start(lead)
    _complete_basics(lead, task_list)
    _complete_data(lead, task_list)

    page = lead.get(task_list)
    statuses = [element.get_text(" ", strip=True) for element in page.soup.select(".govuk-task-list__status")]
    assert statuses == ["Completed", "Completed"]
    assert "impact level" in page.text().lower()
    check = lead.get(f"{task_list}/sections/data")
    assert "1 March 2027" in check.text() and "1,200" in check.text() and "Pat Owner" not in check.text()

    submit_page = lead.get(f"{task_list}/submit")
    assert "Required actions" in submit_page.text()
    lead.post(f"{task_list}/submit", {}, 302)

    with small_app.app_context(), transaction() as session:
        assessment = session.scalars(select(Assessment)).one()
        assert assessment.status == "submitted"
        assert assessment.submitted_risk["questionnaire"] == "small@1.0"
    locked = lead.get(task_list)
    assert "can no longer be changed" in locked.text()
    change = lead.client.post(f"{task_list}/questions/name", data={"csrf_token": locked.csrf_token(),
                                                                    "answer": "Changed"})
    assert change.status_code == 302
    with small_app.app_context(), transaction() as session:
        assert session.scalars(select(Assessment)).one().answers["name"] == "Repairs chatbot"
    assert len(_events(small_app, "assessment_submitted")) == 1


def test_answer_changes_are_audited_without_free_text(small_app: Flask, lead: PageClient) -> None:
    task_list = _start(lead)
    _answer(lead, task_list, "description", {"answer": "Secret internal plan for Mrs Smith"})
    _answer(lead, task_list, "area", {"answer": "housing"})

    events = _events(small_app, "answer_changed")

    assert [event.payload["question"] for event in events] == ["description", "area"]
    assert "Mrs Smith" not in str([event.payload for event in events])
    assert events[1].payload["answer"] == "housing"


def test_incomplete_or_stopped_assessment_cannot_be_submitted(small_app: Flask, lead: PageClient) -> None:
    task_list = _start(lead)
    lead.post(f"{task_list}/submit", {}, 302)
    _complete_basics(lead, task_list)
    _complete_data(lead, task_list)
    _answer(lead, task_list, "supplier-training", {"answer": "yes"})

    page = lead.get(f"{task_list}/submit")

    assert "cannot go ahead as designed" in page.text()
    lead.post(f"{task_list}/submit", {}, 302, token_from=f"{task_list}")
    with small_app.app_context(), transaction() as session:
        assert session.scalars(select(Assessment)).one().status == "draft"


def _officer(app: Flask) -> PageClient:
    factories = Factories(app)
    with app.app_context(), transaction() as session:
        organisation = session.scalars(select(Organisation).where(Organisation.slug == "southshire")).one()
    factories.user(organisation, [Role.IG_OFFICER], email="officer@southshire.gov.uk", name="Olu Officer")
    pages = PageClient(app.test_client())
    pages.sign_in("officer@southshire.gov.uk")
    return pages


def _submitted(app: Flask, lead: PageClient) -> tuple[str, str]:
    """A complete assessment submitted through the pages: its task list path and its use case's reference."""
    task_list = _start(lead)
    _complete_basics(lead, task_list)
    _complete_data(lead, task_list)
    lead.post(f"{task_list}/submit", {}, 302)
    with app.app_context(), transaction() as session:
        return task_list, session.scalars(select(UseCase)).one().reference


def test_a_new_version_waits_for_the_current_one_to_be_decided(small_app: Flask, lead: PageClient) -> None:
    _task_list, reference = _submitted(small_app, lead)

    lead.post(f"/use-cases/{reference}/new-version", {}, 302, token_from=f"/use-cases/{reference}")

    with small_app.app_context(), transaction() as session:
        assert len(session.scalars(select(Assessment)).all()) == 1
    assert "once the current one has been decided" in lead.get(f"/use-cases/{reference}").text()


def test_new_version_is_prefilled_from_the_last(small_app: Flask, lead: PageClient) -> None:
    task_list, reference = _submitted(small_app, lead)
    lock = lock_version(small_app, task_list.rsplit("/", 1)[1])
    officer = _officer(small_app)
    decision = task_list.replace("/assessments/", "/reviews/") + "/decision"
    officer.post(decision, {"decision": "approve", "lock_version": lock}, 302, token_from=decision)

    page = lead.post(f"/use-cases/{reference}/new-version", {}, 302, token_from=f"/use-cases/{reference}")

    with small_app.app_context(), transaction() as session:
        versions = session.scalars(select(Assessment).order_by(Assessment.version_number)).all()
        assert [v.version_number for v in versions] == [1, 2]
        assert versions[1].answers == versions[0].answers
        assert versions[1].status == "draft"
    assert page.response.headers["Location"] == f"/assessments/{versions[1].id}"


def test_expired_session_tells_the_user_plainly_and_changes_nothing(small_app: Flask, lead: PageClient) -> None:
    task_list = _start(lead)
    token = lead.get(f"{task_list}/questions/description").csrf_token()
    lead.client.delete_cookie("session")  # the browser dropped the expired session

    response = lead.client.post(f"{task_list}/questions/description",
                                data={"csrf_token": token, "answer": "A long answer typed slowly"})

    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "session" in body and "not saved" in body


def test_a_save_based_on_a_stale_copy_is_refused_without_overwriting(small_app: Flask, lead: PageClient) -> None:
    task_list = _start(lead)
    _answer(lead, task_list, "description", {"answer": "First"})
    assessment_id = task_list.rsplit("/", 1)[1]
    with small_app.app_context(), transaction() as first, transaction() as second:
        stale = first.get(Assessment, uuid.UUID(assessment_id))
        fresh = second.get(Assessment, uuid.UUID(assessment_id))
        fresh.answers = {**fresh.answers, "description": "Second"}
        second.commit()
        stale.answers = {**stale.answers, "description": "Third"}
        with pytest.raises(StaleDataError):
            first.flush()
        first.rollback()
    with small_app.app_context(), transaction() as session:
        assert session.get(Assessment, uuid.UUID(assessment_id)).answers["description"] == "Second"


def test_a_concurrent_change_gets_a_friendly_409_page(small_app: Flask) -> None:
    from governance.security import public

    def clash() -> str:
        raise StaleDataError("assessment changed")

    small_app.add_url_rule("/clash", "clash", public(clash))
    response = small_app.test_client().get("/clash")

    assert response.status_code == 409
    assert "Someone else changed this at the same time" in response.get_data(as_text=True)


def test_the_use_case_list_links_each_use_case_by_its_title(lead: PageClient) -> None:
    _start(lead, "Housing repairs chatbot")

    page = lead.get("/use-cases")
    link = page.soup.select_one("tbody a")

    assert link.get_text(strip=True) == "Housing repairs chatbot"
    assert link["href"].startswith("/use-cases/AI-")


def test_several_answers_are_saved_as_if_given_one_by_one(small_app: Flask) -> None:
    from governance.accounts.models import User
    from governance.assessments import services as assessment_services

    factories = Factories(small_app)
    use_case = factories.use_case(factories.organisation())
    questionnaire = small_app.extensions["questionnaires"]["small@1.0"]
    with small_app.app_context(), transaction() as session:
        assessment, lead = session.get(Assessment, use_case.latest.id), session.get(User, use_case.owner_id)
        changed = assessment_services.save_answers(session, lead, questionnaire, assessment,
                                                   {"description": "Books repairs", "area": "waste"})
        with pytest.raises(assessment_services.AssessmentError, match="not-a-question"):
            assessment_services.save_answers(session, lead, questionnaire, assessment, {"not-a-question": "x"})
        assert changed == 2 and assessment.use_case.service_area
    assert len(_events(small_app, "answer_changed")) == 2


def test_blockers_on_the_risk_and_submit_pages_link_to_the_questions_that_fix_them(small_app: Flask,
                                                                                   lead: PageClient) -> None:
    from governance.questionnaire.risk import assess, questions_behind
    from tests.records_support import BLOCKED_ANSWERS

    task_list = _start(lead)
    assessment_id = task_list.rsplit("/", 1)[1]
    with small_app.app_context(), transaction() as session:
        session.get(Assessment, uuid.UUID(assessment_id)).answers = dict(BLOCKED_ANSWERS)
    questionnaire = small_app.extensions["questionnaires"]["small@1.0"]
    blocker = assess(questionnaire, BLOCKED_ANSWERS).blockers[0]
    expected = [f"{task_list}/questions/{question.id}?return=check"
                for question in questions_behind(questionnaire, blocker.question)]

    for page in (lead.get(f"{task_list}/risk"), lead.get(f"{task_list}/submit")):
        links = [link["href"] for link in page.soup.select("[data-testid=blockers] .app-fix a")]
        assert expected and links == expected
        # Each blocker cites the law or guidance behind it.
        sources = [link["href"] for link in page.soup.select("[data-testid=blockers] .app-source a")]
        assert blocker.source is not None and sources == [blocker.source.url]
