"""HTTP API of the directory: LA / workflow access, roles, parameters, associated and access
coordinators of an authority (DIR §3.11, §3.12, §3.4, DIR-018, DIR-019, DIR-027)."""

from fastapi import APIRouter, Response

from ...handlers import access, authorities
from ...handlers.access import AccessCommand
from ...handlers.commands import (
    AccessDetails,
    ChangeAdminRole,
    ChangeWorkflowRole,
    ReassignCoordinator,
    SetAssociatedCoordinators,
    SetParameters,
    UpdateLegislativeAreaData,
)
from ._common import Context, CurrentActor, outcome_view

router = APIRouter(prefix="/authorities/{authority_id}/access/{la_code}", tags=["authorities"])


@router.post("/{action}")
async def change_la_access(
    authority_id: str,
    la_code: str,
    action: AccessCommand,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
    body: AccessDetails | None = None,
) -> dict:
    """DIR-110..DIR-123 at LA level."""
    outcome = await access.change_la_access(ctx, actor, authority_id, la_code, action, body)
    return outcome_view(outcome, response)


@router.post("/{workflow}/{action}")
async def change_workflow_access(
    authority_id: str,
    la_code: str,
    workflow: str,
    action: AccessCommand,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
    body: AccessDetails | None = None,
) -> dict:
    """DIR-110..DIR-123 at workflow level."""
    outcome = await access.change_workflow_access(
        ctx, actor, authority_id, la_code, workflow, action, body
    )
    return outcome_view(outcome, response)


@router.patch("")
async def update_la_data(
    authority_id: str,
    la_code: str,
    body: UpdateLegislativeAreaData,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
) -> dict:
    """DIR-018 / DIR-026 / DIR-029 / DIR-124."""
    outcome = await authorities.update_la_data(ctx, actor, authority_id, la_code, body)
    return outcome_view(outcome, response)


@router.put("/role")
async def change_admin_role(
    authority_id: str,
    la_code: str,
    body: ChangeAdminRole,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
) -> dict:
    """DIR-128 / DIR-129."""
    outcome = await access.change_admin_role(ctx, actor, authority_id, la_code, body)
    return outcome_view(outcome, response)


@router.put("/access-coordinator")
async def reassign_access_coordinator(
    authority_id: str,
    la_code: str,
    body: ReassignCoordinator,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
) -> dict:
    """DIR-019 / DIR-020."""
    outcome = await authorities.reassign_access_coordinator(ctx, actor, authority_id, la_code, body)
    return outcome_view(outcome, response)


@router.put("/{workflow}/role")
async def change_workflow_role(
    authority_id: str,
    la_code: str,
    workflow: str,
    body: ChangeWorkflowRole,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
) -> dict:
    """DIR-127."""
    outcome = await access.change_workflow_role(ctx, actor, authority_id, la_code, workflow, body)
    return outcome_view(outcome, response)


@router.put("/{workflow}/parameters")
async def set_parameters(
    authority_id: str,
    la_code: str,
    workflow: str,
    body: SetParameters,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
) -> dict:
    """DIR-030..DIR-038."""
    outcome = await authorities.set_parameters(ctx, actor, authority_id, la_code, workflow, body)
    return outcome_view(outcome, response)


@router.put("/{workflow}/associated-coordinators")
async def set_associated_coordinators(
    authority_id: str,
    la_code: str,
    workflow: str,
    body: SetAssociatedCoordinators,
    ctx: Context,
    actor: CurrentActor,
    response: Response,
) -> dict:
    """DIR-027."""
    outcome = await authorities.set_associated_coordinators(
        ctx, actor, authority_id, la_code, workflow, body
    )
    return outcome_view(outcome, response)
