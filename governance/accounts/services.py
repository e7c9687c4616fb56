"""Account use cases: organisations, users, roles, sign-in. Flushes; never commits.

Every change that an auditor would ask about is recorded in the audit log here, so no caller can
forget it.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from governance.accounts.models import (
    ATRS_ORGANISATION_TYPES,
    EmailDomain,
    Organisation,
    Role,
    RoleGrant,
    User,
    new_session_token,
)
from governance.accounts.passwords import DUMMY_HASH, hash_password, needs_rehash, password_problem, verify_password
from governance.audit import record_event
from governance.db import utc_now
from governance.errors import DomainError, NotFound

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_IN_YOUR_ORGANISATION = "This email address already has an account in your organisation"


class AccountError(DomainError):
    """A request about accounts that the rules do not allow; the message is safe to show."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_organisation(
    session: Session,
    *,
    name: str,
    slug: str,
    atrs_organisation_type: str = "Local authority",
    website: str | None = None,
    contact_email: str | None = None,
) -> Organisation:
    if not SLUG_PATTERN.match(slug):
        raise AccountError("Slug must use lowercase letters, numbers and single hyphens", "slug")
    if atrs_organisation_type not in ATRS_ORGANISATION_TYPES:
        raise AccountError("Choose an organisation type from the list", "atrs_organisation_type")
    if session.scalar(select(Organisation.id).where(Organisation.slug == slug)):
        raise AccountError("An organisation with this slug already exists", "slug")
    organisation = Organisation(
        name=name.strip(),
        slug=slug,
        atrs_organisation_type=atrs_organisation_type,
        website=website or None,
        contact_email=normalise_email(contact_email) if contact_email else None,
    )
    session.add(organisation)
    session.flush()
    record_event(session, kind="organisation_created", organisation_id=organisation.id,
                 subject=f"organisation:{organisation.id}", payload={"slug": slug})
    return organisation


def update_organisation(
    session: Session, actor: User, *, name: str, atrs_organisation_type: str, website: str | None,
    contact_email: str | None,
) -> Organisation:
    require_role(actor, Role.ADMIN)
    if atrs_organisation_type not in ATRS_ORGANISATION_TYPES:
        raise AccountError("Choose an organisation type from the list", "atrs_organisation_type")
    organisation = actor.organisation
    organisation.name = name.strip()
    organisation.atrs_organisation_type = atrs_organisation_type
    organisation.website = website or None
    organisation.contact_email = normalise_email(contact_email) if contact_email else None
    session.flush()
    record_event(session, kind="organisation_updated", organisation_id=organisation.id, actor_id=actor.id,
                 subject=f"organisation:{organisation.id}",
                 payload={"fields": ["name", "atrs_organisation_type", "website", "contact_email"]})
    return organisation


def find_organisation_by_slug(session: Session, slug: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.slug == slug))


def require_role(actor: User, role: Role) -> None:
    if not actor.active or not actor.has_role(role):
        raise PermissionError(f"{role.value} role required")


def require_member(actor: User, organisation_id: uuid.UUID) -> None:
    """Another organisation's objects do not exist as far as `actor` can tell."""
    if not actor.active or actor.organisation_id != organisation_id:
        raise NotFound()


def require_member_with_role(actor: User, organisation_id: uuid.UUID, role: Role) -> None:
    require_member(actor, organisation_id)
    require_role(actor, role)


def create_user(
    session: Session,
    *,
    organisation: Organisation,
    email: str,
    name: str,
    roles: Iterable[Role],
    password: str,
    actor: User | None = None,
    must_change_password: bool = False,
) -> User:
    """Create an account. `actor` is the administrator, or None for the command line."""
    if actor is not None:
        require_role(actor, Role.ADMIN)
        if actor.organisation_id != organisation.id:
            raise NotFound()
    role_set = _validated_roles(roles)
    email = normalise_email(email)
    if actor is not None and organisation.email_domains and email_domain(email) not in organisation.domain_names:
        # Decided without looking anyone up: another organisation's addresses are simply not this one's.
        raise AccountError(email_not_usable(organisation), "email")
    holder = session.scalar(select(User.organisation_id).where(User.email == email))
    if holder is not None:
        raise _email_in_use(holder, organisation, actor)
    problem = password_problem(password, [email, name])
    if problem:
        raise AccountError(problem, "password")
    user = User(
        organisation=organisation,
        email=email,
        name=name.strip(),
        password_hash=hash_password(password),
        must_change_password=must_change_password,
        role_grants=[RoleGrant(role=role.value) for role in sorted(role_set)],
    )
    session.add(user)
    session.flush()
    record_event(session, kind="user_created", organisation_id=organisation.id,
                 actor_id=actor.id if actor else None, subject=f"user:{user.id}",
                 payload={"roles": sorted(role.value for role in role_set)})
    return user


