"""Enumerations of the directory (DIR-001..DIR-009, DIR-140). Values are the codes used in code.

French labels from the user manual are kept for statuses («...») in `FRENCH_LABELS`.
"""

from __future__ import annotations

from enum import StrEnum


class AdminRole(StrEnum):
    """DIR-001: administrative role, held per legislative area."""

    NIMIC = "nimic"
    SDIMIC = "sdimic"
    LIMIC = "limic"
    DIMIC = "dimic"
    COMPETENT_AUTHORITY = "competent_authority"

    @property
    def is_coordinator(self) -> bool:
        return self is not AdminRole.COMPETENT_AUTHORITY

    @property
    def is_horizontal(self) -> bool:
        """NIMIC and SDIMIC have horizontal competence (DIR-001, DIR-025, DIR-026)."""
        return self in (AdminRole.NIMIC, AdminRole.SDIMIC)

    @property
    def rank(self) -> int:
        """Position in the coordinator hierarchy (DIR-020): higher manages lower."""
        return _RANK[self]


_RANK = {
    AdminRole.COMPETENT_AUTHORITY: 0,
    AdminRole.DIMIC: 1,
    AdminRole.LIMIC: 2,
    AdminRole.SDIMIC: 3,
    AdminRole.NIMIC: 4,
}


class Workflow(StrEnum):
    REQUESTS = "requests"
    ALERTS = "alerts"


class RequestWorkflowRole(StrEnum):
    """DIR-002. `request_authority` is shown as «autorité» and is the default."""

    REQUEST_AUTHORITY = "request_authority"
    REQUEST_COORDINATOR = "request_coordinator"


class AlertWorkflowRole(StrEnum):
    """DIR-003. `alert_authority` is the default; only an alert coordinator may be an inbox."""

    ALERT_AUTHORITY = "alert_authority"
    ALERT_COORDINATOR = "alert_coordinator"


WorkflowRole = RequestWorkflowRole | AlertWorkflowRole

_AUTHORITY_ROLE: dict[Workflow, WorkflowRole] = {
    Workflow.REQUESTS: RequestWorkflowRole.REQUEST_AUTHORITY,
    Workflow.ALERTS: AlertWorkflowRole.ALERT_AUTHORITY,
}
_COORDINATOR_ROLE: dict[Workflow, WorkflowRole] = {
    Workflow.REQUESTS: RequestWorkflowRole.REQUEST_COORDINATOR,
    Workflow.ALERTS: AlertWorkflowRole.ALERT_COORDINATOR,
}


def default_workflow_role(workflow: Workflow) -> WorkflowRole:
    """The «autorité» role of a workflow (DIR-002, DIR-003, DIR-074)."""
    return _AUTHORITY_ROLE[workflow]


def coordinator_workflow_role(workflow: Workflow) -> WorkflowRole:
    return _COORDINATOR_ROLE[workflow]


def workflow_of_role(role: WorkflowRole) -> Workflow:
    return Workflow.REQUESTS if isinstance(role, RequestWorkflowRole) else Workflow.ALERTS


def is_coordinator_workflow_role(role: WorkflowRole) -> bool:
    return role in _COORDINATOR_ROLE.values()


def parse_workflow_role(value: str) -> WorkflowRole:
    for enum in (RequestWorkflowRole, AlertWorkflowRole):
        try:
            return enum(value)
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a workflow role")


class AdminFunction(StrEnum):
    """DIR-004: one validating coordinator per authority, one access coordinator per LA."""

    VALIDATING_COORDINATOR = "validating_coordinator"
    ACCESS_COORDINATOR = "access_coordinator"


class UserRole(StrEnum):
    """DIR-005."""

    LOCAL_DATA_ADMIN = "local_data_admin"
    BASIC_USER = "basic_user"
    DATA_ADMIN = "data_admin"
    REQUEST_VIEWER = "request_viewer"
    REQUEST_HANDLER = "request_handler"
    ALLOCATOR = "allocator"
    ARBITER = "arbiter"
    ALERT_VIEWER = "alert_viewer"
    ALERT_HANDLER = "alert_handler"
    ALERT_FORWARDER = "alert_forwarder"


