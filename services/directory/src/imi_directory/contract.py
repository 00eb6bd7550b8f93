"""What the directory publishes (X-050): its contract, generated into `services/directory/contract/`
by `make contracts`. Every directory event goes to `imi.directory.events`, keyed and partitioned
by the member state of the authority it concerns (`adapters.publisher`). Events holding personal
data or secrets are published in their sealed form (`adapters.sealed_events`, RET-004)."""

from __future__ import annotations

from imi_shared.contracts import Publication, ServiceContract

from .adapters import sealed_events as sealed
from .domain import events as e

PUBLISHED = (
    sealed.SealedAuthorityRegistered,
    e.AuthorityStatusChanged,
    e.AccessChanged,
    e.AuthorityParametersChanged,
    e.AuthorityRoleChanged,
    sealed.SealedAuthorityDataChanged,
    e.AssociatedCoordinatorsChanged,
    e.CoordinatorFunctionReassigned,
    e.AuthorityDeleted,
    sealed.SealedUserCreated,
    e.UserRolesChanged,
    e.UserCredentialsReset,
    e.UserLockedOut,
    e.UserRemoved,
    e.InvitationStatusChanged,
    sealed.SealedInvitationDispatchDue,
    e.InvitationsBlocked,
    sealed.SealedCoordinatorMailingSent,
)

CONTRACT = ServiceContract(
    service="directory",
    publications=(Publication("imi.directory.events", PUBLISHED),),
)
