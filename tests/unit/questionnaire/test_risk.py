"""Risk, explained: levels, reasons, actions, blockers and stops from the small test questionnaire."""

from __future__ import annotations

from governance.questionnaire.risk import assess

BASE = {"name": "Chatbot", "area": "waste", "users": "staff", "personal-data": "no", "supplier-training": "no",
        "dpia-status": "not-started"}


def test_a_low_risk_answer_set_is_level_one_with_nothing_required(small) -> None:
    result = assess(small, BASE)

    assert (result.level, result.score) == ("I", 0)
    assert result.required_actions == ()
    assert result.blockers == () and result.stops == ()
    assert result.reasons == ()


def test_a_hidden_questions_answer_never_scores(small) -> None:
    # health would score 5 and count towards a DPIA, but categories is hidden without personal data
    result = assess(small, {**BASE, "categories": ["health", "contact"]})

    assert result.score == 0
    assert all(reason.question != "categories" for reason in result.reasons)
    assert "dpia" not in result.required_actions


def test_reasons_explain_each_point(small) -> None:
    result = assess(small, {**BASE, "area": "housing", "personal-data": "yes", "categories": ["contact"]})

    explained = {(reason.question, reason.answer, reason.points, reason.flag) for reason in result.reasons}
    assert explained == {("area", "housing", 4, "amber"), ("personal-data", "yes", 5, None),
                         ("categories", "contact", 1, None)}
    assert result.score == 10
    assert result.level == "II"


def test_supplier_training_on_personal_data_is_a_stop(small) -> None:
    for answer in ("yes", "dont-know"):
        result = assess(small, {**BASE, "personal-data": "yes", "supplier-training": answer})

        assert [stop.question for stop in result.stops] == ["rule:supplier-trains-on-personal-data"]
        assert result.level == "IV"
    assert assess(small, {**BASE, "supplier-training": "yes"}).stops == ()  # no personal data: no stop


def test_resident_facing_without_alternative_is_red(small) -> None:
    result = assess(small, {**BASE, "users": "residents", "offline-route": "no"})

    assert [blocker.question for blocker in result.blockers] == ["rule:resident-facing-without-alternative"]
    assert result.level == "III"  # a red flag is at least level III


def test_personal_data_plus_one_criterion_requires_a_dpia(small) -> None:
    with_personal_data = assess(small, {**BASE, "personal-data": "yes", "people": 6000})
    without = assess(small, {**BASE, "people": 6000})

    assert "dpia" in with_personal_data.required_actions
    assert "dpia" not in without.required_actions


def test_two_criteria_require_a_dpia_and_a_missing_dpia_blocks(small) -> None:
    result = assess(small, {**BASE, "personal-data": "unsure", "categories": ["health"], "people": 6000})

    assert "dpia" in result.required_actions
    assert "rule:dpia-not-done" in [blocker.question for blocker in result.blockers]
    done = assess(small, {**BASE, "personal-data": "unsure", "categories": ["health"], "people": 6000,
                          "dpia-status": "completed"})
    assert "rule:dpia-not-done" not in [blocker.question for blocker in done.blockers]


def test_a_mandatory_trigger_from_a_rule_requires_the_action(small) -> None:
    result = assess(small, {**BASE, "personal-data": "yes", "categories": ["contact", "health"]})

    assert "dpia" in result.required_actions
    assert result.dpia_mandatory and result.high_risk


def test_number_bands_pick_the_highest_band_reached(small) -> None:
    assert assess(small, {**BASE, "people": 4999}).score == 0
    assert assess(small, {**BASE, "people": 5000}).score == 5


ICO_HIGH_RISK_LIST = "ICO: examples of processing likely to result in high risk"
ICO_HIGH_RISK_URL = ("https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/accountability-and-governance/"
                     "data-protection-impact-assessments-dpias/examples-of-processing-likely-to-result-in-high-risk/")


def test_json_form_matches_the_contract(small) -> None:
    document = assess(small, {**BASE, "personal-data": "yes", "supplier-training": "yes"}).to_json()

    assert set(document) == {"questionnaire", "level", "score", "required_actions", "blockers", "stops", "reasons"}
    assert document["questionnaire"] == "small@1.0"
    assert document["stops"][0] == {"question": "rule:supplier-trains-on-personal-data",
                                    "reason": "The supplier would use personal data for its own purposes",
                                    "source": {"title": ICO_HIGH_RISK_LIST, "url": ICO_HIGH_RISK_URL}}
    assert {"question", "answer", "points", "flag"} <= set(document["reasons"][0])


def test_reasons_name_their_source_only_where_the_questionnaire_gives_one(small, shipped) -> None:
    """Each reason carries the law or guidance its rule or answer cites; a 1.0 reason, which cites none, has no
    source key, so 1.0 records keep their exact form."""
    cited = assess(small, {**BASE, "personal-data": "yes", "categories": ["contact", "health"]})
    old = assess(shipped, {"personal-data": "yes", "personal-data-categories": ["location"]})

    assert {reason.source.title for reason in cited.reasons if reason.triggers} == {ICO_HIGH_RISK_LIST}
    assert all("source" not in reason for reason in old.to_json()["reasons"]) and old.reasons
