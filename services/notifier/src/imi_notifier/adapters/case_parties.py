"""The case-parties read model (NOT-003, NOT-005, NOT-046): collections `request_parties`
(sides' authorities, last actor and allocated users per side) and `alert_parties` (recipient
and removed authorities, launching / responsible member state, origin inbox told)."""

from __future__ import annotations

from typing import Any

from ..domain.case_parties import AlertParties, RequestParties
from .rows import put_row

REQUESTS = "request_parties"
ALERTS = "alert_parties"


def _request(doc: dict[str, Any]) -> RequestParties:
    return RequestParties(
        request_id=doc["_id"],
        la_code=doc["la_code"],
        member_state=doc["member_state"],
        authorities=dict(doc.get("authorities") or {}),
        last_actor=dict(doc.get("last_actor") or {}),
        allocated={k: tuple(v) for k, v in (doc.get("allocated") or {}).items()},
        ref_no=doc.get("ref_no"),
    )


def _alert(doc: dict[str, Any]) -> AlertParties:
    return AlertParties(
        alert_id=doc["_id"],
        ref_no=doc.get("ref_no"),
        recipients=frozenset(doc.get("recipients") or ()),
        removed=frozenset(doc.get("removed") or ()),
        launching_ms=doc.get("launching_ms"),
        responsible_ms=doc.get("responsible_ms"),
        origin_notified=bool(doc.get("origin_notified")),
    )


class CaseParties:
    def __init__(self, tx) -> None:
        self.requests = tx.documents(REQUESTS)
        self.alerts = tx.documents(ALERTS)

    async def request(self, request_id: str) -> RequestParties | None:
        found = await self.requests.get(request_id)
        return None if found is None else _request(found)

    async def put_request(self, p: RequestParties) -> None:
        await put_row(
            self.requests,
            p.request_id,
            {
                "la_code": p.la_code,
                "member_state": p.member_state,
                "authorities": dict(p.authorities),
                "last_actor": dict(p.last_actor),
                "allocated": {k: list(v) for k, v in p.allocated.items()},
                "ref_no": p.ref_no,
            },
        )

    async def alert(self, alert_id: str) -> AlertParties | None:
        found = await self.alerts.get(alert_id)
        return None if found is None else _alert(found)

    async def put_alert(self, p: AlertParties) -> None:
        await put_row(
            self.alerts,
            p.alert_id,
            {
                "ref_no": p.ref_no,
                "recipients": sorted(p.recipients),
                "removed": sorted(p.removed),
                "launching_ms": p.launching_ms,
                "responsible_ms": p.responsible_ms,
                "origin_notified": p.origin_notified,
            },
        )
