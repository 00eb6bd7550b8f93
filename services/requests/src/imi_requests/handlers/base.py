"""The one shape of the request commands: load the request, check the caller may know of it
(absent and not yours are the same 404, X-010), let the domain decide, save, seal and emit."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from imi_shared.runner import Result

from ..adapters.event_messages import to_wire
from ..context import RequestsContext, RequestStep
from ..domain.actors import Actor, AuthorityFacts
from ..domain.request import Request
from ..domain.visibility import view_of
from .relaying import HeldElsewhere, replication


async def facts(step: RequestStep, authority_id: str | None, la_code: str) -> AuthorityFacts | None:
    return await step.directory.facts(authority_id, la_code)


async def own_facts(step: RequestStep, actor: Actor, la_code: str) -> AuthorityFacts:
    """The caller's authority; unknown to the read model it counts as not active (REQ-022)."""
    found = await facts(step, actor.authority_id, la_code)
    return found or AuthorityFacts(actor.authority_id, actor.member_state, status="unknown")


async def change(
    ctx: RequestsContext, request_id: str, actor: Actor, decide: Callable, *, delete: bool = False
) -> Result[Request]:
    """`decide(request, step)` returns the domain events (sync or async)."""

    async def wrapped(request: Request, step: RequestStep):
        view_of(request, actor)  # X-010 before anything else
        events = decide(request, step)
        if inspect.isawaitable(events):
            events = await events
        if request.replica_from is not None:
            raise HeldElsewhere(request)  # checked here; the owner applies it (relaying)
        return [
            *await to_wire(ctx.sealer, request, events),
            *await replication(ctx, step, request),
        ]

    if delete:
        return await ctx.runner.delete(request_id, wrapped)
    return await ctx.runner.change(request_id, wrapped)
