"""Who acts, and what the directory says of their authority (REQ-007..REQ-012, REQ-022,
DIR §3.4). Pure: the handler reads the facts from the directory read model (X-054)."""

from __future__ import annotations

from dataclasses import dataclass, field

from imi_shared.errors import Forbidden, InvalidInput

from .request import Request, Side

HANDLER = "request_handler"
VIEWER = "request_viewer"
ALLOCATOR = "allocator"
ARBITER = "arbiter"
COORDINATOR_ROLE = "request_coordinator"


@dataclass(frozen=True)
class Actor:
    """The caller, from the token: `rights` maps an LA to its request-workflow user roles."""

    user_id: str
    authority_id: str
    member_state: str
    rights: dict[str, frozenset[str]] = field(default_factory=dict)

    def has(self, la_code: str, right: str) -> bool:
        return right in self.rights.get(la_code, frozenset())


@dataclass(frozen=True)
class Parameters:
    """DIR-030..DIR-036 with the directory's defaults (per authority, LA and workflow)."""

    approval_required: bool = False
    may_refuse_requests: bool = False
    may_accept_incoming_requests: bool = True
    allocation_enabled: bool = False
    arbitration_participation: bool = True
    approve_requests: bool = False
    approve_replies: bool = False


@dataclass(frozen=True)
class AuthorityFacts:
    """One authority in one LA's requests workflow, as the directory's events told us."""

    authority_id: str
    member_state: str
    status: str = "active"
    la_access: str = "active"
    access: str = "active"
    role: str = "request_authority"
    parameters: Parameters = Parameters()
    associated_coordinator_ids: tuple[str, ...] = ()

    @property
    def is_coordinator(self) -> bool:
        return self.role == COORDINATOR_ROLE

    @property
    def active(self) -> bool:
        """DIR-107, DIR-108, DIR-126: only an active authority with active LA and workflow
        access sends or receives new requests."""
        return self.status == "active" and self.la_access == "active" and self.access == "active"


def ensure_active(facts: AuthorityFacts | None, rule: str, what: str, field: str | None = None):
    """REQ-022 / REQ-055 / REQ-119: the authority and its LA and workflow access are active."""
    if facts is None or not facts.active:
        raise InvalidInput(rule, f"{what} is not active in this LA's requests workflow", field)


def ensure_right(actor: Actor, la_code: str, right: str = HANDLER, rule: str = "REQ-007") -> None:
    """REQ-007 (handler), REQ-009 (allocator), REQ-010 (arbiter): the right in the LA."""
    if not actor.has(la_code, right):
        raise Forbidden(rule, f"the {right} right in {la_code}/requests is required")


def ensure_handler(request: Request, actor: Actor, side: Side, allocation_on: bool = False) -> None:
    """The actor is a request_handler of the authority holding `side` (REQ-007) and, where
    allocation applies, one of its allocated handlers (REQ-051; outgoing: REQ-052, always)."""
    authority = (
        request.requesting_authority_id
        if side is Side.REQUESTING
        else request.responding_authority_id
    )
    if actor.authority_id != authority:
        raise Forbidden("REQ-007", f"only the {side.value} authority's handlers may do this")
    if not actor.has(request.la_code, HANDLER):
        rule = "REQ-008" if actor.has(request.la_code, VIEWER) else "REQ-007"
        raise Forbidden(rule, f"the request_handler right in {request.la_code} is required")
    if side is Side.REQUESTING and actor.user_id not in request.allocated(side):
        raise Forbidden("REQ-052", "only the allocated handlers of the request may act")
    if side is Side.RESPONDING and allocation_on and actor.user_id not in request.allocated(side):
        raise Forbidden("REQ-051", "allocation is on: only the allocated handlers may act")


def ensure_arbiter(request: Request, actor: Actor, side: Side, allocation_on: bool = False) -> None:
    """REQ-047 / REQ-121: an arbiter of the coordinator selected for `side` (the allocated
    one when that coordinator uses allocation, REQ-053)."""
    coordinator = (
        request.requesting_coordinator_id
        if side is Side.REQUESTING_COORDINATOR
        else request.responding_coordinator_id
    )
    if coordinator is None or actor.authority_id != coordinator:
        raise Forbidden("REQ-121", "only the coordinator selected for this side may act")
    ensure_right(actor, request.la_code, ARBITER, "REQ-010")
    if allocation_on and actor.user_id not in request.allocated(side):
        raise Forbidden("REQ-053", "allocation is on: only the allocated arbiters may act")
