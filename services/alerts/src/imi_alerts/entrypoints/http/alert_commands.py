"""HTTP commands up to the broadcast, on alerts that originate here (thin: body → handler)."""

from __future__ import annotations

from fastapi import APIRouter, status

from ...handlers import drafting
from .dependencies import Caller, Context
from .query import AlertId
from .schemas import AlertRef, BroadcastIn, ContentIn, ForwardIn, LaunchIn, MemberStateIn

router = APIRouter(prefix="/alerts", tags=["alerts"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=AlertRef)
async def launch(body: LaunchIn, ctx: Context, caller: Caller) -> AlertRef:
    """ALR-014 / ALR-015 / ALR-049: launch an alert; it is saved as a numbered draft."""
    alert = await drafting.launch(
        ctx,
        caller,
        checklist=body.checklist,
        changes=body.changes(),
        coordinator_id=body.coordinator_id,
    )
    return AlertRef.of(alert, caller.member_state)


@router.get("/checklist")
async def checklist() -> dict:
    """ALR-014: the sending criteria, every one of which must be met to launch."""
    return {"criteria": list(drafting.SENDING_CRITERIA)}


@router.patch("/{alert_id}", response_model=AlertRef)
async def edit(alert_id: AlertId, body: ContentIn, ctx: Context, caller: Caller) -> AlertRef:
    """ALR-050 / ALR-054 / ALR-062: edit the draft, the unbroadcast alert, or correct it."""
    alert = await drafting.edit(
        ctx, caller, alert_id, changes=body.changes(), coordinator_id=body.coordinator_id
    )
    return AlertRef.of(alert, caller.member_state)


@router.delete("/{alert_id}", response_model=AlertRef)
async def delete(alert_id: AlertId, ctx: Context, caller: Caller) -> AlertRef:
    """ALR-050 / ALR-055: delete a draft or unbroadcast alert."""
    return AlertRef.of(await drafting.delete(ctx, caller, alert_id), caller.member_state)


@router.post("/{alert_id}/submit", response_model=AlertRef)
async def submit(alert_id: AlertId, ctx: Context, caller: Caller) -> AlertRef:
    """ALR-016 / ALR-051."""
    return AlertRef.of(await drafting.submit(ctx, caller, alert_id), caller.member_state)


@router.post("/{alert_id}/forward", response_model=AlertRef)
async def forward(alert_id: AlertId, body: ForwardIn, ctx: Context, caller: Caller) -> AlertRef:
    """ALR-017 / ALR-052: to another alert coordinator of the same state."""
    alert = await drafting.forward_to_coordinator(
        ctx, caller, alert_id, coordinator_id=body.coordinator_id, justification=body.justification
    )
    return AlertRef.of(alert, caller.member_state)


@router.post("/{alert_id}/accept", response_model=AlertRef)
async def accept(alert_id: AlertId, ctx: Context, caller: Caller) -> AlertRef:
    """ALR-018 / ALR-053."""
    return AlertRef.of(await drafting.accept(ctx, caller, alert_id), caller.member_state)


@router.post("/{alert_id}/broadcast", response_model=AlertRef)
async def broadcast(
    alert_id: AlertId, ctx: Context, caller: Caller, body: BroadcastIn | None = None
) -> AlertRef:
    """ALR-021 / ALR-057; `recipient_states` (or "ALL") are added first (ALR-020)."""
    alert = await drafting.broadcast(
        ctx, caller, alert_id, recipient_states=body.recipient_states if body else None
    )
    return AlertRef.of(alert, caller.member_state)


@router.post("/{alert_id}/recipient-states", response_model=AlertRef)
async def add_recipient_state(
    alert_id: AlertId, body: MemberStateIn, ctx: Context, caller: Caller
) -> AlertRef:
    """ALR-020 / ALR-056 before broadcast; ALR-033 / ALR-061 after it."""
    alert = await drafting.add_recipient_state(
        ctx, caller, alert_id, member_state=body.member_state
    )
    return AlertRef.of(alert, caller.member_state)
