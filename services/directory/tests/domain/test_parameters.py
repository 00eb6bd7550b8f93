"""Workflow parameter defaults, applicability and the approval rule (DIR-030..DIR-039)."""

from __future__ import annotations

import pytest

from imi_directory.domain.enums import AlertWorkflowRole, RequestWorkflowRole
from imi_directory.domain.parameters import (
    PARAMETER_RULE,
    WorkflowParameters,
    applicable_parameters,
    approval_applies,
)

DEFAULTS = [
    ("DIR-030", "approval_required", False),
    ("DIR-031", "may_refuse_requests", False),
    ("DIR-032", "may_accept_incoming_requests", True),
    ("DIR-033", "allocation_enabled", False),
    ("DIR-034", "arbitration_participation", True),
    ("DIR-035", "approve_requests", False),
    ("DIR-036", "approve_replies", False),
    ("DIR-037", "final_approval", False),
]


@pytest.mark.parametrize(("rule", "name", "default"), DEFAULTS)
def test_dir_030_to_037_parameter_defaults(rule, name, default):
    assert getattr(WorkflowParameters(), name) is default
    assert PARAMETER_RULE[name] == rule


def test_dir_038_parameters_per_role():
    assert applicable_parameters(RequestWorkflowRole.REQUEST_AUTHORITY) == {
        "approval_required",
        "may_refuse_requests",
        "may_accept_incoming_requests",
        "allocation_enabled",
    }
    assert applicable_parameters(RequestWorkflowRole.REQUEST_COORDINATOR) == {
        "arbitration_participation",
        "approve_requests",
        "approve_replies",
        "allocation_enabled",
    }
    assert applicable_parameters(AlertWorkflowRole.ALERT_COORDINATOR) == {"final_approval"}
    assert applicable_parameters(AlertWorkflowRole.ALERT_AUTHORITY) == frozenset()


@pytest.mark.parametrize(
    ("required", "approves", "kind", "expected"),
    [
        (True, True, "request", True),
        (True, False, "request", False),
        (False, True, "request", False),
        (False, False, "request", False),
        (True, True, "reply", True),
        (True, False, "reply", False),
        (False, True, "reply", False),
    ],
)
def test_dir_039_approval_needs_both_sides(required, approves, kind, expected):
    authority = WorkflowParameters(approval_required=required)
    field = "approve_requests" if kind == "request" else "approve_replies"
    coordinator = WorkflowParameters(**{field: approves})
    assert approval_applies(authority, coordinator, kind) is expected


def test_dir_039_request_and_reply_approval_are_independent():
    authority = WorkflowParameters(approval_required=True)
    coordinator = WorkflowParameters(approve_requests=True, approve_replies=False)
    assert approval_applies(authority, coordinator, "request")
    assert not approval_applies(authority, coordinator, "reply")
