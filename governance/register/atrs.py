"""The public register entry of an approved use case, in the shape of the UK Algorithmic Transparency
Recording Standard (ATRS). Pure: no Flask, no database.

Only answers to questions that name an ATRS field and are not marked `public: false` can appear;
fields the publishing officer withholds are left out and the stated exemption is shown instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from governance.questionnaire.display import answer_lines
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.roles import product_names, requested_review_date, supplier_names
from governance.questionnaire.rules import visible_answers

ATRS_VERSION = "3.0"
ENTRY_FORMAT = "governance-register-entry/1"


@dataclass(frozen=True)
class Field:
    key: str
    label: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...]


TIER_1 = Section("tier_1", "Overview", (
    Field("name", "Name"), Field("description", "Description"), Field("website", "Website"),
    Field("contact_email", "Contact email"),
))
TIER_2 = (
    Section("owner_and_responsibility", "Owner and responsibility", (
        Field("organisation_team", "Organisation and team"),
        Field("senior_responsible_owner", "Senior responsible owner"),
        Field("third_party", "External supplier involvement"), Field("supplier_details", "Suppliers"),
        Field("procurement", "Procurement procedure type"), Field("data_access_terms", "Terms of access to data"),
    )),
    Section("description_and_rationale", "Description and rationale", (
        Field("scope", "Scope"), Field("benefit", "Benefit"), Field("previous_process", "Previous process"),
        Field("alternatives", "Alternatives considered"),
    )),
    Section("decision_making_process", "Decision-making process", (
        Field("process_integration", "Process integration"), Field("provided_information", "Provided information"),
        Field("frequency_and_scale", "Frequency and scale of usage"),
        Field("human_decisions_and_review", "Human decisions and review"),
        Field("appeals_and_review", "Appeals and review"),
    )),
    Section("tool_specification", "Tool specification", (
        Field("system_architecture", "System architecture"), Field("maintenance", "Maintenance"),
        Field("model_details", "Models"), Field("model_performance", "Model performance"),
        Field("data_sources", "Source data"), Field("data_description", "Data description"),
        Field("sensitive_attributes", "Sensitive attributes"),
        Field("data_representativeness", "Data completeness and representativeness"),
        Field("data_collection", "Data collection"), Field("data_cleaning", "Data cleaning"),
        Field("data_sharing", "Data sharing agreements"), Field("data_storage", "Data access and storage"),
    )),
    Section("risks_mitigations_and_impact_assessments", "Risks, mitigations and impact assessments", (
        Field("impact_assessments", "Impact assessments"), Field("risks", "Risks and mitigations"),
    )),
)
METADATA_FIELDS = (
    Field("organisation", "Organisation"), Field("organisation_type", "Organisation type"),
    Field("function", "Function"), Field("capability", "Capability"), Field("phase", "Phase"),
    Field("region", "Region"), Field("date_published", "Date published"), Field("review_date", "Review date"),
    Field("atrs_version", "ATRS version"),
)
# Fields an officer may withhold under a Freedom of Information Act exemption (never the Tier 1 basics).
WITHHOLDABLE = tuple(field.key for section in TIER_2 for field in section.fields)
ALL_FIELDS = {field.key: field for section in (TIER_1, *TIER_2) for field in section.fields}
# The CSV's columns: ATRS template order, metadata first.
CSV_COLUMNS = ("id", "version", "status", *(field.key for field in METADATA_FIELDS),
               *(field.key for section in (TIER_1, *TIER_2) for field in section.fields),
               "risk_level", "withheld", "exemption", "withdrawn_on", "withdrawn_reason")


@dataclass(frozen=True)
class Publisher:
    """What the register says about the organisation publishing the entry."""
    name: str
    slug: str
    organisation_type: str
    contact_email: str | None
    website: str | None


@dataclass(frozen=True)
class Item:
    """One answer feeding an ATRS field, as public text."""
    question: str
    lines: tuple[str, ...]


def field_items(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, list[Item]]:
    """Public answers grouped by the ATRS field they feed, in questionnaire order."""
    visible = visible_answers(questionnaire, answers)
    items: dict[str, list[Item]] = {}
    for question in questionnaire.questions:
        if not question.atrs or not question.public or question.id not in visible:
            continue
        lines = tuple(line for line in answer_lines(question, visible[question.id]) if line.strip())
        if lines:
            items.setdefault(question.atrs, []).append(Item(question.label, lines))
    return items


def _text(items: Sequence[Item], with_labels: bool) -> str:
    if not with_labels and len(items) == 1:
        return "\n".join(items[0].lines)
    return "\n".join(f"{item.question}: {'; '.join(item.lines)}" for item in items)


def build_entry(questionnaire: Questionnaire, answers: Mapping[str, Any], publisher: Publisher, *,
                reference: str, version: int, published_on: date, risk_level: str,
                withheld: Sequence[str] = (), exemption: str | None = None) -> dict[str, Any]:
    """The entry exactly as it will be public."""
    items = field_items(questionnaire, answers)
    withheld_set = set(withheld) & set(WITHHOLDABLE)

    def value(key: str, with_labels: bool = True) -> str | None:
        if key in withheld_set or key not in items:
            return None
        return _text(items[key], with_labels)

    tier_1 = {field.key: value(field.key, with_labels=False) for field in TIER_1.fields}
    tier_1["contact_email"] = tier_1["contact_email"] or publisher.contact_email
    tier_2 = {section.key: {field.key: value(field.key) for field in section.fields} for section in TIER_2}
    review = requested_review_date(questionnaire, answers)
    return {
        "format": ENTRY_FORMAT,
        "id": f"{publisher.slug}/{reference}",
        "reference": reference,
        "version": version,
        "metadata": {
            "organisation": publisher.name,
            "organisation_slug": publisher.slug,
            "organisation_type": publisher.organisation_type,
            "function": value("function", with_labels=False),
            "capability": value("capability", with_labels=False),
            "phase": value("phase", with_labels=False),
            "region": value("region", with_labels=False) or "UK",
            "date_published": published_on.isoformat(),
            "review_date": review.isoformat() if review else None,
            "atrs_version": ATRS_VERSION,
        },
        "tier_1": tier_1,
        "tier_2": tier_2,
        "risk_level": risk_level,
        "suppliers": supplier_names(questionnaire, answers),
        "products": product_names(questionnaire, answers),
        "withheld": sorted(withheld_set, key=WITHHOLDABLE.index),
        "exemption": exemption.strip() if exemption and withheld_set else None,
    }


def search_text(entry: Mapping[str, Any]) -> str:
    """Everything a resident might search for in an entry, lower-cased, on one line."""
    parts: list[str] = [entry["reference"], *entry.get("suppliers", []), *entry.get("products", [])]
    parts += [str(value) for value in entry["metadata"].values() if value]
    parts += [str(value) for value in entry["tier_1"].values() if value]
    for section in entry["tier_2"].values():
        parts += [str(value) for value in section.values() if value]
    return " ".join(" ".join(parts).lower().split())


def csv_row(entry: Mapping[str, Any], status: str, withdrawn_on: str | None, withdrawn_reason: str | None
            ) -> dict[str, Any]:
    flat: dict[str, Any] = {"id": entry["id"], "version": entry["version"], "status": status,
                            **entry["metadata"], **entry["tier_1"]}
    for section in entry["tier_2"].values():
        flat.update(section)
    flat.update({"risk_level": entry["risk_level"], "withheld": "; ".join(entry["withheld"]),
                 "exemption": entry["exemption"], "withdrawn_on": withdrawn_on, "withdrawn_reason": withdrawn_reason})
    return {column: flat.get(column) for column in CSV_COLUMNS}