def email_not_usable(organisation: Organisation) -> str:
    """The one answer for every email an administrator cannot use for a new account: it says nothing about
    whether the address has an account anywhere else."""
    domains = organisation.domain_names
    where = (f" Accounts of {organisation.name} use addresses at {' or '.join(domains)}." if domains else "")
    return (f"This email address cannot be used for a new account here.{where} Ask the person for their work "
            f"email address at {organisation.name}, or contact the service's operator.")


def email_domain(email: str) -> str:
    return email.rpartition("@")[2]


DOMAIN_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def set_email_domains(session: Session, organisation: Organisation, domains: Iterable[str]) -> list[str]:
    """The operator names the domains of the organisation's staff (replacing any before); each domain
    belongs to one organisation."""
    wanted = sorted({domain.strip().lower().removeprefix("@") for domain in domains if domain.strip()})
    for domain in wanted:
        if not DOMAIN_PATTERN.match(domain):
            raise AccountError(f"{domain} is not a domain name, like example.gov.uk", "domains")
        owner = session.get(EmailDomain, domain)
        if owner is not None and owner.organisation_id != organisation.id:
            raise AccountError(f"{domain} is already a domain of another organisation", "domains")
    organisation.email_domains = [session.get(EmailDomain, domain) or EmailDomain(domain=domain)
                                  for domain in wanted]
    session.flush()
    record_event(session, kind="organisation_email_domains_set", organisation_id=organisation.id,
                 subject=f"organisation:{organisation.id}", payload={"domains": wanted})
    return wanted


def _email_in_use(holder_id: uuid.UUID, organisation: Organisation, actor: User | None) -> AccountError:
    # An administrator may learn about their own organisation's accounts, never about another's: an account
    # elsewhere gets the neutral answer. The operator (no actor: the command line) sees every organisation.
    if actor is None:
        return AccountError("An account with this email address already exists", "email")
    if holder_id == organisation.id:
        return AccountError(EMAIL_IN_YOUR_ORGANISATION, "email")
    return AccountError(email_not_usable(organisation), "email")


def temporary_password() -> str:
    """A random password to hand over once; the person must replace it when they first sign in."""
    return "-".join(secrets.token_hex(3) for _ in range(4))


def _validated_roles(roles: Iterable[Role]) -> set[Role]:
    role_set = {Role(role) for role in roles}
    if not role_set:
        raise AccountError("Select at least one role", "roles")
    return role_set


def list_users(session: Session, actor: User) -> list[User]:
    require_role(actor, Role.ADMIN)
    return list(
        session.scalars(
            select(User).where(User.organisation_id == actor.organisation_id).order_by(User.name, User.email)
        )
    )


def get_user_for_admin(session: Session, actor: User, user_id: uuid.UUID) -> User:
    """A user of the admin's own organisation; any other id is NotFound, never Forbidden."""
    require_role(actor, Role.ADMIN)
    user = session.get(User, user_id)
    if user is None or user.organisation_id != actor.organisation_id:
        raise NotFound()
    return user


def _lock_organisation(session: Session, organisation_id: uuid.UUID) -> None:
    # Two admins demoting each other at once must not leave the organisation with none.
    session.execute(select(Organisation.id).where(Organisation.id == organisation_id).with_for_update())


def _active_admin_count(session: Session, organisation_id: uuid.UUID) -> int:
    return session.scalar(
        select(func.count())
        .select_from(User)
        .join(RoleGrant)
        .where(User.organisation_id == organisation_id, User.active.is_(True), RoleGrant.role == Role.ADMIN.value)
    ) or 0


def _would_remove_last_admin(session: Session, user: User) -> bool:
    return user.active and user.has_role(Role.ADMIN) and _active_admin_count(session, user.organisation_id) <= 1


def change_roles(session: Session, actor: User, user: User, roles: Iterable[Role]) -> None:
    require_role(actor, Role.ADMIN)
    if actor.organisation_id != user.organisation_id:
        raise NotFound()
    new_roles = _validated_roles(roles)
    old_roles = set(user.roles)
    if new_roles == old_roles:
        return
    _lock_organisation(session, user.organisation_id)
    if Role.ADMIN in old_roles and Role.ADMIN not in new_roles and _would_remove_last_admin(session, user):
        raise AccountError("You cannot remove the last administrator of the organisation", "roles")
    user.role_grants = [grant for grant in user.role_grants if Role(grant.role) in new_roles] + [
        RoleGrant(role=role.value) for role in sorted(new_roles - old_roles)
    ]
    session.flush()
    record_event(session, kind="roles_changed", organisation_id=user.organisation_id, actor_id=actor.id,
                 subject=f"user:{user.id}",
                 payload={"added": sorted(r.value for r in new_roles - old_roles),
                          "removed": sorted(r.value for r in old_roles - new_roles)})


