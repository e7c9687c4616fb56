"""Tier 2: what a JSON Schema cannot say. Runs only on documents that passed tier 1.

Each check adds issues with a stable code; tests/questionnaires/invalid/ holds one file per code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from governance.questionnaire.atrs import REQUIRED_ATRS_FIELDS
from governance.questionnaire.clearable import hidden_question_issues
from governance.questionnaire.issues import ValidationIssue
from governance.questionnaire.model import BLOCKING_FLAGS, LEVELS, YES_NO_UNSURE
from governance.questionnaire.roles import FIELD_ROLES, OPTION_MEANINGS, QUESTION_ROLES, REQUIRED_ROLES
from governance.questionnaire.rules import action_references, leaves

Document = Mapping[str, Any]
YES_NO_UNSURE_VALUES = {value for value, _label in YES_NO_UNSURE}
LIST_ANSWER_OPERATORS = {"all_of", "selected_at_least"}
# Released before rules had to cite their sources and before the hidden-question proof. A released file
# never changes, so these checks cannot mend it; version 1.1 corrects what they find in it.
RELEASED_BEFORE_LATER_CHECKS = frozenset({"ai-use-case-assessment@1.0"})


def check_meaning(document: Document, released: bool = False, prove: bool = True) -> list[ValidationIssue]:
    """Every tier 2 issue. A `released` questionnaire must also give every role the service relies on. Without
    `prove`, the proof that hidden questions never block is left out (a file already proved and pinned)."""
    issues: list[ValidationIssue] = []
    questions = dict(_questions(document))
    issues += _check_ids(document)
    issues += _check_levels(document)
    issues += _check_sections(document)
    for path, question in questions.items():
        issues += _check_question(question, path)
    issues += _check_rules(document, questions)
    issues += _check_actions(document)
    issues += _check_atrs(document, questions)
    issues += _check_roles(questions, released)
    if f"{document['id']}@{document['version']}" not in RELEASED_BEFORE_LATER_CHECKS:
        issues += _check_sources(document, questions)
        # The proof needs every reference resolved, so it runs on an otherwise sound file.
        if prove and not issues:
            issues += hidden_question_issues(document)
    return issues


def _questions(document: Document) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for s, section in enumerate(document["sections"]):
        for q, question in enumerate(section["questions"]):
            yield f"sections[{s}].questions[{q}]", question


def _check_ids(document: Document) -> list[ValidationIssue]:
    issues = []
    seen: dict[str, str] = {}
    places = [(f"sections[{s}]", section["id"]) for s, section in enumerate(document["sections"])]
    places += [(path, question["id"]) for path, question in _questions(document)]
    places += [(f"rules[{r}]", rule["id"]) for r, rule in enumerate(document.get("rules", ()))]
    for path, identifier in places:
        if identifier in seen:
            issues.append(ValidationIssue("duplicate_id", f"id '{identifier}' is already used at {seen[identifier]}",
                                          f"{path}.id"))
        seen.setdefault(identifier, path)
    refs: dict[str, str] = {}
    for path, question in _questions(document):
        if question["ref"] in refs:
            issues.append(ValidationIssue("duplicate_ref", f"ref '{question['ref']}' is already used at "
                                          f"{refs[question['ref']]}", f"{path}.ref"))
        refs.setdefault(question["ref"], path)
    return issues


def _check_levels(document: Document) -> list[ValidationIssue]:
    levels = document["scoring"]["levels"]
    names = [level["level"] for level in levels]
    if names != list(LEVELS):
        return [ValidationIssue("levels_unordered", f"levels must be I, II, III, IV in that order, not {names}",
                                "scoring.levels")]
    scores = [level["min_score"] for level in levels]
    if any(later <= earlier for earlier, later in zip(scores, scores[1:], strict=False)):
        return [ValidationIssue("thresholds_unordered", f"min_score must rise from level to level, not {scores}",
                                "scoring.levels")]
    return []


def _check_sections(document: Document) -> list[ValidationIssue]:
    issues = []
    earlier: set[str] = set()
    for s, section in enumerate(document["sections"]):
        for r, required in enumerate(section.get("requires", ())):
            if required not in earlier:
                issues.append(ValidationIssue("section_requires_later",
                                              f"section '{section['id']}' can only require earlier sections, "
                                              f"not '{required}'", f"sections[{s}].requires[{r}]"))
        earlier.add(section["id"])
    return issues


def _check_question(question: Mapping[str, Any], path: str) -> list[ValidationIssue]:
    issues = _check_options(question, path)
    for b, band in enumerate(question.get("bands", ())):
        issues += _check_reason(band, f"{path}.bands[{b}]")
    if "min" in question and "max" in question and question["min"] > question["max"]:
        issues.append(ValidationIssue("min_above_max", "min is greater than max", f"{path}.min"))
    if question.get("min_items", 0) > question.get("max_items", question.get("min_items", 0)):
        issues.append(ValidationIssue("min_above_max", "min_items is greater than max_items", f"{path}.min_items"))
    field_ids = [field["id"] for field in question.get("fields", ())]
    if len(field_ids) != len(set(field_ids)):
        issues.append(ValidationIssue("duplicate_field", "list field ids must be unique", f"{path}.fields"))
    if question.get("public") is False and "atrs" in question:
        issues.append(ValidationIssue("private_answer_published",
                                      "an answer that must never be published cannot feed a register field",
                                      f"{path}.atrs"))
    return issues


def _check_options(question: Mapping[str, Any], path: str) -> list[ValidationIssue]:
    issues = []
    options = question.get("options", ())
    values = [option["value"] for option in options]
    for value in {value for value in values if values.count(value) > 1}:
        issues.append(ValidationIssue("duplicate_option", f"option value '{value}' appears twice", f"{path}.options"))
    if question["type"] == "yes-no-unsure":
        for o, value in enumerate(values):
            if value not in YES_NO_UNSURE_VALUES:
                issues.append(ValidationIssue("yes_no_unsure_value", f"'{value}' is not yes, no or unsure",
                                              f"{path}.options[{o}].value"))
    scored = [option for option in options if "score" in option]
    if scored and len(scored) != len(options):
        issues.append(ValidationIssue("partial_scores", "give every option a score, or none", f"{path}.options"))
    for o, option in enumerate(options):
        if option.get("exclusive") and question["type"] != "checkboxes":
            issues.append(ValidationIssue("exclusive_not_checkboxes", "only checkbox options can be exclusive",
                                          f"{path}.options[{o}].exclusive"))
        issues += _check_reason(option, f"{path}.options[{o}]")
    return issues


def _check_reason(item: Mapping[str, Any], path: str) -> list[ValidationIssue]:
    if (item.get("flag") or item.get("triggers")) and not item.get("reason"):
        return [ValidationIssue("reason_missing", "an answer with a flag or triggers must say why (reason)", path)]
    return []


def _check_sources(document: Document, questions: Mapping[str, Mapping[str, Any]]) -> list[ValidationIssue]:
    """Every rule, and every answer that requires an action or blocks approval, names the law or guidance it
    follows: an officer signs on the strength of it."""
    cited = [(f"rules[{r}]", rule) for r, rule in enumerate(document.get("rules", ()))]
    for path, question in questions.items():
        for kind in ("options", "bands"):
            cited += [(f"{path}.{kind}[{i}]", answer) for i, answer in enumerate(question.get(kind, ()))
                      if answer.get("triggers") or answer.get("flag") in BLOCKING_FLAGS]
    return [ValidationIssue("source_missing", "a rule, or an answer with triggers or a red or stop flag, must name "
                            "its legal or guidance source (source: title and url)", path)
            for path, item in cited if "source" not in item]


def _check_rules(document: Document, questions: Mapping[str, Mapping[str, Any]]) -> list[ValidationIssue]:
    issues = []
    by_id = {question["id"]: question for question in questions.values()}
    earlier: set[str] = set()
    for path, question in questions.items():
        if "show_when" in question:
            issues += _check_rule(question["show_when"], f"{path}.show_when", by_id, earlier)
            if any(action_references(question["show_when"])):
                issues.append(ValidationIssue("action_rule_in_show_when",
                                              "show_when cannot depend on required actions", f"{path}.show_when"))
        earlier.add(question["id"])
    for r, rule in enumerate(document.get("rules", ())):
        issues += _check_rule(rule["when"], f"rules[{r}].when", by_id, set(by_id))
        issues += _check_reason(rule, f"rules[{r}]")
        if any(action_references(rule["when"])) and rule.get("triggers"):
            issues.append(ValidationIssue("action_rule_with_triggers",
                                          "a rule about required actions cannot add triggers (it would change them)",
                                          f"rules[{r}].triggers"))
    for a, action in enumerate(document["actions"]):
        for key in ("done_when", "applies_when"):
            if key in action:
                issues += _check_rule(action[key], f"actions[{a}].{key}", by_id, set(by_id))
                if any(action_references(action[key])):
                    issues.append(ValidationIssue(f"action_rule_in_{key}",
                                                  f"{key} looks at answers, not at required actions",
                                                  f"actions[{a}].{key}"))
        for c, counted in enumerate(action.get("counted", ())):
            if "when" in counted:
                issues += _check_rule(counted["when"], f"actions[{a}].counted[{c}].when", by_id, set(by_id))
    return issues


def _check_rule(rule: Mapping[str, Any], path: str, by_id: Mapping[str, Mapping[str, Any]],
                allowed: set[str]) -> list[ValidationIssue]:
    issues = []
    for leaf in leaves(rule):
        if "answer" not in leaf:
            continue
        target = by_id.get(leaf["answer"])
        if target is None:
            issues.append(ValidationIssue("unknown_question", f"no question has id '{leaf['answer']}'", path))
            continue
        if leaf["answer"] not in allowed:
            issues.append(ValidationIssue("forward_reference",
                                          f"'{leaf['answer']}' comes later; rules may only look at earlier answers",
                                          path))
        issues += _check_operator(leaf, target, path)
    return issues


def _check_operator(leaf: Mapping[str, Any], target: Mapping[str, Any], path: str) -> list[ValidationIssue]:
    kind = target["type"]
    operator = next(key for key in leaf if key != "answer")
    if operator in LIST_ANSWER_OPERATORS and kind != "checkboxes":
        return [ValidationIssue("operator_mismatch", f"'{operator}' needs a checkboxes question, not {kind}", path)]
    if operator == "at_least" and kind != "number":
        return [ValidationIssue("operator_mismatch", f"'at_least' needs a number question, not {kind}", path)]
    compared = leaf.get("any_of", leaf.get("all_of", [leaf["equals"]] if "equals" in leaf else []))
    if compared and kind in ("radios", "checkboxes", "yes-no-unsure"):
        known = YES_NO_UNSURE_VALUES if kind == "yes-no-unsure" else {o["value"] for o in target["options"]}
        unknown = [value for value in compared if value not in known]
        if unknown:
            return [ValidationIssue("unknown_option", f"'{target['id']}' has no option {unknown}", path)]
    return []


def _check_actions(document: Document) -> list[ValidationIssue]:
    ids = [action["id"] for action in document["actions"]]
    issues = [ValidationIssue("duplicate_action", f"action '{identifier}' is defined twice", "actions")
              for identifier in sorted({i for i in ids if ids.count(i) > 1})]
    referenced = {name for rule in document.get("rules", ()) for name in action_references(rule["when"])}
    issues += [ValidationIssue("unknown_action", f"rules refer to action '{name}', which is not defined", "rules")
               for name in sorted(referenced - set(ids))]
    return issues


def _check_atrs(document: Document, questions: Mapping[str, Mapping[str, Any]]) -> list[ValidationIssue]:
    fed = {question["atrs"] for question in questions.values() if "atrs" in question}
    return [ValidationIssue("atrs_field_missing", f"no question feeds the required register field '{name}'",
                            "sections") for name in REQUIRED_ATRS_FIELDS if name not in fed]


def _check_roles(questions: Mapping[str, Mapping[str, Any]], released: bool) -> list[ValidationIssue]:
    issues = []
    seen: dict[str, str] = {}
    for path, question in questions.items():
        role = question.get("role")
        if role is not None:
            issues += _check_role(role, question["type"], f"{path}.role", seen)
        for f, field in enumerate(question.get("fields", ())):
            if "role" in field:
                issues += _check_field_role(field["role"], role, f"{path}.fields[{f}].role", seen)
        for o, option in enumerate(question.get("options", ())):
            issues += [ValidationIssue("option_meaning_misplaced",
                                       f"'{key}' only means something on an option of the question with role "
                                       f"'{OPTION_MEANINGS[key]}'", f"{path}.options[{o}].{key}")
                       for key in OPTION_MEANINGS if key in option and OPTION_MEANINGS[key] != role]
    if released:
        issues += _check_required_roles(questions, seen)
    return issues


def _already_given(role: str, path: str, seen: dict[str, str]) -> list[ValidationIssue]:
    """A role may be given once; remembers where it was."""
    if role in seen:
        return [ValidationIssue("duplicate_role", f"role '{role}' is already given at {seen[role]}", path)]
    seen[role] = path
    return []


def _check_role(role: str, kind: str, path: str, seen: dict[str, str]) -> list[ValidationIssue]:
    duplicate = _already_given(role, path, seen)
    if duplicate:
        return duplicate
    if QUESTION_ROLES[role] != kind:
        return [ValidationIssue("role_type_mismatch", f"role '{role}' needs a {QUESTION_ROLES[role]} question, "
                                f"not {kind}", path)]
    return []


def _check_field_role(role: str, list_role: str | None, path: str, seen: dict[str, str]) -> list[ValidationIssue]:
    duplicate = _already_given(role, path, seen)
    if duplicate:
        return duplicate
    if FIELD_ROLES[role] != list_role:
        return [ValidationIssue("field_role_misplaced", f"field role '{role}' belongs in the list question with "
                                f"role '{FIELD_ROLES[role]}'", path)]
    return []


def _check_required_roles(questions: Mapping[str, Mapping[str, Any]], seen: Mapping[str, str]
                          ) -> list[ValidationIssue]:
    # The service finds the review date, the publication choice, the suppliers and the personal-data
    # questions by role; without them a released version would publish and suggest nothing.
    issues = [ValidationIssue("role_missing", f"no question has the role '{role}', which a released "
                              "questionnaire must give", "sections") for role in REQUIRED_ROLES if role not in seen]
    for path, question in questions.items():
        issues += [ValidationIssue("role_missing", f"no field of this list has the role '{field_role}', which a "
                                   "released questionnaire must give", f"{path}.fields")
                   for field_role, list_role in FIELD_ROLES.items()
                   if question.get("role") == list_role and field_role not in seen]
    return issues
