"""Publication and the public register's queries. Flushes; never commits.

Publishing takes the latest approved assessment of a use case, builds the ATRS entry exactly as the
preview showed it, and stores it as an immutable version. Withdrawing keeps a tombstone.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from governance.accounts.models import Organisation, Role, User
from governance.accounts.services import require_member_with_role
from governance.assessments.lifecycle import APPROVED_STATES, Event, TransitionRefused
from governance.assessments.models import Assessment, UseCase
from governance.assessments.services import transition, version_facts
from governance.audit import record_event
from governance.db import utc_now
from governance.errors import DomainError, NotFound
from governance.questionnaire.model import Questionnaire
from governance.questionnaire.risk import assess
from governance.questionnaire.roles import PUBLICATION_CHOICE, publication_refused
from governance.register.atrs import WITHHOLDABLE, Publisher, build_entry, search_text
from governance.register.models import EntryStatus, ImportedEntry, RegisterEntry, RegisterState
from governance.validation import required_text

STATE_ID = 1
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_REASON = 2000


class PublicationError(DomainError):
    """Publishing or withdrawing is not allowed as asked; the message is safe to show."""


def _require_officer(actor: User, use_case: UseCase) -> None:
    require_member_with_role(actor, use_case.organisation_id, Role.IG_OFFICER)


def approved_assessment(use_case: UseCase) -> Assessment | None:
    """The newest version whose approval stands (published, withdrawn or not yet published)."""
    approved = [item for item in use_case.assessments if item.state in APPROVED_STATES]
    return approved[-1] if approved else None


def current_entry(session: Session, use_case: UseCase) -> RegisterEntry | None:
    return session.scalars(select(RegisterEntry).where(RegisterEntry.use_case_id == use_case.id)
                           .order_by(RegisterEntry.version.desc()).limit(1)).first()


def preview(session: Session, actor: User, questionnaire: Questionnaire, use_case: UseCase, today: date, *,
            withheld: Sequence[str] = (), exemption: str | None = None) -> dict[str, Any]:
    """The entry as it would be published now. Raises PublicationError when it cannot be."""
    _require_officer(actor, use_case)
    assessment = approved_assessment(use_case)
    if assessment is None:
        raise PublicationError("Only an approved use case can be published")
    choice = questionnaire.question_for_role(PUBLICATION_CHOICE)
    if choice is not None and publication_refused(questionnaire, assessment.answers):
        raise PublicationError(f"The assessment says this record cannot be published (question {choice.ref})")
    unknown = set(withheld) - set(WITHHOLDABLE)
    if unknown:
        raise PublicationError("Choose only parts of the record that can be left out")
    if withheld and not (exemption or "").strip():
        raise PublicationError("Say which Freedom of Information Act exemption applies to what is left out")
    if exemption and len(exemption) > MAX_REASON:
        raise PublicationError(f"The exemption must be {MAX_REASON:,} characters or fewer")
    organisation = use_case.organisation
    previous = current_entry(session, use_case)
    return build_entry(
        questionnaire, assessment.answers,
        Publisher(organisation.name, organisation.slug, organisation.atrs_organisation_type,
                  organisation.contact_email, organisation.website),
        reference=use_case.reference, version=(previous.version + 1) if previous else 1, published_on=today,
        risk_level=assess(questionnaire, assessment.answers).level, withheld=withheld, exemption=exemption)


def publish(session: Session, actor: User, questionnaire: Questionnaire, use_case: UseCase, today: date, *,
            withheld: Sequence[str] = (), exemption: str | None = None) -> RegisterEntry:
    content = preview(session, actor, questionnaire, use_case, today, withheld=withheld, exemption=exemption)
    previous = current_entry(session, use_case)
    now = utc_now()
    if previous is not None and previous.status == EntryStatus.PUBLISHED.value:
        previous.status = EntryStatus.SUPERSEDED.value
        previous.changed_at_utc = now
    assessment = approved_assessment(use_case)
    assert assessment is not None
    facts = version_facts(session, assessment, actor,
                          publication_refused=publication_refused(questionnaire, assessment.answers))
    try:
        transition(session, actor, assessment, facts, Event.PUBLISH)
    except TransitionRefused as error:
        raise PublicationError(str(error)) from error
    metadata = content["metadata"]
    entry = RegisterEntry(
        organisation_id=use_case.organisation_id, use_case_id=use_case.id, assessment_id=assessment.id,
        public_id=content["id"], version=content["version"], status=EntryStatus.PUBLISHED.value, content=content,
        search_text=search_text(content), name=content["tier_1"]["name"] or use_case.title,
        function=metadata["function"], phase=metadata["phase"], capability=metadata["capability"],
        risk_level=content["risk_level"], suppliers="; ".join(content["suppliers"] + content["products"])[:1000],
        published_at_utc=now, published_by_id=actor.id, changed_at_utc=now)
    session.add(entry)
    session.flush()
    mark_changed(session)
    record_event(session, kind="register_entry_published", organisation_id=use_case.organisation_id,
                 actor_id=actor.id, subject=f"use_case:{use_case.id}",
                 payload={"entry": content["id"], "version": content["version"], "withheld": content["withheld"]})
    return entry


def withdraw(session: Session, actor: User, use_case: UseCase, reason: str) -> RegisterEntry:
    _require_officer(actor, use_case)
    entry = current_entry(session, use_case)
    if entry is None or entry.status != EntryStatus.PUBLISHED.value:
        raise PublicationError("This use case has no published entry to withdraw")
    reason = required_text(reason, limit=MAX_REASON, missing="Say why the entry is withdrawn: the reason is public",
                           name="reason", error=PublicationError)
    assessment = session.get(Assessment, entry.assessment_id)
    assert assessment is not None
    try:
        transition(session, actor, assessment, version_facts(session, assessment, actor), Event.WITHDRAW)
    except TransitionRefused as error:
        raise PublicationError(str(error)) from error
    now = utc_now()
    entry.status = EntryStatus.WITHDRAWN.value
    entry.withdrawn_at_utc = now
    entry.withdrawn_reason = reason
    entry.changed_at_utc = now
    session.flush()
    mark_changed(session)
    record_event(session, kind="register_entry_withdrawn", organisation_id=use_case.organisation_id,
                 actor_id=actor.id, subject=f"use_case:{use_case.id}", payload={"entry": entry.public_id})
    return entry


@dataclass(frozen=True)
class Filters:
    organisation: str | None = None
    q: str | None = None
    phase: str | None = None
    function: str | None = None
    risk_level: str | None = None
    supplier: str | None = None
    capability: str | None = None

    def apply(self, query: Select[Any]) -> Select[Any]:
        if self.organisation:
            query = query.where(Organisation.slug == self.organisation)
        for term in (self.q or "").lower().split()[:10]:
            query = query.where(RegisterEntry.search_text.contains(term, autoescape=True))
        for column, value in ((RegisterEntry.phase, self.phase), (RegisterEntry.function, self.function),
                              (RegisterEntry.risk_level, self.risk_level)):
            if value:
                query = query.where(column == value)
        if self.capability:
            query = query.where(RegisterEntry.capability.contains(self.capability, autoescape=True))
        if self.supplier:
            query = query.where(func.lower(RegisterEntry.suppliers).contains(self.supplier.lower(), autoescape=True))
        return query


def _listed(filters: Filters) -> Select[Any]:
    return filters.apply(select(RegisterEntry).join(Organisation, RegisterEntry.organisation_id == Organisation.id)
                         .where(RegisterEntry.status == EntryStatus.PUBLISHED.value))


def search(session: Session, filters: Filters, page: int = 1, per_page: int = PAGE_SIZE
           ) -> tuple[list[RegisterEntry], int]:
    """Current entries matching the filters, newest first, one page at a time; and how many match."""
    per_page = max(1, min(per_page, MAX_PAGE_SIZE))
    query = _listed(filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    entries = session.scalars(query.order_by(RegisterEntry.published_at_utc.desc(), RegisterEntry.public_id)
                              .offset((max(page, 1) - 1) * per_page).limit(per_page))
    return list(entries), total


def current_entries(session: Session, organisation: str | None = None) -> list[RegisterEntry]:
    return list(session.scalars(_listed(Filters(organisation=organisation))
                                .order_by(RegisterEntry.organisation_id, RegisterEntry.public_id)))


def tombstones(session: Session, organisation: str | None = None) -> list[RegisterEntry]:
    query = (select(RegisterEntry).join(Organisation, RegisterEntry.organisation_id == Organisation.id)
             .where(RegisterEntry.status == EntryStatus.WITHDRAWN.value))
    if organisation:
        query = query.where(Organisation.slug == organisation)
    return list(session.scalars(query.order_by(RegisterEntry.withdrawn_at_utc.desc())))


def versions(session: Session, public_id: str) -> list[RegisterEntry]:
    """Every version of one entry, newest first. Raises NotFound for an unknown entry."""
    found = list(session.scalars(select(RegisterEntry).where(RegisterEntry.public_id == public_id)
                                 .order_by(RegisterEntry.version.desc())))
    if not found:
        raise NotFound()
    return found


def facet_values(session: Session, organisation: str | None = None) -> dict[str, list[str]]:
    """The values each filter can take among current entries (for the filter lists)."""
    query = _listed(Filters(organisation=organisation)).with_only_columns(
        RegisterEntry.phase, RegisterEntry.function, RegisterEntry.risk_level)
    rows = session.execute(query).all()
    organisations = session.execute(
        select(Organisation.slug, Organisation.name).join(RegisterEntry, RegisterEntry.organisation_id ==
                                                          Organisation.id)
        .where(RegisterEntry.status == EntryStatus.PUBLISHED.value).distinct().order_by(Organisation.name)).all()
    return {"phase": sorted({row.phase for row in rows if row.phase}),
            "function": sorted({row.function for row in rows if row.function}),
            "risk_level": sorted({row.risk_level for row in rows if row.risk_level}),
            "organisation": [f"{slug}\t{name}" for slug, name in organisations]}


def organisation_by_slug(session: Session, slug: str) -> Organisation:
    organisation = session.scalars(select(Organisation).where(Organisation.slug == slug)).first()
    if organisation is None:
        raise NotFound()
    return organisation


@dataclass(frozen=True)
class Freshness:
    """What conditional requests compare: a tag and the time of the last change."""
    etag: str
    last_modified: datetime | None


def freshness(session: Session, scope: str, organisation: str | None = None) -> Freshness:
    """Whether anything public changed since a client last looked: one primary-key read."""
    state = session.get(RegisterState, STATE_ID)
    generation, changed = (state.generation, state.changed_at_utc) if state else (0, None)
    tag = hashlib.sha256(f"{scope}|{organisation}|{generation}".encode()).hexdigest()[:32]
    return Freshness(tag, changed)


def mark_changed(session: Session) -> None:
    """Move the register's generation on (in the same transaction as the change), under a row lock so two
    changes at once both count."""
    state = session.get(RegisterState, STATE_ID, with_for_update=True)
    if state is None:
        session.add(RegisterState(id=STATE_ID, generation=1, changed_at_utc=utc_now()))
    else:
        state.generation += 1
        state.changed_at_utc = utc_now()
    session.flush()


@dataclass(frozen=True)
class Related:
    name: str
    organisation: str
    url: str | None
    shared: str


def other_councils(session: Session, entry: RegisterEntry) -> list[Related]:
    """Entries of other organisations, here or imported, that name one of this entry's suppliers or products."""
    return elsewhere(session, entry.organisation_id,
                     list(entry.content.get("suppliers", [])) + list(entry.content.get("products", [])))


