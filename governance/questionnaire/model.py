"""Immutable questionnaire objects, built once from a validated file. Pure: no Flask, no database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Answers as stored: keyed by question id. str for most types, list[str] for checkboxes,
# int/float for numbers, list of row dicts for lists.
Answers = Mapping[str, Any]
Rule = Mapping[str, Any]

LEVELS = ("I", "II", "III", "IV")
# Flags that hold up approval: red blocks it until resolved, stop means not acceptable as designed.
BLOCKING_FLAGS = ("red", "stop")
YES_NO_UNSURE = (("yes", "Yes"), ("no", "No"), ("unsure", "I'm not sure"))


@dataclass(frozen=True)
class Guidance:
    title: str
    url: str


@dataclass(frozen=True)
class Effect:
    """What an answer contributes to the risk: points, a flag, triggers, why, and the law or guidance behind it."""

    score: float = 0
    flag: str | None = None
    reason: str | None = None
    triggers: tuple[str, ...] = ()
    source: Guidance | None = None

    @property
    def matters(self) -> bool:
        return bool(self.score or self.flag or self.triggers)


@dataclass(frozen=True)
class Option:
    """One answer to a choice question. The last three say what the option means where code needs to know
    (see roles.py): it refuses publication, the scan findings that suggest it, the special category it is."""

    value: str
    label: str
    hint: str | None = None
    effect: Effect = Effect()
    exclusive: bool = False
    refuses_publication: bool = False
    suggested_by: tuple[str, ...] = ()
    special_category: str | None = None


@dataclass(frozen=True)
class Band:
    min: float
    effect: Effect = Effect()


@dataclass(frozen=True)
class ListField:
    id: str
    label: str
    type: str
    hint: str | None = None
    required: bool = True
    role: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    ref: str
    type: str
    text: str
    section_id: str
    short_label: str | None = None
    hint: str | None = None
    guidance: Guidance | None = None
    required: bool = True
    public: bool = True
    atrs: str | None = None
    show_when: Rule | None = None
    errors: Mapping[str, str] = field(default_factory=dict)
    options: tuple[Option, ...] = ()
    bands: tuple[Band, ...] = ()
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    fields: tuple[ListField, ...] = ()
    item_name: str | None = None
    min_items: int = 0
    max_items: int | None = None
    role: str | None = None

    @property
    def label(self) -> str:
        return self.short_label or self.text

    def option(self, value: str) -> Option | None:
        return next((option for option in self.options if option.value == value), None)

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def field_for_role(self, role: str) -> ListField | None:
        """The list field that plays `role` (roles.py), if this list has one."""
        return next((field for field in self.fields if field.role == role), None)


@dataclass(frozen=True)
class Section:
    id: str
    ref: str
    title: str
    questions: tuple[Question, ...]
    description: str | None = None
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Level:
    level: str
    min_score: float
    label: str
    description: str | None = None


@dataclass(frozen=True)
class Counted:
    trigger: str
    at_least: int
    when: Rule | None = None


@dataclass(frozen=True)
class Action:
    id: str
    label: str
    guidance: Guidance | None = None
    required_by: tuple[str, ...] = ()
    counted: tuple[Counted, ...] = ()
    # When the answers say the action has been done (its stage question says completed), if they can.
    done_when: Rule | None = None
    # The action can be required only when this holds (a DPIA only where personal data is processed).
    applies_when: Rule | None = None


@dataclass(frozen=True)
class RiskRule:
    id: str
    when: Rule
    effect: Effect
    minimum_level: str | None = None


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: str
    sha256: str
    levels: tuple[Level, ...]
    flag_minimum_levels: Mapping[str, str]
    actions: tuple[Action, ...]
    rules: tuple[RiskRule, ...]
    sections: tuple[Section, ...]
    description: str | None = None
    # Listed in RELEASED.lock: only a released version is given to new use cases (see loader.latest).
    released: bool = False
    _by_id: Mapping[str, Question] = field(default_factory=dict, repr=False, compare=False)
    _by_role: Mapping[str, Question] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for s in self.sections for q in s.questions})
        object.__setattr__(self, "_by_role", {q.role: q for s in self.sections for q in s.questions if q.role})

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(question for section in self.sections for question in section.questions)

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def question_for_role(self, role: str) -> Question | None:
        """The question that plays `role` (one of roles.QUESTION_ROLES), whatever its id; None if none does."""
        return self._by_role.get(role)

    def question_for_atrs(self, atrs_field: str) -> Question | None:
        """The first question whose answer feeds the register field `atrs_field`."""
        return next((question for question in self.questions if question.atrs == atrs_field), None)

    def section(self, section_id: str) -> Section | None:
        return next((section for section in self.sections if section.id == section_id), None)

    def action(self, action_id: str) -> Action | None:
        return next((action for action in self.actions if action.id == action_id), None)


def _effect(raw: Mapping[str, Any]) -> Effect:
    return Effect(score=raw.get("score", 0), flag=raw.get("flag"), reason=raw.get("reason"),
                  triggers=tuple(raw.get("triggers", ())), source=_guidance(raw.get("source")))


def _guidance(raw: Mapping[str, Any] | None) -> Guidance | None:
    return Guidance(raw["title"], raw["url"]) if raw else None


def _options(raw: Mapping[str, Any]) -> tuple[Option, ...]:
    given = {option["value"]: option for option in raw.get("options", ())}
    if raw["type"] == "yes-no-unsure":
        # The three answers always exist; the file may add scores, flags and labels to any of them.
        return tuple(
            Option(value, given.get(value, {}).get("label", label), given.get(value, {}).get("hint"),
                   _effect(given.get(value, {})))
            for value, label in YES_NO_UNSURE
        )
    return tuple(
        Option(option["value"], option["label"], option.get("hint"), _effect(option), option.get("exclusive", False),
               option.get("refuses_publication", False), tuple(option.get("suggested_by", ())),
               option.get("special_category"))
        for option in raw.get("options", ())
    )


def _question(raw: Mapping[str, Any], section_id: str) -> Question:
    return Question(
        id=raw["id"], ref=raw["ref"], type=raw["type"], text=raw["text"], section_id=section_id,
        short_label=raw.get("short_label"), hint=raw.get("hint"), guidance=_guidance(raw.get("guidance")),
        required=raw.get("required", True), public=raw.get("public", True), atrs=raw.get("atrs"),
        show_when=raw.get("show_when"), errors=dict(raw.get("errors", {})), options=_options(raw),
        bands=tuple(sorted((Band(band["min"], _effect(band)) for band in raw.get("bands", ())), key=lambda b: b.min)),
        min=raw.get("min"), max=raw.get("max"), max_length=raw.get("max_length"),
        fields=tuple(ListField(f["id"], f["label"], f["type"], f.get("hint"), f.get("required", True), f.get("role"))
                     for f in raw.get("fields", ())),
        item_name=raw.get("item_name"), min_items=raw.get("min_items", 0), max_items=raw.get("max_items"),
        role=raw.get("role"),
    )


def build(raw: Mapping[str, Any], sha256: str) -> Questionnaire:
    """Turn a document that passed both validation tiers into frozen objects."""
    scoring = raw["scoring"]
    return Questionnaire(
        id=raw["id"], version=raw["version"], title=raw["title"], sha256=sha256, description=raw.get("description"),
        levels=tuple(Level(level["level"], level["min_score"], level["label"], level.get("description"))
                     for level in scoring["levels"]),
        flag_minimum_levels=dict(scoring.get("flag_minimum_levels", {})),
        actions=tuple(
            Action(action["id"], action["label"], _guidance(action.get("guidance")),
                   tuple(action.get("required_by", ())),
                   tuple(Counted(c["trigger"], c["at_least"], c.get("when")) for c in action.get("counted", ())),
                   action.get("done_when"), action.get("applies_when"))
            for action in raw["actions"]
        ),
        rules=tuple(RiskRule(rule["id"], rule["when"], _effect(rule), rule.get("minimum_level"))
                    for rule in raw.get("rules", ())),
        sections=tuple(
            Section(section["id"], section["ref"], section["title"],
                    tuple(_question(question, section["id"]) for question in section["questions"]),
                    section.get("description"), tuple(section.get("requires", ())))
            for section in raw["sections"]
        ),
    )
