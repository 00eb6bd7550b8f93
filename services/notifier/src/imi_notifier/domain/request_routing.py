"""Who is told what about a request (NOT-002, NOT-003, NOT-007..NOT-015, NOT-043, NOT-046).
Pure: the event's facts, the case parties and the directory facts in, routes out.

A side's message (NOT-003) goes to the user who acted last on that side, else (NOT-046) to
its allocated users, else to all its request handlers (arbiters on a coordinator side), with
a copy to the side's authority (or coordinator) e-mail in its first spoken language (NOT-002).
"""

from __future__ import annotations

from collections.abc import Iterable

from .case_parties import (
    COORDINATOR_SIDES,
    REQUESTING,
    RESPONDING,
    RequestParties,
)
from .parties import REQUESTS, AuthorityFacts, Directory, UserFacts
from .request_rows import (
    ALLOCATED,
    ANSWERED,
    BY_RULE,
    BY_STATUS,
    CLOSURE_REMINDER,
    FORWARDED,
    FURTHER_INFO,
    MESSAGE_ADDED,
    NEW_INCOMING,
    OTHER_SIDE,
    SILENT_STATUSES,
    SPLIT,
    TO_COORDINATOR,
    UPDATE,
)
from .routes import Route, authority_copy, to_users, unique

__all__ = [  # the codes, for callers and tests
    "ALLOCATED",
    "ANSWERED",
    "CLOSURE_REMINDER",
    "FORWARDED",
    "FURTHER_INFO",
    "MESSAGE_ADDED",
    "NEW_INCOMING",
    "SPLIT",
    "TO_COORDINATOR",
    "UPDATE",
]


def side_role(side: str) -> str:
    return "arbiter" if side in COORDINATOR_SIDES else "request_handler"


def _valid(user: UserFacts | None, authority_id: str, role: str, la_code: str) -> bool:
    """NOT-046: still a reachable user of that side's authority holding the side's role."""
    return (
        user is not None
        and user.reachable
        and user.authority_id == authority_id
        and user.holds(role, la_code, REQUESTS)
    )


def _open(authority: AuthorityFacts | None, la_code: str) -> bool:
    """NOT-005: a side whose authority lost its access (or the requests workflow in the
    request's LA) is told nothing more; an authority the read model does not know yet is."""
    return authority is None or (authority.reachable and authority.serves(REQUESTS, la_code))


def _copy(code: str, authority: AuthorityFacts | None, parties: RequestParties) -> list[Route]:
    """NOT-002 copy, unless the authority lost its requests access in this LA (NOT-005)."""
    return authority_copy(code, authority) if _open(authority, parties.la_code) else []


def side_users(parties: RequestParties, side: str, directory: Directory) -> list[UserFacts]:
    """NOT-003 / NOT-046: the last actor, else the allocated users, else every handler
    (arbiter) of the side; nobody when the side's authority gets no messages (NOT-005)."""
    authority_id = parties.authority(side)
    authority = directory.authority(authority_id)
    if authority_id is None or not _open(authority, parties.la_code):
        return []
    role, la = side_role(side), parties.la_code
    last = directory.user(parties.last_actor.get(side))
    if last is not None and _valid(last, authority_id, role, la):
        return [last]
    allocated = [directory.user(u) for u in parties.allocated.get(side, ())]
    valid = [u for u in allocated if u is not None and _valid(u, authority_id, role, la)]
    if valid:
        return sorted(valid, key=lambda u: u.user_id)
    return directory.users_with_role(authority_id, [role], la, REQUESTS)


def to_side(code: str, parties: RequestParties, side: str, directory: Directory) -> list[Route]:
    """NOT-003: the side's users plus the copy to its authority (coordinator) e-mail."""
    users = side_users(parties, side, directory)
    return to_users(code, users) + _copy(
        code, directory.authority(parties.authority(side)), parties
    )


