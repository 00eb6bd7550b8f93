"""`/notifications`: what was queued for whom (operators; NOT-001)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from imi_shared.auth import CurrentPrincipal
from imi_shared.runtime import service_context

from ...context import NotifierContext
from ...domain.notification import Notification
from ...handlers import reading

router = APIRouter(prefix="/notifications", tags=["notifications"])


Context = Annotated[NotifierContext, Depends(service_context)]
Id = Annotated[str, Path(min_length=1, max_length=200)]


class NotificationView(BaseModel):
    notification_id: str = Field(max_length=200)
    code: str = Field(max_length=64)
    recipient_kind: str = Field(max_length=10)
    recipient_id: str = Field(max_length=100)
    authority_id: str = Field(max_length=100)
    member_state: str = Field(max_length=2)
    language: str = Field(max_length=2)
    status: str = Field(max_length=20)
    queued_at: datetime
    case_type: str | None = Field(default=None, max_length=20)
    case_ref: str | None = Field(default=None, max_length=100)
    link: str | None = Field(default=None, max_length=300)
    action_required: bool = False  # NOT-006
    read_at: datetime | None = None

    @classmethod
    def of(cls, n: Notification) -> NotificationView:
        fields = {name: getattr(n, name) for name in cls.model_fields}
        return cls(**fields)


class NotificationList(BaseModel):
    items: list[NotificationView] = Field(max_length=reading.LIST_LIMIT)


State = Annotated[Literal["unread", "read", "all"], Query(description="NOT-006 inbox filter")]


@router.get("/mine")
async def my_notifications(
    principal: CurrentPrincipal,
    ctx: Context,
    state: State = "unread",
    limit: Annotated[int, Query(ge=1, le=reading.LIST_LIMIT)] = reading.LIST_LIMIT,
) -> NotificationList:
    """The caller's notifications, newest first; `action_required` ones feed the action list."""
    found = await reading.list_mine(ctx, principal, state, limit)
    return NotificationList(items=[NotificationView.of(n) for n in found])


@router.post("/{notification_id}/read")
async def mark_read(
    notification_id: Id, principal: CurrentPrincipal, ctx: Context
) -> NotificationView:
    return NotificationView.of(await reading.mark_read(ctx, principal, notification_id))


@router.get("/{notification_id}")
async def get_notification(
    notification_id: Id, principal: CurrentPrincipal, ctx: Context
) -> NotificationView:
    return NotificationView.of(await reading.get_notification(ctx, principal, notification_id))


@router.get("")
async def list_notifications(
    principal: CurrentPrincipal,
    ctx: Context,
    authority_id: Annotated[str, Query(min_length=1, max_length=100)],
) -> NotificationList:
    found = await reading.list_for_authority(ctx, principal, authority_id)
    return NotificationList(items=[NotificationView.of(n) for n in found])
