"""`/mail`: the mail outbox for operators (dead mails, requeue; NOT-001 delivery)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.runtime import service_context

from ...context import NotifierContext
from ...handlers import mail_admin

router = APIRouter(prefix="/mail", tags=["mail"])
Context = Annotated[NotifierContext, Depends(service_context)]
Id = Annotated[str, Path(min_length=1, max_length=200)]


class MailView(BaseModel):
    notification_id: str = Field(max_length=200)
    code: str = Field(max_length=64)
    member_state: str = Field(max_length=2)
    status: str = Field(max_length=20)
    attempts: int
    last_error: str | None = Field(default=None, max_length=200)
    queued_at: datetime
    next_attempt_at: datetime | None = None

    @classmethod
    def of(cls, row: dict) -> MailView:
        return cls(
            notification_id=row["_id"],
            **{k: row.get(k) for k in cls.model_fields if k != "notification_id"},
        )


class MailList(BaseModel):
    items: list[MailView] = Field(max_length=mail_admin.LIST_LIMIT)


@router.get("/dead")
async def dead_mails(principal: CurrentPrincipal, ctx: Context) -> MailList:
    rows = await mail_admin.dead_mails(ctx, principal)
    return MailList(items=[MailView.of(r) for r in rows])


@router.get("/undeliverable")
async def undeliverable_mails(principal: CurrentPrincipal, ctx: Context) -> MailList:
    rows = await mail_admin.dead_mails(ctx, principal, "undeliverable")
    return MailList(items=[MailView.of(r) for r in rows])


@router.post("/{notification_id}/requeue")
async def requeue(notification_id: Id, principal: CurrentPrincipal, ctx: Context) -> MailView:
    return MailView.of(await mail_admin.requeue(ctx, principal, notification_id))