def new_incoming(parties: RequestParties, directory: Directory) -> list[Route]:
    """NOT-007: allocation off, every request handler of the responding authority; on, its
    allocators; both with the copy to the authority's e-mail."""
    authority_id = parties.authority(RESPONDING)
    authority = directory.authority(authority_id)
    on = authority is not None and authority.allocation_on(parties.la_code)
    role = "allocator" if on else "request_handler"
    users = directory.users_with_role(authority_id, [role], parties.la_code, REQUESTS)
    return to_users(NEW_INCOMING, users) + _copy(NEW_INCOMING, authority, parties)


def to_coordinator(parties: RequestParties, side: str, directory: Directory) -> list[Route]:
    """NOT-009: without allocation the coordinator's e-mail (whoever reads it tells the
    arbiters); with allocation its allocators plus the copy. A coordinator without a known
    address is told through its arbiters rather than not at all."""
    coordinator_id = parties.authority(side)
    coordinator = directory.authority(coordinator_id)
    copy = _copy(TO_COORDINATOR, coordinator, parties)
    la = parties.la_code
    if coordinator is not None and coordinator.allocation_on(la):
        users = directory.users_with_role(coordinator_id, ["allocator"], la, REQUESTS)
    elif copy:
        users = []
    else:
        users = directory.users_with_role(coordinator_id, ["arbiter"], la, REQUESTS)
    return to_users(TO_COORDINATOR, users) + copy


def _message(code: str, side: str, parties: RequestParties, directory: Directory) -> list[Route]:
    if code == NEW_INCOMING:
        return new_incoming(parties, directory)
    if code == TO_COORDINATOR:
        return to_coordinator(parties, side, directory)
    return to_side(code, parties, side, directory)


def plan(rule: str, new_status: str, actor_side: str) -> tuple[tuple[str, str], ...]:
    """The (code, side) messages of a status change: by its §4.11 row, else by status."""
    if rule in BY_RULE:
        return BY_RULE[rule]
    if new_status in SILENT_STATUSES:
        return ()
    if new_status in BY_STATUS:
        return BY_STATUS[new_status]
    if actor_side in OTHER_SIDE:
        return ((UPDATE, OTHER_SIDE[actor_side]),)
    return ((UPDATE, REQUESTING), (UPDATE, RESPONDING))  # an arbiter acted (NOT-015)


def status_changed(
    rule: str, new_status: str, actor_side: str, parties: RequestParties, directory: Directory
) -> list[Route]:
    """NOT-007, NOT-009, NOT-010, NOT-012, NOT-014, NOT-015 for one `request.status_changed`
    (`parties` already updated with it)."""
    routes: list[Route] = []
    for code, side in plan(rule, new_status, actor_side):
        routes += _message(code, side, parties, directory)
    return unique(routes)


def allocated(
    before: RequestParties | None, side: str, user_ids: Iterable[str], directory: Directory
) -> list[Route]:
    """NOT-008: each NEWLY allocated handler or arbiter (no authority copy)."""
    already = set(before.allocated.get(side, ())) if before else set()
    fresh = [directory.user(u) for u in dict.fromkeys(user_ids) if u not in already]
    return to_users(ALLOCATED, [u for u in fresh if u is not None and u.reachable])


def split(parties: RequestParties, directory: Directory) -> list[Route]:
    """NOT-011: the requesting handler plus the requesting authority's e-mail."""
    return unique(to_side(SPLIT, parties, REQUESTING, directory))


def message_added(parties: RequestParties, author_side: str, directory: Directory) -> list[Route]:
    """NOT-013 (NOT-003, NOT-046): the other authority's last-acting handler plus its copy."""
    other = OTHER_SIDE.get(author_side)
    return [] if other is None else unique(to_side(MESSAGE_ADDED, parties, other, directory))


def closure_reminder(parties: RequestParties, directory: Directory) -> list[Route]:
    """NOT-043: the requesting side, by NOT-003 / NOT-046 routing (with its copy)."""
    return unique(to_side(CLOSURE_REMINDER, parties, REQUESTING, directory))
