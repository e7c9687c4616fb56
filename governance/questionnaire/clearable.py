"""Hidden questions never block: a proof, over every answer a person could give, that the question which clears
a blocker or marks a required action done is asked whenever the blocker or the action can arise.

A rule that blocks approval because something is *not* answered a certain way ("a DPIA is required and
the DPIA stage is not 'completed'") can fire while that question is hidden, and then nothing clears it.
For each such question the check searches the answer space (answer_space.py) for answers under which the
blocker fires, answering the question would clear it, and the question is not asked; likewise for an
action that is required while the question saying it is done is not asked. Finding none is the proof;
finding some is an issue, with the answers as the example.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from governance.questionnaire.answer_space import AnswerSpace, Assignment, Holds
from governance.questionnaire.issues import ValidationIssue
from governance.questionnaire.model import BLOCKING_FLAGS
from governance.questionnaire.rules import leaves

Document = Mapping[str, Any]


def hidden_question_issues(document: Document) -> list[ValidationIssue]:
    """An issue for each blocker that can fire, and each required action that can arise, while the question
    that clears it is not asked."""
    space = AnswerSpace(document)
    issues = []
    for r, rule in enumerate(document.get("rules", ())):
        if rule.get("flag") not in BLOCKING_FLAGS:
            continue
        fires = space.expand(rule["when"], positive=True)
        reported: set[str] = set()
        for leaf, clearing in _clearing_leaves(rule["when"]):
            # Answers under which the rule blocks, answering the question would clear it, and it is not asked.
            cleared = space.expand(rule["when"], positive=True, answered=(leaf, clearing))
            witness = space.witness(("all", (fires, ("not", cleared), ("not", space.visible(leaf["answer"])))))
            if witness is not None and leaf["answer"] not in reported:
                reported.add(leaf["answer"])
                issues.append(ValidationIssue(
                    "blocker_on_hidden_question",
                    f"rule '{rule['id']}' can block while '{leaf['answer']}', whose answer would clear it, is not "
                    f"asked (for example {_describe(witness)})", f"rules[{r}].when"))
    for a, action in enumerate(document["actions"]):
        if "done_when" not in action:
            continue
        required = space.required(action["id"])
        for question_id in dict.fromkeys(leaf["answer"] for leaf in leaves(action["done_when"]) if "answer" in leaf):
            witness = space.witness(("all", (required, ("not", space.visible(question_id)))))
            if witness is not None:
                issues.append(ValidationIssue(
                    "action_done_on_hidden_question",
                    f"action '{action['id']}' can be required while '{question_id}', which says it is done, is "
                    f"not asked (for example {_describe(witness)})", f"actions[{a}].done_when"))
    return issues


def _clearing_leaves(rule: Mapping[str, Any], negated: bool = False) -> Iterator[tuple[Mapping[str, Any], bool]]:
    """Comparisons whose answer would clear the rule, with the truth that clears it: one under a `not` (the
    DPIA stage is not 'completed') clears when it holds; `answered: false` clears when it fails."""
    if "not" in rule:
        yield from _clearing_leaves(rule["not"], not negated)
    elif "all" in rule or "any" in rule:
        for part in rule.get("all", rule.get("any", ())):
            yield from _clearing_leaves(part, negated)
    elif "answer" in rule and negated != (rule.get("answered") is False):
        yield rule, negated


def _describe(witness: Assignment) -> str:
    shown = []
    for variable, value in witness.items():
        if isinstance(variable, Holds):
            continue
        if isinstance(variable, tuple):
            if value:
                shown.append(f"{variable[0]} includes {variable[1]}")
        else:
            shown.append(f"{variable} = {value}" if value is not None else f"{variable} unanswered")
    return ", ".join(shown) or "any answers"
