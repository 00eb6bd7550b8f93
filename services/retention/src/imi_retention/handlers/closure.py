"""A case's closure starts its retention schedule (X-029; RET-003 for alerts)."""

from __future__ import annotations

from ..adapters.alerts_events import CLOSED, SERVICES_LA, WITHDRAWN, AlertStatusChanged
from ..adapters.record_repository import RecordRepository
from ..context import RetentionContext
from ..domain.schedule import RetentionRecord, record_id, start


async def alert_status_changed(
    ctx: RetentionContext, event: AlertStatusChanged, member_state: str, tx
) -> RetentionRecord | None:
    """`closed` or `withdrawn` starts the alert's schedule, once; other statuses: nothing."""
    if event.new_status not in (CLOSED, WITHDRAWN):
        return None
    if await RecordRepository(tx).find(record_id("alert", event.alert_id)) is not None:
        return None  # already scheduled (a closure after a withdrawal cannot restart it)
    record = start(
        "alert",
        event.alert_id,
        la_code=SERVICES_LA,
        member_state=member_state,
        authority_id=event.actor.authority_id if event.actor else None,
        closed_at=event.occurred_at,
        periods=ctx.periods,
    )
    result = await ctx.runner(tx).create(lambda step: (record, []))
    return result.aggregate
