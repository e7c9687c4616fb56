"""Risk, explained: one function from answers to a level, its reasons, required actions, blockers and
stops. Everything the digital lead, the reviewer and the signed record show comes from `assess`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from governance.questionnaire.model import LEVELS, Answers, Effect, Guidance, Question, Questionnaire
from governance.questionnaire.rules import action_references, evaluate, is_answered, leaves, visible_answers

RULE_PREFIX = "rule:"


@dataclass(frozen=True)
class Reason:
    """One contribution to the risk: a question's answer, or a rule across several answers."""

    question: str
    answer: Any
    points: float
    flag: str | None
    text: str | None
    triggers: tuple[str, ...] = ()
    source: Guidance | None = None

    @property
    def is_rule(self) -> bool:
        return self.question.startswith(RULE_PREFIX)

    def to_json(self) -> dict[str, Any]:
        return _with_source({"question": self.question, "answer": self.answer, "points": self.points,
                             "flag": self.flag, "reason": self.text, "triggers": list(self.triggers)}, self.source)


@dataclass(frozen=True)
class Finding:
    question: str
    reason: str
    source: Guidance | None = None

    def to_json(self) -> dict[str, Any]:
        return _with_source({"question": self.question, "reason": self.reason}, self.source)


def _with_source(explained: dict[str, Any], source: Guidance | None) -> dict[str, Any]:
    # Only where the questionnaire names one: questionnaire 1.0 gives none, and its records stay as they were.
    if source is not None:
        explained["source"] = {"title": source.title, "url": source.url}
    return explained


@dataclass(frozen=True)
class RiskResult:
    questionnaire: str
    level: str
    level_label: str
    score: float
    required_actions: tuple[str, ...]
    blockers: tuple[Finding, ...]
    stops: tuple[Finding, ...]
    reasons: tuple[Reason, ...]
    dpia_mandatory: bool

    @property
    def high_risk(self) -> bool:
        """Needs a second approval: level III or IV, or a DPIA the law makes mandatory."""
        return self.level in ("III", "IV") or self.dpia_mandatory

    @property
    def high_risk_reason(self) -> str | None:
        """Why it is high risk, in words an officer reads beside a level that may say "Medium"."""
        if self.level in ("III", "IV"):
            return f"impact level {self.level}"
        return "the processing always needs a DPIA" if self.dpia_mandatory else None

    def to_json(self) -> dict[str, Any]:
        return {
            "questionnaire": self.questionnaire,
            "level": self.level,
            "score": self.score,
            "required_actions": list(self.required_actions),
            "blockers": [finding.to_json() for finding in self.blockers],
            "stops": [finding.to_json() for finding in self.stops],
            "reasons": [reason.to_json() for reason in self.reasons],
        }


def assess(questionnaire: Questionnaire, answers: Answers) -> RiskResult:
    """The explained risk of `answers`. Answers to hidden questions are ignored."""
    visible = visible_answers(questionnaire, answers)
    reasons = [reason for question in questionnaire.questions if question.id in visible
               for reason in _answer_reasons(question, visible[question.id])]
    minimum_levels: list[str] = []
    first_pass = [rule for rule in questionnaire.rules if not any(action_references(rule.when))]
    second_pass = [rule for rule in questionnaire.rules if any(action_references(rule.when))]
    for rule in first_pass:
        if evaluate(rule.when, visible):
            reasons.append(_rule_reason(rule.id, rule.effect))
            minimum_levels.extend([rule.minimum_level] if rule.minimum_level else [])
    actions = required_actions(questionnaire, reasons, visible)
    # Rules about required actions (e.g. "a DPIA is required but not done") come after the actions
    # are known; they cannot add triggers, so the actions cannot change under them.
    for rule in second_pass:
        if evaluate(rule.when, visible, actions):
            reasons.append(_rule_reason(rule.id, rule.effect))
            minimum_levels.extend([rule.minimum_level] if rule.minimum_level else [])
    score = sum(reason.points for reason in reasons)
    minimum_levels.extend(questionnaire.flag_minimum_levels[reason.flag] for reason in reasons
                          if reason.flag is not None and reason.flag in questionnaire.flag_minimum_levels)
    level = _level(questionnaire, score, minimum_levels)
    return RiskResult(
        questionnaire=questionnaire.key,
        level=level,
        level_label=next(item.label for item in questionnaire.levels if item.level == level),
        score=score,
        required_actions=tuple(actions),
        blockers=_findings(reasons, "red"),
        stops=_findings(reasons, "stop"),
        reasons=tuple(reasons),
        dpia_mandatory=_dpia_mandatory(questionnaire, reasons, actions),
    )


