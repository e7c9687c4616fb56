"""The public register: publication with a preview, never-public answers absent from every output,
versions, withdrawal tombstones, open data with conditional requests, filters, schema and CSV order."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from flask import Flask
from jsonschema import Draft202012Validator

from governance.accounts.models import Role
from governance.assessments.models import Assessment
from governance.db import transaction
from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import latest
from governance.register.atrs import CSV_COLUMNS
from tests.helpers import Factories, PageClient

NEVER = "NEVER-PUBLIC-"


@pytest.fixture
def officer(app: Flask, factories: Factories, council) -> PageClient:
    factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk")
    pages = PageClient(app.test_client())
    pages.sign_in("officer@southshire.gov.uk")
    return pages


def _answers(app: Flask, **overrides) -> dict:
    """Example answers, with a marker in every answer that must never be public."""
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    answers = example_answers(questionnaire, date.today(), overrides)
    for question in questionnaire.questions:
        if not question.public and question.type in ("text", "textarea"):
            answers[question.id] = NEVER + question.id
    answers.update(overrides)
    return answers


def _approved(app: Flask, factories: Factories, council, **overrides) -> str:
    """An approved use case's reference."""
    from governance.reviews.rules import DecisionKind, DecisionRequest

    assessment_id = factories.submitted(council, _answers(app, **overrides))
    with app.app_context(), transaction() as session:
        assessment = session.get(Assessment, assessment_id)
        reference = assessment.use_case.reference
    _decide(app, factories, council, assessment_id, DecisionRequest(DecisionKind.APPROVE))
    return reference


def _decide(app, factories, council, assessment_id, request) -> None:
    import datetime

    from governance.accounts.models import User
    from governance.records.services import RecordSettings
    from governance.reviews import services as review_services

    officer = factories.user(council, [Role.IG_OFFICER])
    questionnaire = latest(app.extensions["questionnaires"], app.config["DEFAULT_QUESTIONNAIRE"])
    with app.app_context(), transaction() as session:
        assessment = session.get(Assessment, assessment_id)
        review_services.decide(session, session.get(User, officer.id), questionnaire, assessment, request,
                               seen_lock_version=assessment.lock_version, today=datetime.date.today(),
                               recording=RecordSettings(app.extensions["records.signing"],
                                                        "http://localhost/check-a-record"))


def _publish(officer: PageClient, reference: str, data: dict | None = None, status: int = 302):
    url = f"/use-cases/{reference}/publish"
    return officer.post(url, {"action": "publish", **(data or {})}, status)


def test_publication_shows_a_preview_and_never_public_answers_appear_nowhere(app: Flask, factories: Factories,
                                                                            council, officer: PageClient) -> None:
    reference = _approved(app, factories, council)
    preview = officer.get(f"/use-cases/{reference}/publish")
    _publish(officer, reference)
    public = PageClient(app.test_client())
    entry_path = f"/register/south-shire/{reference}"

    outputs = {
        "preview": preview.response.get_data(as_text=True),
        "index": public.get("/register").response.get_data(as_text=True),
        "organisation": public.get("/register/south-shire").response.get_data(as_text=True),
        "entry": public.get(entry_path).response.get_data(as_text=True),
        "json": public.client.get("/register.json").get_data(as_text=True),
        "csv": public.client.get("/register.csv").get_data(as_text=True),
        "atom": public.client.get("/register/feed.atom").get_data(as_text=True),
        "entry-json": public.client.get(f"{entry_path}.json").get_data(as_text=True),
        "api-list": public.client.get("/api/v1/entries").get_data(as_text=True),
        "api-get": public.client.get(f"/api/v1/entries/south-shire/{reference}").get_data(as_text=True),
    }

    assert "Preview: exactly what will be public" in outputs["preview"]
    assert "Example answer" in outputs["entry"]
    for name, body in outputs.items():
        assert NEVER not in body, f"a never-public answer appears in the {name} output"
        assert "Example answer" in body or name in ("index", "organisation", "atom"), name


