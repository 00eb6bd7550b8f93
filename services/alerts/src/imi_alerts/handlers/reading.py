"""Reads of the alerts that originate here: view, list and search, history, report data.
Every read goes through the domain's visibility (`project`, `list_row`; X-010, X-011, X-014)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from imi_shared.auth import Principal

from ..adapters.alert_repository import AlertRepository
from ..adapters.directory_view import DirectoryView
from ..domain import Access, Alert, NoAccess, list_row, project, require_visible
from ..domain.enums import AFTER_BROADCAST
from .actors import actor_for
from .context import AlertsContext

MAX_CANDIDATES = 1000


@dataclass(frozen=True)
class AlertFilters:
    """ALR-077 list criteria; `status` is matched against the status the viewer sees."""

    number: str | None = None  # a number or its beginning
    service_activity: str | None = None
    establishment_ms: str | None = None
    launching_authority: str | None = None
    launching_ms: str | None = None
    status: str | None = None
    broadcast_from: datetime | None = None
    broadcast_to: datetime | None = None
    limit: int = 50
    offset: int = 0

    def query(self) -> dict[str, Any]:
        q: dict[str, Any] = {}
        if self.number:
            q["number"] = {"$gte": self.number, "$lt": self.number + "\uffff"}
        for field, value in (
            ("service_activity_code", self.service_activity),
            ("establishment_ms", self.establishment_ms),
            ("launching_authority_id", self.launching_authority),
            ("launching_ms", self.launching_ms),
        ):
            if value:
                q[field] = value
        if self.broadcast_from or self.broadcast_to:
            q["broadcast_at"] = {
                k: v for k, v in (("$gte", self.broadcast_from), ("$lte", self.broadcast_to)) if v
            }
        return q


def delivery_summary(alert: Alert) -> dict[str, dict[str, Any]]:
    """Each participant's copy as the origin knows it: the sender sees every state's status."""
    return {
        ms: {
            "kind": d.kind.value,
            "status": d.status.value,
            "inbox_authority_ids": list(d.inbox_authority_ids),
            "acknowledged_at": d.acknowledged_at,
            "first_forwarded_at": d.first_forwarded_at,
        }
        for ms, d in alert.deliveries.items()
    }


async def _load(ctx: AlertsContext, principal: Principal, alert_id: str):
    actor = await actor_for(principal, DirectoryView(ctx.uow.db))
    stored = await AlertRepository.reading(ctx.uow.db).get(alert_id)
    require_visible(stored.alert, actor)  # "not yours" reads as absent
    return stored.alert, actor


async def view_alert(ctx: AlertsContext, principal: Principal, alert_id: str) -> dict[str, Any]:
    alert, actor = await _load(ctx, principal, alert_id)
    view = project(alert, actor)
    out = view.model_dump(mode="json")
    if view.access is not Access.REMOVED:
        out["deliveries"] = delivery_summary(alert)
    return out


async def alert_history(
    ctx: AlertsContext, principal: Principal, alert_id: str
) -> list[dict[str, Any]]:
    alert, actor = await _load(ctx, principal, alert_id)
    return [e.model_dump(mode="json") for e in project(alert, actor).history]


async def list_alerts(
    ctx: AlertsContext, principal: Principal, filters: AlertFilters
) -> dict[str, Any]:
    """ALR-077 / ALR-079: the alerts that concern the viewer's authority (the Commission:
    every broadcast alert), as list rows with the status its state sees."""
    actor = await actor_for(principal, DirectoryView(ctx.uow.db))
    query = filters.query()
    if actor.is_commission:
        query["status"] = {"$in": sorted(s.value for s in AFTER_BROADCAST)}
    else:
        query["authority_ids"] = actor.authority_id
    rows = []
    for alert in await AlertRepository.reading(ctx.uow.db).listed(query, limit=MAX_CANDIDATES):
        try:
            row = list_row(alert, actor)
        except NoAccess:
            continue
        if filters.status and row.status != filters.status:
            continue
        rows.append({"alert_id": alert.alert_id, **row.model_dump(mode="json")})
    return {"total": len(rows), "items": rows[filters.offset : filters.offset + filters.limit]}
