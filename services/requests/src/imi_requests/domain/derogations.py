"""Individual derogations of the Services Directive (§4.14: REQ-100..REQ-105, REQ-122; manual
chapter 7). Pure: the time comes in as an argument.

Both steps are ordinary requests of the services LA with one of two question sets: step 1
"Request for individual derogation to the MS of establishment" (a 10-step checklist and free
texts describing the case and justifying the derogation), step 3 "Notification of individual
measures" (a checklist, why the MSE's measures are inadequate, why the intended ones are
justified and proportionate; the step-1 reference in the normal procedure). The derogation
record sits beside the request (`adapters/derogation_store.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from imi_shared.errors import Conflict, InvalidInput

from .actors import Actor, ensure_handler
from .request import AFTER_ACCEPTANCE, TERMINAL, FreeText, Request, RequestStatus, Side

SERVICES_LA = "services"
DEROGATION_REQUEST = "SD-DEROGATION-REQUEST"  # the translation catalogue's codes (TRL)
NOTIFICATION = "SD-INDIVIDUAL-MEASURES"
DEROGATION_SETS = (DEROGATION_REQUEST, NOTIFICATION)
NOTICE = (  # REQ-100: the screen text
    "Individual derogations (Services Directive, Art. 35) are exceptional: use these question "
    "sets only when every condition of the checklist is met."
)
WAITING = timedelta(days=15)  # REQ-104
COMMISSION = "EU"

#: REQ-101: the 10 steps to confirm before sending a derogation request [INFERRED: the
#: codes; the manual counts ten steps without naming them]
REQUEST_CHECKLIST = tuple(f"{DEROGATION_REQUEST}.C{n}" for n in range(1, 11))
#: REQ-103: the checklist of a notification [INFERRED: its steps]
NOTIFICATION_CHECKLIST = tuple(f"{NOTIFICATION}.C{n}" for n in range(1, 6))
CHECKLISTS = {DEROGATION_REQUEST: REQUEST_CHECKLIST, NOTIFICATION: NOTIFICATION_CHECKLIST}


class Procedure(StrEnum):
    NORMAL = "normal"  # REQ-105: steps 1-3, the step-1 reference mandatory
    URGENCY = "urgency"  # REQ-105: imminent risk, notified without steps 1-2


class Measures(StrEnum):
    """REQ-102: what the MSE states in its reply to a derogation request."""

    TAKEN = "taken"
    PLANNED = "planned"
    NONE = "none"


@dataclass(frozen=True)
class Decision:
    """REQ-122: the Commission's contrary decision, which replaces the +15 days date."""

    text: FreeText
    by_user_id: str
    at: datetime


@dataclass
class Derogation:
    request_id: str
    set_code: str
    confirmed: frozenset[str] = frozenset()
    case_description: FreeText | None = None  # REQ-101 / REQ-103
    justification: FreeText | None = None  # REQ-101: why a derogation; REQ-103: why justified
    inadequacy: FreeText | None = None  # REQ-103: why the MSE's measures are inadequate
    procedure: Procedure | None = None  # REQ-105 (notifications)
    linked_request_ref: str | None = None  # REQ-103 / REQ-105: the step-1 request
    measures: Measures | None = None  # REQ-102 (the MSE's reply)
    measures_justification: FreeText | None = None
    delivered_at: datetime | None = None  # REQ-122: after any approval
    decision: Decision | None = None
    history: tuple[str, ...] = field(default=())

    @property
    def measures_from(self) -> date | None:
        """REQ-104 / REQ-117: delivery + 15 days, unless a contrary decision replaced it."""
        if self.decision is not None or self.delivered_at is None:
            return None
        return (self.delivered_at + WAITING).date()


def is_derogation(request: Request) -> bool:
    return request.question_set_code in DEROGATION_SETS


def offered_sets(la_active: bool) -> tuple[str, ...]:
    """REQ-100: every authority with active requests access in the services LA."""
    return DEROGATION_SETS if la_active else ()


def has_text(value: FreeText | None) -> bool:
    return value is not None and bool(value.text.strip())


