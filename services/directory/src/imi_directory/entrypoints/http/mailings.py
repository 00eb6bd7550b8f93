"""HTTP API of the coordinator tools: mailings to selected authorities (DIR-135, NOT-040)."""

from __future__ import annotations

from fastapi import APIRouter, status

from imi_shared.openapi_errors import error_responses

from ...handlers import mailing
from ._common import Context, CurrentActor
from .rule_route import RuleRoute, rules

router = APIRouter(tags=["coordinator tools"], route_class=RuleRoute)


@router.post(
    "/mailings",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=rules("DIR-135"),
    responses=error_responses(404),
)
async def send_mailing(body: mailing.SendMailing, ctx: Context, actor: CurrentActor) -> dict:
    """DIR-135: a coordinator DA e-mails the selected authorities of its member state; each
    gets the text at its registered address (NOT-040). The text is never echoed back."""
    sent = await mailing.send_mailing(ctx, actor, body)
    return {
        "mailing_id": sent.mailing_id,
        "authority_ids": list(sent.authority_ids),
        "sent_at": sent.sent_at.isoformat(),
    }
