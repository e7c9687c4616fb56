"""The ATRS projection: only public answers that feed a field, withheld fields left out, the schema and
the CSV order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from governance.questionnaire.examples import example_answers
from governance.questionnaire.loader import load_all
from governance.register.atrs import CSV_COLUMNS, Publisher, build_entry, csv_row, search_text
from governance.register.schema import entry_problems

PROJECT = Path(__file__).resolve().parents[3]
PUBLISHER = Publisher("South Shire Council", "south-shire", "Local authority", "ai@southshire.gov.uk", None)


def _questionnaire():
    return load_all(PROJECT / "questionnaires")["ai-use-case-assessment@1.0"]


def _entry(questionnaire, answers, **kwargs):
    return build_entry(questionnaire, answers, PUBLISHER, reference="AI-2026-0001", version=1,
                       published_on=date(2026, 11, 22), risk_level="II", **kwargs)


def test_an_entry_from_the_shipped_questionnaire_is_valid_against_the_schema() -> None:
    questionnaire = _questionnaire()
    entry = _entry(questionnaire, example_answers(questionnaire, date(2026, 11, 22)))

    assert entry_problems(entry) == []
    assert entry["tier_1"]["name"] == "Example answer"
    assert entry["metadata"]["organisation"] == "South Shire Council"


def test_a_never_public_answer_is_left_out_even_when_it_feeds_a_field() -> None:
    questionnaire = _questionnaire()
    name_question = questionnaire.question("tool-name")
    hidden = replace(questionnaire, sections=tuple(
        replace(section, questions=tuple(replace(question, public=False) if question.id == "tool-name" else question
                                         for question in section.questions))
        for section in questionnaire.sections))
    answers = {**example_answers(questionnaire, date(2026, 11, 22)), "tool-name": "Secret internal codename"}

    entry = _entry(hidden, answers)

    assert name_question is not None and name_question.public
    assert entry["tier_1"]["name"] is None
    assert "secret internal codename" not in search_text(entry)


def test_withheld_fields_are_empty_and_the_exemption_is_stated() -> None:
    questionnaire = _questionnaire()
    answers = example_answers(questionnaire, date(2026, 11, 22))

    entry = _entry(questionnaire, answers, withheld=["model_details", "name"], exemption="Section 43")
    plain = _entry(questionnaire, answers, exemption="Section 43")

    assert entry["tier_2"]["tool_specification"]["model_details"] is None
    assert entry["tier_1"]["name"] == "Example answer"  # Tier 1 basics cannot be withheld
    assert entry["withheld"] == ["model_details"] and entry["exemption"] == "Section 43"
    assert plain["exemption"] is None  # nothing withheld, so no exemption is claimed


def test_csv_rows_follow_the_atrs_template_order() -> None:
    questionnaire = _questionnaire()
    row = csv_row(_entry(questionnaire, example_answers(questionnaire, date(2026, 11, 22))), "published", None, None)

    assert tuple(row) == CSV_COLUMNS
    assert CSV_COLUMNS.index("organisation") < CSV_COLUMNS.index("name") < CSV_COLUMNS.index("organisation_team")


def test_hostile_entries_are_reported_with_where_the_problem_is() -> None:
    questionnaire = _questionnaire()
    entry = _entry(questionnaire, example_answers(questionnaire, date(2026, 11, 22)))
    entry["id"] = "../../etc/passwd"
    entry["tier_1"]["script"] = "<script>alert(1)</script>"
    entry["version"] = "one"

    problems = entry_problems(entry)

    assert any(problem.startswith("id:") for problem in problems)
    assert any(problem.startswith("tier_1:") for problem in problems)
    assert any(problem.startswith("version:") for problem in problems)
    assert entry_problems("not an object") and entry_problems(None)