def edit(request: Request, actor: Actor, current: Derogation | None, new: Derogation) -> Derogation:
    """REQ-101 / REQ-103 / REQ-105: the requesting handler fills the derogation part while the
    request is a draft (or amended after non-approval, REQ-061)."""
    ensure_handler(request, actor, Side.REQUESTING)
    if request.status not in (RequestStatus.DRAFT, RequestStatus.REQUEST_NOT_APPROVED):
        raise Conflict("REQ-101", f"a {request.status.value} request's checklist is fixed")
    if not is_derogation(request) or new.set_code != request.question_set_code:
        raise InvalidInput("REQ-100", "the request does not use this derogation set", "set_code")
    unknown = new.confirmed - set(CHECKLISTS[new.set_code])
    if unknown:
        raise InvalidInput(
            "REQ-101", f"not a step of the checklist: {sorted(unknown)}", "confirmed"
        )
    if new.set_code == DEROGATION_REQUEST and (new.procedure or new.linked_request_ref):
        raise InvalidInput("REQ-105", "only a notification has a procedure", "procedure")
    kept = current or Derogation(request.request_id, new.set_code)
    return replace(
        new,
        request_id=request.request_id,
        measures=kept.measures,
        measures_justification=kept.measures_justification,
        delivered_at=None,
        decision=None,
        history=(*kept.history, "edited"),
    )


def check_before_sending(request: Request, derogation: Derogation | None) -> None:
    """REQ-101 (every step confirmed, the case described and the derogation justified),
    REQ-103 (the notification's checklist and texts), REQ-105 (the procedure; the step-1
    reference in the normal one)."""
    if not is_derogation(request):
        return
    if derogation is None or derogation.set_code != request.question_set_code:
        raise InvalidInput("REQ-101", "complete the derogation checklist first", "derogation")
    missing = [s for s in CHECKLISTS[derogation.set_code] if s not in derogation.confirmed]
    if missing:
        raise InvalidInput("REQ-101", f"confirm every step first: {missing[0]}", "confirmed")
    if not has_text(derogation.case_description):
        raise InvalidInput("REQ-101", "describe the case", "case_description")
    if not has_text(derogation.justification):
        raise InvalidInput("REQ-101", "justify the derogation", "justification")
    if derogation.set_code == NOTIFICATION:
        if not has_text(derogation.inadequacy):
            raise InvalidInput("REQ-103", "say why the MSE's measures are inadequate", "inadequacy")
        if derogation.procedure is None:
            raise InvalidInput("REQ-105", "choose the normal or the urgency procedure", "procedure")
        if derogation.procedure is Procedure.NORMAL and not derogation.linked_request_ref:
            raise InvalidInput(
                "REQ-105", "the normal procedure needs the step-1 reference", "linked_request_ref"
            )


def state_measures(
    request: Request,
    actor: Actor,
    derogation: Derogation,
    measures: Measures,
    justification: FreeText | None,
    allocation_on: bool,
) -> Derogation:
    """REQ-102: the MSE's (allocated) handler states the measures taken or planned; none
    planned needs a justification."""
    ensure_handler(request, actor, Side.RESPONDING, allocation_on)
    if request.status not in AFTER_ACCEPTANCE or request.status in TERMINAL:
        raise Conflict("REQ-102", "the measures are stated once the request is accepted")
    if derogation.set_code != DEROGATION_REQUEST:
        raise InvalidInput("REQ-102", "only a derogation request asks for measures", "measures")
    if measures is Measures.NONE and not has_text(justification):
        raise InvalidInput("REQ-102", "no measures planned: justify it", "justification")
    return replace(
        derogation,
        measures=measures,
        measures_justification=justification,
        history=(*derogation.history, f"measures {measures.value}"),
    )


def check_reply(request: Request, derogation: Derogation | None) -> None:
    """REQ-102: the MSE's reply to a derogation request states the measures taken or planned
    (or none, justified) before it is sent."""
    if request.question_set_code == DEROGATION_REQUEST and (
        derogation is None or derogation.measures is None
    ):
        raise InvalidInput("REQ-102", "state the measures taken or planned first", "measures")


def delivered(derogation: Derogation, at: datetime) -> Derogation:
    """REQ-122: a notification reaches the MSE (after any approval): the +15 days count from
    here. Later arrivals (a forward within the MSE) do not move it."""
    if derogation.set_code != NOTIFICATION or derogation.delivered_at is not None:
        return derogation
    return replace(derogation, delivered_at=at, history=(*derogation.history, "delivered"))
