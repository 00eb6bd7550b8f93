"""CopyRequest (REQ-054, REQ-089, REQ-124): a new draft of the copier's authority, built from
what the copier may read of the source now."""

from __future__ import annotations

from collections.abc import Callable

from imi_shared.runner import Result

from ..adapters.event_messages import to_wire
from ..context import RequestsContext, RequestStep
from ..domain import copying
from ..domain.actors import Actor
from ..domain.request import Request
from ..domain.visibility import View, view_of
from .base import own_facts
from .drafting import give_ref_no, new_request_id
from .exchange_commands import CopyRequest


async def copy_request(
    ctx: RequestsContext,
    command: CopyRequest,
    actor: Actor,
    *,
    new_id: Callable[[], str] = new_request_id,
) -> Result[Request]:
    async def build(step: RequestStep):
        source = await step.repository.get(command.request_id)
        full = view_of(source, actor) is View.FULL  # X-010 first; REQ-124: what it reads
        own = await own_facts(step, actor, source.la_code)
        request, events = copying.copy_request(
            source, new_id(), actor, own, full, step.now, command.choice
        )
        await give_ref_no(ctx, step, request)  # REQ-106: a copy is a new request, its own number
        return request, await to_wire(ctx.sealer, request, events)

    return await ctx.runner.create(build)
