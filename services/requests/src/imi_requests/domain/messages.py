"""Messages and attachments between the sides (REQ-031, REQ-066, REQ-108) and coordinators'
opinions (REQ-006). The row's rights and status are in `replies.add_message`."""

from __future__ import annotations

from datetime import datetime

from imi_shared.errors import Conflict, Forbidden, InvalidInput

from . import replies
from .actors import ARBITER, Actor, AuthorityFacts
from .events import MessageAdded
from .request import Attachment, FreeText, Message, MessageKind, Request, Side
from .request import RequestStatus as S

MAX_MESSAGES = 500
_OPINION_ASKED = frozenset(
    {
        S.AWAITING_REQUEST_APPROVAL,
        S.AWAITING_REPLY_APPROVAL,
        S.ARBITRATION_REQUESTING_COORDINATOR,
        S.ARBITRATION_RESPONDING_COORDINATOR,
        S.RETURNED_BY_ARBITER,
    }
)


def _with_attachments(request: Request, attachments: tuple[Attachment, ...], rule: str) -> None:
    """REQ-031 / REQ-019: each added attachment has a predefined comment and a new id."""
    known = {a.attachment_id for a in request.attachments}
    for attachment in attachments:
        if attachment.comment_code is None:
            raise InvalidInput(rule, "an attachment needs a predefined comment", "attachments")
        if attachment.attachment_id in known:
            raise InvalidInput(rule, "this attachment id is already used", "attachments")
        known.add(attachment.attachment_id)
    request.attachments = (*request.attachments, *attachments)


def add_message(
    request: Request,
    actor: Actor,
    own: AuthorityFacts,
    text: FreeText | None,
    attachments: tuple[Attachment, ...],
    message_id: str,
    now: datetime,
) -> MessageAdded:
    """REQ-066 / REQ-031: a handler of either side, from acceptance until closure, adds a
    message and/or attachments; the other side is told (N_REQ_MESSAGE_ADDED)."""
    replies.add_message(request, actor, own, now)  # rights, then the row's status
    if text is None and not attachments:
        raise InvalidInput("REQ-031", "a message needs a text or an attachment", "text")
    if len(request.messages) >= MAX_MESSAGES:
        raise Conflict("REQ-031", f"a request holds at most {MAX_MESSAGES} messages")
    _with_attachments(request, attachments, "REQ-031")
    side = request.side_of(actor.authority_id) or Side.REQUESTING
    kind = MessageKind.COMMENT if text is not None else MessageKind.ATTACHMENT_ADDED
    ids = tuple(a.attachment_id for a in attachments)
    comment = attachments[0].comment_code if attachments else None
    message = Message(
        message_id, kind, side, actor.user_id, actor.authority_id, now, text, comment, ids
    )
    request.messages = (*request.messages, message)
    return MessageAdded(request.request_id, message, actor)


def add_opinion(
    request: Request, actor: Actor, text: FreeText | None, message_id: str, now: datetime
) -> MessageAdded:
    """REQ-006 / REQ-108: an arbiter of a coordinator selected on the request gives its
    opinion while the request awaits its approval or arbitration."""
    side = {
        request.requesting_coordinator_id: Side.REQUESTING_COORDINATOR,
        request.responding_coordinator_id: Side.RESPONDING_COORDINATOR,
    }.get(actor.authority_id)
    if side is None or not actor.has(request.la_code, ARBITER):
        raise Forbidden("REQ-010", "only an arbiter of a coordinator of the request gives opinions")
    if request.status not in _OPINION_ASKED:
        raise Conflict("REQ-006", f"no opinion is asked of a request that is {request.status}")
    if text is None:
        raise InvalidInput("REQ-006", "an opinion needs a text", "text")
    message = Message(
        message_id,
        MessageKind.COORDINATOR_OPINION,
        side,
        actor.user_id,
        actor.authority_id,
        now,
        text,
    )
    request.messages = (*request.messages, message)
    return MessageAdded(request.request_id, message, actor)
