"""What the requests service publishes (X-051). Ids and status codes only: no case content,
no personal data on the topic (X-011)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from imi_shared.envelope import Event
from imi_shared.participants import Participant

from .request import RequestStatus

Id = str
ID_MAX = 64
CODE_MAX = 60


class RequestStatusChanged(Event):
    """X-051: old/new status, actor user and authority, side."""

    event_type: ClassVar[str] = "request.status_changed"
    aggregate_type: ClassVar[str] = "request"
    aggregate_id_field: ClassVar[str] = "request_id"

    request_id: Id = Field(max_length=ID_MAX)
    la_code: str = Field(max_length=CODE_MAX)
    old_status: RequestStatus | None
    new_status: RequestStatus
    side: Literal["requesting", "responding"]
    actor_user_id: Id = Field(max_length=ID_MAX)
    actor_authority_id: Id = Field(max_length=ID_MAX)
    requesting_authority_id: Id = Field(max_length=ID_MAX)
    requesting_member_state: Participant
    responding_authority_id: Id | None = Field(default=None, max_length=ID_MAX)
    responding_member_state: Participant | None = None


def status_changed(request, old: RequestStatus | None, actor) -> RequestStatusChanged:
    """The X-051 event of `request` having moved from `old` to its current status."""
    return RequestStatusChanged(
        request_id=request.request_id,
        la_code=request.la_code,
        old_status=old,
        new_status=request.status,
        side="requesting",
        actor_user_id=actor.user_id,
        actor_authority_id=actor.authority_id,
        requesting_authority_id=request.requesting_authority_id,
        requesting_member_state=request.requesting_member_state,
        responding_authority_id=request.responding_authority_id,
        responding_member_state=request.responding_member_state,
    )
