"""/requests/{id}/...: messages and opinions (REQ-066, REQ-006), the reply, its drafts and
approval (REQ-032, REQ-067..REQ-071), closing (REQ-072, REQ-076), further information
(REQ-073..REQ-080, REQ-126, REQ-127), arbitration (REQ-077..REQ-088), the responding
coordinator (REQ-091) and copying (REQ-089). Thin: one command per route."""

from __future__ import annotations

from fastapi import APIRouter, status

from imi_shared.auth import CurrentPrincipal

from ...domain.copying import CopyChoice
from ...domain.request import Answer, Attachment
from ...domain.visibility import View
from ...handlers import arbitration, copying, exchange
from ...handlers import exchange_commands as x
from . import exchange_schemas as b
from .context import Ctx
from .requests import RELAYED, own_view
from .schemas import Id, JustificationBody, SuggestionsBody
from .shaping import actor_of, text, view
from .views import RequestView

router = APIRouter(prefix="/requests/{request_id}", tags=["request exchange"], responses=RELAYED)


@router.post("/messages", status_code=status.HTTP_201_CREATED)
async def post_message(
    request_id: Id, body: b.MessageBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-066 / REQ-031: a message and/or attachments, from acceptance until closure."""
    attachments = tuple(
        Attachment(a.attachment_id, a.filename, a.content_ref, a.comment_code)
        for a in body.attachments
    )
    actor = actor_of(principal)
    command = x.AddMessage(request_id, text(body.text), attachments)
    return own_view(await exchange.add_message(ctx, command, actor), actor)


@router.post("/opinions", status_code=status.HTTP_201_CREATED)
async def post_opinion(
    request_id: Id, body: b.OpinionBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-006 / REQ-108: an arbiter's opinion during approval or arbitration."""
    actor = actor_of(principal)
    command = x.AddOpinion(request_id, text(body.text))  # type: ignore[arg-type]
    return own_view(await exchange.add_opinion(ctx, command, actor), actor)


@router.put("/reply")
async def put_reply(
    request_id: Id, body: b.AnswersBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-032: save (part of) the reply as a draft."""
    answers = tuple(
        Answer(
            a.question_code,
            answer_code=a.answer_code,
            text=text(a.text),
            attachment_id=a.attachment_id,
        )
        for a in body.answers
    )
    actor = actor_of(principal)
    return own_view(
        await exchange.save_answers(ctx, x.SaveAnswers(request_id, answers), actor), actor
    )


@router.post("/reply/send")
async def post_send_reply(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """REQ-067 / REQ-068 / REQ-071: every question of the round answered."""
    actor = actor_of(principal)
    return own_view(await exchange.send_reply(ctx, x.SendReply(request_id), actor), actor)


@router.post("/reply/approve")
async def post_approve_reply(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """REQ-069 (a reply) / REQ-127 (a rejection of further information)."""
    actor = actor_of(principal)
    return own_view(await exchange.approve_reply(ctx, x.ApproveReply(request_id), actor), actor)


@router.post("/reply/not-approve")
async def post_not_approve_reply(
    request_id: Id, body: SuggestionsBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-070: back to the responding authority with suggestions (REQ-128)."""
    actor = actor_of(principal)
    command = x.NotApproveReply(request_id, text(body.suggestions))  # type: ignore[arg-type]
    return own_view(await exchange.not_approve_reply(ctx, command, actor), actor)


@router.post("/close")
async def post_close(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """REQ-072 / REQ-076: the reply (or the rejection's justification) is satisfactory."""
    actor = actor_of(principal)
    return own_view(await exchange.close_request(ctx, x.CloseRequest(request_id), actor), actor)


@router.post("/further-info")
async def post_further_info(
    request_id: Id, body: b.FurtherInfoBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-073 / REQ-079 / REQ-036: about original questions, with a justification."""
    actor = actor_of(principal)
    command = x.RequestFurtherInfo(
        request_id,
        text(body.justification),  # type: ignore[arg-type]
        tuple(body.question_codes),
    )
    return own_view(await exchange.request_further_info(ctx, command, actor), actor)


@router.post("/further-info/accept")
async def post_accept_further_info(
    request_id: Id, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-074: the responder will send an additional reply."""
    actor = actor_of(principal)
    command = x.AnswerFurtherInfo(request_id, accept=True)
    return own_view(await exchange.answer_further_info(ctx, command, actor), actor)


@router.post("/further-info/reject")
async def post_reject_further_info(
    request_id: Id, body: JustificationBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-075 / REQ-126 (through reply approval) / REQ-080 (S4 repeat: maintain and close)."""
    actor = actor_of(principal)
    command = x.AnswerFurtherInfo(request_id, False, text(body.justification))
    return own_view(await exchange.answer_further_info(ctx, command, actor), actor)


@router.post("/arbitration")
async def post_arbitration(request_id: Id, principal: CurrentPrincipal, ctx: Ctx) -> RequestView:
    """REQ-077 / REQ-078: the requester maintains the request; the scenario decides (REQ-039)."""
    actor = actor_of(principal)
    command = x.ReferToArbitration(request_id)
    return own_view(await arbitration.refer_to_arbitration(ctx, command, actor), actor)


@router.post("/arbitration/decision")
async def post_decision(
    request_id: Id, body: b.DecisionBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-081..REQ-085: the arbiter of the coordinator holding the request decides."""
    actor = actor_of(principal)
    command = x.Arbitrate(request_id, body.satisfactory)
    return own_view(await arbitration.arbitrate(ctx, command, actor), actor)


@router.post("/returned")
async def post_returned(
    request_id: Id, body: b.ReturnedBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-086..REQ-088: provide further information, or maintain the position."""
    actor = actor_of(principal)
    command = x.AnswerReturned(request_id, body.provide)
    return own_view(await arbitration.answer_returned(ctx, command, actor), actor)


@router.put("/responding-coordinator")
async def put_responding_coordinator(
    request_id: Id, body: b.CoordinatorBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-091 / REQ-027."""
    actor = actor_of(principal)
    command = x.ChangeRespondingCoordinator(request_id, body.coordinator_id)
    return own_view(await arbitration.change_responding_coordinator(ctx, command, actor), actor)


@router.post("/copy", status_code=status.HTTP_201_CREATED)
async def post_copy(
    request_id: Id, body: b.CopyBody, principal: CurrentPrincipal, ctx: Ctx
) -> RequestView:
    """REQ-089 / REQ-054 / REQ-124: a new draft of the caller's authority."""
    actor = actor_of(principal)
    choice = CopyChoice(
        body.responding_authority,
        tuple(body.question_codes),
        body.attachments,
        body.subject,
        body.sending_justification,
    )
    result = await copying.copy_request(ctx, x.CopyRequest(request_id, choice), actor)
    return view(result.aggregate, result.version or 1, View.FULL, actor)  # type: ignore[arg-type]
