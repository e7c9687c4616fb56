"""Show-when and risk rules: structured conditions on answers, never expression strings."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from governance.questionnaire.model import Answers, Questionnaire, Rule


def is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def evaluate(rule: Rule, answers: Answers, actions: Collection[str] = ()) -> bool:
    """True when `rule` holds for `answers`. A missing answer satisfies no comparison."""
    if "not" in rule:
        return not evaluate(rule["not"], answers, actions)
    if "all" in rule:
        return all(evaluate(part, answers, actions) for part in rule["all"])
    if "any" in rule:
        return any(evaluate(part, answers, actions) for part in rule["any"])
    if "action_required" in rule:
        return rule["action_required"] in actions
    value = answers.get(rule["answer"])
    if "answered" in rule:
        expected: bool = rule["answered"]
        return is_answered(value) == expected
    if not is_answered(value):
        return False
    return _compare(rule, value)


def _compare(rule: Mapping[str, Any], value: Any) -> bool:
    selected = value if isinstance(value, list) else [value]
    if "equals" in rule:
        return rule["equals"] in selected
    if "any_of" in rule:
        return any(item in rule["any_of"] for item in selected)
    if "all_of" in rule:
        return all(item in selected for item in rule["all_of"])
    if "selected_at_least" in rule:
        return isinstance(value, list) and len(value) >= rule["selected_at_least"]
    if "at_least" in rule:
        return isinstance(value, int | float) and not isinstance(value, bool) and value >= rule["at_least"]
    raise ValueError(f"unknown rule form: {sorted(rule)}")


def leaves(rule: Rule) -> Iterator[Rule]:
    """The comparisons inside a rule."""
    if "not" in rule:
        yield from leaves(rule["not"])
    elif "all" in rule or "any" in rule:
        for part in rule.get("all", rule.get("any", ())):
            yield from leaves(part)
    else:
        yield rule


def action_references(rule: Rule) -> Iterator[str]:
    """Every required action a rule looks at."""
    return (leaf["action_required"] for leaf in leaves(rule) if "action_required" in leaf)


def applicable_questions(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    """Ids of the questions that apply given the answers, in questionnaire order.

    Rules look only backwards, so each question is judged on the applicable answers before it: an
    answer kept from a question that is now hidden can never make another question appear or count.
    """
    visible: dict[str, Any] = {}
    applicable = []
    for question in questionnaire.questions:
        if question.show_when is None or evaluate(question.show_when, visible):
            applicable.append(question.id)
            if question.id in answers:
                visible[question.id] = answers[question.id]
    return applicable


def visible_answers(questionnaire: Questionnaire, answers: Answers) -> dict[str, Any]:
    """The answers to questions that apply; answers to hidden questions are left out."""
    return {qid: answers[qid] for qid in applicable_questions(questionnaire, answers) if qid in answers}
