"""Workflow parameters (DIR-030..DIR-039): defaults, which role they apply to, who sets them.

Parameters are stored per authority, per legislative area, per workflow (DIR-038).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from imi_shared.errors import InvalidInput

from .enums import AlertWorkflowRole, RequestWorkflowRole, Workflow, WorkflowRole


class WorkflowParameters(BaseModel):
    """All parameters with their defaults; only those applicable to the role are meaningful."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    approval_required: bool = False  # DIR-030 (competent authority, requests)
    may_refuse_requests: bool = False  # DIR-031
    may_accept_incoming_requests: bool = True  # DIR-032
    allocation_enabled: bool = False  # DIR-033 (any authority, requests)
    arbitration_participation: bool = True  # DIR-034 (request coordinator)
    approve_requests: bool = False  # DIR-035
    approve_replies: bool = False  # DIR-036
    final_approval: bool = False  # DIR-037 (alert coordinator, incl. inbox)


class ParameterGroup(StrEnum):
    """Parameters that share the same "who may change" rule."""

    AUTHORITY = "authority"  # DIR-030..032: coordinators only, never the CA itself
    ALLOCATION = "allocation"  # DIR-033: the authority's own LDAs
    COORDINATOR = "coordinator"  # DIR-034..037: the coordinator itself or its access coordinator


PARAMETER_RULE: dict[str, str] = {
    "approval_required": "DIR-030",
    "may_refuse_requests": "DIR-031",
    "may_accept_incoming_requests": "DIR-032",
    "allocation_enabled": "DIR-033",
    "arbitration_participation": "DIR-034",
    "approve_requests": "DIR-035",
    "approve_replies": "DIR-036",
    "final_approval": "DIR-037",
}

PARAMETER_GROUP: dict[str, ParameterGroup] = {
    "approval_required": ParameterGroup.AUTHORITY,
    "may_refuse_requests": ParameterGroup.AUTHORITY,
    "may_accept_incoming_requests": ParameterGroup.AUTHORITY,
    "allocation_enabled": ParameterGroup.ALLOCATION,
    "arbitration_participation": ParameterGroup.COORDINATOR,
    "approve_requests": ParameterGroup.COORDINATOR,
    "approve_replies": ParameterGroup.COORDINATOR,
    "final_approval": ParameterGroup.COORDINATOR,
}

_APPLICABLE: dict[WorkflowRole, frozenset[str]] = {
    RequestWorkflowRole.REQUEST_AUTHORITY: frozenset(
        {
            "approval_required",
            "may_refuse_requests",
            "may_accept_incoming_requests",
            "allocation_enabled",
        }
    ),
    RequestWorkflowRole.REQUEST_COORDINATOR: frozenset(
        {"arbitration_participation", "approve_requests", "approve_replies", "allocation_enabled"}
    ),
    AlertWorkflowRole.ALERT_COORDINATOR: frozenset({"final_approval"}),
    AlertWorkflowRole.ALERT_AUTHORITY: frozenset(),
}


def applicable_parameters(role: WorkflowRole) -> frozenset[str]:
    """The parameters that a holder of `role` has (DIR-030..037 "Holder" column)."""
    return _APPLICABLE[role]


def parameters_workflow(name: str) -> Workflow:
    return Workflow.ALERTS if name == "final_approval" else Workflow.REQUESTS


def approval_applies(
    authority: WorkflowParameters,
    coordinator: WorkflowParameters,
    kind: Literal["request", "reply"],
) -> bool:
    """DIR-039 [INFERRED]: approval is needed only when the acting CA has `approval_required`
    AND the request coordinator selected for the request approves that kind of message."""
    wanted = coordinator.approve_requests if kind == "request" else coordinator.approve_replies
    return authority.approval_required and wanted


def updated_parameters(
    current: WorkflowParameters,
    role: WorkflowRole,
    changes: dict[str, bool],
    *,
    at_registration: bool = False,
) -> WorkflowParameters:
    """Apply `changes` after checking each parameter exists and applies to `role`.

    At registration `allocation_enabled` keeps its default: the authority's own LDAs set it
    (DIR-033; for coordinators it is shown only after registration)."""
    for name in changes:
        if name not in PARAMETER_RULE:
            raise InvalidInput("DIR-038", f"unknown workflow parameter {name!r}")
        if name not in applicable_parameters(role):
            raise InvalidInput(PARAMETER_RULE[name], f"{name} does not apply to a {role}")
        if at_registration and name == "allocation_enabled":
            raise InvalidInput("DIR-033", "allocation is set by the authority after registration")
    return current.model_copy(update=changes)
