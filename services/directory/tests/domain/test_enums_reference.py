"""DIR-001..DIR-009 (codes), DIR-005 (role scopes), X-004 (legislative-area catalogue)."""

from __future__ import annotations

import pytest

from imi_directory.domain.enums import (
    FRENCH_LABELS,
    AccessStatus,
    AdminFunction,
    AdminRole,
    AlertWorkflowRole,
    AuthorityStatus,
    InvitationRefusalReason,
    InvitationStatus,
    RequestWorkflowRole,
    UserRole,
    UserStatus,
    Workflow,
    coordinator_workflow_role,
    default_workflow_role,
    parse_workflow_role,
    workflow_of_role,
)
from imi_directory.domain.reference import SERVICES, LegislativeAreaCatalog, LegislativeAreaDef
from imi_directory.domain.user_roles import RoleAssignment
from imi_directory.reference import default_reference
from imi_shared.errors import InvalidInput, RuleViolation


def codes(enum) -> set[str]:
    return {member.value for member in enum}


def test_dir_001_admin_roles_and_horizontal_competence():
    assert codes(AdminRole) == {"nimic", "sdimic", "limic", "dimic", "competent_authority"}
    assert {r for r in AdminRole if r.is_horizontal} == {AdminRole.NIMIC, AdminRole.SDIMIC}
    assert not AdminRole.COMPETENT_AUTHORITY.is_coordinator
    assert all(r.is_coordinator for r in AdminRole if r is not AdminRole.COMPETENT_AUTHORITY)


def test_dir_002_request_workflow_roles_default_is_authority():
    assert codes(RequestWorkflowRole) == {"request_authority", "request_coordinator"}
    assert default_workflow_role(Workflow.REQUESTS) is RequestWorkflowRole.REQUEST_AUTHORITY
    assert coordinator_workflow_role(Workflow.REQUESTS) is RequestWorkflowRole.REQUEST_COORDINATOR


def test_dir_003_alert_workflow_roles_default_is_authority():
    assert codes(AlertWorkflowRole) == {"alert_authority", "alert_coordinator"}
    assert default_workflow_role(Workflow.ALERTS) is AlertWorkflowRole.ALERT_AUTHORITY
    assert workflow_of_role(AlertWorkflowRole.ALERT_COORDINATOR) is Workflow.ALERTS
    assert parse_workflow_role("alert_coordinator") is AlertWorkflowRole.ALERT_COORDINATOR
    assert parse_workflow_role("request_authority") is RequestWorkflowRole.REQUEST_AUTHORITY
    with pytest.raises(ValueError):
        parse_workflow_role("arbiter")


def test_dir_004_admin_functions():
    assert codes(AdminFunction) == {"validating_coordinator", "access_coordinator"}


def test_dir_005_user_roles():
    assert codes(UserRole) == {
        "local_data_admin",
        "basic_user",
        "data_admin",
        "request_viewer",
        "request_handler",
        "allocator",
        "arbiter",
        "alert_viewer",
        "alert_handler",
        "alert_forwarder",
    }


@pytest.mark.parametrize(
    ("role", "la", "workflow"),
    [
        (UserRole.LOCAL_DATA_ADMIN, None, None),
        (UserRole.BASIC_USER, None, None),
        (UserRole.DATA_ADMIN, SERVICES, None),
        (UserRole.REQUEST_HANDLER, SERVICES, Workflow.REQUESTS),
        (UserRole.ARBITER, SERVICES, Workflow.REQUESTS),
        (UserRole.ALERT_FORWARDER, SERVICES, Workflow.ALERTS),
    ],
)
def test_dir_005_role_scopes_accepted(role, la, workflow):
    assert RoleAssignment(role=role, la_code=la, workflow=workflow).key == (role, la, workflow)


