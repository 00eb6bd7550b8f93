"""`GET /retention/report?start=&end=&format=json|pdf`: the retention report for a period."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import AwareDatetime

from imi_shared.auth import CurrentPrincipal
from imi_shared.runtime import service_context

from ...adapters.report_pdf import render_pdf
from ...context import RetentionContext
from ...handlers import report

router = APIRouter(prefix="/retention", tags=["retention report"])
Context = Annotated[RetentionContext, Depends(service_context)]


@router.get("/report", response_model=None)
async def retention_report(
    start: Annotated[AwareDatetime, Query()],
    end: Annotated[AwareDatetime, Query()],
    principal: CurrentPrincipal,
    ctx: Context,
    format: Annotated[Literal["json", "pdf"], Query()] = "json",
) -> dict | Response:
    """What was locked and deleted in [start, end), under which rule, in which service, and
    what falls due in the rest of it; counts per rule and per service add up to the totals."""
    found = await report.retention_report(ctx, principal, start, end)
    if format == "pdf":
        return Response(render_pdf(found), media_type="application/pdf")
    return report.as_json(found)