def deactivate_user(session: Session, actor: User, user: User) -> None:
    require_role(actor, Role.ADMIN)
    if actor.organisation_id != user.organisation_id:
        raise NotFound()
    if not user.active:
        return
    if user.id == actor.id:
        raise AccountError("You cannot deactivate your own account")
    _lock_organisation(session, user.organisation_id)
    if _would_remove_last_admin(session, user):
        raise AccountError("You cannot deactivate the last administrator of the organisation")
    user.active = False
    user.session_token = new_session_token()
    session.flush()
    record_event(session, kind="user_deactivated", organisation_id=user.organisation_id, actor_id=actor.id,
                 subject=f"user:{user.id}")


def reactivate_user(session: Session, actor: User, user: User) -> None:
    require_role(actor, Role.ADMIN)
    if actor.organisation_id != user.organisation_id:
        raise NotFound()
    if user.active:
        return
    user.active = True
    session.flush()
    record_event(session, kind="user_reactivated", organisation_id=user.organisation_id, actor_id=actor.id,
                 subject=f"user:{user.id}")


def reset_password(session: Session, actor: User, user: User) -> str:
    """Give the user a new temporary password (returned once, to show the admin) and sign them out."""
    require_role(actor, Role.ADMIN)
    if actor.organisation_id != user.organisation_id:
        raise NotFound()
    password = temporary_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.session_token = new_session_token()
    session.flush()
    record_event(session, kind="password_reset", organisation_id=user.organisation_id, actor_id=actor.id,
                 subject=f"user:{user.id}")
    return password


def unlock_sign_in(session: Session, actor: User, user: User, forget_failures: Callable[[str], None]) -> None:
    """Let `user` try to sign in again at once, from anywhere: `forget_failures(email)` clears the failed
    attempts counted against their account. It runs only once the audit event is committed, so no unlock
    goes unrecorded."""
    require_role(actor, Role.ADMIN)
    if actor.organisation_id != user.organisation_id:
        raise NotFound()
    email = user.email
    record_event(session, kind="account_unlocked", organisation_id=user.organisation_id, actor_id=actor.id,
                 subject=f"user:{user.id}")
    event.listen(session, "after_commit", lambda _session: forget_failures(email), once=True)


def change_own_password(session: Session, user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise AccountError("Your current password is not correct", "current_password")
    if new_password == current_password:
        raise AccountError("Your new password must be different from your current one", "new_password")
    problem = password_problem(new_password, [user.email, user.name])
    if problem:
        raise AccountError(problem, "new_password")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    # Other devices signed in with the old password are signed out.
    user.session_token = new_session_token()
    session.flush()
    record_event(session, kind="password_changed", organisation_id=user.organisation_id, actor_id=user.id,
                 subject=f"user:{user.id}")


class SignInFailure(Enum):
    UNKNOWN_ACCOUNT = "unknown_account"
    WRONG_PASSWORD = "wrong_password"
    DEACTIVATED = "deactivated"


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    failure: SignInFailure | None


def authenticate(session: Session, email: str, password: str) -> SignInResult:
    """Check credentials and record the attempt. The caller shows one generic message for every failure."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        verify_password(DUMMY_HASH, password)
        record_event(session, kind="sign_in_failed", organisation_id=None,
                     payload={"reason": SignInFailure.UNKNOWN_ACCOUNT.value})
        return SignInResult(None, SignInFailure.UNKNOWN_ACCOUNT)
    failure = None
    if not verify_password(user.password_hash, password):
        failure = SignInFailure.WRONG_PASSWORD
    elif not user.active:
        failure = SignInFailure.DEACTIVATED
    if failure:
        record_event(session, kind="sign_in_failed", organisation_id=user.organisation_id,
                     subject=f"user:{user.id}", payload={"reason": failure.value})
        return SignInResult(None, failure)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_signed_in_at_utc = utc_now()
    record_event(session, kind="sign_in", organisation_id=user.organisation_id, actor_id=user.id,
                 subject=f"user:{user.id}")
    return SignInResult(user, None)


def record_sign_out(session: Session, user: User) -> None:
    user.session_token = new_session_token()
    record_event(session, kind="sign_out", organisation_id=user.organisation_id, actor_id=user.id,
                 subject=f"user:{user.id}")


def load_signed_in_user(session: Session, cookie_id: str) -> User | None:
    """Flask-Login's loader: the cookie holds the user id and their current session token."""
    user_id, _, token = cookie_id.partition(":")
    try:
        parsed = uuid.UUID(user_id)
    except ValueError:
        return None
    user = session.get(User, parsed)
    if user is None or not user.active or not token or not secrets.compare_digest(user.session_token, token):
        return None
    return user
