"""What the use case page and an assessment's task list show, gathered in one call each. The views only
authorise, validate and render."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from governance.accounts.models import Role, User
from governance.assessments import services
from governance.assessments.evidence import ActionStatus, action_statuses
from governance.assessments.lifecycle import ENDED_STATES, Event, State, allows, is_editable
from governance.assessments.models import Assessment, UseCase
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.progress import SectionProgress, all_complete, section_progress
from governance.questionnaire.risk import RiskResult, assess
from governance.questionnaire.roles import product_names, supplier_names
from governance.questionnaire.upgrade import Upgrade
from governance.register import services as register_services
from governance.register.models import EntryStatus
from governance.register.services import Related
from governance.reviews import services as review_services
from governance.reviews.models import ReviewComment
from governance.reviews.pages import Outcome, RecordLink, latest_outcome, record_links
from governance.reviews.register import ConditionView, condition_views


@dataclass(frozen=True)
class TaskListPage:
    assessment: Assessment
    questionnaire: Questionnaire
    state: State
    progress: list[SectionProgress]
    complete: bool
    risk: RiskResult
    actions: list[ActionStatus]
    comments: list[ReviewComment]
    outcome: Outcome | None
    conditions: list[ConditionView]
    records: list[RecordLink]
    elsewhere: list[Related]
    # Whether the version is still open for answers, and whether this person may change them.
    editable: bool
    can_edit: bool
    # What moving to a newer questionnaire version changed, while there is still time to act on it.
    upgrade: Upgrade | None = None


def task_list_page(session: Session, actor: User, questionnaires: Mapping[str, Questionnaire],
                   assessment: Assessment, today: date) -> TaskListPage:
    questionnaire = services.pinned_questionnaire(questionnaires, assessment)
    progress = section_progress(questionnaire, assessment.answers)
    names = supplier_names(questionnaire, assessment.answers) + product_names(questionnaire, assessment.answers)
    risk = assess(questionnaire, assessment.answers)
    return TaskListPage(
        assessment=assessment, questionnaire=questionnaire, state=assessment.state, progress=progress,
        complete=all_complete(progress), risk=risk, actions=action_statuses(session, questionnaire, assessment, risk),
        comments=review_services.comments_for(session, assessment), outcome=latest_outcome(session, assessment),
        conditions=condition_views(session, actor, assessment, today), records=record_links(session, assessment),
        elsewhere=register_services.elsewhere(session, assessment.use_case.organisation_id, sorted(set(names))),
        editable=is_editable(assessment.status), can_edit=services.can_edit(actor, assessment),
        upgrade=services.upgrade_from_previous(questionnaires, assessment) if is_editable(assessment.status) else None)


@dataclass(frozen=True)
class UseCasePage:
    use_case: UseCase
    # The version whose approval stands, with its outcome and conditions.
    approved: Assessment | None
    outcome: Outcome | None
    conditions: list[ConditionView]
    records: list[RecordLink]
    retired: bool
    on_register: bool
    can_publish: bool
    can_withdraw: bool
    can_reassess: bool
    can_retire: bool


def use_case_page(session: Session, actor: User, use_case: UseCase, today: date) -> UseCasePage:
    approved = register_services.approved_assessment(use_case)
    latest = use_case.latest
    officer = actor.has_role(Role.IG_OFFICER)
    entry = register_services.current_entry(session, use_case)
    on_register = entry is not None and entry.status == EntryStatus.PUBLISHED.value
    current = [item for item in use_case.assessments if item.state not in ENDED_STATES]
    return UseCasePage(
        use_case=use_case, approved=approved, outcome=latest_outcome(session, approved) if approved else None,
        conditions=condition_views(session, actor, approved, today) if approved else [],
        records=record_links(session, approved) if approved else [], retired=not current, on_register=on_register,
        can_publish=officer and approved is not None and allows(services.version_facts(session, approved, actor),
                                                                Event.PUBLISH),
        can_withdraw=officer and on_register,
        can_reassess=actor.has_role(Role.DIGITAL_LEAD) and allows(services.version_facts(session, latest, actor),
                                                                  Event.REASSESS),
        can_retire=officer and bool(current))


def not_submitted_again(assessment: Assessment) -> str:
    """Why pressing submit changed nothing: the version was submitted already (a double click, another tab or a
    colleague got there first), or it is past submitting."""
    version = f"{assessment.use_case.reference} version {assessment.version_number}"
    if assessment.state is State.SUBMITTED and assessment.submitted_at_utc is not None:
        who = assessment.submitted_by.name if assessment.submitted_by else "someone"
        when = assessment.submitted_at_utc.strftime("%-d %B %Y at %H:%M UTC")
        return (f"{version} was already submitted for review by {who} on {when}, so it was not submitted again. "
                "Nothing more was changed.")
    return f"{version} is {assessment.state.label.lower()} and cannot be submitted now. Nothing was changed."


def new_version_refused(use_case: UseCase, reason: str) -> str:
    """Why no new version was started: one already was (a double click, another tab or a colleague got there
    first), or the lifecycle's `reason`."""
    latest = use_case.latest
    if latest.version_number > 1 and is_editable(latest.status):
        return (f"Version {latest.version_number} was already started by {latest.created_by.name}, so no other "
                "version was started. Nothing more was changed.")
    return reason
