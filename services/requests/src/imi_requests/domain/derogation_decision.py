"""The Commission's part in individual derogations (REQ-122, X-003 [INFERRED]): who is
`commission_derogations`, and its contrary decision, which replaces the +15 days date
(REQ-104). Pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from imi_shared.errors import Conflict, Forbidden, InvalidInput

from .actors import HANDLER, Actor
from .derogations import (
    COMMISSION,
    NOTIFICATION,
    SERVICES_LA,
    Decision,
    Derogation,
    delivered,
    has_text,
)
from .request import FreeText, Request

DELIVERY_RULES = frozenset({"REQ-058", "REQ-059"})  # sent to the MSE, or approved and sent


def is_commission_derogations(actor: Actor) -> bool:
    """X-003 / REQ-122 [INFERRED]: a Commission user with a request right in the services LA."""
    return actor.member_state == COMMISSION and bool(actor.rights.get(SERVICES_LA))


def record_decision(
    derogation: Derogation, actor: Actor, text: FreeText, at: datetime
) -> Derogation:
    """REQ-122 / REQ-104: `commission_derogations` records a contrary decision on a delivered
    notification; it replaces the +15 days date."""
    if not (is_commission_derogations(actor) and actor.has(SERVICES_LA, HANDLER)):
        raise Forbidden("REQ-122", "only commission_derogations records a contrary decision")
    if derogation.set_code != NOTIFICATION or derogation.delivered_at is None:
        raise Conflict("REQ-122", "a decision is recorded on a delivered notification")
    if derogation.decision is not None:
        raise Conflict("REQ-122", "the decision is already recorded")
    if not has_text(text):
        raise InvalidInput("REQ-122", "the decision needs its text", "text")
    return replace(
        derogation,
        decision=Decision(text, actor.user_id, at),
        history=(*derogation.history, "contrary decision"),
    )


def delivered_as_recorded(derogation: Derogation, request: Request) -> Derogation:
    """REQ-122 for the relayed copy (X-001): the delivery the owner's consumer records a little
    later (from the request's own event) is already in the request's history, so the copy
    relayed with the sending shows it at once."""
    at = next((h.at for h in request.history if h.rule in DELIVERY_RULES), None)
    return delivered(derogation, at) if at is not None else derogation
