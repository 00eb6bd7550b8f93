"""Commands `CreateRequest` (REQ-055, optionally sent at once) and `SendRequest` (REQ-058)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from imi_shared.runner import Result, Step

from ..context import RequestsContext
from ..domain import request as rules
from ..domain.events import status_changed
from ..domain.request import Actor, Request, RequestDraft


async def create_request(
    ctx: RequestsContext,
    draft: RequestDraft,
    actor: Actor,
    *,
    send: bool = False,
    new_id: Callable[[], str] = lambda: f"req-{uuid.uuid4().hex}",
) -> Result[Request]:
    """Save a `draft` (RequestCreated as `None → draft`); with `send`, also send it (REQ-058)."""

    def build(step: Step[Request]):
        request = rules.create_draft(new_id(), draft, actor, step.now)
        events = [status_changed(request, None, actor)]
        if send:
            request = rules.send(request, actor, step.now)
            events.append(status_changed(request, rules.RequestStatus.DRAFT, actor))
        return request, events

    return await ctx.runner.create(build)


async def send_request(
    ctx: RequestsContext, request_id: str, actor: Actor, *, expected_version: int | None = None
) -> Result[Request]:
    """SendRequest: `draft` → `awaiting_acceptance` (REQ-058)."""

    def decide(request: Request, step: Step[Request]):
        sent = rules.send(request, actor, step.now)
        old = request.status
        request.status, request.sent_at = sent.status, sent.sent_at
        return [status_changed(request, old, actor)]

    return await ctx.runner.change(request_id, decide, expected_version=expected_version)
