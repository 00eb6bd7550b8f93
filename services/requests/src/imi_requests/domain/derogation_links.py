"""REQ-103 / REQ-105: the step-1 request a notification of individual measures quotes by its
reference number (REQ-106 `ref_no`; manual §7.3: step 3 is technically a new request, «pour
permettre aux parties prenantes de faire le lien avec la demande précédente, la notification
doit indiquer le numéro de la demande»). Mandatory only in the normal procedure (checked at
sending, `derogations.check_before_sending`); when given it must name a request for an
individual derogation that the notifying state has sent. Pure."""

from __future__ import annotations

from imi_shared.errors import InvalidInput

from .derogations import DEROGATION_REQUEST, Derogation
from .request import BEFORE_SENDING, Request


def check_linked(request: Request, derogation: Derogation, linked: Request | None) -> None:
    """`linked`: the request whose ref_no is `derogation.linked_request_ref` (None: none)."""
    if not derogation.linked_request_ref:
        return
    if (
        linked is None
        or linked.question_set_code != DEROGATION_REQUEST
        or linked.status in BEFORE_SENDING
        or linked.requesting_member_state != request.requesting_member_state
    ):
        raise InvalidInput(
            "REQ-105",
            "no request for individual derogation sent by your state has this reference number",
            "linked_request_ref",
        )
