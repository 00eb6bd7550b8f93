"""/users/{id}/locked-personal-data/extractions: the Commission helpdesk extracts a locked
user's contact data, only to prove an exchange (RET-004, RET-016), until its deletion; each
extraction is logged. Nobody else reaches it (RET-012: the same 404 as an unknown user)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from ...handlers.user_retention import UserExtraction, extract_locked_user
from ._common import Context, CurrentActor

router = APIRouter(tags=["retention"])


class UserExtractionBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_ref: str = Field(min_length=1, max_length=100, description="the exchange to prove")
    requesting_authority_id: str | None = Field(default=None, max_length=100)
    note: str | None = Field(default=None, max_length=1000)


class UserExtractionView(BaseModel):
    extraction_id: str = Field(max_length=64)
    user_id: str = Field(max_length=100)
    contact: dict[str, Any]


@router.post(
    "/users/{user_id}/locked-personal-data/extractions", status_code=status.HTTP_201_CREATED
)
async def post_user_extraction(
    user_id: str, body: UserExtractionBody, actor: CurrentActor, ctx: Context
) -> UserExtractionView:
    ask = UserExtraction(user_id, body.case_ref, body.requesting_authority_id, body.note)
    return UserExtractionView.model_validate(await extract_locked_user(ctx, actor, ask))
