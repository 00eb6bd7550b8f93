"""AllocateRequest (REQ-056, REQ-090): an allocator of the side's authority."""

from __future__ import annotations

from imi_shared.runner import Result

from ..adapters.directory_users import DirectoryUsers
from ..context import RequestsContext, RequestStep
from ..domain import allocation
from ..domain.actors import Actor
from ..domain.request import Request
from .base import change, own_facts
from .commands import AllocateRequest
from .relaying import relayable


@relayable
async def allocate_request(
    ctx: RequestsContext, command: AllocateRequest, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        users = DirectoryUsers.of(step.tx)
        roles = {
            u: await users.roles_of(u, actor.authority_id, request.la_code)
            for u in dict.fromkeys(command.user_ids)
        }
        return [
            allocation.allocate(
                request, actor, command.side, command.user_ids, own, step.now, roles
            )
        ]

    return await change(ctx, command.request_id, actor, decide)
