"""Keep `directory_view` from the directory's events (X-054: never a synchronous call).

Only the services LA and its alerts workflow matter here (X-004). A `final_approval` change
also reaches the alerts that originate here and refer to that coordinator (DIR-037).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from imi_shared.envelope import Envelope, Event
from imi_shared.mongo import Transaction

from ..adapters import directory_events as d
from ..adapters.alert_repository import AlertRepository
from ..adapters.directory_view import DirectoryView
from ..domain.enums import TERMINAL

Handler = Callable[[Event, Envelope, Transaction], Awaitable[None]]


def _ours(la_code: str | None, workflow: str | None) -> bool:
    return la_code == d.SERVICES_LA and workflow == d.ALERTS_WORKFLOW


def _alerts_workflow(event: d.AuthorityRegistered) -> tuple[str, dict[str, Any] | None]:
    for la in event.legislative_areas:
        if la.la_code != d.SERVICES_LA:
            continue
        for wf in la.workflows:
            if wf.workflow == d.ALERTS_WORKFLOW:
                return la.status, {
                    "role": wf.role,
                    "is_alert_inbox": wf.is_alert_inbox,
                    "access": wf.status,
                    "final_approval": bool(wf.parameters.get("final_approval", False)),
                    "associated_coordinator_ids": list(wf.associated_coordinator_ids),
                }
        return la.status, None
    return "removed", None


async def on_registered(event: d.AuthorityRegistered, envelope: Envelope, tx: Transaction) -> None:
    la_access, alerts = _alerts_workflow(event)
    await DirectoryView(tx.db, tx.session).put(
        event.authority_id,
        {
            "member_state": event.member_state,
            "name": event.official_name,
            "status": event.status,
            "la_access": la_access,
            "alerts": alerts,
            "deleted": False,
        },
    )


async def on_status_changed(
    event: d.AuthorityStatusChanged, envelope: Envelope, tx: Transaction
) -> None:
    await DirectoryView(tx.db, tx.session).put(
        event.authority_id, {"member_state": event.member_state, "status": event.new_status}
    )


async def on_access_changed(event: d.AccessChanged, envelope: Envelope, tx: Transaction) -> None:
    view = DirectoryView(tx.db, tx.session)
    status = event.new_status or "removed"
    if event.la_code != d.SERVICES_LA:
        return
    if event.workflow is None:
        await view.put(event.authority_id, {"la_access": status})
    elif event.workflow == d.ALERTS_WORKFLOW:
        await view.put_alerts(event.authority_id, {"access": status})


async def on_parameters_changed(
    event: d.AuthorityParametersChanged, envelope: Envelope, tx: Transaction
) -> None:
    if not _ours(event.la_code, event.workflow) or "final_approval" not in event.parameters:
        return
    final_approval = bool(event.parameters["final_approval"])
    await DirectoryView(tx.db, tx.session).put_alerts(
        event.authority_id, {"final_approval": final_approval}
    )
    repo = AlertRepository(tx)
    for alert_id in await repo.with_coordinator(event.authority_id):
        stored = await repo.get(alert_id)
        if stored.alert.status in TERMINAL:
            continue
        stored.alert.apply_coordinator_parameters(event.authority_id, final_approval)
        await repo.save(stored)


async def on_role_changed(
    event: d.AuthorityRoleChanged, envelope: Envelope, tx: Transaction
) -> None:
    if _ours(event.la_code, event.workflow):
        await DirectoryView(tx.db, tx.session).put_alerts(
            event.authority_id, {"role": event.new_role, "is_alert_inbox": event.is_alert_inbox}
        )


async def on_coordinators_changed(
    event: d.AssociatedCoordinatorsChanged, envelope: Envelope, tx: Transaction
) -> None:
    if _ours(event.la_code, event.workflow):
        await DirectoryView(tx.db, tx.session).put_alerts(
            event.authority_id, {"associated_coordinator_ids": list(event.coordinator_ids)}
        )


async def on_deleted(event: d.AuthorityDeleted, envelope: Envelope, tx: Transaction) -> None:
    await DirectoryView(tx.db, tx.session).put(event.authority_id, {"deleted": True})


HANDLERS: dict[str, Handler] = {
    d.AuthorityRegistered.event_type: on_registered,
    d.AuthorityStatusChanged.event_type: on_status_changed,
    d.AccessChanged.event_type: on_access_changed,
    d.AuthorityParametersChanged.event_type: on_parameters_changed,
    d.AuthorityRoleChanged.event_type: on_role_changed,
    d.AssociatedCoordinatorsChanged.event_type: on_coordinators_changed,
    d.AuthorityDeleted.event_type: on_deleted,
}
