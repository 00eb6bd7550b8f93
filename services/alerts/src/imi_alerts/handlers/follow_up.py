"""After broadcast: change of the state of establishment (ALR-033), additional information and
objections (ALR-028..031, ALR-063/064/070/071), withdrawal (ALR-036..038, ALR-075/076).
Information and objections may come from a state served by another deployment: `relay`."""

from __future__ import annotations

from collections.abc import Sequence

from imi_shared.auth import Principal

from ..domain import AdditionalInfoType, Alert, Attachment, FreeText
from .commands import (
    BroadcastInformation,
    DeleteInformation,
    EditInformation,
    SubmitInformation,
)
from .context import AlertsContext
from .relay import Applied, Relayed, run_command
from .unit import on_alert, plain


async def change_establishment(
    ctx: AlertsContext, principal: Principal, alert_id: str, *, establishment_ms: str
) -> Alert:
    """ALR-033 / ALR-035 / ALR-061 (refused while a closure proposal is pending, ALR-089)."""
    return await on_alert(
        ctx,
        principal,
        alert_id,
        plain(
            lambda alert, actor, step: alert.change_establishment(
                actor,
                establishment_ms.strip().upper()
                if establishment_ms != "unknown"
                else establishment_ms,
                step.now,
            )
        ),
    )


async def submit_information(
    ctx: AlertsContext,
    principal: Principal,
    alert_id: str,
    *,
    info_type: AdditionalInfoType,
    text: FreeText,
    coordinator_id: str,
    attachments: Sequence[Attachment] = (),
    addressed_to_ms: str | None = None,
) -> Applied | Relayed:
    """ALR-028 / ALR-029 / ALR-063; objections ALR-031 / ALR-070. Applied: the new item's id."""
    return await run_command(
        ctx,
        principal,
        alert_id,
        SubmitInformation(
            info_type=info_type,
            text=text,
            coordinator_id=coordinator_id,
            attachments=tuple(attachments),
            addressed_to_ms=addressed_to_ms,
        ),
    )


async def edit_information(
    ctx: AlertsContext,
    principal: Principal,
    alert_id: str,
    item: str,
    *,
    text: FreeText | None,
    attachments: Sequence[Attachment] | None,
) -> Applied | Relayed:
    """ALR-029: before its broadcast, under the final-approval rule."""
    return await run_command(
        ctx,
        principal,
        alert_id,
        EditInformation(
            item=item, text=text, attachments=None if attachments is None else tuple(attachments)
        ),
    )


async def delete_information(
    ctx: AlertsContext, principal: Principal, alert_id: str, item: str
) -> Applied | Relayed:
    return await run_command(ctx, principal, alert_id, DeleteInformation(item=item))


async def broadcast_information(
    ctx: AlertsContext, principal: Principal, alert_id: str, item: str
) -> Applied | Relayed:
    """ALR-029 / ALR-030 / ALR-064; objections ALR-071."""
    return await run_command(ctx, principal, alert_id, BroadcastInformation(item=item))


async def submit_withdrawal(
    ctx: AlertsContext, principal: Principal, alert_id: str, *, justification: str
) -> Alert:
    """ALR-036 / ALR-037 / ALR-075 (X-026: with its reason)."""
    return await on_alert(
        ctx,
        principal,
        alert_id,
        plain(lambda alert, actor, step: alert.submit_withdrawal(actor, justification, step.now)),
    )


async def broadcast_withdrawal(ctx: AlertsContext, principal: Principal, alert_id: str) -> Alert:
    """ALR-037 / ALR-038 / ALR-076."""
    return await on_alert(
        ctx,
        principal,
        alert_id,
        plain(lambda alert, actor, step: alert.broadcast_withdrawal(actor, step.now)),
    )


async def cancel_withdrawal(ctx: AlertsContext, principal: Principal, alert_id: str) -> Alert:
    """ALR-005 [INFERRED]: a withdrawal awaiting broadcast is cancelled."""
    return await on_alert(
        ctx,
        principal,
        alert_id,
        plain(lambda alert, actor, step: alert.cancel_withdrawal(actor, step.now)),
    )
