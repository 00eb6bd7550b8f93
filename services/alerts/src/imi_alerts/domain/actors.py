"""Who acts: the `Actor` passed to every command, and references to other authorities.

The directory service is the only source of these facts (X-053, X-054); the service layer
builds the value objects from the token and its directory read model, the domain only reads them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from imi_shared.participants import COMMISSION, MemberState, Participant

from .enums import AccessStatus, AlertRight, AuthorityAlertRole, AuthorityStatus

_ONGOING_ACCESS = frozenset(
    {
        AccessStatus.ACTIVE,
        AccessStatus.SUSPENDED,
        AccessStatus.SUSPENDED_REACTIVATION_REQUESTED,
    }
)
_ONGOING_AUTHORITY = frozenset({AuthorityStatus.ACTIVE, AuthorityStatus.SUSPENDED})


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ActorRef(_Value):
    """The part of an actor recorded in history and events (X-025)."""

    user_id: str
    authority_id: str
    member_state: Participant


class Actor(_Value):
    """A user acting for one authority (X-002) in the alerts workflow."""

    user_id: str = Field(min_length=1)
    authority_id: str = Field(min_length=1)
    member_state: Participant
    authority_roles: frozenset[AuthorityAlertRole] = frozenset()
    rights: frozenset[AlertRight] = frozenset()
    #: alert coordinators linked to the authority (DIR-027/028): choosable for its alerts
    associated_coordinator_ids: frozenset[str] = frozenset()
    workflow_access: AccessStatus = AccessStatus.ACTIVE
    authority_status: AuthorityStatus = AuthorityStatus.ACTIVE

    @model_validator(mode="after")
    def _inbox_is_a_coordinator(self) -> Actor:
        roles = self.authority_roles
        if AuthorityAlertRole.ALERT_INBOX in roles and (
            AuthorityAlertRole.ALERT_COORDINATOR not in roles
        ):
            raise ValueError("DIR-003: is_alert_inbox may be true only for an alert_coordinator")
        return self

    @property
    def ref(self) -> ActorRef:
        return ActorRef(
            user_id=self.user_id, authority_id=self.authority_id, member_state=self.member_state
        )

    @property
    def is_commission(self) -> bool:
        return self.member_state == COMMISSION

    @property
    def has_alert_role(self) -> bool:
        """The authority takes part in the alerts workflow at all (DIR-003)."""
        return bool(
            self.authority_roles
            & {
                AuthorityAlertRole.ALERT_AUTHORITY,
                AuthorityAlertRole.ALERT_COORDINATOR,
            }
        )

    @property
    def is_coordinator(self) -> bool:
        return AuthorityAlertRole.ALERT_COORDINATOR in self.authority_roles

    @property
    def is_inbox(self) -> bool:
        return AuthorityAlertRole.ALERT_INBOX in self.authority_roles

    @property
    def can_read(self) -> bool:
        """ALR-011 first row: any alert right reads the full alert (viewer, handler, forwarder)."""
        return self.has_alert_role and bool(self.rights)

    @property
    def is_handler(self) -> bool:
        return self.has_alert_role and AlertRight.ALERT_HANDLER in self.rights

    @property
    def is_forwarder(self) -> bool:
        """ALR-011 / DIR-086: the forwarder right exists only for users of alert coordinators."""
        return self.is_coordinator and AlertRight.ALERT_FORWARDER in self.rights

    @property
    def may_start_new_alerts(self) -> bool:
        """ALR-013: launching (or receiving) a new alert needs `active` authority and access."""
        return (
            self.authority_status is AuthorityStatus.ACTIVE
            and self.workflow_access is AccessStatus.ACTIVE
        )

    @property
    def may_continue_alerts(self) -> bool:
        """ALR-013 / DIR-107 / DIR-126: a suspended authority or workflow continues ongoing ones."""
        return (
            self.authority_status in _ONGOING_AUTHORITY and self.workflow_access in _ONGOING_ACCESS
        )

    def links_to(self, coordinator_id: str) -> bool:
        """The coordinator is associated with the actor's authority, or is that authority."""
        return coordinator_id in self.associated_coordinator_ids or (
            self.is_coordinator and coordinator_id == self.authority_id
        )


class CoordinatorRef(_Value):
    """An alert coordinator (inbox or not) and its `final_approval` parameter (DIR-037)."""

    authority_id: str = Field(min_length=1)
    member_state: MemberState
    final_approval: bool = False
    is_alert_inbox: bool = False


class RecipientAuthority(_Value):
    """An authority a forwarder adds to the recipient list of its member state (ALR-023/024)."""

    authority_id: str = Field(min_length=1)
    member_state: MemberState
    role: AuthorityAlertRole = AuthorityAlertRole.ALERT_AUTHORITY
    workflow_access: AccessStatus = AccessStatus.ACTIVE
    authority_status: AuthorityStatus = AuthorityStatus.ACTIVE

    @property
    def is_coordinator(self) -> bool:
        return self.role in (AuthorityAlertRole.ALERT_COORDINATOR, AuthorityAlertRole.ALERT_INBOX)

    @property
    def may_receive_new_alerts(self) -> bool:
        """ALR-013: a suspended authority or workflow must not receive new alerts."""
        return (
            self.authority_status is AuthorityStatus.ACTIVE
            and self.workflow_access is AccessStatus.ACTIVE
        )