GENERAL_USER_ROLES = frozenset({UserRole.LOCAL_DATA_ADMIN, UserRole.BASIC_USER})
LA_USER_ROLES = frozenset({UserRole.DATA_ADMIN})
REQUEST_USER_ROLES = frozenset(
    {UserRole.REQUEST_VIEWER, UserRole.REQUEST_HANDLER, UserRole.ALLOCATOR, UserRole.ARBITER}
)
ALERT_USER_ROLES = frozenset(
    {UserRole.ALERT_VIEWER, UserRole.ALERT_HANDLER, UserRole.ALERT_FORWARDER}
)
USER_ROLES_BY_WORKFLOW = {Workflow.REQUESTS: REQUEST_USER_ROLES, Workflow.ALERTS: ALERT_USER_ROLES}


class AuthorityStatus(StrEnum):
    """DIR-006."""

    REGISTRATION_REQUESTED = "registration_requested"
    ACTIVE = "active"
    REGISTRATION_REFUSED = "registration_refused"
    SUSPENDED = "suspended"
    INACTIVE = "inactive"


class AccessStatus(StrEnum):
    """DIR-007: used for both legislative-area and workflow access."""

    REQUESTED = "requested"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    SUSPENDED_REACTIVATION_REQUESTED = "suspended_reactivation_requested"
    REMOVED = "removed"
    REMOVED_REACTIVATION_REQUESTED = "removed_reactivation_requested"

    @property
    def is_suspended_like(self) -> bool:
        """«Suspendu» and «Suspendu (réactivation demandée)»."""
        return self in (AccessStatus.SUSPENDED, AccessStatus.SUSPENDED_REACTIVATION_REQUESTED)

    @property
    def is_removed_like(self) -> bool:
        """«Supprimé» and «Supprimé (réactivation demandée)»."""
        return self in (AccessStatus.REMOVED, AccessStatus.REMOVED_REACTIVATION_REQUESTED)


class InvitationStatus(StrEnum):
    """DIR-008."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    SENT_AWAITING_REGISTRATION = "sent_awaiting_registration"
    REGISTERED_AWAITING_VALIDATION = "registered_awaiting_validation"
    AUTHORITY_VALIDATED = "authority_validated"
    REFUSED = "refused"
    BLOCKED = "blocked"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    VALIDATION_REFUSED = "validation_refused"


class InvitationRefusalReason(StrEnum):
    """DIR-009."""

    EMAIL_ALREADY_USED = "email_already_used"
    EMAIL_INVALID = "email_invalid"
    NO_WORKFLOW_SELECTED = "no_workflow_selected"


class UserStatus(StrEnum):
    """DIR-140."""

    ACTIVE = "active"
    LOCKED_OUT = "locked_out"
    REMOVED = "removed"


FRENCH_LABELS: dict[StrEnum, str] = {
    AuthorityStatus.REGISTRATION_REQUESTED: "Enregistrement demandé",
    AuthorityStatus.ACTIVE: "Actif",
    AuthorityStatus.REGISTRATION_REFUSED: "Enregistrement refusé",
    AuthorityStatus.SUSPENDED: "Suspendu",
    AuthorityStatus.INACTIVE: "Inactif",
    AccessStatus.REQUESTED: "Demandé",
    AccessStatus.ACTIVE: "Actif",
    AccessStatus.SUSPENDED: "Suspendu",
    AccessStatus.SUSPENDED_REACTIVATION_REQUESTED: "Suspendu (réactivation demandée)",
    AccessStatus.REMOVED: "Supprimé",
    AccessStatus.REMOVED_REACTIVATION_REQUESTED: "Supprimé (réactivation demandée)",
    InvitationStatus.DRAFT: "projet",
    InvitationStatus.SUBMITTED: "Invitation soumise",
    InvitationStatus.SENT_AWAITING_REGISTRATION: "Invitation envoyée – En attente d'enregistrement",
    InvitationStatus.REGISTERED_AWAITING_VALIDATION: "Invitation enregistrée – En attente de validation",
    InvitationStatus.AUTHORITY_VALIDATED: "Autorité validée",
    InvitationStatus.REFUSED: "Invitation refusée",
    InvitationStatus.BLOCKED: "Invitation bloquée",
    InvitationStatus.EXPIRED: "Invitation caduque",
    InvitationStatus.WITHDRAWN: "Invitation retirée",
    InvitationStatus.VALIDATION_REFUSED: "Validation refusée",
    UserStatus.LOCKED_OUT: "compte bloqué",
}
