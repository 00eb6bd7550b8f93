"""What `imi.requests.events` carries (X-051): the domain events as wire messages, keyed and
partitioned by the requesting authority's member state. In clear only ids, codes, statuses and
sides; every piece of case content (a justification, a proposed date, the questions moved by a
split) travels in `sealed_texts`, sealed under the request's case key (its id: X-011, RET-013),
so that shredding the key reaches these records too."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import Field

from imi_shared.envelope import Event
from imi_shared.participants import Participant
from imi_shared.sealing import SealedValue, Sealer

from ..domain import events as domain
from ..domain.request import MessageKind, Request, RequestStatus, Side

ID = 64
CODE = 60
REF = 32  # domain.reference.MAX_LENGTH


class _RequestEvent(Event):
    aggregate_type: ClassVar[str] = "request"
    aggregate_id_field: ClassVar[str] = "request_id"

    request_id: str = Field(max_length=ID)
    la_code: str = Field(max_length=CODE)
    actor_user_id: str = Field(max_length=ID)
    actor_authority_id: str = Field(max_length=ID)
    requesting_authority_id: str = Field(max_length=ID)
    requesting_member_state: Participant
    authority_ids: tuple[str, ...] = Field(default=(), max_length=8)  # both sides, coordinators
    sealed_texts: SealedValue | None = None


class RequestStatusChanged(_RequestEvent):
    """X-051: old/new status, the §4.11 row, the actor and the side (1.1: the row, the
    coordinators, the involved authorities and the sealed texts; 1.2: the reference number,
    REQ-106, an identifier and no case content)."""

    event_type: ClassVar[str] = "request.status_changed"
    schema_version: ClassVar[str] = "1.2"

    old_status: RequestStatus | None
    new_status: RequestStatus
    rule: str = Field(default="", max_length=8)
    side: Side
    responding_authority_id: str | None = Field(default=None, max_length=ID)
    responding_member_state: Participant | None = None
    requesting_coordinator_id: str | None = Field(default=None, max_length=ID)
    responding_coordinator_id: str | None = Field(default=None, max_length=ID)
    split_from_request_id: str | None = Field(default=None, max_length=ID)
    ref_no: str | None = Field(default=None, max_length=REF)


class RequestAllocated(_RequestEvent):
    """X-051 / REQ-050: the users allocated on one side (N_REQ_ALLOCATED to each)."""

    event_type: ClassVar[str] = "request.allocated"

    side: Side
    user_ids: tuple[str, ...] = Field(max_length=50)


class RequestDeleted(_RequestEvent):
    """REQ-056 / REQ-129 / REQ-130: the draft is gone with its PD and attachments."""

    event_type: ClassVar[str] = "request.deleted"

    rule: str = Field(max_length=8)


class RequestSplit(_RequestEvent):
    """REQ-065 (N_REQ_SPLIT): the new request's id; the moved questions sealed."""

    event_type: ClassVar[str] = "request.split"

    new_request_id: str = Field(max_length=ID)


class RequestMessageAdded(_RequestEvent):
    """REQ-066 / REQ-031 (N_REQ_MESSAGE_ADDED to the other side): the message's id, kind and
    side in clear; its text and the attachments' names sealed."""

    event_type: ClassVar[str] = "request.message_added"

    message_id: str = Field(max_length=ID)
    kind: MessageKind
    side: Side
    attachment_count: int = Field(default=0, ge=0, le=20)


PUBLISHED: tuple[type[Event], ...] = (
    RequestStatusChanged,
    RequestAllocated,
    RequestDeleted,
    RequestSplit,
    RequestMessageAdded,
)


def _common(request: Request, actor) -> dict[str, Any]:
    ids = (
        request.requesting_authority_id,
        request.responding_authority_id,
        request.requesting_coordinator_id,
        request.responding_coordinator_id,
    )
    return {
        "request_id": request.request_id,
        "la_code": request.la_code,
        "actor_user_id": actor.user_id,
        "actor_authority_id": actor.authority_id,
        "requesting_authority_id": request.requesting_authority_id,
        "requesting_member_state": request.requesting_member_state,
        "authority_ids": tuple(dict.fromkeys(i for i in ids if i)),
    }


async def _sealed(sealer: Sealer, case_id: str, texts: dict[str, Any]) -> SealedValue | None:
    texts = {k: v for k, v in texts.items() if v is not None}
    return await sealer.seal(case_id, texts) if texts else None


async def to_wire(
    sealer: Sealer, request: Request, events: Sequence[domain.RequestEvent]
) -> list[Event]:
    """The wire messages of `events`, all about `request` (the aggregate the command saved)."""
    out: list[Event] = []
    for event in events:
        common = _common(request, event.actor)
        if isinstance(event, domain.StatusChanged):
            why = event.justification
            texts = {
                "justification": {"text": why.text, "lang": why.lang} if why else None,
                "proposed_deadline": event.proposed_deadline.isoformat()
                if event.proposed_deadline
                else None,
            }
            out.append(
                RequestStatusChanged(
                    **common,
                    old_status=event.old_status,
                    new_status=event.new_status,
                    rule=event.rule,
                    side=event.side,
                    responding_authority_id=request.responding_authority_id,
                    responding_member_state=request.responding_member_state,
                    requesting_coordinator_id=request.requesting_coordinator_id,
                    responding_coordinator_id=request.responding_coordinator_id,
                    split_from_request_id=request.split_from_request_id,
                    ref_no=request.ref_no,
                    sealed_texts=await _sealed(sealer, request.request_id, texts),
                )
            )
        elif isinstance(event, domain.Allocated):
            out.append(RequestAllocated(**common, side=event.side, user_ids=event.user_ids))
        elif isinstance(event, domain.Deleted):
            out.append(RequestDeleted(**common, rule=event.rule))
        elif isinstance(event, domain.MessageAdded):
            out.append(await _message(sealer, request, common, event.message))
        else:
            texts = {
                "justification": {
                    "text": event.justification.text,
                    "lang": event.justification.lang,
                },
                "question_codes": list(event.question_codes),
            }
            out.append(
                RequestSplit(
                    **common,
                    new_request_id=event.new_request_id,
                    sealed_texts=await _sealed(sealer, request.request_id, texts),
                )
            )
    return out


async def _message(sealer: Sealer, request: Request, common: dict, message) -> Event:
    names = {a.attachment_id: a.filename for a in request.attachments}
    texts = {
        "text": {"text": message.text.text, "lang": message.text.lang} if message.text else None,
        "comment_code": message.comment_code,
        "attachments": [names.get(i, i) for i in message.attachment_ids] or None,
    }
    return RequestMessageAdded(
        **common,
        message_id=message.message_id,
        kind=message.kind,
        side=message.side,
        attachment_count=len(message.attachment_ids),
        sealed_texts=await _sealed(sealer, request.request_id, texts),
    )