def _dpia_mandatory(questionnaire: Questionnaire, reasons: Iterable[Reason], actions: Iterable[str]) -> bool:
    """The law makes a DPIA mandatory: a trigger says so and the action it requires applies here."""
    triggered = any("dpia_mandatory" in reason.triggers or "adm" in reason.triggers for reason in reasons)
    required = set(actions)
    return triggered and any(action.id in required for action in questionnaire.actions
                             if "dpia_mandatory" in action.required_by)


def _answer_reasons(question: Question, value: Any) -> list[Reason]:
    if not is_answered(value):
        return []
    effects: list[tuple[Any, Effect]] = []
    if question.options:
        for selected in value if isinstance(value, list) else [value]:
            option = question.option(selected)
            if option is not None:
                effects.append((selected, option.effect))
    elif question.bands and isinstance(value, int | float):
        band = next((band for band in reversed(question.bands) if value >= band.min), None)
        if band is not None:
            effects.append((value, band.effect))
    return [Reason(question.id, answer, effect.score, effect.flag, effect.reason, effect.triggers, effect.source)
            for answer, effect in effects if effect.matters]


def _rule_reason(rule_id: str, effect: Effect) -> Reason:
    return Reason(RULE_PREFIX + rule_id, None, effect.score, effect.flag, effect.reason, effect.triggers,
                  effect.source)


def required_actions(questionnaire: Questionnaire, reasons: Iterable[Reason], visible: Answers) -> list[str]:
    triggers = Counter(trigger for reason in reasons for trigger in reason.triggers)
    required = []
    for action in questionnaire.actions:
        if action.applies_when is not None and not evaluate(action.applies_when, visible):
            continue
        by_trigger = any(triggers[trigger] for trigger in action.required_by)
        by_count = any(triggers[counted.trigger] >= counted.at_least
                       and (counted.when is None or evaluate(counted.when, visible))
                       for counted in action.counted)
        if by_trigger or by_count:
            required.append(action.id)
    return required


def _level(questionnaire: Questionnaire, score: float, minimum_levels: Iterable[str]) -> str:
    by_score = LEVELS[0]
    for level in questionnaire.levels:
        if score >= level.min_score:
            by_score = level.level
    return max([by_score, *minimum_levels], key=LEVELS.index)


def _findings(reasons: Iterable[Reason], flag: str) -> tuple[Finding, ...]:
    return tuple(Finding(reason.question, reason.text or "", reason.source) for reason in reasons
                 if reason.flag == flag)


def questions_behind(questionnaire: Questionnaire, source: str) -> list[Question]:
    """The questions whose answers a finding comes from: its own question, or every question its rule looks
    at (where someone goes to fix it)."""
    if not source.startswith(RULE_PREFIX):
        question = questionnaire.question(source)
        return [question] if question else []
    rule = next((item for item in questionnaire.rules if item.id == source.removeprefix(RULE_PREFIX)), None)
    if rule is None:
        return []
    ids = dict.fromkeys(leaf["answer"] for leaf in leaves(rule.when) if "answer" in leaf)
    return [question for question in questionnaire.questions if question.id in ids]
