"""Consumer of `request.status_changed`: keeps the responding side's incoming list (REQ-058:
a sent request reaches the responding authority's action list)."""

from __future__ import annotations

from imi_shared.envelope import Envelope
from imi_shared.mongo import Transaction

from ..adapters.event_messages import RequestStatusChanged
from ..adapters.incoming import IncomingRequests
from ..domain.request import BEFORE_SENDING


async def on_status_changed(event: RequestStatusChanged, envelope: Envelope, tx: Transaction):
    if event.responding_authority_id is None or event.new_status in BEFORE_SENDING:
        return  # REQ-112: nothing reaches the responding side before it is sent (and approved)
    await IncomingRequests.of(tx).record(
        {
            "request_id": event.request_id,
            "la_code": event.la_code,
            "status": event.new_status.value,
            "requesting_authority_id": event.requesting_authority_id,
            "requesting_member_state": event.requesting_member_state,
            "responding_authority_id": event.responding_authority_id,
        },
        envelope.occurred_at,
    )
