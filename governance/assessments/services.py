"""Use-case and assessment use cases: start, answer, submit, reassess. Flushes; never commits.

Authorisation is checked here, not only in the views: a digital lead of the organisation may file
and edit; anyone of another organisation gets NotFound.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from governance.accounts.models import Organisation, Role, User
from governance.accounts.services import require_member
from governance.assessments import lifecycle
from governance.assessments.conflicts import AssessmentChanged, refuse_if_changed
from governance.assessments.lifecycle import Event, Facts, State, TransitionRefused
from governance.assessments.models import Assessment, AssessmentContributor, UseCase
from governance.audit import record_event
from governance.db import utc_now
from governance.errors import DomainError, NotFound
from governance.notifications.services import officers_of, queue_email
from governance.questionnaire.answers import value_problem
from governance.questionnaire.model import Question, Questionnaire
from governance.questionnaire.progress import SectionStatus, section_progress
from governance.questionnaire.risk import RiskResult, assess
from governance.questionnaire.upgrade import Upgrade, upgrade

# Questions feeding these register fields also describe the use case in lists.
SYNCED_FIELDS = {"name": "title", "function": "service_area", "phase": "phase"}


class AssessmentError(DomainError):
    """A request the assessment rules do not allow; the message is safe to show."""


class QuestionnaireUnavailable(DomainError):
    """The questionnaire version an assessment is pinned to is no longer installed."""


def _require_lead(actor: User) -> None:
    if not actor.has_role(Role.DIGITAL_LEAD):
        raise PermissionError("digital lead role required")


def pinned_questionnaire(questionnaires: Mapping[str, Questionnaire], assessment: Assessment) -> Questionnaire:
    """The exact questionnaire the assessment was started on, checked by hash."""
    questionnaire = questionnaires.get(assessment.questionnaire_key)
    if questionnaire is None or questionnaire.sha256 != assessment.questionnaire_sha256:
        raise QuestionnaireUnavailable(f"{assessment.questionnaire_key} with the pinned hash is not installed")
    return questionnaire


def upgrade_from_previous(questionnaires: Mapping[str, Questionnaire], assessment: Assessment) -> Upgrade | None:
    """What moving to this version's questionnaire changed, when the version before it used another one."""
    previous = next((item for item in assessment.use_case.assessments
                     if item.version_number == assessment.version_number - 1), None)
    if previous is None or previous.questionnaire_key == assessment.questionnaire_key:
        return None
    try:
        source = pinned_questionnaire(questionnaires, previous)
    except QuestionnaireUnavailable:
        return None
    return upgrade(source, pinned_questionnaire(questionnaires, assessment), previous.answers)


def list_use_cases(session: Session, actor: User) -> list[UseCase]:
    return list(session.scalars(
        select(UseCase).where(UseCase.organisation_id == actor.organisation_id).order_by(UseCase.reference.desc())
    ))


def count_by_status(session: Session, actor: User) -> dict[str, int]:
    """How many latest assessment versions of the organisation's use cases are in each status."""
    counts: dict[str, int] = {}
    for use_case in list_use_cases(session, actor):
        status = use_case.latest.status
        counts[status] = counts.get(status, 0) + 1
    return counts


def get_use_case(session: Session, actor: User, reference: str, *, for_update: bool = False) -> UseCase:
    """The organisation's use case; `for_update` as for get_assessment (a new version is numbered from it)."""
    query = select(UseCase).where(UseCase.organisation_id == actor.organisation_id, UseCase.reference == reference)
    if for_update:
        query = query.with_for_update(of=UseCase).execution_options(populate_existing=True)
    use_case = session.scalar(query)
    if use_case is None:
        raise NotFound()
    return use_case


