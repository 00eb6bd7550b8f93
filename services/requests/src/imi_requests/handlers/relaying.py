"""A request held by another deployment (X-001): what the users of this one do on their
replica is relayed to the owner, and the owner relays every new state to the other side.

The owner is the deployment of the requesting authority's state (where the request was
created); the other side's deployment holds a replica in its own database and serves it in its
own API. A command on a replica is checked here on the replica (rights before state, the same
errors as at the owner), then ONE `request.command_relayed` goes to the owner's partition in
a transaction of its own (outbox); the answer is the state the command would give, and the
replica takes the owner's state when `request.replicated` comes back. The owner applies the
command with the same handler (`relay_apply`), exactly once (the consumed envelope's id).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from bson import json_util
from pydantic import TypeAdapter

from imi_shared.envelope import Event
from imi_shared.runner import Result

from ..adapters.derogation_store import DerogationStore
from ..adapters.derogation_store import to_document as derogation_document
from ..adapters.relay_messages import CommandRelayed, RequestReplicated
from ..domain.actors import Actor
from ..domain.derogation_decision import delivered_as_recorded
from ..domain.derogations import is_derogation
from ..domain.request import BEFORE_SENDING, Request


class HeldElsewhere(Exception):
    """The command was checked on a replica: it goes to the owner (`request` as predicted)."""

    def __init__(self, request: Request) -> None:
        super().__init__(request.request_id)
        self.request = request


def relay_name(handler) -> str:
    return f"{handler.__module__.rsplit('.', 1)[-1]}.{handler.__name__}"


def relayable(handler):
    """Mark a command handler `(ctx, command, actor)` whose command may be relayed."""
    name = relay_name(handler)

    @functools.wraps(handler)
    async def run(ctx, command, actor: Actor, **options) -> Result[Request]:
        try:
            return await handler(ctx, command, actor, **options)
        except HeldElsewhere as held:
            return await relay_command(ctx, held.request, name, command, actor)

    run.relay_name = name  # type: ignore[attr-defined]
    return run


async def relay_command(ctx, request: Request, name: str, command, actor: Actor):
    arguments = TypeAdapter(type(command)).dump_python(command, mode="json")
    message = CommandRelayed(
        request_id=request.request_id,
        command=name,
        owner_member_state=request.replica_from,
        actor_user_id=actor.user_id,
        actor_authority_id=actor.authority_id,
        actor_member_state=actor.member_state,
        actor_rights={la: tuple(sorted(roles)) for la, roles in actor.rights.items()},
        sealed_command=await ctx.sealer.seal(request.request_id, {"command": arguments}),
    )

    async def emit(tx):
        return ctx.runner.emit(tx, [message])

    outcome = await ctx.uow.run(emit)
    return Result(request, None, list(outcome.value or []))


def targets(ctx, request: Request) -> list[str]:
    """The states of the request's sides served by other deployments, once it is sent."""
    if request.replica_from is not None or request.status in BEFORE_SENDING:
        return []
    sides = (request.requesting_member_state, request.responding_member_state)
    return sorted({ms for ms in sides if ms and ms not in ctx.settings.scope})


async def replication(ctx, step, request: Request) -> list[Event]:
    """At the owner, after a change: the new state for each other side's deployment."""
    to = targets(ctx, request)
    if not to:
        return []
    request.revision += 1
    document = step.repository.to_document(request)
    payload: dict[str, Any] = {"state": _json(document)}
    if is_derogation(request):  # §4.14: the derogation part travels with it (REQ-101..105)
        found = await DerogationStore.of(step.tx).get(request.request_id)
        if found is not None:
            payload["derogation"] = _json(
                derogation_document(delivered_as_recorded(found, request))
            )
    sealed = await ctx.sealer.seal(request.request_id, payload)
    shares: dict[str, tuple] = {}
    if ctx.key_sharing is not None:
        key = await ctx.sealer.data_key(request.request_id)
        shares = ctx.key_sharing.shares_for(request.request_id, key, to)
    return [
        RequestReplicated(
            request_id=request.request_id,
            revision=request.revision,
            owner_member_state=request.requesting_member_state,
            target_member_state=ms,
            sealed_state=sealed,
            key_shares=shares.get(ms, ()),
        )
        for ms in to
    ]


def _json(document: dict[str, Any]) -> dict[str, Any]:
    """A stored document as plain JSON (dates in extended JSON), for sealing."""
    return json.loads(json_util.dumps(document))
