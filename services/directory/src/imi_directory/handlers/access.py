"""LA-access and workflow-access commands (DIR §3.11) and role changes (DIR §3.12).

`grant` creates a new access (DIR-110) or grants a requested one (DIR-112); `request` asks
for a new access (DIR-111); every other action applies one row of the DIR §3.11 table.
Removal counts the open cases of the LA / workflow from the open-cases read model
(DIR-118, DIR-119).
"""

from __future__ import annotations

from enum import StrEnum

from imi_shared.errors import Forbidden, InvalidInput

from ..bootstrap import DirectoryContext
from ..domain.access import AccessAction
from ..domain.actors import Actor
from ..domain.authority import Authority
from ..domain.enums import Workflow, WorkflowRole, parse_workflow_role, workflow_of_role
from .commands import AccessDetails, ChangeAdminRole, ChangeWorkflowRole
from .reference_checks import checked_workflow
from .unit import Outcome, Unit, catalog_of, run_change


class AccessCommand(StrEnum):
    GRANT = "grant"
    REQUEST = "request"
    REFUSE = "refuse"
    SUSPEND = "suspend"
    REACTIVATE = "reactivate"
    REQUEST_REACTIVATION = "request_reactivation"
    ACCEPT_REACTIVATION = "accept_reactivation"
    REFUSE_REACTIVATION = "refuse_reactivation"
    REMOVE = "remove"
    START_REACTIVATION = "start_reactivation"


async def change_la_access(
    ctx: DirectoryContext,
    actor: Actor,
    authority_id: str,
    la_code: str,
    command: AccessCommand,
    details: AccessDetails | None = None,
) -> Outcome:
    catalog = catalog_of(ctx)
    catalog.get(la_code)
    details = details or AccessDetails()

    async def change(unit: Unit, authority: Authority):
        exists = la_code in authority.legislative_areas
        if command is AccessCommand.GRANT and not exists:
            coordinator = await unit.coordinator_of(actor)
            if coordinator is None:
                raise Forbidden(
                    "DIR-110", "only a coordinator's data administrator may grant access"
                )
            return authority.grant_la_access(
                actor,
                coordinator,
                la_code,
                unit.now,
                catalog=catalog,
                keywords=details.keywords,
                admin_role=details.admin_role,
                others=await unit.others_of(authority.member_state),
            )
        if command is AccessCommand.REQUEST:
            if not details.access_coordinator_id:
                raise InvalidInput("DIR-111", "name the coordinator asked for access")
            return authority.request_la_access(
                actor,
                la_code,
                unit.now,
                catalog=catalog,
                keywords=details.keywords,
                access_coordinator=await unit.authorities.get(details.access_coordinator_id),
            )
        open_cases = None
        if command is AccessCommand.REMOVE:
            open_cases = await unit.open_cases.count(authority.id, la_code)
        return authority.change_access(
            AccessAction(command.value), actor, la_code, unit.now, open_cases=open_cases
        )

    return await run_change(ctx, authority_id, change)


async def change_workflow_access(
    ctx: DirectoryContext,
    actor: Actor,
    authority_id: str,
    la_code: str,
    workflow: str,
    command: AccessCommand,
    details: AccessDetails | None = None,
) -> Outcome:
    catalog = catalog_of(ctx)
    flow = checked_workflow(catalog, la_code, workflow)
    details = details or AccessDetails()

    async def change(unit: Unit, authority: Authority):
        la = authority.la(la_code)
        if command is AccessCommand.GRANT and flow not in la.workflows:
            associated = await unit.authorities.find_many(details.associated_coordinator_ids)
            unknown = [i for i in details.associated_coordinator_ids if i not in associated]
            if unknown:
                raise InvalidInput("DIR-027", f"unknown associated coordinators {unknown}")
            return authority.grant_workflow_access(
                actor,
                await unit.coordinator_of(actor),
                la_code,
                flow,
                unit.now,
                catalog=catalog,
                role=_role(details.role, flow),
                is_alert_inbox=details.is_alert_inbox,
                associated=[associated[i] for i in details.associated_coordinator_ids],
                parameters=details.parameters,
            )
        if command is AccessCommand.REQUEST:
            return authority.request_workflow_access(
                actor, la_code, flow, unit.now, catalog=catalog
            )
        open_cases = None
        if command is AccessCommand.REMOVE:
            open_cases = await unit.open_cases.count(authority.id, la_code, flow.value)
        return authority.change_access(
            AccessAction(command.value),
            actor,
            la_code,
            unit.now,
            workflow=flow,
            open_cases=open_cases,
        )

    return await run_change(ctx, authority_id, change)


async def change_admin_role(
    ctx: DirectoryContext, actor: Actor, authority_id: str, la_code: str, command: ChangeAdminRole
) -> Outcome:
    """DIR-128 / DIR-129."""
    catalog = catalog_of(ctx)
    catalog.get(la_code)

    async def change(unit: Unit, authority: Authority):
        return authority.change_admin_role(
            actor,
            await unit.coordinator_of(actor),
            la_code,
            command.admin_role,
            unit.now,
            catalog=catalog,
            others=await unit.others_of(authority.member_state),
        )

    return await run_change(ctx, authority_id, change)


async def change_workflow_role(
    ctx: DirectoryContext,
    actor: Actor,
    authority_id: str,
    la_code: str,
    workflow: str,
    command: ChangeWorkflowRole,
) -> Outcome:
    """DIR-127 / DIR-002 / DIR-003 / DIR-014."""
    flow = checked_workflow(catalog_of(ctx), la_code, workflow)
    role = _role(command.role, flow)

    async def change(unit: Unit, authority: Authority):
        return authority.change_workflow_role(
            actor,
            await unit.coordinator_of(actor),
            la_code,
            flow,
            role,
            unit.now,
            is_alert_inbox=command.is_alert_inbox,
        )

    return await run_change(ctx, authority_id, change)


def _role(value: str | None, workflow: Workflow) -> WorkflowRole | None:
    if value is None:
        return None
    rule = "DIR-002" if workflow is Workflow.REQUESTS else "DIR-003"
    try:
        role = parse_workflow_role(value)
    except ValueError:
        raise InvalidInput(rule, f"{value!r} is not a workflow role") from None
    if workflow_of_role(role) is not workflow:
        raise InvalidInput(rule, f"{value} is not a role of the {workflow} workflow")
    return role
