"""HTTP API of the inbox: the copies held for the participants served here, and the
incoming-alerts mailbox's actions on them (ALR-022..026, ALR-058..060)."""

from __future__ import annotations

from fastapi import APIRouter

from ...handlers import inbox, inbox_reading
from .dependencies import Caller, Context
from .query import AlertId, AuthorityId, Limit, Offset, Participant
from .schemas import InboxForwardIn

router = APIRouter(prefix="/inbox", tags=["inbox"])


@router.get("")
async def list_copies(
    ctx: Context,
    caller: Caller,
    participant: Participant | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict:
    """The copies held for `participant` (default: the caller's state) that concern the
    caller's authority; the Commission reads its own (in the Commission's view: any)."""
    return await inbox_reading.list_copies(ctx, caller, participant, limit=limit, offset=offset)


@router.get("/{alert_id}")
async def get_copy(
    alert_id: AlertId, ctx: Context, caller: Caller, participant: Participant | None = None
) -> dict:
    return await inbox_reading.read_copy(ctx, caller, alert_id, participant)


@router.post("/{alert_id}/acknowledge")
async def acknowledge(alert_id: AlertId, ctx: Context, caller: Caller) -> dict:
    """ALR-022 / ALR-058: an inbox forwarder acknowledges for its state."""
    copy = await inbox.act_on_copy(ctx, caller, alert_id, "acknowledge")
    return await _answer(ctx, caller, copy)


@router.post("/{alert_id}/forward")
async def forward(alert_id: AlertId, body: InboxForwardIn, ctx: Context, caller: Caller) -> dict:
    """ALR-023..025 / ALR-059: add recipients of the caller's own state."""
    copy = await inbox.act_on_copy(
        ctx, caller, alert_id, "forward", authority_ids=body.authority_ids
    )
    return await _answer(ctx, caller, copy)


@router.delete("/{alert_id}/recipients/{authority_id}")
async def remove_recipient(
    alert_id: AlertId, authority_id: AuthorityId, ctx: Context, caller: Caller
) -> dict:
    """ALR-026 / ALR-060: inbox forwarders remove a recipient that has not acted."""
    copy = await inbox.act_on_copy(ctx, caller, alert_id, "remove", authority_id=authority_id)
    return await _answer(ctx, caller, copy)


async def _answer(ctx, caller, copy) -> dict:
    return await inbox_reading.read_copy(ctx, caller, copy.alert_id, copy.participant)
