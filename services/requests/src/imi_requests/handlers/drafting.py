"""CreateRequest (REQ-055, optionally sent at once), EditDraft and DeleteDraft (REQ-056),
SendRequest (REQ-057 / REQ-058)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from imi_shared.runner import Result

from ..adapters.derogation_store import DerogationStore
from ..adapters.event_messages import to_wire
from ..context import RequestsContext, RequestStep
from ..domain import drafting
from ..domain.actors import Actor
from ..domain.request import Request
from .base import change, facts, own_facts
from .commands import CreateRequest, DeleteDraft, EditDraft, SendRequest
from .derogations import ensure_ready
from .relaying import replication


def new_request_id() -> str:
    return f"req-{uuid.uuid4().hex}"


async def give_ref_no(ctx: RequestsContext, step: RequestStep, request: Request) -> None:
    """REQ-106 / X-024: a new request's reference number, at its first save (created, copied
    or split off; `domain.reference` says why then), counted by the owner."""
    numbers = ctx.numbers
    request.ref_no = await numbers.next(step.tx, request.requesting_member_state, step.now)


async def _send(request: Request, actor: Actor, step: RequestStep):
    found = await step.directory.facts_of(
        (actor.authority_id, request.responding_authority_id), request.la_code
    )  # one query for both (the bench's hot path)
    own = found.get(actor.authority_id) or await own_facts(step, actor, request.la_code)
    target = found.get(request.responding_authority_id or "")
    chosen = request.requesting_coordinator_id or (
        own.associated_coordinator_ids[0] if len(own.associated_coordinator_ids) == 1 else None
    )
    coordinator = await facts(step, chosen, request.la_code)
    sent = drafting.send(request, actor, own, target, coordinator, step.now)
    await ensure_ready(step, request)  # §4.14: a derogation's checklist and texts (REQ-101)
    return sent


async def create_request(
    ctx: RequestsContext,
    command: CreateRequest,
    actor: Actor,
    *,
    new_id: Callable[[], str] = new_request_id,
) -> Result[Request]:
    async def build(step: RequestStep):
        own = await own_facts(step, actor, command.content.la_code)
        request, events = drafting.create_draft(new_id(), command.content, actor, own, step.now)
        await give_ref_no(ctx, step, request)
        if command.send:
            events = [*events, await _send(request, actor, step)]
        wire = await to_wire(ctx.sealer, request, events)
        return request, [*wire, *await replication(ctx, step, request)]

    return await ctx.runner.create(build)


async def edit_draft(ctx: RequestsContext, command: EditDraft, actor: Actor) -> Result[Request]:
    def decide(request: Request, step: RequestStep):
        drafting.edit(request, command.content, actor, step.now)
        return []

    return await change(ctx, command.request_id, actor, decide)


async def delete_draft(ctx: RequestsContext, command: DeleteDraft, actor: Actor) -> Result[Request]:
    """REQ-130: the document goes, PD and attachments with it (and a derogation part)."""

    async def decide(request: Request, step: RequestStep):
        deleted = drafting.delete(request, actor)
        await DerogationStore.of(step.tx).remove(request.request_id)
        return [deleted]

    return await change(ctx, command.request_id, actor, decide, delete=True)


async def send_request(ctx: RequestsContext, command: SendRequest, actor: Actor) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        return [await _send(request, actor, step)]

    return await change(ctx, command.request_id, actor, decide)
