"""Every answer a person could give to one questionnaire, searched for answers that make a condition true.

The semantic check uses it to prove things about a questionnaire file for all answers at once (see
clearable.py). Pure: works on the validated document, before it is built.

Answers are those of an assessment that can be submitted: every required question that is asked has an
answer; optional ones may be blank. Beyond that the space over-approximates what the engine can do, so
"no answers exist" is a proof: a required action is taken to be possible wherever enough of its triggers
could fire and it applies, and a 'none of these' box may be ticked with others.

The search is depth first over only the questions a condition looks at, and a branch ends as soon as the
condition is decided. Whether a question is asked, and any sub-condition used in more than one place (an
anchor in the file), is split on as a variable of its own and checked against its definition straight
away: most contradictions are about visibility, and they show up at once instead of after every way of
answering the questions behind it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from governance.questionnaire.model import YES_NO_UNSURE
from governance.questionnaire.rules import evaluate, leaves

Document = Mapping[str, Any]
# A formula: ("all", parts) | ("any", parts) | ("at_least", n, parts) | ("not", part) | ("leaf", comparison)
# | ("visible", question id) | ("const", bool).
Formula = tuple[Any, ...]
TRUE: Formula = ("const", True)
FALSE: Formula = ("const", False)


@dataclass(frozen=True)
class Holds:
    """A variable: whether a sub-condition holds, assumed during the search and checked against it."""

    node: int


# A variable: a question id, (question id, option) for one box of a checkboxes question, or a Holds.
Variable = str | tuple[str, str] | Holds
Assignment = Mapping[Variable, Any]


class _Inconsistent(Exception):
    """An assumption contradicts the sub-condition it stands for."""


@dataclass(frozen=True)
class _Question:
    id: str
    type: str
    values: tuple[str, ...]
    show_when: Formula | None
    required: bool
    thresholds: tuple[float, ...] = ()


class AnswerSpace:
    """The questions of one document as variables with small domains, and conditions on them as formulas."""

    def __init__(self, document: Document) -> None:
        raw = [question for section in document["sections"] for question in section["questions"]]
        thresholds: dict[str, set[float]] = {}
        for rule in _every_condition(document, raw):
            for leaf in leaves(rule):
                if "at_least" in leaf:
                    thresholds.setdefault(leaf["answer"], set()).add(leaf["at_least"])
        for question in raw:
            thresholds.setdefault(question["id"], set()).update(band["min"] for band in question.get("bands", ()))
        self._actions = {action["id"]: action for action in document["actions"]}
        self._rules = list(document.get("rules", ()))
        self._raw = raw
        # The same part of the file (a YAML anchor and its aliases) becomes the same formula object.
        self._expanded: dict[tuple[int, bool], Formula] = {}
        self.questions = {
            question["id"]: _Question(
                question["id"], question["type"], _values(question),
                self.expand(question["show_when"], positive=True) if "show_when" in question else None,
                question.get("required", True), tuple(sorted(thresholds.get(question["id"], ()))))
            for question in raw
        }

    # --- Formulas -------------------------------------------------------------------------------------

    def expand(self, rule: Mapping[str, Any], positive: bool,
               answered: tuple[Mapping[str, Any], bool] | None = None) -> Formula:
        """A rule as a formula. `action_required` becomes what could require the action where the rule needs it
        to hold, and false where it needs it not to (an over-approximation of when the rule holds). With
        `answered`, that one comparison (the very object in the file) is fixed at the given truth."""
        if answered is not None and not _contains(rule, answered[0]):
            answered = None
        if answered is None and (id(rule), positive) in self._expanded:
            return self._expanded[id(rule), positive]
        if answered is not None and rule is answered[0]:
            formula: Formula = ("const", answered[1])
        elif "not" in rule:
            formula = ("not", self.expand(rule["not"], not positive, answered))
        elif "all" in rule or "any" in rule:
            kind = "all" if "all" in rule else "any"
            formula = (kind, tuple(self.expand(part, positive, answered) for part in rule[kind]))
        elif "action_required" in rule:
            formula = self.required(rule["action_required"]) if positive else FALSE
        else:
            formula = ("leaf", rule)
        if answered is None:
            self._expanded[id(rule), positive] = formula
        return formula

    def required(self, action_id: str) -> Formula:
        """When the action could be required: it applies, and a trigger fires or enough counted ones do."""
        action = self._actions[action_id]
        applies = self.expand(action["applies_when"], positive=True) if "applies_when" in action else TRUE
        ways = [("any", self._sources(trigger)) for trigger in action.get("required_by", ())]
        ways += [("all", (("at_least", counted["at_least"], self._sources(counted["trigger"])),
                          self.expand(counted["when"], positive=True) if "when" in counted else TRUE))
                 for counted in action.get("counted", ())]
        return ("all", (applies, ("any", tuple(ways))))

    def _sources(self, trigger: str) -> tuple[Formula, ...]:
        """Each answer or rule that raises `trigger`, once each as the engine counts them (rules with
        triggers never look at actions)."""
        ways: list[Formula] = []
        for question in self._raw:
            ways += [("leaf", {"answer": question["id"], "equals": option["value"]})
                     for option in question.get("options", ()) if trigger in option.get("triggers", ())]
            ways += [("leaf", {"answer": question["id"], "at_least": band["min"]})
                     for band in question.get("bands", ()) if trigger in band.get("triggers", ())]
        ways += [self.expand(rule["when"], positive=True) for rule in self._rules
                 if trigger in rule.get("triggers", ())]
        return tuple(ways)

    @staticmethod
    def visible(question_id: str) -> Formula:
        return ("visible", question_id)

    # --- Search ---------------------------------------------------------------------------------------

    def witness(self, formula: Formula) -> dict[Variable, Any] | None:
        """Answers that make `formula` true, or None when there are none."""
        looked_at = self._looked_at(formula)
        # A required checkboxes question that is asked has a box ticked (other types: see _domain).
        answered = [("any", (("not", ("visible", question_id)), ("leaf", {"answer": question_id, "answered": True})))
                    for question_id in sorted(looked_at)
                    if self.questions[question_id].type == "checkboxes" and self.questions[question_id].required]
        whole: Formula = ("all", (formula, *answered))
        show_whens = [show_when for q in looked_at if (show_when := self.questions[q].show_when) is not None]
        search = _Search(self, formula, whole, show_whens)
        return search.run({})

    def _looked_at(self, formula: Formula) -> set[str]:
        """Every question a formula depends on, through the show_when of each."""
        found: set[str] = set()
        pending = [part[1]["answer"] if part[0] == "leaf" else part[1] for part in _parts(formula)
                   if part[0] in ("leaf", "visible")]
        while pending:
            question_id = pending.pop()
            if question_id not in found:
                found.add(question_id)
                show_when = self.questions[question_id].show_when
                pending += [leaf["answer"] for leaf in _leaves_of(show_when)] if show_when else []
        return found

    def domain(self, variable: Variable) -> Sequence[Any]:
        """The answers worth trying. None (unanswered) only for optional questions: a required one that is
        asked is answered, and one that is not asked counts as unanswered whatever it holds."""
        if isinstance(variable, Holds):
            return (True, False)
        if isinstance(variable, tuple):
            return (False, True)
        question = self.questions[variable]
        blank = () if question.required else (None,)
        if question.type in ("radios", "yes-no-unsure"):
            return (*question.values, *blank)
        if question.type == "number":
            return (*blank, *question.thresholds, (question.thresholds[0] - 1) if question.thresholds else 0)
        return ("answered", *blank)


class _Search:
    def __init__(self, space: AnswerSpace, focus: Formula, whole: Formula, show_whens: Sequence[Formula]) -> None:
        self.space = space
        self.focus = focus
        self.whole = whole
        # Sub-conditions split on: every show_when, and every composite part used more than once.
        uses = Counter(id(part) for root in (whole, *show_whens) for part in _parts(root) if _children(part))
        self.nodes = {id(part): part for root in (whole, *show_whens) for part in _parts(root)}
        self.assumable = {key for key, count in uses.items() if count > 1} | {id(part) for part in show_whens}

    def run(self, assignment: dict[Variable, Any]) -> dict[Variable, Any] | None:
        """Depth first over the variables of the focus (what is asked) before the rest of the whole (which adds
        what answers must be like): the rest prunes, but branching on it first would multiply."""
        evaluation = _Evaluation(self, assignment)
        try:
            value = evaluation.value(self.whole)
            undecided_focus = evaluation.value(self.focus) is None
        except _Inconsistent:
            return None
        if value is False:
            return None
        unverified = [variable for variable in assignment if isinstance(variable, Holds)
                      and evaluation.actual.get(variable.node) is None]
        if value is True and not unverified:
            return assignment
        # An assumption is checked first: a wrong one ends the branch.
        if unverified:
            variable = self._next_variable(self.nodes[unverified[0].node], evaluation, inside=True)
        else:
            variable = self._next_variable(self.focus if undecided_focus else self.whole, evaluation)
        for candidate in self.space.domain(variable):
            found = self.run({**assignment, variable: candidate})
            if found is not None:
                return found
        return None

    def _next_variable(self, formula: Formula, evaluation: _Evaluation, inside: bool = False) -> Variable:
        """An unassigned variable of the smallest undecided part: a contradiction shows soonest there. With
        `inside`, the formula's own assumption is being checked, so look into its parts."""
        part = formula
        while True:
            if not inside and id(part) in self.assumable and Holds(id(part)) not in evaluation.assignment:
                return Holds(id(part))
            inside = False
            kind = part[0]
            if _children(part):
                undecided = [child for child in _children(part) if evaluation.value(child) is None]
                part = min(undecided, key=_size)
            elif kind == "visible":
                part = self.space.questions[part[1]].show_when or TRUE
            else:
                question = self.space.questions[part[1]["answer"]]
                if question.show_when is not None and evaluation.value(question.show_when) is None:
                    part = question.show_when
                    continue
                return next(variable for variable in _answer_variables(question, part[1])
                            if variable not in evaluation.assignment)