def elsewhere(session: Session, organisation_id: uuid.UUID, names: Sequence[str]) -> list[Related]:
    """Published entries of other organisations, and imported entries, naming one of `names`."""
    names = [name for name in names if len(name) >= 3]
    if not names:
        return []
    related: list[Related] = []
    conditions = [func.lower(RegisterEntry.suppliers).contains(name.lower(), autoescape=True) for name in names]
    for other in session.scalars(select(RegisterEntry).where(
            RegisterEntry.status == EntryStatus.PUBLISHED.value,
            RegisterEntry.organisation_id != organisation_id, or_(*conditions)).limit(20)):
        shared = next(name for name in names if name.lower() in other.suppliers.lower())
        related.append(Related(other.name, other.organisation.name, other.public_id, shared))
    imported_conditions = [or_(func.lower(ImportedEntry.suppliers).contains(name.lower(), autoescape=True),
                               func.lower(ImportedEntry.products).contains(name.lower(), autoescape=True))
                           for name in names]
    for imported in session.scalars(select(ImportedEntry).where(or_(*imported_conditions)).limit(20)):
        text = f"{imported.suppliers}; {imported.products}".lower()
        shared = next(name for name in names if name.lower() in text)
        related.append(Related(imported.name, imported.organisation, None, shared))
    return related


def recent_changes(session: Session, limit: int) -> list[RegisterEntry]:
    """Entries most recently published or withdrawn (every version), for the feed."""
    return list(session.scalars(select(RegisterEntry).order_by(RegisterEntry.changed_at_utc.desc()).limit(limit)))
