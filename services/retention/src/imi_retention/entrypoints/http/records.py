"""`/retention/records/{case_type}/{case_id}`: a case's retention schedule (RET-026)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.runtime import service_context

from ...context import RetentionContext
from ...domain.schedule import RetentionRecord
from ...handlers import reading

router = APIRouter(prefix="/retention/records", tags=["retention"])


Context = Annotated[RetentionContext, Depends(service_context)]


ObjectType = Literal["request", "alert", "user", "authority", "invitation", "report"]


class RecordView(BaseModel):
    case_type: ObjectType
    case_id: str = Field(max_length=100)
    la_code: str = Field(max_length=40)
    is_solvit: bool
    clock_start: datetime
    lock_at: datetime | None
    delete_at: datetime
    rule: str = Field(max_length=10)
    locked: bool
    pd_deleted: bool
    cancelled: bool
    service: str = Field(max_length=20)
    early_deletion_ref: str | None = Field(max_length=100, description="RET-015")

    @classmethod
    def of(cls, r: RetentionRecord) -> RecordView:
        return cls(
            case_type=r.case_type,
            case_id=r.case_id,
            la_code=r.la_code,
            is_solvit=r.is_solvit,
            clock_start=r.clock_start,
            lock_at=r.lock_at,
            delete_at=r.delete_at,
            rule=r.rule,
            locked=r.locked,
            pd_deleted=r.pd_deleted,
            cancelled=r.cancelled,
            service=r.service,
            early_deletion_ref=r.early_deletion_ref,
        )


@router.get("/{case_type}/{case_id}")
async def get_record(
    case_type: ObjectType,
    case_id: Annotated[str, Path(min_length=1, max_length=100)],
    principal: CurrentPrincipal,
    ctx: Context,
) -> RecordView:
    return RecordView.of(await reading.get_record(ctx, principal, case_type, case_id))