class _Evaluation:
    """Three-valued truth of formulas under a partial assignment: True, False, or None (not decided yet)."""

    def __init__(self, search: _Search, assignment: Assignment) -> None:
        self.search = search
        self.space = search.space
        self.assignment = assignment
        self.actual: dict[int, bool | None] = {}
        self._values: dict[int, bool | None] = {}

    def value(self, formula: Formula) -> bool | None:
        key = id(formula)
        if key not in self._values:
            actual = self._compute(formula)
            result = actual
            if key in self.search.assumable:
                self.actual[key] = actual
                assumed = self.assignment.get(Holds(key))
                if assumed is not None and actual is not None and actual != assumed:
                    raise _Inconsistent(formula)
                result = assumed if actual is None else actual
            self._values[key] = result
        return self._values[key]

    def _compute(self, formula: Formula) -> bool | None:
        kind = formula[0]
        if kind == "const":
            return bool(formula[1])
        if kind == "not":
            inner = self.value(formula[1])
            return None if inner is None else not inner
        if kind == "visible":
            show_when = self.space.questions[formula[1]].show_when
            return True if show_when is None else self.value(show_when)
        if kind == "leaf":
            return self._leaf(formula[1])
        values = [self.value(part) for part in _children(formula)]
        if kind == "all":
            return False if False in values else (None if None in values else True)
        if kind == "any":
            return True if True in values else (None if None in values else False)
        held, open_parts = values.count(True), values.count(None)
        return True if held >= formula[1] else (False if held + open_parts < formula[1] else None)

    def _leaf(self, leaf: Mapping[str, Any]) -> bool | None:
        # The engine reads only the answers of questions that apply: a hidden question counts as unanswered.
        question = self.space.questions[leaf["answer"]]
        shown = True if question.show_when is None else self.value(question.show_when)
        unanswered = evaluate(leaf, {})
        if shown is False:
            return unanswered
        answered = self._answer(question, leaf)
        if shown is True or answered == unanswered:
            return answered
        return None

    def _answer(self, question: _Question, leaf: Mapping[str, Any]) -> bool | None:
        if question.type != "checkboxes":
            if question.id not in self.assignment:
                return None
            value = self.assignment[question.id]
            return evaluate(leaf, {} if value is None else {question.id: value})
        boxes = {value: self.assignment.get((question.id, value)) for value in question.values}
        ticked = sum(1 for box in boxes.values() if box is True)
        open_boxes = sum(1 for box in boxes.values() if box is None)
        if "selected_at_least" in leaf or "answered" in leaf:
            needed = leaf.get("selected_at_least", 1)
            at_least = True if ticked >= needed else (False if ticked + open_boxes < needed else None)
            if "selected_at_least" in leaf or at_least is None:
                return at_least
            return at_least is bool(leaf["answered"])
        listed = [boxes.get(value) for value in leaf.get("any_of", leaf.get("all_of", [leaf.get("equals")]))]
        if "all_of" in leaf:
            return False if False in listed else (None if None in listed else True)
        return True if True in listed else (None if None in listed else False)


