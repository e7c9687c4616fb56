"""The questions the service's own code relies on, found by role instead of by id. Pure: no Flask, no database.

Publishing, review dates and scan suggestions need particular answers (the review date, the suppliers'
names, ...). A questionnaire marks those questions with `role:` (and list fields and options with what
they mean), so its ids can change from one version to the next without breaking that code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from governance.questionnaire.model import YES_NO_UNSURE, Option, Question, Questionnaire

# Question roles, each with the question type the code below reads. Keep in step with "role" in
# questionnaires/_schema/questionnaire.schema.json.
REVIEW_DATE = "review-date"
PUBLICATION_CHOICE = "publication-choice"
SUPPLIER = "supplier"
MODEL = "model"
PERSONAL_DATA = "personal-data"
PERSONAL_DATA_CATEGORIES = "personal-data-categories"
SPECIAL_CATEGORY_DATA = "special-category-data"
QUESTION_ROLES: Mapping[str, str] = {
    REVIEW_DATE: "date",
    PUBLICATION_CHOICE: "radios",
    SUPPLIER: "list",
    MODEL: "list",
    PERSONAL_DATA: "yes-no-unsure",
    PERSONAL_DATA_CATEGORIES: "checkboxes",
    SPECIAL_CATEGORY_DATA: "checkboxes",
}

# List-field roles, each with the question role of the list it belongs to ("field_role" in the schema).
SUPPLIER_NAME = "supplier-name"
MODEL_NAME = "model-name"
MODEL_PROVIDER = "model-provider"
FIELD_ROLES: Mapping[str, str] = {SUPPLIER_NAME: SUPPLIER, MODEL_NAME: MODEL, MODEL_PROVIDER: MODEL}

# What an option can say it means, and the role of the only question whose options may say it.
OPTION_MEANINGS: Mapping[str, str] = {
    "refuses_publication": PUBLICATION_CHOICE,
    "suggested_by": PERSONAL_DATA_CATEGORIES,
    "special_category": SPECIAL_CATEGORY_DATA,
}

# A released questionnaire must give every role once: publishing and scan suggestions depend on them.
REQUIRED_ROLES = tuple(QUESTION_ROLES)

YES = YES_NO_UNSURE[0][0]


def requested_review_date(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> date | None:
    """The review date the assessment asks for, or None when there is none (or it is not a real date)."""
    value = _answer(questionnaire, REVIEW_DATE, answers)
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def publication_refused(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> bool:
    """Whether the assessment says the record must not be published (an option with `refuses_publication`)."""
    question = questionnaire.question_for_role(PUBLICATION_CHOICE)
    if question is None or not isinstance(answers.get(question.id), str):
        return False
    option = question.option(answers[question.id])
    return option is not None and option.refuses_publication


def supplier_names(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[str]:
    """The suppliers' names, sorted, each once."""
    return _column(questionnaire, answers, SUPPLIER, SUPPLIER_NAME)


def product_names(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[str]:
    """The AI models' names, then who made them, each part sorted with no repeats (as register entries list
    their products)."""
    return (_column(questionnaire, answers, MODEL, MODEL_NAME)
            + _column(questionnaire, answers, MODEL, MODEL_PROVIDER))


def suggested_answers(questionnaire: Questionnaire, finding_types: Iterable[str],
                      special_categories: Iterable[str]) -> dict[str, Any]:
    """Answers a scan suggests, keyed by question id: what the lead is offered to confirm or change.

    Args:
        finding_types: the scanner's entity types found (PERSON, UK_NHS, ...), in the order found.
        special_categories: the special categories found (health, ...), in the order found.

    Returns:
        Nothing when no finding matches an option; else "yes" to the personal-data question, the kinds of
        personal data whose `suggested_by` names a finding type, and (when any matched) the special
        categories whose `special_category` was found.
    """
    kinds = questionnaire.question_for_role(PERSONAL_DATA_CATEGORIES)
    special = questionnaire.question_for_role(SPECIAL_CATEGORY_DATA)
    kind_values = _matching(kinds, finding_types, lambda option, found: found in option.suggested_by)
    special_values = _matching(special, special_categories, lambda option, found: found == option.special_category)
    if not kind_values and not special_values:
        return {}
    personal = questionnaire.question_for_role(PERSONAL_DATA)
    suggestions: dict[str, Any] = {personal.id: YES} if personal is not None else {}
    if kinds is not None:
        suggestions[kinds.id] = kind_values
    if special is not None and special_values:
        suggestions[special.id] = special_values
    return suggestions


def _matching(question: Question | None, found: Iterable[str], matches: Callable[[Option, str], bool]) -> list[str]:
    """Values of the question's options that something found matches, in the order first found, each once."""
    if question is None:
        return []
    values: list[str] = []
    for item in found:
        for option in question.options:
            if matches(option, item) and option.value not in values:
                values.append(option.value)
    return values


def _answer(questionnaire: Questionnaire, role: str, answers: Mapping[str, Any]) -> Any:
    question = questionnaire.question_for_role(role)
    return answers.get(question.id) if question is not None else None


def _column(questionnaire: Questionnaire, answers: Mapping[str, Any], role: str, field_role: str) -> list[str]:
    question = questionnaire.question_for_role(role)
    field = question.field_for_role(field_role) if question is not None else None
    rows = answers.get(question.id) if question is not None else None
    if field is None or not isinstance(rows, list):
        return []
    return sorted({str(row.get(field.id)).strip() for row in rows if isinstance(row, Mapping) and row.get(field.id)})


def publication_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> list[tuple[Question, Any]]:
    """What the assessment says about publishing: the answered questions of the section that asks whether to
    publish (publish or not, parts to leave out and why), in order."""
    question = questionnaire.question_for_role(PUBLICATION_CHOICE)
    section = questionnaire.section(question.section_id) if question else None
    if section is None:
        return []
    return [(item, answers[item.id]) for item in section.questions if item.id in answers]


PERSONAL_DATA_ROLES = (PERSONAL_DATA, PERSONAL_DATA_CATEGORIES, SPECIAL_CATEGORY_DATA)


def asks_about_personal_data(question: Question) -> bool:
    """Whether sample data checked for personal data can inform this question's answer."""
    return question.role in PERSONAL_DATA_ROLES


def first_personal_data_question(questionnaire: Questionnaire) -> Question | None:
    """Where someone goes after checking sample data: the first question about personal data."""
    return next((question for question in questionnaire.questions if asks_about_personal_data(question)), None)
