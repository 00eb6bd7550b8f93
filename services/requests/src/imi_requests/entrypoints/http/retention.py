"""/requests/{id}/locked-personal-data/extractions: the Commission helpdesk extracts a locked
request's PD as evidence (RET-016 (a) with the data subject's consent, (b) public interest),
up to its deletion (RET-017); every extraction is logged with its reason. Nobody else reaches
locked PD through any route (RET-012)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from imi_shared.auth import CurrentPrincipal

from ...handlers.retention import Extraction, Reason, extract_locked
from .context import Ctx
from .schemas import Id

router = APIRouter(prefix="/requests", tags=["retention"])


class ExtractionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason
    requesting_authority_id: Id | None = Field(
        default=None, description="RET-016 (a): the competent authority that asked"
    )
    note: str | None = Field(default=None, max_length=1000, description="the request's reference")


class ExtractionView(BaseModel):
    extraction_id: str = Field(max_length=64)
    request_id: str = Field(max_length=64)
    rule: str = Field(max_length=10)
    locked_at: datetime
    delete_at: datetime
    personal_data: dict[str, Any]


@router.post("/{request_id}/locked-personal-data/extractions", status_code=status.HTTP_201_CREATED)
async def post_extraction(
    request_id: Id, body: ExtractionBody, principal: CurrentPrincipal, ctx: Ctx
) -> ExtractionView:
    """RET-016 / RET-017: the helpdesk only (Commission users act as it, X-003)."""
    ask = Extraction(request_id, body.reason, body.requesting_authority_id, body.note)
    found = await extract_locked(ctx, principal.user_id, principal.is_commission, ask)
    return ExtractionView.model_validate(found)
