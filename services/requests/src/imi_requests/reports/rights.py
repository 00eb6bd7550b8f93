"""Who may generate which report (REQ-096, REQ-097, X-011..X-013, RET-019). Pure.

Rights before state: the caller's link to the request is checked first (none: the same
NotFound as an absent request, X-010), then the kind against the caller's rights, then the
request's state (PD not yet visible, PD locked).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound

from .kinds import CONTENT_SECTIONS, DATA_SUBJECT_KINDS, FIXED_KINDS, ReportKind, Section, ordered
from .labels import LABELS
from .source import ReportSource


class Right(StrEnum):
    """The caller's request-workflow rights in the request's LA."""

    HANDLER = "request_handler"
    VIEWER = "request_viewer"
    ALLOCATOR = "request_allocator"


class Capacity(StrEnum):
    """In what capacity the caller's authority sees this request."""

    REQUESTING = "requesting"
    RESPONDING = "responding"
    COORDINATOR = "coordinator"  # associated coordinator, approver or arbiter
    HELPDESK = "commission_helpdesk"


@dataclass(frozen=True)
class ReportActor:
    user_id: str
    authority_id: str
    rights: frozenset[Right] = frozenset()
    helpdesk: bool = False  # the Commission helpdesk (RET-019: data-subject reports of locked PD)


@dataclass(frozen=True)
class ReportOrder:
    """What the user asks for. `sections` and `personal_data` are for `custom` only."""

    kind: ReportKind
    sections: frozenset[Section] = frozenset()
    personal_data: bool = False
    certified: bool = False  # REQ-099: the server signs the PDF
    language: str = "en"  # the language of the report's own labels


@dataclass(frozen=True)
class ReportPlan:
    """What will be printed: the decision `content.build_document` and the renderer follow."""

    kind: ReportKind
    sections: tuple[Section, ...]
    personal_data: bool
    certified: bool
    language: str
    capacity: Capacity


def capacity_of(actor: ReportActor, source: ReportSource) -> Capacity:
    """X-012: a coordinator that is itself a party gets the party's capacity. REQ-096: users
    with request-workflow access only; anyone else gets the absent answer (X-010)."""
    if actor.helpdesk:
        return Capacity.HELPDESK
    if not actor.rights:
        raise NotFound("X-010", f"no request {source.request_id!r}")
    if actor.authority_id == source.requesting.authority_id:
        return Capacity.REQUESTING
    if source.responding and actor.authority_id == source.responding.authority_id:
        return Capacity.RESPONDING
    if actor.authority_id in source.coordinator_authority_ids:
        return Capacity.COORDINATOR
    raise NotFound("X-010", f"no request {source.request_id!r}")


def _pd_refusal(actor: ReportActor, capacity: Capacity, source: ReportSource) -> Exception | None:
    """Why this caller may not have PD in a report now, or None when it may."""
    if capacity is Capacity.HELPDESK:
        return None
    if capacity is Capacity.COORDINATOR:
        return Forbidden("REQ-097", "reports of a request coordinator never contain personal data")
    if Right.HANDLER not in actor.rights:
        return Forbidden(
            "X-013", "allocator and viewer rights allow only reports without personal data"
        )
    if capacity is Capacity.RESPONDING and not source.accepted:
        return Forbidden(
            "X-011", "the responding authority sees no personal data before acceptance"
        )
    if source.pd_locked:
        return Conflict("REQ-097", "the personal data is locked: no report with personal data")
    return None


def _sections(order: ReportOrder) -> tuple[tuple[Section, ...], bool]:
    if order.kind is not ReportKind.CUSTOM:
        if order.sections or order.personal_data:
            raise InvalidInput(
                "REQ-096", "sections are chosen only for a custom report", "sections"
            )
        return FIXED_KINDS[order.kind]
    if not order.sections:
        raise InvalidInput("REQ-096", "a custom report needs at least one section", "sections")
    if not order.sections <= set(CONTENT_SECTIONS):
        raise InvalidInput("REQ-096", "a custom report has only content sections", "sections")
    return ordered(order.sections), order.personal_data


def plan_report(actor: ReportActor, source: ReportSource, order: ReportOrder) -> ReportPlan:
    """REQ-096/REQ-097: the plan of the report the actor asked for, or the refusal."""
    capacity = capacity_of(actor, source)
    sections, personal_data = _sections(order)
    if order.language not in LABELS:
        raise InvalidInput("REQ-096", f"reports are printed in {sorted(LABELS)}", "language")
    if capacity is Capacity.HELPDESK and order.kind not in DATA_SUBJECT_KINDS:
        raise Forbidden("RET-019", "the helpdesk produces only the data subject's reports")
    if personal_data and (refusal := _pd_refusal(actor, capacity, source)) is not None:
        raise refusal
    return ReportPlan(
        order.kind, sections, personal_data, order.certified, order.language, capacity
    )


def offered_kinds(actor: ReportActor, source: ReportSource) -> tuple[ReportKind, ...]:
    """REQ-097: the kinds the report menu offers this caller now (PD kinds hidden when refused).
    `custom` is offered whenever the caller may report at all (without PD at least)."""
    capacity = capacity_of(actor, source)
    if capacity is Capacity.HELPDESK:
        return tuple(k for k in ReportKind if k in DATA_SUBJECT_KINDS)
    pd_allowed = _pd_refusal(actor, capacity, source) is None
    return tuple(
        k
        for k in ReportKind
        if k in (ReportKind.FULL_WITHOUT_PD, ReportKind.CUSTOM)
        or (pd_allowed and FIXED_KINDS[k][1])
    )
