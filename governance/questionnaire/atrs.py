"""Register fields from the UK Algorithmic Transparency Recording Standard that the questionnaire feeds."""

from __future__ import annotations

# Every published record needs these, so every questionnaire must ask for them.
REQUIRED_ATRS_FIELDS = (
    "name",
    "description",
    "contact_email",
    "function",
    "phase",
    "organisation_team",
    "process_integration",
    "human_decisions_and_review",
    "benefit",
    "data_description",
    "risks",
    "impact_assessments",
)