def get_assessment(session: Session, actor: User, assessment_id: uuid.UUID, *, for_update: bool = False
                   ) -> Assessment:
    """The assessment, if `actor` is of its organisation. With `for_update` its row stays locked until the request
    ends and is read afresh once locked, so two requests changing it at once take turns, the second seeing what
    the first saved (SQLite, which has no row locks, lets one writer in at a time anyway)."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None:
        raise NotFound()
    require_member(actor, assessment.use_case.organisation_id)
    if for_update:
        session.refresh(assessment, with_for_update=True)
    return assessment


def _next_reference(session: Session, organisation_id: uuid.UUID) -> str:
    # Serialise numbering within the organisation so two people starting at once get different numbers.
    session.execute(select(Organisation.id).where(Organisation.id == organisation_id).with_for_update())
    prefix = f"AI-{utc_now().year}-"
    count = session.scalar(
        select(func.count()).select_from(UseCase)
        .where(UseCase.organisation_id == organisation_id, UseCase.reference.startswith(prefix))
    ) or 0
    return f"{prefix}{count + 1:04d}"


def start_use_case(session: Session, actor: User, questionnaire: Questionnaire, *, title: str,
                   prefill: Mapping[str, Any] | None = None) -> UseCase:
    """File a new use case with its first assessment. `prefill` answers questions asked on the start page."""
    _require_lead(actor)
    use_case = UseCase(organisation_id=actor.organisation_id, reference=_next_reference(session, actor.organisation_id),
                       title=title.strip(), owner_id=actor.id)
    session.add(use_case)
    session.flush()
    answers = dict(prefill or {})
    name_question = _question_for_field(questionnaire, "name")
    if name_question is not None:
        answers.setdefault(name_question.id, use_case.title)
    assessment = _new_assessment(use_case, questionnaire, actor, 1, answers)
    session.add(assessment)
    session.flush()
    note_contributor(session, assessment, actor)
    _sync_use_case(use_case, questionnaire, answers)
    record_event(session, kind="use_case_created", organisation_id=actor.organisation_id, actor_id=actor.id,
                 subject=f"use_case:{use_case.id}", payload={"reference": use_case.reference})
    return use_case


def _new_assessment(use_case: UseCase, questionnaire: Questionnaire, actor: User, number: int,
                    answers: dict[str, Any]) -> Assessment:
    return Assessment(use_case=use_case, version_number=number, questionnaire_id=questionnaire.id,
                      questionnaire_version=questionnaire.version, questionnaire_sha256=questionnaire.sha256,
                      answers=answers, status=State.DRAFT.value, created_by_id=actor.id)


def _question_for_field(questionnaire: Questionnaire, atrs_field: str) -> Question | None:
    return next((question for question in questionnaire.questions if question.atrs == atrs_field), None)


def _sync_use_case(use_case: UseCase, questionnaire: Questionnaire, answers: Mapping[str, Any]) -> None:
    for atrs_field, attribute in SYNCED_FIELDS.items():
        question = _question_for_field(questionnaire, atrs_field)
        if question is None or not answers.get(question.id):
            continue
        value = answers[question.id]
        option = question.option(value) if question.options and isinstance(value, str) else None
        setattr(use_case, attribute, (option.label if option else str(value))[:200 if attribute == "title" else 100])


def can_edit(actor: User, assessment: Assessment) -> bool:
    """Whether this person may change the answers now: the one check pages and services share."""
    return (actor.organisation_id == assessment.use_case.organisation_id and actor.has_role(Role.DIGITAL_LEAD)
            and lifecycle.is_editable(assessment.status))


def require_editable(actor: User, assessment: Assessment) -> None:
    require_member(actor, assessment.use_case.organisation_id)
    _require_lead(actor)
    _check(version_facts(None, assessment, actor), Event.EDIT)


def _check(facts: Facts, event: Event) -> None:
    try:
        lifecycle.transition_for(facts, event)
    except TransitionRefused as error:
        raise AssessmentError(str(error)) from error


def contributors(session: Session | None, assessment: Assessment) -> frozenset[uuid.UUID]:
    """Who created, edited or submitted this version (the submitter counts even on data made before the
    contributors were recorded)."""
    people: set[uuid.UUID] = {assessment.created_by_id}
    if assessment.submitted_by_id:
        people.add(assessment.submitted_by_id)
    if session is not None and assessment.id is not None:
        people.update(session.scalars(select(AssessmentContributor.user_id)
                                      .where(AssessmentContributor.assessment_id == assessment.id)))
    return frozenset(people)


def note_contributor(session: Session, assessment: Assessment, actor: User) -> None:
    if session.get(AssessmentContributor, (assessment.id, actor.id)) is None:
        session.add(AssessmentContributor(assessment_id=assessment.id, user_id=actor.id))
        session.flush()


def version_facts(session: Session | None, assessment: Assessment, actor: User | None, **more: Any) -> Facts:
    """The lifecycle's facts about a version; callers add what their event needs (risk, approvals)."""
    return Facts(state=State(assessment.status), actor=actor.id if actor else None,
                 contributors=contributors(session, assessment), **more)