def test_register_json_validates_against_the_published_schema_and_csv_follows_atrs_order(
        app: Flask, factories: Factories, council, officer: PageClient) -> None:
    _publish(officer, _approved(app, factories, council))
    client = app.test_client()

    schema = client.get("/register/schema/entry.json").get_json()
    document = client.get("/register.json").get_json()
    rows = list(csv.reader(io.StringIO(client.get("/register.csv").get_data(as_text=True))))

    Draft202012Validator.check_schema(schema)
    assert document["count"] == 1
    for item in document["entries"]:
        assert list(Draft202012Validator(schema).iter_errors(item["entry"])) == []
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0].index("name") < rows[0].index("description") < rows[0].index("organisation_team") \
        < rows[0].index("risks")
    assert rows[1][rows[0].index("organisation")] == "South Shire Council"


def test_republishing_adds_a_version_and_keeps_the_old_one(app: Flask, factories: Factories, council,
                                                           officer: PageClient) -> None:
    reference = _approved(app, factories, council)
    _publish(officer, reference)
    _publish(officer, reference)
    public = PageClient(app.test_client())

    current = public.get(f"/register/south-shire/{reference}")
    first = public.get(f"/register/south-shire/{reference}?version=1")

    assert "Version 2, published" in current.text()
    assert "This is version 1" in first.text()
    assert app.test_client().get("/register.json").get_json()["count"] == 1
    assert [item["version"] for item in app.test_client().get("/api/v1/entries").get_json()["entries"]] == [2]


def test_withdrawal_leaves_a_public_tombstone(app: Flask, factories: Factories, council,
                                              officer: PageClient) -> None:
    reference = _approved(app, factories, council)
    _publish(officer, reference)
    empty = officer.post(f"/use-cases/{reference}/withdraw", {"reason": ""}, 200)
    officer.post(f"/use-cases/{reference}/withdraw", {"reason": "The pilot ended in March."})
    client = app.test_client()

    page = PageClient(client).get(f"/register/south-shire/{reference}")
    document = client.get("/register.json").get_json()
    api = client.get(f"/api/v1/entries/south-shire/{reference}")
    feed = ElementTree.fromstring(client.get("/register/feed.atom").data)
    titles = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}title")]

    assert "Say why the entry is withdrawn" in empty.text(".govuk-error-summary")
    assert "This entry was withdrawn on" in page.text() and "The pilot ended in March." in page.text()
    assert "An example answer in a few words." not in page.text()  # the tombstone does not show the content
    assert document["count"] == 0 and document["withdrawn"][0]["withdrawn_reason"] == "The pilot ended in March."
    assert api.status_code == 410
    assert any(title.startswith("Withdrawn: ") for title in titles)
    assert any(title.startswith("Published: ") for title in titles)


def test_open_data_answers_conditional_requests(app: Flask, factories: Factories, council,
                                                officer: PageClient) -> None:
    reference = _approved(app, factories, council)
    _publish(officer, reference)
    client = app.test_client()

    first = client.get("/register.json")
    by_tag = client.get("/register.json", headers={"If-None-Match": first.headers["ETag"]})
    by_date = client.get("/register.json", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    api = client.get("/api/v1/entries", headers={"Origin": "https://elsewhere.example"})
    _publish(officer, reference)
    changed = client.get("/register.json", headers={"If-None-Match": first.headers["ETag"]})

    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
    assert by_tag.status_code == 304 and by_tag.data == b""
    assert by_date.status_code == 304
    assert api.headers["Access-Control-Allow-Origin"] == "*"
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]


