"""Messages, reply, close, further information and arbitration at the level of the state
machine (§4.5-4.7; rows REQ-066..REQ-088, REQ-091). The content of answers, messages and
further-information rounds (REQ-031, REQ-032, REQ-107, REQ-123) is the extension point of a
later part: here each row's rights, status, condition and target."""

from __future__ import annotations

from datetime import datetime

from imi_shared.errors import Conflict

from .actors import Actor, AuthorityFacts, ensure_arbiter, ensure_handler
from .approval import approval_applies
from .drafting import choose_coordinator
from .events import StatusChanged
from .incoming import justified
from .request import FreeText, PendingItem, Request, Side
from .request import RequestStatus as S
from .state_machine import ensure_status, move, record


def scenario(requesting: AuthorityFacts | None, responding: AuthorityFacts | None) -> str:
    """REQ-039, REQ-041..REQ-044: S1..S4 from each coordinator's `arbitration_participation`
    for the LA when arbitration starts."""
    req = requesting is not None and requesting.parameters.arbitration_participation
    resp = responding is not None and responding.parameters.arbitration_participation
    return {(True, False): "S1", (False, True): "S2", (True, True): "S3"}.get((req, resp), "S4")


def _allocates(facts: AuthorityFacts | None) -> bool:
    return facts is not None and facts.parameters.allocation_enabled


def add_message(request: Request, actor: Actor, own: AuthorityFacts, now: datetime) -> None:
    """REQ-066: a handler of either side, from acceptance until closure; status unchanged."""
    side = request.side_of(actor.authority_id) or Side.REQUESTING
    ensure_handler(request, actor, side, side is Side.RESPONDING and _allocates(own))
    ensure_status(request, "REQ-066")
    record(request, "REQ-066", actor, now, side=side)


def send_reply(
    request: Request, actor: Actor, own: AuthorityFacts, coordinator: AuthorityFacts | None, now
) -> StatusChanged:
    """REQ-067 (reply approval applies: to the responding coordinator, REQ-046) / REQ-068."""
    ensure_handler(request, actor, Side.RESPONDING, _allocates(own))
    ensure_status(request, "REQ-068")
    needs = coordinator is not None and approval_applies(
        own.parameters, coordinator.parameters, "reply"
    )
    if needs:
        request.pending_item = PendingItem.REPLY
    return move(request, "REQ-067" if needs else "REQ-068", actor, now, Side.RESPONDING)


def close(request: Request, actor: Actor, now: datetime) -> StatusChanged:
    """REQ-072 / REQ-034 (answered) / REQ-076 / REQ-038 (accepting a rejection's
    justification)."""
    ensure_handler(request, actor, Side.REQUESTING)
    rule = "REQ-076" if request.status is S.FURTHER_INFO_REJECTED else "REQ-072"
    request.closed_at = now
    return move(request, rule, actor, now, Side.REQUESTING)


def request_further_info(
    request: Request, actor: Actor, justification: FreeText | None, now: datetime
) -> StatusChanged:
    """REQ-073 (after every reply, rounds not capped) / REQ-079 (S4: once more after a
    rejection)."""
    ensure_handler(request, actor, Side.REQUESTING)
    if request.status is S.FURTHER_INFO_REJECTED:
        ensure_status(request, "REQ-079")
        if request.arbitration_scenario not in (None, "S4") or request.s4_repeat_used:
            raise Conflict("REQ-079", "only S4 allows one more request after a rejection")
        rule, request.s4_repeat_used = "REQ-079", True
    else:
        rule = "REQ-073"
    text = justified(justification)
    ensure_status(request, rule)
    request.further_info_round += 1
    return move(request, rule, actor, now, Side.REQUESTING, text)


def answer_further_info(
    request: Request,
    actor: Actor,
    own: AuthorityFacts,
    coordinator: AuthorityFacts | None,
    accept: bool,
    justification: FreeText | None,
    now: datetime,
) -> StatusChanged:
    """REQ-074 accept; REQ-075 reject; REQ-126 reject through reply approval (REQ-125); on the
    S4 repeat request, REQ-080: maintain the position and close."""
    ensure_handler(request, actor, Side.RESPONDING, _allocates(own))
    ensure_status(request, "REQ-074")
    if accept:
        return move(request, "REQ-074", actor, now, Side.RESPONDING)
    text = justified(justification)
    if request.s4_repeat_used:
        request.closed_at = now
        return move(request, "REQ-080", actor, now, Side.RESPONDING, text)
    if coordinator is not None and approval_applies(
        own.parameters, coordinator.parameters, "reply"
    ):
        request.pending_item = PendingItem.FURTHER_INFO_REJECTION
        return move(request, "REQ-126", actor, now, Side.RESPONDING, text)
    return move(request, "REQ-075", actor, now, Side.RESPONDING, text)


def maintain(
    request: Request,
    actor: Actor,
    requesting_coordinator: AuthorityFacts | None,
    responding_coordinator: AuthorityFacts | None,
    now: datetime,
) -> StatusChanged:
    """REQ-077 (S1, S3) / REQ-078 (S2): the requesting handler refers to arbitration."""
    ensure_handler(request, actor, Side.REQUESTING)
    ensure_status(request, "REQ-077")
    chosen = scenario(requesting_coordinator, responding_coordinator)
    if chosen == "S4":
        raise Conflict("REQ-044", "no coordinator takes part: request further information again")
    request.arbitration_scenario = chosen
    return move(request, "REQ-078" if chosen == "S2" else "REQ-077", actor, now, Side.REQUESTING)


def arbitrate(
    request: Request, actor: Actor, coordinator: AuthorityFacts | None, satisfactory: bool, now
) -> StatusChanged:
    """REQ-081..REQ-083 (requesting coordinator) and REQ-084, REQ-085 (responding one)."""
    if request.status is S.ARBITRATION_RESPONDING_COORDINATOR:
        side, close_rule, onward = Side.RESPONDING_COORDINATOR, "REQ-084", "REQ-085"
    else:
        side, close_rule = Side.REQUESTING_COORDINATOR, "REQ-081"
        onward = "REQ-083" if request.arbitration_scenario == "S3" else "REQ-082"
    ensure_arbiter(request, actor, side, _allocates(coordinator))
    if satisfactory:
        request.closed_at = now
    return move(request, close_rule if satisfactory else onward, actor, now, side)


def answer_returned(
    request: Request, actor: Actor, own: AuthorityFacts, provide: bool, now: datetime
) -> StatusChanged:
    """REQ-086 accept to provide; REQ-087 (S1) maintain and close; REQ-088 (S2, S3) maintain."""
    ensure_handler(request, actor, Side.RESPONDING, _allocates(own))
    ensure_status(request, "REQ-086")
    if provide:
        return move(request, "REQ-086", actor, now, Side.RESPONDING)
    if request.arbitration_scenario == "S1":
        request.closed_at = now
        return move(request, "REQ-087", actor, now, Side.RESPONDING)
    return move(request, "REQ-088", actor, now, Side.RESPONDING)


def change_responding_coordinator(
    request: Request, actor: Actor, own: AuthorityFacts, coordinator_id: str, now: datetime
) -> None:
    """REQ-091 / REQ-027: never while the coordinator holds the request."""
    ensure_handler(request, actor, Side.RESPONDING, _allocates(own))
    ensure_status(request, "REQ-091")
    chosen = choose_coordinator(coordinator_id, own.associated_coordinator_ids, "REQ-027")
    request.responding_coordinator_id = chosen
    record(request, "REQ-091", actor, now, side=Side.RESPONDING)