def transition(session: Session, actor: User | None, assessment: Assessment, facts: Facts, event: Event,
               *, organisation_id: uuid.UUID | None = None) -> State:
    """Move a version through the lifecycle and audit the change. Raises TransitionRefused."""
    before, after = lifecycle.apply(assessment, facts, event)
    assessment.updated_at_utc = utc_now()
    session.flush()
    if after is not before:
        record_event(session, kind="assessment_status_changed",
                     organisation_id=organisation_id or assessment.use_case.organisation_id,
                     actor_id=actor.id if actor else None, subject=f"assessment:{assessment.id}",
                     payload={"event": event.value, "from": before.value, "to": after.value,
                              "version": assessment.version_number})
    return after


def save_answer(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment,
                question: Question, value: Any, *, seen: str | None = None) -> bool:
    """Store one answer; returns whether it changed. The audit log records which question changed,
    and the chosen options, but never free text.

    Raises AnswerConflict, saving nothing, when `seen` (the fingerprint of the answer the page showed) is given
    and the stored answer has changed since: see conflicts.py for the rule."""
    require_editable(actor, assessment)
    problem = value_problem(question, value)
    if problem:
        raise AssessmentError(problem)
    stored = assessment.answers.get(question.id)
    if stored == value:
        return False
    refuse_if_changed(question, stored, seen, refused=value)
    answers = dict(assessment.answers)
    if value is None or value == "" or value == []:
        answers.pop(question.id, None)
    else:
        answers[question.id] = value
    assessment.answers = answers
    assessment.updated_at_utc = utc_now()
    _sync_use_case(assessment.use_case, questionnaire, answers)
    session.flush()
    note_contributor(session, assessment, actor)
    payload: dict[str, Any] = {"question": question.id, "ref": question.ref, "assessment_version":
                               assessment.version_number}
    if question.options:
        payload["answer"] = value
    record_event(session, kind="answer_changed", organisation_id=actor.organisation_id, actor_id=actor.id,
                 subject=f"assessment:{assessment.id}", payload=payload)
    return True


def remove_list_item(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment,
                     question: Question, position: int, *, seen: str | None = None) -> bool:
    """Remove one row of a list answer; returns whether one was removed. The row is picked by its position on the
    page, which points at another row once the list has changed, so with `seen` a changed list raises
    AnswerConflict and nothing is removed."""
    require_editable(actor, assessment)
    stored = assessment.answers.get(question.id)
    refuse_if_changed(question, stored, seen, refused=None)
    rows = list(stored or [])
    if not 0 <= position < len(rows):
        return False
    del rows[position]
    return save_answer(session, actor, questionnaire, assessment, question, rows or None)


