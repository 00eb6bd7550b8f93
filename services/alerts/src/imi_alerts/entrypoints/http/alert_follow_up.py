"""HTTP commands after the broadcast: state of establishment, additional information,
withdrawal, closure (thin: body → handler). Information, objections and closure steps on an
alert held by another deployment are relayed to it: 202 `{status: "relayed", action_id}`."""

from __future__ import annotations

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from ...handlers import closing, follow_up
from ...handlers.relay import Applied, Relayed
from .dependencies import Caller, Context
from .query import AlertId, ItemRef
from .schemas import (
    AlertRef,
    ClosureBroadcastIn,
    ClosureIn,
    EstablishmentIn,
    InformationEditIn,
    InformationIn,
    TextOnlyIn,
    WithdrawalIn,
    attachments_of,
)

router = APIRouter(prefix="/alerts", tags=["alerts"])
RELAYABLE = {
    202: {
        "model": AlertRef,
        "description": "the alert is held by another deployment: "
        "the command was relayed to it (`status: relayed`, `action_id`); its "
        "answer reaches the caller's inbox copy",
    }
}


def answer(outcome: Applied | Relayed, caller: Caller) -> AlertRef | JSONResponse:
    if isinstance(outcome, Relayed):
        ref = AlertRef(
            alert_id=outcome.alert_id,
            number=outcome.number,
            status="relayed",
            action_id=outcome.action_id,
        )
        return JSONResponse(ref.model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED)
    return AlertRef.of(outcome.alert, caller.member_state, outcome.item_id)


@router.post("/{alert_id}/establishment", response_model=AlertRef)
async def change_establishment(
    alert_id: AlertId, body: EstablishmentIn, ctx: Context, caller: Caller
) -> AlertRef:
    """ALR-033 / ALR-035 / ALR-061: change the state of establishment."""
    alert = await follow_up.change_establishment(
        ctx, caller, alert_id, establishment_ms=body.establishment_ms
    )
    return AlertRef.of(alert, caller.member_state)


@router.post(
    "/{alert_id}/information",
    status_code=status.HTTP_201_CREATED,
    response_model=AlertRef,
    responses=RELAYABLE,
)
async def submit_information(
    alert_id: AlertId, body: InformationIn, ctx: Context, caller: Caller
) -> AlertRef | JSONResponse:
    """ALR-028 / ALR-029 / ALR-063; objections ALR-031 / ALR-070. Answers the item id."""
    outcome = await follow_up.submit_information(
        ctx,
        caller,
        alert_id,
        info_type=body.info_type,
        text=body.text.domain(),
        coordinator_id=body.coordinator_id,
        attachments=attachments_of(body.attachments),
        addressed_to_ms=body.addressed_to_ms,
    )
    return answer(outcome, caller)


@router.patch("/{alert_id}/information/{item}", response_model=AlertRef, responses=RELAYABLE)
async def edit_information(
    alert_id: AlertId, item: ItemRef, body: InformationEditIn, ctx: Context, caller: Caller
) -> AlertRef | JSONResponse:
    """ALR-029: edit a submitted item (final-approval rule)."""
    attachments = None if body.attachments is None else attachments_of(body.attachments)
    return answer(
        await follow_up.edit_information(
            ctx,
            caller,
            alert_id,
            item,
            text=body.text.domain() if body.text else None,
            attachments=attachments,
        ),
        caller,
    )


@router.delete("/{alert_id}/information/{item}", response_model=AlertRef, responses=RELAYABLE)
async def delete_information(
    alert_id: AlertId, item: ItemRef, ctx: Context, caller: Caller
) -> AlertRef | JSONResponse:
    """ALR-029 / ALR-005: delete a submitted item (final-approval rule)."""
    return answer(await follow_up.delete_information(ctx, caller, alert_id, item), caller)


@router.post(
    "/{alert_id}/information/{item}/broadcast", response_model=AlertRef, responses=RELAYABLE
)
async def broadcast_information(
    alert_id: AlertId, item: ItemRef, ctx: Context, caller: Caller
) -> AlertRef | JSONResponse:
    """ALR-029 / ALR-030 / ALR-064; objections ALR-071."""
    return answer(await follow_up.broadcast_information(ctx, caller, alert_id, item), caller)


