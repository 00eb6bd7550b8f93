"""What the directory publishes (X-050): its contract, generated into `services/directory/contract/`
by `make contracts`. Every directory event goes to `imi.directory.events`, keyed and partitioned
by the member state of the authority it concerns (`adapters.publisher`)."""

from __future__ import annotations

from imi_shared.contracts import Publication, ServiceContract

from .domain import events as e

PUBLISHED = (
    e.AuthorityRegistered,
    e.AuthorityStatusChanged,
    e.AccessChanged,
    e.AuthorityParametersChanged,
    e.AuthorityRoleChanged,
    e.AuthorityDataChanged,
    e.AssociatedCoordinatorsChanged,
    e.CoordinatorFunctionReassigned,
    e.AuthorityDeleted,
    e.UserCreated,
    e.UserRolesChanged,
    e.UserCredentialsReset,
    e.UserLockedOut,
    e.UserRemoved,
    e.InvitationStatusChanged,
    e.InvitationDispatchDue,
    e.InvitationsBlocked,
)

CONTRACT = ServiceContract(
    service="directory",
    publications=(Publication("imi.directory.events", PUBLISHED),),
)