def test_search_filters_and_paging(app: Flask, factories: Factories, council, officer: PageClient) -> None:
    other = factories.organisation("North Vale Council", "north-vale")
    factories.user(other, [Role.IG_OFFICER], email="officer@northvale.gov.uk")
    north = PageClient(app.test_client())
    north.sign_in("officer@northvale.gov.uk")
    south_refs = [_approved(app, factories, council) for _ in range(3)]
    north_ref = _approved(app, factories, other, suppliers=[{"supplier-name": "Acme Analytics Ltd",
                                                             "companies-house-number": "01234567",
                                                             "supplier-role": "Builds and runs the model"}],
                          **{"third-party-involved": "yes"})
    for reference in south_refs:
        _publish(officer, reference)
    _publish(north, north_ref)
    api = app.test_client()

    def ids(query: str) -> list[str]:
        return [entry["id"] for entry in api.get(f"/api/v1/entries?{query}").get_json()["entries"]]

    assert len(ids("")) == 4
    assert ids("organisation=north-vale") == [f"north-vale/{north_ref}"]
    assert ids("supplier=acme") == [f"north-vale/{north_ref}"]
    assert ids("q=acme+analytics") == [f"north-vale/{north_ref}"]
    assert ids("q=no-such-words-anywhere") == []
    assert len(ids("risk_level=II")) == 4 and ids("risk_level=IV") == []
    assert len(ids("per_page=2&page=1")) == 2 and len(ids("per_page=2&page=2")) == 2
    page = PageClient(api).get("/register?organisation=south-shire")
    assert "3 entries" in page.text("#results")
    assert "North Vale Council" in PageClient(api).get("/register").text()


def test_withheld_parts_are_left_out_and_the_exemption_stated(app: Flask, factories: Factories, council,
                                                             officer: PageClient) -> None:
    reference = _approved(app, factories, council)
    missing = _publish(officer, reference, {"withheld": ["model_details"]}, 200)
    _publish(officer, reference, {"withheld": ["model_details"], "exemption": "Section 43: commercial interests"})

    entry = app.test_client().get(f"/api/v1/entries/south-shire/{reference}").get_json()
    page = PageClient(app.test_client()).get(f"/register/south-shire/{reference}")

    assert "Say which Freedom of Information Act exemption applies" in missing.text(".govuk-error-summary")
    assert entry["tier_2"]["tool_specification"]["model_details"] is None
    assert entry["withheld"] == ["model_details"] and entry["exemption"] == "Section 43: commercial interests"
    assert "Section 43: commercial interests" in page.text()


def test_only_approved_and_publishable_use_cases_are_published(app: Flask, factories: Factories, council,
                                                               officer: PageClient) -> None:
    submitted = factories.submitted(council)
    with app.app_context(), transaction() as session:
        pending = session.get(Assessment, submitted).use_case.reference
    secret = _approved(app, factories, council, publication="no")

    waiting = officer.get(f"/use-cases/{pending}/publish")
    refused = officer.get(f"/use-cases/{secret}/publish")
    officer.post(f"/use-cases/{secret}/publish", {"action": "publish"}, 200)

    assert "Only an approved use case can be published" in waiting.text()
    assert "cannot be published" in refused.text()
    assert app.test_client().get("/register.json").get_json()["count"] == 0


