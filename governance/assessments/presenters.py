"""How answers, statuses and flags read on the page: template helpers, registered on the blueprint."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from markupsafe import Markup, escape

from governance.assessments.lifecycle import State
from governance.questionnaire.display import answer_lines
from governance.questionnaire.model import Guidance, Question, Questionnaire
from governance.questionnaire.risk import RULE_PREFIX, questions_behind
from governance.scanning.entities import ENTITY_LABELS

STATUS_COLOURS = {
    State.DRAFT: "grey", State.SUBMITTED: "blue", State.CHANGES_REQUESTED: "orange", State.APPROVED: "green",
    State.APPROVED_WITH_CONDITIONS: "turquoise", State.REJECTED: "red", State.PUBLISHED: "purple",
    State.WITHDRAWN: "yellow", State.SUPERSEDED: "grey", State.RETIRED: "grey",
}
FLAG_TAGS = {"amber": ("Amber", "orange"), "red": ("Red", "red"), "stop": ("Stop", "purple")}


def status_label(status: str) -> str:
    return State(status).label


def status_tag(status: str) -> Markup:
    return Markup('<strong class="govuk-tag govuk-tag--{}">{}</strong>').format(
        STATUS_COLOURS[State(status)], status_label(status))


def flag_tag(flag: str) -> Markup:
    label, colour = FLAG_TAGS[flag]
    return Markup('<strong class="govuk-tag govuk-tag--{}">{}</strong>').format(colour, label)


def format_answer(question: Question, value: Any) -> Markup:
    """An answer as a person reads it: option labels, dates in words, list rows one per line."""
    return Markup("<br>").join(escape(line) for line in answer_lines(question, value))


def describe_source(questionnaire: Questionnaire, source: str) -> str:
    """'rule:x' or a question id, as words: the question's reference and label."""
    if source.startswith(RULE_PREFIX):
        return "A combination of answers"
    question = questionnaire.question(source)
    return f"{question.ref} {question.label}" if question else source


def cite(source: Guidance | None) -> Markup:
    """' Source: <link>' after a reason, naming the law or guidance its rule follows; nothing if it names none."""
    if source is None:
        return Markup("")
    return Markup(' <span class="app-source">Source: <a class="govuk-link" href="{}" rel="noreferrer noopener">{}</a>'
                  '</span>').format(source.url, source.title)


def format_option(questionnaire: Questionnaire, source: str, answer: Any) -> Markup:
    question = questionnaire.question(source)
    return format_answer(question, answer) if question else escape(str(answer))


SCAN_STATUSES = {"queued": ("Waiting", "grey"), "running": ("Checking", "blue"), "done": ("Checked", "green"),
                 "failed": ("Could not be checked", "red")}


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


def special_label(category: str) -> str:
    return category.replace("_", " ")


def percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.1 else f"{share:.1%}"


def scan_status(scan: Any, stale: bool = False) -> Markup:
    label, colour = ("Interrupted", "red") if stale else SCAN_STATUSES[scan.status]
    return Markup('<strong class="govuk-tag govuk-tag--{}">{}</strong>').format(colour, label)


def option_items(question: Question) -> list[dict[str, Any]]:
    """Per-option hint and 'none of these' behaviour for the GOV.UK radios and checkboxes macros."""
    items = []
    for option in question.options:
        item: dict[str, Any] = {}
        if option.hint:
            item["hint"] = {"text": option.hint}
        if option.exclusive:
            item["behaviour"] = "exclusive"
        items.append(item)
    return items


def register(blueprint: Blueprint) -> None:
    for helper in (status_label, status_tag, flag_tag, format_answer, describe_source, cite, format_option,
                   option_items, entity_label, special_label, percent, scan_status, questions_behind, answer_lines):
        blueprint.add_app_template_global(helper)
