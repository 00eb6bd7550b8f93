"""HTTP reads of the alerts that originate here: list and search, one alert, its history, its
printable report (ALR-077..079, X-011, X-014)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from ...handlers import reading
from . import report
from .dependencies import Caller, Context
from .query import AlertId, IsoDateTime, Limit, Offset, State, Text

router = APIRouter(prefix="/alerts", tags=["alerts"])


@router.get("")
async def list_alerts(
    ctx: Context,
    caller: Caller,
    number: Text | None = None,
    service_activity: Text | None = None,
    establishment_ms: State | None = None,
    launching_authority: Text | None = None,
    launching_ms: State | None = None,
    status: Text | None = None,
    broadcast_from: Annotated[IsoDateTime | None, Query()] = None,
    broadcast_to: Annotated[IsoDateTime | None, Query()] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict:
    """ALR-077: the alerts concerning the caller's authority (the Commission: every broadcast
    alert, ALR-079), filtered; `status` is the status the caller's state sees."""
    filters = reading.AlertFilters(
        number=number,
        service_activity=service_activity,
        establishment_ms=establishment_ms,
        launching_authority=launching_authority,
        launching_ms=launching_ms,
        status=status,
        broadcast_from=broadcast_from,
        broadcast_to=broadcast_to,
        limit=limit,
        offset=offset,
    )
    return await reading.list_alerts(ctx, caller, filters)


@router.get("/{alert_id}")
async def get_alert(alert_id: AlertId, ctx: Context, caller: Caller) -> dict:
    """The alert as the caller may see it (X-010, X-011), with each participant's delivery."""
    return await reading.view_alert(ctx, caller, alert_id)


@router.get("/{alert_id}/history")
async def history(alert_id: AlertId, ctx: Context, caller: Caller) -> list[dict]:
    """X-025 / ALR-083: the history entries the caller may see (kept after closure)."""
    return await reading.alert_history(ctx, caller, alert_id)


@router.get(
    "/{alert_id}/report",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}, "text/html": {}}}},
)
async def print_report(
    alert_id: AlertId,
    request: Request,
    ctx: Context,
    caller: Caller,
    format: Literal["text", "html"] | None = None,
):
    """ALR-078 / X-014: only what the caller may see; the reduced view once closed or
    withdrawn. `format=html` or `Accept: text/html` for HTML, plain text otherwise."""
    view = await reading.view_alert(ctx, caller, alert_id)
    wants_html = format == "html" or (
        format is None and "text/html" in request.headers.get("accept", "")
    )
    if wants_html:
        return HTMLResponse(report.as_html(view))
    return PlainTextResponse(report.as_text(view))
