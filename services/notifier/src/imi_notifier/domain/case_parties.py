"""Who takes part in a case, as the notifier learns it from the requests and alerts events
(pure; persisted by `adapters/case_parties.py`).

Requests (REQ-004, NOT-003, NOT-046): the authority of each side, the user who acted last on
each side and the users allocated on each side. Alerts (NOT-005, NOT-043): the recipient
authorities, the removed ones, the launching and responsible member states.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

REQUESTING, RESPONDING = "requesting", "responding"
REQUESTING_COORDINATOR, RESPONDING_COORDINATOR = "requesting_coordinator", "responding_coordinator"
SIDES = (REQUESTING, RESPONDING, REQUESTING_COORDINATOR, RESPONDING_COORDINATOR)
COORDINATOR_SIDES = frozenset({REQUESTING_COORDINATOR, RESPONDING_COORDINATOR})


@dataclass(frozen=True)
class RequestParties:
    request_id: str
    la_code: str
    member_state: str  # the requesting authority's (keys the request's events)
    authorities: Mapping[str, str] = field(default_factory=dict)  # side -> authority id
    last_actor: Mapping[str, str] = field(default_factory=dict)  # side -> user id
    allocated: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # side -> users
    ref_no: str | None = None  # REQ-106: the reference number a mail names (NOT-001)

    def authority(self, side: str) -> str | None:
        return self.authorities.get(side)


def request_seen(
    parties: RequestParties | None,
    *,
    request_id: str,
    la_code: str,
    member_state: str,
    authorities: Mapping[str, str | None],
    actor_side: str | None = None,
    actor_user_id: str | None = None,
    actor_authority_id: str | None = None,
    ref_no: str | None = None,
) -> RequestParties:
    """The parties after a `request.status_changed`: sides' authorities as the event names
    them, the actor as its side's last actor (NOT-003) while that side is still its
    authority's. A new responding authority (forward, REQ-119) clears the responding side's
    last actor, allocation and coordinator. The reference number (REQ-106), once known, is
    kept: it never changes, and events of other types do not carry it."""
    current = parties or RequestParties(request_id, la_code, member_state)
    sides = dict(current.authorities)
    last = dict(current.last_actor)
    allocated = dict(current.allocated)
    new_responding = authorities.get(RESPONDING)
    if new_responding and sides.get(RESPONDING) not in (None, new_responding):
        for side in (RESPONDING, RESPONDING_COORDINATOR):  # REQ-119
            sides.pop(side, None)
            last.pop(side, None)
            allocated.pop(side, None)
    sides.update({s: a for s, a in authorities.items() if a})
    side_authority = sides.get(actor_side) if actor_side else None
    if actor_side and actor_user_id and side_authority in (None, actor_authority_id):
        last[actor_side] = actor_user_id
    return replace(
        current,
        la_code=la_code,
        member_state=member_state,
        authorities=sides,
        last_actor=last,
        allocated=allocated,
        ref_no=ref_no or current.ref_no,
    )


def inherited(original: RequestParties | None, request_id: str) -> RequestParties | None:
    """A split's new request (REQ-120): the original's requesting side (authority, coordinator,
    last actor, allocation); its responding side is the split's target, learnt afresh."""
    if original is None:
        return None
    keep = (REQUESTING, REQUESTING_COORDINATOR)
    return RequestParties(
        request_id,
        original.la_code,
        original.member_state,
        {s: a for s, a in original.authorities.items() if s in keep},
        {s: u for s, u in original.last_actor.items() if s in keep},
        {s: u for s, u in original.allocated.items() if s in keep},
    )


def request_allocated(
    parties: RequestParties | None,
    *,
    request_id: str,
    la_code: str,
    member_state: str,
    side: str,
    user_ids: Iterable[str],
) -> RequestParties:
    current = parties or RequestParties(request_id, la_code, member_state)
    return replace(current, allocated={**current.allocated, side: tuple(user_ids)})


@dataclass(frozen=True)
class AlertParties:
    alert_id: str
    ref_no: str | None = None
    recipients: frozenset[str] = frozenset()  # authority ids that received the alert
    removed: frozenset[str] = frozenset()  # removed recipients (NOT-005)
    launching_ms: str | None = None
    responsible_ms: str | None = None  # the MS proposing closure (ALR-007, ALR-040)
    origin_notified: bool = False  # NOT-017: the launching MS's inbox told once

    def reachable(self, authority_ids: Iterable[str]) -> list[str]:
        """NOT-005: never a removed recipient."""
        return [a for a in dict.fromkeys(authority_ids) if a not in self.removed]


def alert_seen(
    parties: AlertParties | None,
    alert_id: str,
    *,
    ref_no: str | None = None,
    added: Iterable[str] = (),
    removed: Iterable[str] = (),
    launching_ms: str | None = None,
    responsible_ms: str | None = None,
    origin_notified: bool = False,
) -> AlertParties:
    current = parties or AlertParties(alert_id)
    gone = frozenset(removed)
    back = frozenset(added)
    return replace(
        current,
        ref_no=ref_no or current.ref_no,
        recipients=(current.recipients | back) - gone,
        removed=(current.removed - back) | gone,
        launching_ms=current.launching_ms or launching_ms,
        responsible_ms=responsible_ms or current.responsible_ms,
        origin_notified=current.origin_notified or origin_notified,
    )
