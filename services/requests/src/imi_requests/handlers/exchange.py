"""Messages (REQ-066), the reply and its approval (REQ-032, REQ-067..REQ-071), closing
(REQ-072, REQ-076) and further information (REQ-073..REQ-075, REQ-079, REQ-080, REQ-126,
REQ-127): load, check the caller may know of the request, let the domain decide, save, emit."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from imi_shared.runner import Result

from ..context import RequestsContext, RequestStep
from ..domain import approval, exchange, messages, replies
from ..domain.actors import Actor
from ..domain.request import Request
from . import exchange_commands as x
from .base import change, facts, own_facts
from .derogations import ensure_measures_stated
from .relaying import relayable


def new_message_id() -> str:
    return f"msg-{uuid.uuid4().hex}"


@relayable
async def add_message(
    ctx: RequestsContext,
    command: x.AddMessage,
    actor: Actor,
    *,
    new_id: Callable[[], str] = new_message_id,
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        return [
            messages.add_message(
                request, actor, own, command.text, command.attachments, new_id(), step.now
            )
        ]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def add_opinion(
    ctx: RequestsContext,
    command: x.AddOpinion,
    actor: Actor,
    *,
    new_id: Callable[[], str] = new_message_id,
) -> Result[Request]:
    def decide(request: Request, step: RequestStep):
        return [messages.add_opinion(request, actor, command.text, new_id(), step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def save_answers(
    ctx: RequestsContext, command: x.SaveAnswers, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        exchange.save_answers(request, actor, own, command.answers)
        return []

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def send_reply(ctx: RequestsContext, command: x.SendReply, actor: Actor) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        coordinator = await facts(step, request.responding_coordinator_id, request.la_code)
        sent = exchange.send_reply(request, actor, own, coordinator, step.now)
        await ensure_measures_stated(step, request)  # §4.14, REQ-102: a derogation's reply
        return [sent]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def approve_reply(
    ctx: RequestsContext, command: x.ApproveReply, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        coordinator = await facts(step, request.responding_coordinator_id, request.la_code)
        return [exchange.approve_reply(request, actor, coordinator, step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def not_approve_reply(
    ctx: RequestsContext, command: x.NotApproveReply, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        coordinator = await facts(step, request.responding_coordinator_id, request.la_code)
        return [
            approval.not_approve_reply(request, actor, coordinator, command.suggestions, step.now)
        ]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def close_request(
    ctx: RequestsContext, command: x.CloseRequest, actor: Actor
) -> Result[Request]:
    def decide(request: Request, step: RequestStep):
        return [replies.close(request, actor, step.now)]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def request_further_info(
    ctx: RequestsContext, command: x.RequestFurtherInfo, actor: Actor
) -> Result[Request]:
    def decide(request: Request, step: RequestStep):
        return [
            exchange.request_further_info(
                request, actor, command.question_codes, command.justification, step.now
            )
        ]

    return await change(ctx, command.request_id, actor, decide)


@relayable
async def answer_further_info(
    ctx: RequestsContext, command: x.AnswerFurtherInfo, actor: Actor
) -> Result[Request]:
    async def decide(request: Request, step: RequestStep):
        own = await own_facts(step, actor, request.la_code)
        coordinator = await facts(step, request.responding_coordinator_id, request.la_code)
        return [
            exchange.answer_further_info(
                request, actor, own, coordinator, command.accept, command.justification, step.now
            )
        ]

    return await change(ctx, command.request_id, actor, decide)
