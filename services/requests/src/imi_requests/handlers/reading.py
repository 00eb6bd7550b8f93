"""Reading one request as the caller may see it (X-010, X-011, REQ-095) and the incoming list."""

from __future__ import annotations

from typing import Any

from ..adapters.directory_view import DirectoryView
from ..adapters.request_list import RequestList
from ..adapters.request_repository import RequestRepository
from ..context import RequestsContext
from ..domain.actors import Actor
from ..domain.request import BEFORE_SENDING, Request
from ..domain.visibility import View, view_of


async def read_request(
    ctx: RequestsContext, request_id: str, actor: Actor
) -> tuple[Request, int, View]:
    async def read(tx):
        repo = RequestRepository(tx)
        request = await repo.get(request_id)
        directory = DirectoryView.of(tx)
        parties = (request.requesting_authority_id, request.responding_authority_id)
        coordinates = any(
            facts is not None and actor.authority_id in facts.associated_coordinator_ids
            for facts in (await directory.facts_of(parties, request.la_code)).values()
        )
        seen = view_of(request, actor, coordinates=coordinates)
        return request, repo.version_of(request_id) or 1, seen

    return (await ctx.uow.run(read)).value


INCOMING = ("request_id", "la_code", "status", "requesting_authority_id", "requesting_member_state")


async def incoming_of(
    ctx: RequestsContext, authority_id: str, limit: int = 100
) -> list[dict[str, Any]]:
    """REQ-023: the requests addressed to `authority_id` (from the list read model, §4.12),
    newest arrival first; nothing before it is sent (and approved, REQ-112)."""

    async def read(tx):
        rows = await RequestList.of(tx).documents.find(
            {
                "responding_authority_id": authority_id,
                "status": {"$nin": [s.value for s in BEFORE_SENDING]},
            },
            sort=[("received_at", -1), ("_id", 1)],
            limit=limit,
        )
        return [
            {
                **{k: r[k] for k in INCOMING},
                "ref_no": r.get("ref_no"),
                "received_at": r["received_at"],
            }
            for r in rows
        ]

    return (await ctx.uow.run(read)).value or []
