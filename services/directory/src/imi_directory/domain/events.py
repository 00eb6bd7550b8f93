"""Domain events of the directory (X-050): past-tense facts returned by the aggregates.

Handlers wrap them in `imi_shared.envelope.Envelope`. Invariants kept here:
* no event carries a username (DIR-042: usernames are never e-mailed) or a password (DIR-043);
* `aggregate_type` is `authority`, `user` or `invitation`;
* personal data and secrets (users' names and e-mails, authorities' contact data, the invitee's
  e-mail and registration code) live only in the domain classes; what is published in clear is
  the `...Facts` base, the rest travels sealed (`adapters.sealed_events`, RET-004).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict

from imi_shared.envelope import Event
from imi_shared.participants import MemberState

from .enums import (
    AccessStatus,
    AdminFunction,
    AdminRole,
    AuthorityStatus,
    InvitationRefusalReason,
    InvitationStatus,
    Workflow,
)
from .reference import LaWorkflow
from .user_roles import RoleAssignment

# --------------------------------------------------------------------------- authority

# Authority fields that may identify an official (a named contact's e-mail, direct line or
# office): published only sealed under the authority's key (`adapters.sealed_events`).
CONTACT_FIELDS = frozenset({"address", "phone", "website", "email"})


class WorkflowState(BaseModel):
    model_config = ConfigDict(frozen=True)

    workflow: Workflow
    status: AccessStatus
    role: str
    is_alert_inbox: bool
    parameters: dict[str, bool]
    associated_coordinator_ids: tuple[str, ...]


class LegislativeAreaState(BaseModel):
    model_config = ConfigDict(frozen=True)

    la_code: str
    admin_role: AdminRole
    status: AccessStatus
    access_coordinator_id: str
    coordination_region: str | None
    keywords: tuple[str, ...]
    workflows: tuple[WorkflowState, ...]


class _AuthorityEvent(Event):
    aggregate_type: ClassVar[str] = "authority"
    aggregate_id_field: ClassVar[str] = "authority_id"

    authority_id: str
    member_state: MemberState


class AuthorityRegisteredFacts(_AuthorityEvent):
    """What `authority.registered` tells in clear: no contact data (the published form,
    `adapters.sealed_events`, adds the e-mail sealed under `authority:<id>`)."""

    event_type: ClassVar[str] = "authority.registered"

    official_name: str
    region: str | None
    status: AuthorityStatus
    self_registered: bool
    validating_coordinator_id: str | None
    horizontal_competence: bool
    legislative_areas: tuple[LegislativeAreaState, ...]
    registered_at: AwareDatetime
    actor_user_id: str | None = None
    # TRL-009 / TRL-016 (2.1): the informal name and its language, queued for translation by
    # the translation service (an authority's name, not personal data)
    informal_name: str = ""
    informal_name_language: str | None = None


class AuthorityRegistered(AuthorityRegisteredFacts):
    """A coordinator registered the authority (DIR-097) or it finished self-registration
    (DIR-098). Carries the state the other services' read models need (X-054). Its contact
    e-mail is published only sealed (`adapters.sealed_events`)."""

    email: str


class AuthorityStatusChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.status_changed"

    old_status: AuthorityStatus | None
    new_status: AuthorityStatus
    changed_at: AwareDatetime
    actor_user_id: str | None = None


class AccessChanged(_AuthorityEvent):
    """LA access (`workflow` is None) or workflow access changed. `new_status` None: the
    access request was refused and deleted (DIR-113)."""

    event_type: ClassVar[str] = "authority.access_changed"

    la_code: str
    workflow: Workflow | None
    old_status: AccessStatus | None
    new_status: AccessStatus | None
    action: str
    changed_at: AwareDatetime
    actor_user_id: str | None = None


class AuthorityParametersChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.parameters_changed"

    la_code: str
    workflow: Workflow
    parameters: dict[str, bool]
    changed_at: AwareDatetime
    actor_user_id: str | None = None


class AuthorityRoleChanged(_AuthorityEvent):
    """Admin role (`workflow` None) or workflow role changed (DIR-127, DIR-128)."""

    event_type: ClassVar[str] = "authority.role_changed"

    la_code: str
    workflow: Workflow | None
    old_role: str
    new_role: str
    is_alert_inbox: bool = False
    changed_at: AwareDatetime
    actor_user_id: str | None = None


class AuthorityDataChanged(_AuthorityEvent):
    """General data (`la_code` None) or LA data changed. Its contact fields (`CONTACT_FIELDS`:
    they may name an official) are published only sealed (`adapters.sealed_events`)."""

    event_type: ClassVar[str] = "authority.data_changed"

    la_code: str | None = None
    changes: dict[str, str | bool | list[str] | None]
    changed_at: AwareDatetime
    actor_user_id: str | None = None


class AssociatedCoordinatorsChanged(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.associated_coordinators_changed"

    la_code: str
    workflow: Workflow
    coordinator_ids: tuple[str, ...]
    changed_at: AwareDatetime
    actor_user_id: str | None = None


class CoordinatorFunctionReassigned(_AuthorityEvent):
    event_type: ClassVar[str] = "authority.coordinator_function_reassigned"

    function: AdminFunction
    la_code: str | None
    old_coordinator_id: str | None
    new_coordinator_id: str
    changed_at: AwareDatetime
    actor_user_id: str | None = None


class AuthorityDeleted(_AuthorityEvent):
    """Refused registration after 6 months (DIR-102) or inactive after 6 months (DIR-106)."""

    event_type: ClassVar[str] = "authority.deleted"

    last_status: AuthorityStatus
    deleted_at: AwareDatetime


# --------------------------------------------------------------------------- user


class _UserEvent(Event):
    aggregate_type: ClassVar[str] = "user"
    aggregate_id_field: ClassVar[str] = "user_id"

    user_id: str
    authority_id: str
    member_state: MemberState


class UserCreatedFacts(_UserEvent):
    """What `user.created` tells in clear: no personal data (RET-004; the published form,
    `adapters.sealed_events`, adds the names and e-mail sealed under `user:<id>`)."""

    event_type: ClassVar[str] = "user.created"

    main_language: str
    roles: tuple[RoleAssignment, ...]
    first_user: bool
    created_at: AwareDatetime
    temp_password_due_by: AwareDatetime
    actor_user_id: str | None = None


class UserCreated(UserCreatedFacts):
    """Triggers N_DIR_USER_WELCOME at once and N_DIR_TEMP_PASSWORD by `temp_password_due_by`
    (DIR-083). Never carries the username (DIR-042) nor the password (DIR-043). The names and
    e-mail are personal data (RET-004): published only sealed (`adapters.sealed_events`)."""

    first_name: str
    last_name: str
    email: str


class UserRolesChanged(_UserEvent):
    event_type: ClassVar[str] = "user.roles_changed"

    roles: tuple[RoleAssignment, ...]
    changed_at: AwareDatetime
    actor_user_id: str | None = None


class UserCredentialsReset(_UserEvent):
    """N_DIR_PASSWORD_RESET (DIR-095); the temporary password itself is never in an event."""

    event_type: ClassVar[str] = "user.credentials_reset"

    reset_at: AwareDatetime
    actor_user_id: str | None = None


class UserLockedOut(_UserEvent):
    event_type: ClassVar[str] = "user.locked_out"

    failed_attempts: int
    locked_at: AwareDatetime


class UserRemoved(_UserEvent):
    """The user was deactivated (DIR-090): `retention` locks the user's personal data."""

    event_type: ClassVar[str] = "user.removed"

    removed_at: AwareDatetime
    actor_user_id: str | None = None