def test_unknown_entries_are_404(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/register/nowhere").status_code == 404
    assert client.get(f"/register/nowhere/{uuid.uuid4().hex[:8]}").status_code == 404
    assert client.get("/api/v1/entries/nowhere/AI-2026-0001").status_code == 404
    assert json.loads(client.get("/api/v1/entries").data)["total"] == 0


def test_cached_pages_keep_a_fresh_nonce_and_change_when_the_register_does(app: Flask, factories: Factories,
                                                                         council, officer: PageClient) -> None:
    public = PageClient(app.test_client())
    first, second = public.get("/register"), public.get("/register")  # the second comes from the cache
    _publish(officer, _approved(app, factories, council))
    after = public.get("/register")

    nonces = {page.response.headers["Content-Security-Policy"].split("nonce-")[1].split("'")[0]
              for page in (first, second)}
    assert len(nonces) == 2  # every response has its own nonce, and its scripts carry it (checked by PageClient)
    assert "0 entries" in second.text("#results") and "1 entry" in after.text("#results")


def test_publishing_finds_suppliers_products_review_date_and_refusal_by_role_when_ids_change(
        database_url: str, tmp_path) -> None:
    from tests.conftest import make_test_app
    from tests.questionnaire_copies import renamed_folder

    app = make_test_app(database_url, tmp_path / "instance",
                        QUESTIONNAIRES_PATH=str(renamed_folder(tmp_path / "questionnaires")))
    factories = Factories(app)
    council = factories.organisation("South Shire Council", "south-shire")
    factories.user(council, [Role.IG_OFFICER], email="officer@southshire.gov.uk")
    officer = PageClient(app.test_client())
    officer.sign_in("officer@southshire.gov.uk")
    review_on = (date.today() + timedelta(days=60)).isoformat()
    reference = _approved(app, factories, council, **{
        "third-party-involved": "yes", "next-review-on": review_on,
        "organisations-involved": [{"organisation-name": "Acme Analytics Ltd", "supplier-role": "Builds it"}],
        "ai-models": [{"ai-model-name": "Repairs Summariser", "ai-model-maker": "Acme Analytics Ltd",
                       "model-task": "Summarises"}]})
    refused = _approved(app, factories, council, **{"publish-the-record": "no"})

    _publish(officer, reference)
    entry = app.test_client().get(f"/api/v1/entries/south-shire/{reference}").get_json()
    page = officer.get(f"/use-cases/{refused}/publish")

    assert entry["suppliers"] == ["Acme Analytics Ltd"]
    assert entry["products"] == ["Repairs Summariser", "Acme Analytics Ltd"]
    assert entry["metadata"]["review_date"] == review_on
    assert "cannot be published (question H1a)" in page.text()
    assert app.test_client().get("/api/v1/entries?supplier=acme").get_json()["total"] == 1


def test_the_publish_page_shows_what_the_assessment_says_about_publishing(app: Flask, factories: Factories,
                                                                           council, officer: PageClient) -> None:
    from governance.questionnaire.roles import PUBLICATION_CHOICE

    questionnaire = app.extensions["questionnaires"]["ai-use-case-assessment@1.0"]
    choice = questionnaire.question_for_role(PUBLICATION_CHOICE)
    reference = _approved(app, factories, council)

    page = officer.get(f"/use-cases/{reference}/publish")
    said = page.soup.select_one("#lead-answers").find_next("dl").get_text(" ", strip=True)

    assert f"{choice.ref} {choice.label}" in said
    assert page.text().index("What the assessment says about publishing") < page.text().index("Leave anything out?")


PUBLIC = "https://ai.southshire.gov.uk"
OPEN_DATA = ["/register.json", "/register/feed.atom", "/register/openapi.json"]


def test_open_data_addresses_come_from_the_public_base_url_never_the_host_header(
        app: Flask, factories: Factories, council, officer: PageClient) -> None:
    """A request with a forged Host (or X-Forwarded-Host behind a proxy) right after a change used to build the
    cached open data, so every later reader got the attacker's addresses."""
    app.config["PUBLIC_BASE_URL"] = PUBLIC
    _publish(officer, _approved(app, factories, council))
    client = app.test_client()
    entry = client.get("/register.json").get_json()["entries"][0]["entry"]
    paths = [*OPEN_DATA, urlsplit(client.get("/register.json").get_json()["entries"][0]["json_url"]).path]

    for path in paths:
        client.get(path, headers={"Host": "attacker.example"})
        client.get(path, headers={"X-Forwarded-Host": "attacker.example"})
    served = {path: client.get(path).get_data(as_text=True) for path in paths}

    assert entry and all("attacker" not in body for body in served.values())
    assert f"{PUBLIC}/register/" in served["/register.json"] and f"{PUBLIC}/register" in served["/register/feed.atom"]
    assert f'"url": "{PUBLIC}"' in served["/register/openapi.json"].replace("\n", "")


def test_requests_for_an_untrusted_host_are_refused(app: Flask) -> None:
    app.config["TRUSTED_HOSTS"] = ["ai.southshire.gov.uk", "localhost"]
    client = app.test_client()

    assert client.get("/register", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/register.json", headers={"Host": "ai.southshire.gov.uk"}).status_code == 200
