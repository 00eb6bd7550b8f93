"""Retention's narrow model of the alerts service's `alert.status_changed` (X-029, X-051).

Never imports `imi_alerts`; only what starts the clock: the alert, its new status and when.
`closed`/`withdrawn` start RET-003, `deleted` (a draft or unbroadcast alert) RET-034, and
`broadcast` opens it for the closure reminder (RET-014). Version 2.0 (issue 9: the
justification travels sealed, and retention never reads it); a 1.0 event still on the topic
has the same clear fields and is read alike. `tests/test_alerts_contract.py` checks it
against the alerts' checked-in schema.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from imi_shared.contracts import expects
from imi_shared.envelope import Event, EventCatalog

CLOSED, WITHDRAWN, DELETED, BROADCAST = "closed", "withdrawn", "deleted", "broadcast"


class ActorRef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    authority_id: str = Field(max_length=100)


class AlertStatusChanged(Event):
    event_type: ClassVar[str] = "alert.status_changed"
    schema_version: ClassVar[str] = "2.0"
    aggregate_type: ClassVar[str] = "alert"
    aggregate_id_field: ClassVar[str] = "alert_id"

    alert_id: str = Field(max_length=100)
    new_status: str = Field(
        max_length=60, json_schema_extra=expects(CLOSED, WITHDRAWN, DELETED, BROADCAST)
    )
    occurred_at: AwareDatetime
    actor: ActorRef | None = None
    # the coordinators and mailboxes told of this step: parties of the alert (RET-022)
    notify_authority_ids: list[str] = Field(default_factory=list, max_length=10_000)


USED: tuple[type[Event], ...] = (AlertStatusChanged,)


def alerts_catalog() -> EventCatalog:
    return EventCatalog(*USED)
