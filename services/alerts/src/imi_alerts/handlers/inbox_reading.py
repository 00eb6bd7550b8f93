"""Reads of the inbox copies: one copy, or a participant's list, as the viewer may see them.

Personal data is kept sealed in the copy and unsealed only when ONE copy is opened by a viewer
with full access; once the case key is shredded (RET-013, RET-015) it reads as deleted
(`personal_data_deleted`). A listing returns summaries (`copy_summary`: ids, kind, statuses,
subject code, dates) and unseals nothing (issue 10, X-009).
"""

from __future__ import annotations

from typing import Any

from imi_shared.auth import Principal
from imi_shared.participants import COMMISSION
from imi_shared.sealing import KeyShredded, SealedValue

from ..adapters.directory_view import DirectoryView
from ..adapters.inbox_repository import InboxRepository
from ..copies.model import InboxCopy
from ..copies.personal_data import with_personal_data
from ..copies.visibility import CopyAccess, copy_access, visible_view
from ..domain import Actor, AlertUnknown, NoAccess
from .actors import actor_for
from .context import AlertsContext
from .scope import require_in_scope


async def copy_json(ctx: AlertsContext, copy: InboxCopy, viewer: Actor) -> dict[str, Any]:
    access, removal = copy_access(copy, viewer, commission_view=ctx.settings.commission_view)
    view = visible_view(copy, access, removal)
    personal_data, deleted = None, False
    if access is CopyAccess.FULL and copy.sealed_personal_data is not None:
        try:
            personal_data = await ctx.sealer.unseal(
                SealedValue.model_validate(copy.sealed_personal_data)
            )
        except KeyShredded:
            deleted = True
    view = with_personal_data(view, personal_data if access is CopyAccess.FULL else None)
    events = copy.events
    if removal is not None and removal.removed_at is not None:
        events = [e for e in events if e.occurred_at <= removal.removed_at]
    assert copy.delivery is not None
    return {
        "alert_id": copy.alert_id,
        "number": copy.number,
        "origin_ms": copy.origin_ms,
        "participant": copy.participant,
        "kind": copy.kind,
        "status": "removed" if access is CopyAccess.REMOVED else copy.status,
        "alert_status": view["overview"]["status"]
        if access is CopyAccess.REMOVED
        else copy.alert_status,
        "access": access.value,
        "personal_data": view["personal_data"],
        "personal_data_deleted": deleted,
        "acknowledged_by": _dump(copy.delivery.acknowledged_by),
        "acknowledged_at": copy.delivery.acknowledged_at,
        "inbox_authority_ids": list(copy.delivery.inbox_authority_ids),
        "pending_actions": copy.pending_actions,
        "rejected_actions": copy.rejected_actions,
        "events": [e.model_dump(mode="json") for e in events],
        "view": view,
        "updated_at": copy.updated_at,
    }


def _dump(value):
    return value.model_dump(mode="json") if value is not None else None


def _wanted(ctx: AlertsContext, principal: Principal, participant: str | None) -> str:
    """The participant whose copies are asked for, if this deployment holds them (X-001)."""
    wanted = (participant or principal.member_state).strip().upper()
    if not ctx.settings.commission_view:
        require_in_scope(ctx.settings, wanted)
    return wanted


def _check_reader(viewer: Actor, wanted: str, commission_view: bool) -> None:
    if viewer.is_commission:
        if wanted != COMMISSION and not commission_view:
            raise NoAccess("X-010", "the Commission reads its own copies (participant EU)")
    elif wanted != viewer.member_state:
        raise NoAccess("X-010", f"{viewer.member_state} users read only their own state's copies")


async def _reader(
    ctx: AlertsContext, principal: Principal, participant: str | None
) -> tuple[Actor, str]:
    wanted = _wanted(ctx, principal, participant)
    viewer = await actor_for(principal, DirectoryView(ctx.uow.db))
    _check_reader(viewer, wanted, ctx.settings.commission_view)
    return viewer, wanted


async def read_copy(
    ctx: AlertsContext, principal: Principal, alert_id: str, participant: str | None
) -> dict[str, Any]:
    """One copy; an absent one and one the caller may not see get the same 404 (X-010)."""
    try:
        viewer, wanted = await _reader(ctx, principal, participant)
    except NoAccess:
        raise AlertUnknown() from None
    stored = await InboxRepository(ctx.uow.db).find_one(alert_id, wanted)
    if stored is None or not stored.copy.delivered:
        raise AlertUnknown()
    try:
        return await copy_json(ctx, stored.copy, viewer)
    except NoAccess:
        raise AlertUnknown() from None


async def list_copies(
    ctx: AlertsContext,
    principal: Principal,
    participant: str | None,
    *,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """The copies held for `participant` that the viewer's authority takes part in (the
    Commission: all of them, without personal data)."""
    viewer, wanted = await _reader(ctx, principal, participant)
    authority = None if viewer.is_commission else viewer.authority_id
    copies = await InboxRepository(ctx.uow.db).list_for(
        wanted, authority, limit=limit, offset=offset
    )
    items = []
    for copy in copies:
        try:
            items.append(copy_summary(ctx, copy, viewer))
        except NoAccess:
            continue
    return {"participant": wanted, "items": items}


def copy_summary(ctx: AlertsContext, copy: InboxCopy, viewer: Actor) -> dict[str, Any]:
    """One line of a mailbox listing: nothing personal, nothing unsealed (X-009, X-010)."""
    access, removal = copy_access(copy, viewer, commission_view=ctx.settings.commission_view)
    assert copy.delivery is not None and copy.view is not None
    overview = copy.view.get("overview") or {}
    removed = access is CopyAccess.REMOVED and removal is not None
    return {
        "alert_id": copy.alert_id,
        "number": copy.number,
        "origin_ms": copy.origin_ms,
        "participant": copy.participant,
        "kind": copy.kind,
        "status": "removed" if removed else copy.status,
        "alert_status": (removal.status_at_removal or "broadcast")
        if removed and removal is not None
        else copy.alert_status,
        "access": access.value,
        "service_activity_code": overview.get("service_activity_code"),
        "establishment_ms": overview.get("establishment_ms"),
        "broadcast_at": overview.get("broadcast_at"),
        "acknowledged_at": copy.delivery.acknowledged_at,
        "pending_actions": copy.pending_actions,
        "updated_at": copy.updated_at,
    }