@router.post("/{alert_id}/withdrawal", response_model=AlertRef)
async def submit_withdrawal(
    alert_id: AlertId, body: WithdrawalIn, ctx: Context, caller: Caller
) -> AlertRef:
    """ALR-036 / ALR-037 / ALR-075."""
    alert = await follow_up.submit_withdrawal(
        ctx, caller, alert_id, justification=body.justification
    )
    return AlertRef.of(alert, caller.member_state)


@router.post("/{alert_id}/withdrawal/broadcast", response_model=AlertRef)
async def broadcast_withdrawal(alert_id: AlertId, ctx: Context, caller: Caller) -> AlertRef:
    """ALR-037 / ALR-038 / ALR-076."""
    return AlertRef.of(
        await follow_up.broadcast_withdrawal(ctx, caller, alert_id), caller.member_state
    )


@router.delete("/{alert_id}/withdrawal", response_model=AlertRef)
async def cancel_withdrawal(alert_id: AlertId, ctx: Context, caller: Caller) -> AlertRef:
    """ALR-005: cancel a withdrawal before its broadcast."""
    return AlertRef.of(
        await follow_up.cancel_withdrawal(ctx, caller, alert_id), caller.member_state
    )


@router.post("/{alert_id}/closure", response_model=AlertRef, responses=RELAYABLE)
async def propose_closure(
    alert_id: AlertId, body: ClosureIn, ctx: Context, caller: Caller
) -> AlertRef | JSONResponse:
    """ALR-040 / ALR-041 / ALR-065."""
    return answer(
        await closing.propose_closure(
            ctx, caller, alert_id, coordinator_id=body.coordinator_id, text=body.text.domain()
        ),
        caller,
    )


@router.patch("/{alert_id}/closure", response_model=AlertRef, responses=RELAYABLE)
async def edit_closure(
    alert_id: AlertId, body: TextOnlyIn, ctx: Context, caller: Caller
) -> AlertRef | JSONResponse:
    """ALR-043 / ALR-067."""
    return answer(
        await closing.edit_closure_proposal(ctx, caller, alert_id, text=body.text.domain()), caller
    )


@router.post(
    "/{alert_id}/closure/comments",
    status_code=status.HTTP_201_CREATED,
    response_model=AlertRef,
    responses=RELAYABLE,
)
async def comment_on_closure(
    alert_id: AlertId, body: TextOnlyIn, ctx: Context, caller: Caller
) -> AlertRef | JSONResponse:
    """ALR-042 / ALR-066."""
    return answer(
        await closing.comment_on_closure(ctx, caller, alert_id, text=body.text.domain()), caller
    )


@router.post("/{alert_id}/closure/broadcast", response_model=AlertRef, responses=RELAYABLE)
async def broadcast_closure(
    alert_id: AlertId, ctx: Context, caller: Caller, body: ClosureBroadcastIn | None = None
) -> AlertRef | JSONResponse:
    """ALR-045 / ALR-069."""
    return answer(
        await closing.broadcast_closure_proposal(
            ctx, caller, alert_id, comment_ids=body.comment_ids if body else None
        ),
        caller,
    )


@router.post("/{alert_id}/closure/close", response_model=AlertRef, responses=RELAYABLE)
async def close(alert_id: AlertId, ctx: Context, caller: Caller) -> AlertRef | JSONResponse:
    """ALR-047 / ALR-073."""
    return answer(await closing.close(ctx, caller, alert_id), caller)


@router.delete("/{alert_id}/closure", response_model=AlertRef, responses=RELAYABLE)
async def cancel_closure(
    alert_id: AlertId, ctx: Context, caller: Caller
) -> AlertRef | JSONResponse:
    """ALR-045 / ALR-067 / ALR-074: cancel the closure proposal (→ broadcast)."""
    return answer(await closing.cancel_closure_proposal(ctx, caller, alert_id), caller)
