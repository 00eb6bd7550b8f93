"""The records an authority holds per legislative area and per workflow (DIR-138, DIR-139).

Status changes go through the `Authority` aggregate (`access.py`); these are its parts.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .enums import (
    AccessStatus,
    AdminRole,
    Workflow,
    WorkflowRole,
    default_workflow_role,
    is_coordinator_workflow_role,
)
from .events import LegislativeAreaState, WorkflowState
from .parameters import WorkflowParameters


class WorkflowAccess(BaseModel):
    """DIR-139: access of an authority to one workflow of one LA, with its role and parameters."""

    model_config = ConfigDict(validate_assignment=True)

    workflow: Workflow
    status: AccessStatus
    role: WorkflowRole
    is_alert_inbox: bool = False
    parameters: WorkflowParameters = Field(default_factory=WorkflowParameters)
    associated_coordinator_ids: list[str] = Field(default_factory=list)
    status_changed_at: AwareDatetime

    @property
    def needs_associated_coordinator(self) -> bool:
        """DIR-027: the «autorité» role needs at least one associated coordinator."""
        return not is_coordinator_workflow_role(self.role)

    def state(self) -> WorkflowState:
        return WorkflowState(
            workflow=self.workflow,
            status=self.status,
            role=str(self.role),
            is_alert_inbox=self.is_alert_inbox,
            parameters=self.parameters.model_dump(),
            associated_coordinator_ids=tuple(self.associated_coordinator_ids),
        )


class LegislativeAreaAccess(BaseModel):
    """DIR-138: access of an authority to one LA, with its admin role and access coordinator.

    `coordination_region` is set for a LIMIC registered by an SDIMIC for its region (DIR-012).
    `access_coordinator_id` None: the function is held by the Commission helpdesk (a NIMIC).
    """

    model_config = ConfigDict(validate_assignment=True)

    la_code: str
    admin_role: AdminRole
    status: AccessStatus
    access_coordinator_id: str | None
    coordination_region: str | None = None
    keywords: list[str] = Field(default_factory=list)
    professions: list[str] = Field(default_factory=list)
    linked_authority_ids: list[str] = Field(default_factory=list)
    workflows: dict[Workflow, WorkflowAccess] = Field(default_factory=dict)
    status_changed_at: AwareDatetime

    def state(self) -> LegislativeAreaState:
        return LegislativeAreaState(
            la_code=self.la_code,
            admin_role=self.admin_role,
            status=self.status,
            access_coordinator_id=self.access_coordinator_id or "",
            coordination_region=self.coordination_region,
            keywords=tuple(self.keywords),
            workflows=tuple(w.state() for w in self.workflows.values()),
        )


def new_workflow_access(
    workflow: Workflow,
    status: AccessStatus,
    now: datetime,
    role: WorkflowRole | None = None,
    **fields,
) -> WorkflowAccess:
    return WorkflowAccess(
        workflow=workflow,
        status=status,
        role=role or default_workflow_role(workflow),
        status_changed_at=now,
        **fields,
    )
