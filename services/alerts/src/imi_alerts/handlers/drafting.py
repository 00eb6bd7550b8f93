"""Before and at broadcast: launch (first save numbers it), edit, delete, submit, forward to
another coordinator, accept, add recipient states, broadcast (ALR-014..021, ALR-049..057)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from imi_shared.auth import Principal
from imi_shared.participants import EEA_MEMBER_STATES

from ..adapters.alert_repository import StoredAlert
from ..adapters.numbers import AlertNumbers
from ..adapters.publisher import Publication
from ..domain import Actor, Alert, AlertEvent, ContentChanges, InvalidInput
from .actors import actor_for, coordinator_ref, find_coordinator
from .context import AlertsContext
from .unit import Step, alerts_runner, on_alert, plain, publishing

#: ALR-014 sending criteria of the Services Directive alert mechanism (Art. 29 and 32): every
#: one must be met. The wording of each criterion is the translation service's (X-021).
SENDING_CRITERIA = ("serious_damage", "own_or_other_territory", "not_covered_by_other_mechanism")
ALL = "ALL"


async def launch(
    ctx: AlertsContext,
    principal: Principal,
    *,
    checklist: Mapping[str, bool],
    changes: ContentChanges,
    coordinator_id: str | None,
) -> Alert:
    """ALR-014 / ALR-015 / ALR-049: launch and save the draft at once, which numbers it."""
    prepared: list[Publication] = []

    async def build(step: Step) -> tuple[StoredAlert, list[AlertEvent]]:
        actor = await actor_for(principal, step.directory)
        alert = Alert.launch(
            alert_id=uuid.uuid4().hex,
            actor=actor,
            checklist=checklist,
            criteria=SENDING_CRITERIA,
            now=step.now,
            changes=changes,
        )
        if coordinator_id:
            alert.select_coordinator(
                actor, await coordinator_ref(step.directory, coordinator_id, "ALR-014"), step.now
            )
        number = await AlertNumbers(step.tx.db, step.tx.session).next(alert.launching_ms, step.now)
        alert.save_draft(actor, lambda _ms, _now: number, step.now)
        stored = StoredAlert(alert)
        return stored, await publishing(ctx, prepared, stored, [])

    async with ctx.command_slots:  # issue 10: as every origin command (`unit.on_alert`)
        result = await alerts_runner(ctx, prepared).create(build)
    assert result.aggregate is not None
    return result.aggregate.alert


async def edit(
    ctx: AlertsContext,
    principal: Principal,
    alert_id: str,
    *,
    changes: ContentChanges,
    coordinator_id: str | None,
) -> Alert:
    """ALR-050 (draft), ALR-054 (unbroadcast), ALR-062 (after broadcast, ALR-032..035)."""

    async def act(alert: Alert, actor: Actor, step: Step) -> None:
        alert.require_editor(actor)  # the rights first, then the input
        if not changes.changed_fields() and not coordinator_id:
            raise InvalidInput("ALR-050", "nothing to change")
        if coordinator_id:
            alert.require_coordinator_choice_open()
            alert.select_coordinator(
                actor, await find_coordinator(step.directory, coordinator_id), step.now
            )
        if changes.changed_fields():
            alert.edit(actor, changes, step.now)

    return await on_alert(ctx, principal, alert_id, act)


async def delete(ctx: AlertsContext, principal: Principal, alert_id: str) -> Alert:
    """ALR-050 / ALR-055 (a broadcast alert is withdrawn instead, ALR-036)."""
    return await on_alert(
        ctx, principal, alert_id, plain(lambda alert, actor, step: alert.delete(actor, step.now))
    )


async def submit(ctx: AlertsContext, principal: Principal, alert_id: str) -> Alert:
    """ALR-016 / ALR-051."""
    return await on_alert(
        ctx, principal, alert_id, plain(lambda alert, actor, step: alert.submit(actor, step.now))
    )


async def forward_to_coordinator(
    ctx: AlertsContext,
    principal: Principal,
    alert_id: str,
    *,
    coordinator_id: str,
    justification: str,
) -> Alert:
    """ALR-017 / ALR-052 (X-026: with a justification)."""

    async def act(alert: Alert, actor: Actor, step: Step) -> None:
        coordinator = await find_coordinator(step.directory, coordinator_id)
        alert.forward_to_coordinator(actor, coordinator, justification, step.now)

    return await on_alert(ctx, principal, alert_id, act)


async def accept(ctx: AlertsContext, principal: Principal, alert_id: str) -> Alert:
    """ALR-018 / ALR-053."""
    return await on_alert(
        ctx,
        principal,
        alert_id,
        plain(lambda alert, actor, step: alert.accept_for_broadcast(actor, step.now)),
    )


async def add_recipient_state(
    ctx: AlertsContext, principal: Principal, alert_id: str, *, member_state: str
) -> Alert:
    """ALR-020 / ALR-056 before broadcast; ALR-033 / ALR-061 after it (the new state's
    mailboxes get the alert at once)."""

    async def act(alert: Alert, actor: Actor, step: Step) -> None:
        ms = member_state.strip().upper()
        inboxes = (await step.directory.inboxes([ms])).get(ms, [])
        alert.add_recipient_ms(actor, ms, step.now, inboxes)

    return await on_alert(ctx, principal, alert_id, act)


async def broadcast(
    ctx: AlertsContext,
    principal: Principal,
    alert_id: str,
    *,
    recipient_states: Sequence[str] | str | None = None,
) -> Alert:
    """ALR-021 / ALR-057. `recipient_states` (a list, or "ALL" = every other EEA state) are
    added to the alert's recipient states first (ALR-020 / ALR-056)."""

    async def act(alert: Alert, actor: Actor, step: Step) -> None:
        alert.require_broadcaster(actor)  # the rights first, then the input
        for ms in _wanted_states(alert, recipient_states):
            if ms not in alert.content.recipient_ms:
                alert.add_recipient_ms(actor, ms, step.now)
        states = (*alert.content.recipient_ms, alert.launching_ms)
        alert.broadcast(actor, await step.directory.inboxes(states), step.now)

    return await on_alert(ctx, principal, alert_id, act)


def _wanted_states(alert: Alert, recipient_states: Sequence[str] | str | None) -> list[str]:
    if recipient_states is None:
        return []
    if isinstance(recipient_states, str):
        if recipient_states.strip().upper() != ALL:
            raise InvalidInput("ALR-020", 'recipient_states is a list of states or "ALL"')
        return [ms for ms in EEA_MEMBER_STATES if ms != alert.launching_ms]
    return [ms.strip().upper() for ms in recipient_states]