# --------------------------------------------------------------------------- invitation


class _InvitationEvent(Event):
    aggregate_type: ClassVar[str] = "invitation"
    aggregate_id_field: ClassVar[str] = "invitation_id"

    invitation_id: str
    coordinator_id: str
    member_state: MemberState


class InvitationStatusChanged(_InvitationEvent):
    """`new_status` None: the invitation was deleted."""

    event_type: ClassVar[str] = "invitation.status_changed"

    old_status: InvitationStatus | None
    new_status: InvitationStatus | None
    refusal_reason: InvitationRefusalReason | None = None
    reason: str | None = None
    registered_authority_id: str | None = None
    changed_at: AwareDatetime
    actor_user_id: str | None = None


class InvitationDispatchDueFacts(_InvitationEvent):
    """What `invitation.dispatch_due` tells in clear: neither the invitee's e-mail, nor the
    coordinator's message, nor the registration code (the published form,
    `adapters.sealed_events`, adds them sealed under `invitation:<id>`)."""

    event_type: ClassVar[str] = "invitation.dispatch_due"

    authority_name: str
    la_workflows: tuple[LaWorkflow, ...]
    dispatch_at: AwareDatetime
    code_expires_at: AwareDatetime
    reminder_due_at: AwareDatetime


class InvitationDispatchDue(InvitationDispatchDueFacts):
    """N_DIR_INVITATION must be sent at `dispatch_at` (DIR-052, DIR-064, DIR-065)."""

    email: str
    personal_message: str
    registration_code: str


class InvitationsBlocked(Event):
    """More than 100 invitations submitted in one day (DIR-053): alert the helpdesk
    (N_DIR_INVITATIONS_BLOCKED)."""

    event_type: ClassVar[str] = "invitation.daily_limit_exceeded"
    aggregate_type: ClassVar[str] = "invitation"
    aggregate_id_field: ClassVar[str] = "coordinator_id"  # the coordinator's day of invitations

    coordinator_id: str
    member_state: MemberState
    day: date
    submitted_count: int
    invitation_ids: tuple[str, ...]
    blocked_at: AwareDatetime


# --------------------------------------------------------------------------- coordinator tools


class CoordinatorMailingSentFacts(Event):
    """What `coordinator.mailing_sent` tells in clear (DIR-135, NOT-040): who sent a mailing
    to which authorities; never its text (the published form, `adapters.sealed_events`, adds
    the subject and body sealed under `mailing:<id>`)."""

    event_type: ClassVar[str] = "coordinator.mailing_sent"
    aggregate_type: ClassVar[str] = "coordinator"
    aggregate_id_field: ClassVar[str] = "coordinator_id"  # the coordinator's mailings

    mailing_id: str
    coordinator_id: str
    member_state: MemberState
    authority_ids: tuple[str, ...]
    sent_at: AwareDatetime
    actor_user_id: str | None = None


class CoordinatorMailingSent(CoordinatorMailingSentFacts):
    """A coordinator DA sent a templated or free e-mail to selected authorities (DIR-135).
    The coordinator's free text is published only sealed (`adapters.sealed_events`)."""

    subject: str
    body: str
