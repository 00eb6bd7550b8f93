"""Reading one request as the caller may see it (X-010, X-011, REQ-095) and the incoming list."""

from __future__ import annotations

from typing import Any

from ..adapters.directory_view import DirectoryView
from ..adapters.incoming import IncomingRequests
from ..adapters.request_repository import RequestRepository
from ..context import RequestsContext
from ..domain.actors import Actor
from ..domain.request import Request
from ..domain.visibility import View, view_of


async def read_request(
    ctx: RequestsContext, request_id: str, actor: Actor
) -> tuple[Request, int, View]:
    async def read(tx):
        repo = RequestRepository(tx)
        request = await repo.get(request_id)
        directory = DirectoryView.of(tx)
        coordinates = False
        for authority_id in (request.requesting_authority_id, request.responding_authority_id):
            facts = await directory.facts(authority_id, request.la_code)
            coordinates |= (
                facts is not None and actor.authority_id in facts.associated_coordinator_ids
            )
        seen = view_of(request, actor, coordinates=coordinates)
        return request, repo.version_of(request_id) or 1, seen

    return (await ctx.uow.run(read)).value


async def incoming_of(ctx: RequestsContext, authority_id: str) -> list[dict[str, Any]]:
    async def read(tx):
        return await IncomingRequests.of(tx).of_authority(authority_id)

    return (await ctx.uow.run(read)).value or []
