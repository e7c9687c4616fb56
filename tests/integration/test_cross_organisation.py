"""Users see and touch only their own organisation's data: every object route answers 404 for
another organisation's object, whatever the method."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from governance.accounts.models import Organisation, Role
from governance.security import access_of
from tests.helpers import Factories, PageClient

# How to make council B's object for each URL argument that names an object. A new object route
# whose argument is missing here fails test_every_object_route_is_covered, so it cannot be forgotten.
OBJECT_FACTORIES: dict[str, Callable[[Factories, Organisation], Any]] = {
    "user_id": lambda factories, organisation: factories.user(organisation, [Role.DIGITAL_LEAD]).id,
    "reference": lambda factories, organisation: factories.use_case(organisation).reference,
    "assessment_id": lambda factories, organisation: factories.use_case(organisation).latest.id,
    "scan_id": lambda factories, organisation: factories.data_scan(organisation),
    "record_id": lambda factories, organisation: factories.record(organisation),
    "condition_id": lambda factories, organisation: factories.condition(organisation),
    # Not objects, but parts of an assessment's address: real ids, so only the assessment can refuse.
    "question_id": lambda factories, organisation: "name",
    "section_id": lambda factories, organisation: "basics",
    "action_id": lambda factories, organisation: "dpia",
}


def _object_rules(app: Flask) -> list[Any]:
    """Routes naming an object, except public ones (the register is meant to be read by anyone)."""
    return [rule for rule in app.url_map.iter_rules() if rule.arguments and rule.endpoint != "static"
            and access_of(app.view_functions[rule.endpoint]) != "public"]


def test_every_object_route_is_covered(app: Flask) -> None:
    arguments = {argument for rule in _object_rules(app) for argument in rule.arguments}

    assert arguments <= OBJECT_FACTORIES.keys(), f"add factories for {arguments - OBJECT_FACTORIES.keys()}"


@pytest.fixture
def app(small_app: Flask) -> Flask:
    """The small test questionnaire, so "name" and "basics" are real question and section ids."""
    return small_app


@pytest.fixture
def signed_in_as_council_a(pages: PageClient, factories: Factories) -> Organisation:
    council_a = factories.organisation("Council A", "council-a")
    factories.user(council_a, list(Role), email="everything@council-a.gov.uk")
    pages.sign_in("everything@council-a.gov.uk")
    return council_a


def test_council_a_gets_404_for_council_b_objects(app: Flask, pages: PageClient, factories: Factories,
                                                 signed_in_as_council_a: Organisation) -> None:
    council_b = factories.organisation("Council B", "council-b")
    token = pages.get("/").csrf_token()
    checked = 0
    for rule in _object_rules(app):
        values = {argument: OBJECT_FACTORIES[argument](factories, council_b) for argument in rule.arguments}
        with app.test_request_context():
            url = app.url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = pages.client.open(url, method=method, data={"csrf_token": token, "roles": ["admin"]})
            assert response.status_code == 404, f"{method} {rule.rule} gave {response.status_code}"
            checked += 1
    assert checked >= 15


def test_council_b_objects_are_unchanged_after_the_attempts(app: Flask, pages: PageClient, factories: Factories,
                                                            signed_in_as_council_a: Organisation) -> None:
    council_b = factories.organisation("Council B", "council-b")
    victim = factories.user(council_b, [Role.DIGITAL_LEAD], email="victim@council-b.gov.uk")
    token = pages.get("/").csrf_token()

    for path in ("", "/deactivate", "/reset-password"):
        pages.client.post(f"/admin/users/{victim.id}{path}", data={"csrf_token": token, "roles": ["admin"]})

    PageClient(app.test_client()).sign_in("victim@council-b.gov.uk")  # still active, same password


def test_user_list_shows_only_own_organisation(pages: PageClient, factories: Factories,
                                               signed_in_as_council_a: Organisation) -> None:
    council_b = factories.organisation("Council B", "council-b")
    factories.user(council_b, [Role.DIGITAL_LEAD], email="hidden@council-b.gov.uk")

    listing = pages.get("/admin/users")

    assert "everything@council-a.gov.uk" in listing.text()
    assert "hidden@council-b.gov.uk" not in listing.text()
