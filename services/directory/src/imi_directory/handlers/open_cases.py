"""Keeps the open-cases read model from the requests and alerts services' events (X-051).

Consumer-side schemas: only the fields the directory needs; extra fields are ignored and
absent optional ones default, so the producers may evolve (minor versions) freely.

An authority is involved in a case when the event names it (requesting / responding
authority, actor's authority, coordinator, notified authorities or `authority_ids`); the
set accumulates over the case's life [INFERRED: a forwarded request keeps counting for the
authority it left until it closes]. A case is open from its first non-draft status until a
terminal one [INFERRED: drafts are not exchanges].
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict

from imi_shared.envelope import Envelope, Event, EventCatalog
from imi_shared.mongo import Transaction

from ..adapters.open_cases import OpenCases
from ..domain.enums import Workflow
from ..domain.reference import SERVICES

CONSUMER = "directory.open-cases"
NOT_OPEN = {
    Workflow.REQUESTS: frozenset({"draft", "closed", "refused", "deleted"}),
    Workflow.ALERTS: frozenset({"draft", "closed", "withdrawn", "deleted"}),
}


class CaseActor(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    authority_id: str | None = None


class _CaseStatusChanged(Event):
    la_code: str
    old_status: str | None = None
    new_status: str
    actor: CaseActor | None = None
    authority_ids: tuple[str, ...] = ()
    occurred_at: AwareDatetime | None = None
    changed_at: AwareDatetime | None = None

    def involved(self) -> set[str]:
        ids = set(self.authority_ids)
        if self.actor and self.actor.authority_id:
            ids.add(self.actor.authority_id)
        return ids


class RequestStatusChanged(_CaseStatusChanged):
    """`request.status_changed` as the directory reads it (REQ §4.11)."""

    event_type: ClassVar[str] = "request.status_changed"
    aggregate_type: ClassVar[str] = "request"

    request_id: str
    requesting_authority_id: str | None = None
    responding_authority_id: str | None = None

    def involved(self) -> set[str]:
        sides = {self.requesting_authority_id, self.responding_authority_id}
        return super().involved() | {i for i in sides if i}


class AlertStatusChanged(_CaseStatusChanged):
    """`alert.status_changed` as the directory reads it (ALR §5.10). Alerts exist only in the
    services LA (X-004). 2.0 since alerts seals its justification (issue 9), which is not read
    here; 1.0 events have the same clear fields and are read alike."""

    event_type: ClassVar[str] = "alert.status_changed"
    schema_version: ClassVar[str] = "2.0"
    aggregate_type: ClassVar[str] = "alert"

    alert_id: str
    la_code: str = SERVICES
    coordinator_id: str | None = None
    notify_authority_ids: tuple[str, ...] = ()

    def involved(self) -> set[str]:
        extra = {*self.notify_authority_ids, self.coordinator_id}
        return super().involved() | {i for i in extra if i}


def case_catalog() -> EventCatalog:
    return EventCatalog(RequestStatusChanged, AlertStatusChanged)


async def on_request_status_changed(
    event: RequestStatusChanged, envelope: Envelope, tx: Transaction
) -> None:
    await _record(tx, Workflow.REQUESTS, event.request_id, event, envelope)


async def on_alert_status_changed(
    event: AlertStatusChanged, envelope: Envelope, tx: Transaction
) -> None:
    await _record(tx, Workflow.ALERTS, event.alert_id, event, envelope)


async def _record(
    tx: Transaction, workflow: Workflow, case_id: str, event: _CaseStatusChanged, envelope: Envelope
) -> None:
    await OpenCases(tx).record(
        workflow=workflow.value,
        case_id=case_id,
        la_code=event.la_code,
        is_open=event.new_status not in NOT_OPEN[workflow],
        status=event.new_status,
        authority_ids=event.involved(),
        at=event.changed_at or event.occurred_at or envelope.occurred_at,
    )
