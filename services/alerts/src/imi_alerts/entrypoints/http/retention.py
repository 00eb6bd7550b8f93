"""/alerts/{id}/locked-personal-data/extractions: the Commission helpdesk extracts a locked
alert's PD as evidence (RET-016 (a) with the data subject's consent, (b) public interest),
until its deletion (RET-017); every extraction is logged with its reason. No other route
reaches locked PD (RET-012: the reduced view of X-011)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from ...handlers.retention import Extraction, Reason, extract_locked
from .dependencies import Caller, Context
from .query import AlertId

router = APIRouter(prefix="/alerts", tags=["retention"])


class ExtractionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason
    requesting_authority_id: str | None = Field(
        default=None, max_length=64, description="RET-016 (a): the competent authority that asked"
    )
    note: str | None = Field(default=None, max_length=1000, description="the request's reference")


class ExtractionView(BaseModel):
    extraction_id: str = Field(max_length=64)
    alert_id: str = Field(max_length=64)
    personal_data: dict[str, Any]


@router.post("/{alert_id}/locked-personal-data/extractions", status_code=status.HTTP_201_CREATED)
async def post_extraction(
    alert_id: AlertId, body: ExtractionBody, principal: Caller, ctx: Context
) -> ExtractionView:
    """RET-016 / RET-017: the helpdesk only (Commission users act as it, X-003), where
    this deployment serves the Commission (X-001)."""
    ask = Extraction(alert_id, body.reason, body.requesting_authority_id, body.note)
    found = await extract_locked(ctx, principal.user_id, principal.is_commission, ask)
    return ExtractionView.model_validate(found)
