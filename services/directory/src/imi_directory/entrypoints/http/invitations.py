"""HTTP API of the directory: invitations of coordinator DAs (DIR §3.6).

Self-registration and validation routes are in `registrations.py` (included here). Views never
show the registration code: it travels only to the invited authority's e-mail (notifier).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile, status

from imi_shared.errors import Forbidden
from imi_shared.openapi_errors import error_responses

from ...adapters import spreadsheet
from ...domain.enums import InvitationStatus
from ...domain.invitation import Invitation
from ...handlers import invitation_helpdesk as helpdesk
from ...handlers import invitations as handlers
from ...handlers.invitation_commands import BulkEdit, DraftInvitation, EditInvitation, Submission
from . import registrations
from ._common import Context, CurrentActor
from .rule_route import RuleRoute, naming, rules

router = APIRouter(tags=["invitations"], route_class=RuleRoute)

# issue 9 #12: 404 without a path id: the caller's authority, or invitations named in the body
ABSENT = error_responses(404)
DRAFT_FIELDS = {"DIR-047": "authority_name", "X-004": "la_workflows", "DIR-050": "la_workflows"}


def invitation_view(invitation: Invitation) -> dict:
    view = invitation.model_dump(mode="json", exclude={"registration_code"})
    view.update(
        reminder_due_at=_iso(invitation.reminder_due_at), listed_until=_iso(invitation.listed_until)
    )
    return view


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


@router.get("/invitations/bulk/template", openapi_extra=rules("DIR-049"))
async def bulk_template(actor: CurrentActor, format: Literal["xlsx", "csv"] = "xlsx") -> Response:
    """DIR-049: the spreadsheet to fill in (one row per authority: name, e-mail). For
    coordinator DAs, the only ones who create invitations (DIR-046)."""
    if not actor.is_data_admin:
        raise Forbidden("DIR-046", "only coordinator data administrators invite")
    if format == "csv":
        return Response(
            spreadsheet.csv_template(),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="invitations.csv"'},
        )
    return Response(
        spreadsheet.xlsx_template(),
        media_type=spreadsheet.XLSX_TYPE,
        headers={"Content-Disposition": 'attachment; filename="invitations.xlsx"'},
    )


@router.post(
    "/invitations",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=rules("DIR-047"),
    responses=ABSENT,
)
async def create_draft(body: DraftInvitation, ctx: Context, actor: CurrentActor) -> dict:
    """DIR-046 / DIR-047 / DIR-057: a draft."""
    with naming(DRAFT_FIELDS):
        return invitation_view(await handlers.create_draft(ctx, actor, body))


@router.post(
    "/invitations/bulk",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=rules("DIR-049"),
    responses=ABSENT,
)
async def upload_bulk(
    file: Annotated[UploadFile, File()], ctx: Context, actor: CurrentActor
) -> dict:
    """DIR-049: one draft per row of the uploaded template (CSV or XLSX), all or none."""
    content = await file.read(spreadsheet.MAX_BYTES + 1)
    rows = spreadsheet.parse_invitation_rows(content, file.filename or "", file.content_type or "")
    with naming({"DIR-047": "file"}):
        drafts = await handlers.create_bulk(ctx, actor, rows)
    return {"created": len(drafts), "invitations": [invitation_view(i) for i in drafts]}


@router.patch("/invitations/bulk", openapi_extra=rules("DIR-050"), responses=ABSENT)
async def edit_bulk(body: BulkEdit, ctx: Context, actor: CurrentActor) -> dict:
    """DIR-050: personal text and/or LA–workflow pairs (never the services alerts workflow)."""
    with naming(DRAFT_FIELDS):
        edited = await handlers.edit_in_bulk(ctx, actor, body)
    return {"edited": len(edited), "invitations": [invitation_view(i) for i in edited]}


@router.post("/invitations/submit", openapi_extra=rules("DIR-051"), responses=ABSENT)
async def submit(body: Submission, ctx: Context, actor: CurrentActor) -> dict:
    """DIR-051..DIR-053: submitted / refused (with reasons and counts) / blocked."""
    report = await handlers.submit(ctx, actor, body)
    counts: dict[str, int] = {}
    for reason in report.refusals.values():
        counts[str(reason)] = counts.get(str(reason), 0) + 1
    return {**report.model_dump(mode="json"), "refusal_counts": counts}


@router.get("/invitations", openapi_extra=rules("DIR-048", status="DIR-008"))
async def list_invitations(
    ctx: Context,
    actor: CurrentActor,
    coordinator_id: str | None = None,
    status_: Annotated[list[InvitationStatus], Query(alias="status")] = [],  # noqa: B006
) -> dict:
    """DIR-048 / DIR-056: the coordinator's invitations still listed (retention timestamps in
    `listed_until`)."""
    found = await handlers.listed(
        ctx, actor, statuses=[str(s) for s in status_], coordinator_id=coordinator_id
    )
    return {"count": len(found), "invitations": [invitation_view(i) for i in found]}


@router.patch("/invitations/{invitation_id}", openapi_extra=rules("DIR-058"))
async def edit(invitation_id: str, body: EditInvitation, ctx: Context, actor: CurrentActor) -> dict:
    """DIR-058 / DIR-060: one draft or refused invitation (the services alerts workflow can
    only be set here, DIR-050)."""
    with naming(DRAFT_FIELDS):
        return invitation_view(await handlers.edit(ctx, actor, invitation_id, body))


@router.delete(
    "/invitations/{invitation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=rules("DIR-058"),
)
async def delete(invitation_id: str, ctx: Context, actor: CurrentActor) -> Response:
    """DIR-058 (draft) / DIR-056 (withdrawn, before the automatic deletion)."""
    await handlers.delete(ctx, actor, invitation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/invitations/{invitation_id}/withdraw", openapi_extra=rules("DIR-069"))
async def withdraw(invitation_id: str, ctx: Context, actor: CurrentActor) -> dict:
    """DIR-069: the registration code is invalidated."""
    return invitation_view(await handlers.withdraw(ctx, actor, invitation_id))


@router.post("/invitations/{invitation_id}/block", openapi_extra=rules("DIR-054"))
async def block(invitation_id: str, ctx: Context, actor: CurrentActor) -> dict:
    """DIR-054 / DIR-063 (helpdesk): an invitation submitted by mistake, while `submitted`."""
    return invitation_view(await helpdesk.block(ctx, actor, invitation_id))


@router.post("/invitations/{invitation_id}/unblock", openapi_extra=rules("DIR-064"))
async def unblock(invitation_id: str, ctx: Context, actor: CurrentActor) -> dict:
    """DIR-064 (helpdesk): sent in the next nightly run."""
    return invitation_view(await helpdesk.unblock(ctx, actor, invitation_id))


router.include_router(registrations.router)
