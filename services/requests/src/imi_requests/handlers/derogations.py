"""The derogation commands and reads (§4.14): fill the checklist and texts (REQ-101, REQ-103,
REQ-105), state the MSE's measures (REQ-102), the delivery that starts the 15 days (REQ-122,
from the request's own events), the Commission's contrary decision and reads (REQ-122,
REQ-104). Each change goes through the request's runner, so it is judged on the request's
current state (rights first, X-010) and saved with it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imi_shared.envelope import Envelope
from imi_shared.errors import NotFound
from imi_shared.runner import Result

from ..adapters.derogation_store import PREFETCH, DerogationsOfBatch, DerogationStore
from ..adapters.directory_view import DirectoryView
from ..adapters.event_messages import RequestStatusChanged
from ..adapters.request_repository import RequestRepository
from ..context import RequestsContext, RequestStep
from ..domain import derogation_decision as dd
from ..domain import derogation_links
from ..domain import derogations as d
from ..domain.actors import Actor
from ..domain.request import FreeText, Request, RequestStatus
from ..domain.visibility import view_of
from .base import change, own_facts
from .relaying import relayable


async def offered_sets(ctx: RequestsContext, actor: Actor) -> tuple[str, ...]:
    """REQ-100: both sets, to a user with a request right of an authority active in the
    services LA's requests workflow."""

    async def read(tx):
        facts = await DirectoryView.of(tx).facts(actor.authority_id, d.SERVICES_LA)
        return bool(facts and facts.active and actor.rights.get(d.SERVICES_LA))

    return d.offered_sets(bool((await ctx.uow.run(read)).value))


async def edit_derogation(
    ctx: RequestsContext, request_id: str, actor: Actor, new: d.Derogation
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        store = DerogationStore.of(step.tx)
        edited = d.edit(request, actor, await store.get(request_id), new)
        derogation_links.check_linked(request, edited, await _linked(step, edited))
        await store.put(edited)
        return []

    return await change(ctx, request_id, actor, decide)


async def _linked(step: RequestStep, derogation: d.Derogation) -> Request | None:
    """REQ-105: the request named by the step-1 reference number, if any (REQ-106 ref_no)."""
    if not derogation.linked_request_ref:
        return None
    found = await step.repository.find_where({"ref_no": derogation.linked_request_ref}, limit=1)
    return found[0] if found else None


async def ensure_ready(step: RequestStep, request: Request) -> None:
    """REQ-101 / REQ-103 / REQ-105 at sending (called by the send handler)."""
    if d.is_derogation(request):
        derogation = await DerogationStore.of(step.tx).get(request.request_id)
        d.check_before_sending(request, derogation)
        assert derogation is not None  # checked just above
        derogation_links.check_linked(request, derogation, await _linked(step, derogation))


async def ensure_measures_stated(step: RequestStep, request: Request) -> None:
    """REQ-102 when the reply is sent (called by the send-reply handler)."""
    if request.question_set_code == d.DEROGATION_REQUEST:
        d.check_reply(request, await DerogationStore.of(step.tx).get(request.request_id))


@dataclass(frozen=True)
class StateMeasures:
    """REQ-102 (a command: on a replica it is relayed to the owner, X-001)."""

    request_id: str
    measures: d.Measures
    justification: FreeText | None = None


@relayable
async def state_measures(
    ctx: RequestsContext, command: StateMeasures, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        store = DerogationStore.of(step.tx)
        current = await store.get(command.request_id) or d.Derogation(
            command.request_id, request.question_set_code or ""
        )
        own = await own_facts(step, actor, request.la_code)
        allocation_on = own.parameters.allocation_enabled
        await store.put(
            d.state_measures(
                request, actor, current, command.measures, command.justification, allocation_on
            )
        )
        return []

    return await change(ctx, command.request_id, actor, decide)


async def on_status_changed(event: RequestStatusChanged, envelope: Envelope, tx) -> None:
    """REQ-122: a notification reaching the MSE (sent, or approved then sent) is delivered;
    its +15 days count from the event's time (the service's clock)."""
    if not _delivering(event):
        return
    batch = tx.write_behind(
        PREFETCH,
        lambda t: DerogationsOfBatch(t, {e.request_id for e in t.batch_events if _delivering(e)}),
    )
    if not await batch.may_have(event.request_id):  # issue 12: one query per batch
        return
    store = DerogationStore.of(tx)
    current = await store.get(event.request_id)
    if current is not None:
        after = d.delivered(current, envelope.occurred_at)
        if after is not current:
            await store.put(after)


def _delivering(event: Any) -> bool:
    return (
        isinstance(event, RequestStatusChanged)
        and event.new_status is RequestStatus.AWAITING_ACCEPTANCE
        and event.rule in ("REQ-058", "REQ-059")
    )


async def read_derogation(
    ctx: RequestsContext, request_id: str, actor: Actor
) -> tuple[dict[str, Any], d.Derogation]:
    """The derogation part and the request's ids and status: to the parties as their view
    allows (X-010), to `commission_derogations` once a notification is delivered (REQ-103:
    without PD; nothing here is the subject's data)."""

    async def read(tx):
        request = await RequestRepository(tx).get(request_id)
        found = await DerogationStore.of(tx).get(request_id)
        commission = (
            dd.is_commission_derogations(actor)
            and found is not None
            and found.set_code == d.NOTIFICATION
            and found.delivered_at is not None
        )
        if not commission:
            view_of(request, actor)
        if found is None:
            raise NotFound("REQ-100", f"request {request_id!r} is not a derogation")
        return _summary(request), found

    return (await ctx.uow.run(read)).value


def _summary(request: Request) -> dict[str, Any]:
    return {
        "request_id": request.request_id,
        "ref_no": request.ref_no,  # REQ-106: what a notification quotes (REQ-105)
        "status": request.status.value,
        "la_code": request.la_code,
        "question_set_code": request.question_set_code,
        "requesting_authority_id": request.requesting_authority_id,
        "requesting_member_state": request.requesting_member_state,
        "responding_authority_id": request.responding_authority_id,
        "responding_member_state": request.responding_member_state,
    }