def save_answers(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment,
                 answers: Mapping[str, Any]) -> int:
    """Store several answers, each checked, audited and reflected in the use case as if given on its own page;
    returns how many changed. Raises AssessmentError naming any question the questionnaire does not have."""
    unknown = sorted(set(answers) - {question.id for question in questionnaire.questions})
    if unknown:
        raise AssessmentError("These are not questions of this assessment: " + ", ".join(unknown))
    return sum(save_answer(session, actor, questionnaire, assessment, question, answers[question.id])
               for question in questionnaire.questions if question.id in answers)


def submit(session: Session, actor: User, questionnaire: Questionnaire, assessment: Assessment, *,
           seen_lock_version: int | None = None) -> RiskResult:
    """Lock the assessment for review with the risk as it stands now. With `seen_lock_version` (the version the
    submit page showed), raises AssessmentChanged if the answers changed since: the person confirms what they saw."""
    require_member(actor, assessment.use_case.organisation_id)
    _require_lead(actor)
    if seen_lock_version is not None and seen_lock_version != assessment.lock_version:
        raise AssessmentChanged("the assessment changed after the submit page was opened")
    incomplete = tuple(item.section.title for item in section_progress(questionnaire, assessment.answers)
                       if item.status is not SectionStatus.COMPLETED)
    result = assess(questionnaire, assessment.answers)
    facts = version_facts(session, assessment, actor, incomplete_sections=incomplete,
                          stops=tuple(stop.reason for stop in result.stops))
    resubmitted = assessment.status == State.CHANGES_REQUESTED.value
    try:
        transition(session, actor, assessment, facts, Event.SUBMIT)
    except TransitionRefused as error:
        raise AssessmentError(str(error)) from error
    assessment.submitted_by_id = actor.id
    assessment.submitted_at_utc = utc_now()
    assessment.submitted_risk = result.to_json()
    assessment.review_round += 1
    session.flush()
    note_contributor(session, assessment, actor)
    record_event(session, kind="assessment_submitted", organisation_id=actor.organisation_id, actor_id=actor.id,
                 subject=f"assessment:{assessment.id}",
                 payload={"level": result.level, "score": result.score, "required_actions":
                          list(result.required_actions), "blockers": len(result.blockers),
                          "round": assessment.review_round})
    _notify_officers(session, actor, assessment, result, resubmitted)
    return result


def _notify_officers(session: Session, actor: User, assessment: Assessment, result: RiskResult,
                     resubmitted: bool) -> None:
    use_case = assessment.use_case
    verb = "resubmitted after changes" if resubmitted else "submitted for review"
    for officer in officers_of(session, use_case.organisation_id, excluding=actor.id):
        queue_email(session, recipient=officer, kind="assessment_submitted",
                    subject=f"{use_case.reference} {use_case.title}: {verb}",
                    body=(f"{use_case.title} (version {assessment.version_number}) has been {verb}.\n"
                          f"Impact level {result.level}, {len(result.blockers)} blockers.\n\n"
                          "Sign in and open the review queue to review it."))


def start_new_version(session: Session, actor: User, questionnaire: Questionnaire, use_case: UseCase,
                      previous: Questionnaire | None = None) -> Assessment:
    """Reassess: a new draft version on `questionnaire`, pre-filled with the last version's answers wherever
    the question is unchanged from `previous`, the questionnaire the last version used (by default the same)."""
    require_member(actor, use_case.organisation_id)
    _require_lead(actor)
    latest = use_case.latest
    _check(version_facts(session, latest, actor), Event.REASSESS)
    answers = upgrade(previous or questionnaire, questionnaire, latest.answers).carried
    assessment = _new_assessment(use_case, questionnaire, actor, latest.version_number + 1, answers)
    session.add(assessment)
    session.flush()
    note_contributor(session, assessment, actor)
    record_event(session, kind="assessment_version_started", organisation_id=actor.organisation_id,
                 actor_id=actor.id, subject=f"assessment:{assessment.id}",
                 payload={"use_case": use_case.reference, "version": assessment.version_number,
                          "questionnaire": questionnaire.key, "copied_answers": len(answers)})
    return assessment
