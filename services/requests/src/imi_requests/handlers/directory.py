"""Keep `directory_view` from the directory's events (X-054): authority status, LA and
requests-workflow access, role, parameters (DIR-030..DIR-036), associated coordinators."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from imi_shared.envelope import Envelope, Event

from ..adapters import directory_events as d
from ..adapters.directory_cache import DirectoryCache
from ..adapters.directory_users import DirectoryUsers
from ..adapters.directory_view import DirectoryView

Handler = Callable[[Event, Envelope, object], Awaitable[None]]


def _la(doc: dict, la_code: str) -> dict:
    return doc["las"].setdefault(la_code, {"la_access": "removed", "access": "removed"})


async def on_registered(event: d.AuthorityRegistered, envelope: Envelope, tx) -> None:
    def change(doc: dict) -> None:
        doc.update(status=event.status, deleted=False, las={})
        for la in event.legislative_areas:
            entry = {"la_access": la.status, "access": "removed"}
            for wf in la.workflows:
                if wf.workflow == d.REQUESTS_WORKFLOW:
                    entry.update(
                        access=wf.status,
                        role=wf.role,
                        parameters=dict(wf.parameters),
                        associated_coordinator_ids=list(wf.associated_coordinator_ids),
                    )
            doc["las"][la.la_code] = entry

    await DirectoryView.of(tx).update(event.authority_id, event.member_state, change)


async def on_status_changed(event: d.AuthorityStatusChanged, envelope: Envelope, tx) -> None:
    await DirectoryView.of(tx).update(
        event.authority_id, event.member_state, lambda doc: doc.update(status=event.new_status)
    )


async def on_access_changed(event: d.AccessChanged, envelope: Envelope, tx) -> None:
    if event.workflow not in (None, d.REQUESTS_WORKFLOW):
        return
    key = "la_access" if event.workflow is None else "access"
    status = event.new_status or "removed"
    await DirectoryView.of(tx).update(
        event.authority_id,
        event.member_state,
        lambda doc: _la(doc, event.la_code).update({key: status}),
    )


async def on_parameters_changed(event: d.AuthorityParametersChanged, envelope: Envelope, tx):
    if event.workflow != d.REQUESTS_WORKFLOW:
        return
    await DirectoryView.of(tx).update(
        event.authority_id,
        event.member_state,
        lambda doc: _la(doc, event.la_code).update(parameters=dict(event.parameters)),
    )


async def on_role_changed(event: d.AuthorityRoleChanged, envelope: Envelope, tx) -> None:
    if event.workflow != d.REQUESTS_WORKFLOW:
        return
    await DirectoryView.of(tx).update(
        event.authority_id,
        event.member_state,
        lambda doc: _la(doc, event.la_code).update(role=event.new_role),
    )


async def on_coordinators_changed(event: d.AssociatedCoordinatorsChanged, envelope: Envelope, tx):
    if event.workflow != d.REQUESTS_WORKFLOW:
        return
    ids = list(event.coordinator_ids)
    await DirectoryView.of(tx).update(
        event.authority_id,
        event.member_state,
        lambda doc: _la(doc, event.la_code).update(associated_coordinator_ids=ids),
    )


async def on_deleted(event: d.AuthorityDeleted, envelope: Envelope, tx) -> None:
    await DirectoryView.of(tx).update(
        event.authority_id, event.member_state, lambda doc: doc.update(deleted=True)
    )


def _roles(roles: tuple[d.RoleAssignment, ...]) -> list[dict]:
    return [
        {"role": r.role, "la_code": r.la_code}
        for r in roles
        if r.workflow == d.REQUESTS_WORKFLOW and r.la_code
    ]


async def on_user_created(event: d.UserCreated, envelope: Envelope, tx) -> None:
    """REQ-049 / REQ-053: who may be allocated (the requests workflow's roles only)."""
    await DirectoryUsers.of(tx).put(
        event.user_id,
        {
            "authority_id": event.authority_id,
            "member_state": event.member_state,
            "roles": _roles(event.roles),
        },
    )


async def on_user_roles_changed(event: d.UserRolesChanged, envelope: Envelope, tx) -> None:
    await DirectoryUsers.of(tx).put(
        event.user_id,
        {
            "authority_id": event.authority_id,
            "member_state": event.member_state,
            "roles": _roles(event.roles),
        },
    )


async def on_user_removed(event: d.UserRemoved, envelope: Envelope, tx) -> None:
    await DirectoryUsers.of(tx).put(event.user_id, {"removed": True, "roles": []})


HANDLERS: dict[str, Handler] = {
    d.UserCreated.event_type: on_user_created,
    d.UserRolesChanged.event_type: on_user_roles_changed,
    d.UserRemoved.event_type: on_user_removed,
    d.AuthorityRegistered.event_type: on_registered,
    d.AuthorityStatusChanged.event_type: on_status_changed,
    d.AccessChanged.event_type: on_access_changed,
    d.AuthorityParametersChanged.event_type: on_parameters_changed,
    d.AuthorityRoleChanged.event_type: on_role_changed,
    d.AssociatedCoordinatorsChanged.event_type: on_coordinators_changed,
    d.AuthorityDeleted.event_type: on_deleted,
}


def telling(cache: DirectoryCache | None) -> dict[str, Handler]:
    """`HANDLERS`, each then telling the commands' cache (issue 12) which authority's
    document it changed (before the commit: the cache keeps it uncached a while)."""

    def tell(handler: Handler) -> Handler:
        async def handle(event: Event, envelope: Envelope, tx) -> None:
            await handler(event, envelope, tx)
            if cache is not None:
                cache.changed(getattr(event, "authority_id", None))

        return handle

    return {event_type: tell(handler) for event_type, handler in HANDLERS.items()}
