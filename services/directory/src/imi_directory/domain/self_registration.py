"""Self-registration after an invitation, and its validation or refusal (DIR-073..DIR-080,
DIR-098..DIR-101). The captcha is checked by the API before these functions run."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from imi_shared.envelope import Event
from imi_shared.errors import Conflict, InvalidInput

from .actors import Actor
from .authority import Authority
from .enums import AccessStatus, AdminRole, AuthorityStatus
from .invitation import Invitation
from .records import LegislativeAreaAccess, new_workflow_access
from .reference import LegislativeAreaCatalog
from .registration import AuthorityDetails, creation_access_events
from .timeutil import require_aware
from .user_management import UserDetails, announce_first_user, create_first_user
from .users import User
from .validation import is_valid_email, normalize_email


class SelfRegistrationForm(BaseModel):
    """DIR-074: authority data, the first user, ≥1 keyword per invited LA; DIR-075: the
    summary (with the generated username) was printed or saved before finishing."""

    model_config = ConfigDict(frozen=True)

    details: AuthorityDetails
    keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    first_user: UserDetails
    summary_saved: bool = False


def complete_self_registration(
    *,
    invitation: Invitation,
    code: str,
    form: SelfRegistrationForm,
    authority_id: str,
    first_user_id: str,
    username: str,
    temporary_password_hash: str,
    catalog: LegislativeAreaCatalog,
    now: datetime,
    email_in_use: bool = False,
    first_user_email_in_use: bool = False,
) -> tuple[Authority, User, list[Event]]:
    """DIR-076: authority → `registration_requested`, each invited LA and workflow access →
    `requested` with the default roles (DIR-074), invitation →
    `registered_awaiting_validation`. The inviting coordinator is the validating and access
    coordinator (DIR-019, DIR-077). The first user waits for the validation."""
    require_aware(now)
    invitation.check_code(code, now)
    if not form.summary_saved:
        raise Conflict("DIR-075", "print or save the summary before finishing")
    details = form.details
    if not is_valid_email(details.email):
        raise InvalidInput("DIR-137", "the authority e-mail address is not valid")
    if email_in_use:
        raise Conflict("DIR-137", "the e-mail address is already used")
    fields = details.model_dump(exclude={"horizontal_competence", "email"})
    authority = Authority(
        id=authority_id,
        member_state=invitation.member_state,
        **fields,
        email=normalize_email(details.email),
        status=AuthorityStatus.REGISTRATION_REQUESTED,
        status_changed_at=now,
        registered_at=now,
        horizontal_competence=bool(details.horizontal_competence),
        validating_coordinator_id=invitation.coordinator_id,
        self_registered=True,
        invitation_id=invitation.id,
    )
    for pair in invitation.la_workflows:
        catalog.check_pair(pair.la_code, pair.workflow)
        la = authority.legislative_areas.get(pair.la_code)
        if la is None:
            keywords = sorted(set(form.keywords.get(pair.la_code, ())))
            catalog.check_keywords(pair.la_code, keywords)
            la = LegislativeAreaAccess(
                la_code=pair.la_code,
                admin_role=AdminRole.COMPETENT_AUTHORITY,
                status=AccessStatus.REQUESTED,
                access_coordinator_id=invitation.coordinator_id,
                keywords=keywords,
                status_changed_at=now,
            )
            authority.legislative_areas[pair.la_code] = la
        la.workflows[pair.workflow] = new_workflow_access(
            pair.workflow, AccessStatus.REQUESTED, now
        )
    user, _ = create_first_user(
        authority=authority,
        user_id=first_user_id,
        username=username,
        details=form.first_user,
        temporary_password_hash=temporary_password_hash,
        now=now,
        actor=None,
        email_in_use=first_user_email_in_use,
    )
    actor = Actor.self_registrant()
    events: list[Event] = [
        authority.registered_event(actor),
        authority.creation_status_event(actor),
    ]
    events += creation_access_events(authority, actor, "self_registration")
    events += invitation.complete_registration(code, authority.id, now)
    return authority, user, events


def _check_link(authority: Authority, invitation: Invitation) -> None:
    if invitation.registered_authority_id != authority.id:
        raise InvalidInput("DIR-076", "this invitation was not used by this authority")


def validate_self_registration(
    *,
    authority: Authority,
    invitation: Invitation,
    first_user: User,
    actor: Actor,
    now: datetime,
) -> list[Event]:
    """DIR-079 / DIR-099 / DIR-101 / DIR-071: the validating coordinator validates; the
    authority and its accesses become active, the invitation `authority_validated`, and the
    first user gets the user e-mails."""
    _check_link(authority, invitation)
    events = authority.validate(actor, now)
    events += invitation.validate(now, actor)
    events += announce_first_user(first_user, actor, now)
    return events


def refuse_self_registration(
    *,
    authority: Authority,
    invitation: Invitation,
    actor: Actor,
    now: datetime,
) -> list[Event]:
    """DIR-080 / DIR-100 / DIR-072: authority `registration_refused`, invitation
    `validation_refused`; validation stays possible for 6 months."""
    _check_link(authority, invitation)
    events = authority.refuse_registration(actor, now)
    events += invitation.refuse_validation(now, actor)
    return events
