"""After broadcast: change of the state of establishment (ALR-033), additional information and
objections (ALR-028..031, ALR-063/064/070/071), withdrawal (ALR-036..038, ALR-075/076)."""
from __future__ import annotations

from collections.abc import Sequence

from imi_shared.auth import Principal

from ..domain import (
    Actor, AdditionalInfoType, Alert, Attachment, FreeText, InvalidInput,
)
from .actors import coordinator_ref
from .context import AlertsContext
from .unit import Step, on_alert, plain


def item_id_of(alert_id: str, item: str) -> str:
    """Items are named `<alert id>/I<n>`; the API names them by their last part (`I1`)."""
    return item if item.startswith(f"{alert_id}/") else f"{alert_id}/{item}"


def item_ref(item_id: str) -> str:
    return item_id.rsplit("/", 1)[-1]


async def change_establishment(ctx: AlertsContext, principal: Principal, alert_id: str, *,
                               establishment_ms: str) -> Alert:
    """ALR-033 / ALR-035 / ALR-061 (refused while a closure proposal is pending, ALR-089)."""
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.change_establishment(
            actor, establishment_ms.strip().upper() if establishment_ms != "unknown"
            else establishment_ms, step.now)))


async def submit_information(ctx: AlertsContext, principal: Principal, alert_id: str, *,
                             info_type: AdditionalInfoType, text: FreeText, coordinator_id: str,
                             attachments: Sequence[Attachment] = (),
                             addressed_to_ms: str | None = None) -> tuple[Alert, str]:
    """ALR-028 / ALR-029 / ALR-063; objections ALR-031 / ALR-070. Returns the new item's id."""
    created: list[str] = []

    async def act(alert: Alert, actor: Actor, step: Step) -> None:
        coordinator = await coordinator_ref(step.directory, coordinator_id, "ALR-029")
        alert.submit_information(actor, info_type, text, coordinator, step.now,
                                 attachments=attachments, addressed_to_ms=addressed_to_ms)
        created.append(alert.items[-1].item_id)

    alert = await on_alert(ctx, principal, alert_id, act)
    return alert, created[-1]


async def edit_information(ctx: AlertsContext, principal: Principal, alert_id: str, item: str,
                           *, text: FreeText | None,
                           attachments: Sequence[Attachment] | None) -> Alert:
    """ALR-029: before its broadcast, under the final-approval rule."""
    if text is None and attachments is None:
        raise InvalidInput("ALR-029", "nothing to change")
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.edit_information(
            actor, item_id_of(alert_id, item), step.now, text=text, attachments=attachments)))


async def delete_information(ctx: AlertsContext, principal: Principal, alert_id: str,
                             item: str) -> Alert:
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.delete_information(
            actor, item_id_of(alert_id, item), step.now)))


async def broadcast_information(ctx: AlertsContext, principal: Principal, alert_id: str,
                                item: str) -> Alert:
    """ALR-029 / ALR-030 / ALR-064; objections ALR-071."""
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.broadcast_information(
            actor, item_id_of(alert_id, item), step.now)))


async def submit_withdrawal(ctx: AlertsContext, principal: Principal, alert_id: str, *,
                            justification: str) -> Alert:
    """ALR-036 / ALR-037 / ALR-075 (X-026: with its reason)."""
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.submit_withdrawal(actor, justification, step.now)))


async def broadcast_withdrawal(ctx: AlertsContext, principal: Principal, alert_id: str) -> Alert:
    """ALR-037 / ALR-038 / ALR-076."""
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.broadcast_withdrawal(actor, step.now)))


async def cancel_withdrawal(ctx: AlertsContext, principal: Principal, alert_id: str) -> Alert:
    """ALR-005 [INFERRED]: a withdrawal awaiting broadcast is cancelled."""
    return await on_alert(ctx, principal, alert_id, plain(
        lambda alert, actor, step: alert.cancel_withdrawal(actor, step.now)))