def _values(question: Mapping[str, Any]) -> tuple[str, ...]:
    if question["type"] == "yes-no-unsure":
        return tuple(value for value, _label in YES_NO_UNSURE)
    return tuple(option["value"] for option in question.get("options", ()))


def _answer_variables(question: _Question, leaf: Mapping[str, Any]) -> Iterator[Variable]:
    if question.type != "checkboxes":
        yield question.id
        return
    listed = leaf.get("any_of", leaf.get("all_of", [leaf["equals"]] if "equals" in leaf else question.values))
    yield from ((question.id, value) for value in listed if value in question.values)
    yield from ((question.id, value) for value in question.values if value not in listed)


def _contains(rule: Mapping[str, Any], target: Mapping[str, Any]) -> bool:
    if rule is target:
        return True
    if "not" in rule:
        return _contains(rule["not"], target)
    return any(_contains(part, target) for part in rule.get("all", rule.get("any", ())))


def _children(formula: Formula) -> tuple[Formula, ...]:
    kind = formula[0]
    if kind in ("all", "any"):
        return tuple(formula[1])
    if kind == "at_least":
        return tuple(formula[2])
    return (formula[1],) if kind == "not" else ()


def _size(formula: Formula) -> int:
    children = _children(formula)
    return sum(_size(child) for child in children) if children else 1


def _parts(formula: Formula) -> Iterator[Formula]:
    yield formula
    for child in _children(formula):
        yield from _parts(child)


def _leaves_of(formula: Formula) -> Iterator[Mapping[str, Any]]:
    return (part[1] for part in _parts(formula) if part[0] == "leaf")


def _every_condition(document: Document, raw: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    yield from (question["show_when"] for question in raw if "show_when" in question)
    yield from (rule["when"] for rule in document.get("rules", ()))
    for action in document["actions"]:
        yield from (action[key] for key in ("done_when", "applies_when") if key in action)
        yield from (counted["when"] for counted in action.get("counted", ()) if "when" in counted)