@pytest.mark.parametrize(
    ("role", "la", "workflow"),
    [
        (UserRole.LOCAL_DATA_ADMIN, SERVICES, None),
        (UserRole.DATA_ADMIN, None, None),
        (UserRole.DATA_ADMIN, SERVICES, Workflow.REQUESTS),
        (UserRole.REQUEST_HANDLER, SERVICES, None),
        (UserRole.REQUEST_HANDLER, SERVICES, Workflow.ALERTS),
        (UserRole.ALERT_HANDLER, SERVICES, Workflow.REQUESTS),
    ],
)
def test_dir_005_role_scopes_refused(role, la, workflow):
    with pytest.raises(InvalidInput, match="DIR-005"):
        RoleAssignment(role=role, la_code=la, workflow=workflow)


def test_dir_006_authority_statuses_with_french_labels():
    assert codes(AuthorityStatus) == {
        "registration_requested",
        "active",
        "registration_refused",
        "suspended",
        "inactive",
    }
    assert FRENCH_LABELS[AuthorityStatus.REGISTRATION_REQUESTED] == "Enregistrement demandé"
    assert all(s in FRENCH_LABELS for s in AuthorityStatus)


def test_dir_007_access_statuses_with_french_labels():
    assert codes(AccessStatus) == {
        "requested",
        "active",
        "suspended",
        "suspended_reactivation_requested",
        "removed",
        "removed_reactivation_requested",
    }
    assert FRENCH_LABELS[AccessStatus.REMOVED] == "Supprimé"
    assert AccessStatus.SUSPENDED_REACTIVATION_REQUESTED.is_suspended_like
    assert AccessStatus.REMOVED_REACTIVATION_REQUESTED.is_removed_like
    assert not AccessStatus.ACTIVE.is_suspended_like


def test_dir_008_invitation_statuses_with_french_labels():
    assert codes(InvitationStatus) == {
        "draft",
        "submitted",
        "sent_awaiting_registration",
        "registered_awaiting_validation",
        "authority_validated",
        "refused",
        "blocked",
        "expired",
        "withdrawn",
        "validation_refused",
    }
    assert FRENCH_LABELS[InvitationStatus.EXPIRED] == "Invitation caduque"
    assert all(s in FRENCH_LABELS for s in InvitationStatus)


def test_dir_009_invitation_refusal_reasons():
    assert codes(InvitationRefusalReason) == {
        "email_already_used",
        "email_invalid",
        "no_workflow_selected",
    }


def test_dir_140_user_statuses():
    assert codes(UserStatus) == {"active", "locked_out", "removed"}
    assert FRENCH_LABELS[UserStatus.LOCKED_OUT] == "compte bloqué"


def test_x_004_packaged_legislative_areas_alerts_only_in_services():
    catalog = LegislativeAreaCatalog.from_reference(default_reference().legislative_areas())
    assert set(catalog.codes) == {
        "services",
        "professional_qualifications",
        "patients_rights",
        "euro_cash_transport",
        "solvit",
        "posting_of_workers",
    }
    assert "services.tourism" in catalog.keywords(SERVICES)
    catalog.check_keywords(SERVICES, ["services.tourism"])
    assert catalog.workflows(SERVICES) == {Workflow.REQUESTS, Workflow.ALERTS}
    assert all(catalog.workflows(c) == {Workflow.REQUESTS} for c in catalog.codes if c != SERVICES)
    with pytest.raises(InvalidInput, match="X-004"):
        catalog.check_pair("solvit", Workflow.ALERTS)
    with pytest.raises(InvalidInput, match="X-004"):
        catalog.get("fisheries")


def test_x_004_catalogue_refuses_alerts_outside_services():
    with pytest.raises(ValueError, match="X-004"):
        LegislativeAreaCatalog(
            [LegislativeAreaDef(code="solvit", name="S", workflows=frozenset({Workflow.ALERTS}))]
        )


def test_domain_error_carries_the_rule_id():
    error = InvalidInput("DIR-026", "needs a keyword")
    assert isinstance(error, RuleViolation)
    assert error.rule_id == "DIR-026" and str(error) == "DIR-026: needs a keyword"
    assert error.http_status == 422
    with pytest.raises(ValueError):
        InvalidInput("DIR-26", "not a rule id")
