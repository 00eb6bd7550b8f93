"""Role changes and coordinator functions (DIR-019, DIR-020, DIR-127..DIR-129)."""

from __future__ import annotations

import pytest

from imi_directory.domain.access import AccessAction
from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import (
    AccessStatus,
    AdminFunction,
    AdminRole,
    AlertWorkflowRole,
    RequestWorkflowRole,
    Workflow,
)
from imi_directory.domain.events import AuthorityRoleChanged, CoordinatorFunctionReassigned
from imi_directory.domain.reference import SERVICES
from imi_directory.domain.registration import LegislativeAreaSpec, WorkflowSpec
from imi_directory.domain.roles import check_role_uniqueness
from imi_shared.errors import Conflict, Forbidden, InvalidInput

PQ, REQ, ALR = "professional_qualifications", Workflow.REQUESTS, Workflow.ALERTS
RC = RequestWorkflowRole.REQUEST_COORDINATOR


def suspend_workflow(world, authority, workflow=REQ):
    manager = world.da(world.by_id[authority.la(SERVICES).access_coordinator_id])
    authority.change_access(AccessAction.SUSPEND, manager, SERVICES, world.now, workflow=workflow)


# ------------------------------------------------------------------ workflow role (DIR-127)


def test_dir_127_workflow_role_changed_while_suspended(world):
    ca = world.ca
    suspend_workflow(world, ca)
    events = ca.change_workflow_role(
        world.da(world.dimic), world.dimic, SERVICES, REQ, RC, world.now
    )
    assert ca.workflow(SERVICES, REQ).role is RC
    assert isinstance(events[0], AuthorityRoleChanged)
    assert (events[0].old_role, events[0].new_role) == ("request_authority", "request_coordinator")


def test_dir_127_workflow_role_not_changed_while_active(world):
    with pytest.raises(Conflict, match="DIR-127"):
        world.ca.change_workflow_role(
            world.da(world.dimic), world.dimic, SERVICES, REQ, RC, world.now
        )


def test_dir_127_workflow_role_changed_while_requested_or_before_validation(world):
    ca = world.ca
    ca.request_workflow_access(world.lda(ca), SERVICES, ALR, world.now, catalog=world.catalog)
    ca.change_workflow_role(
        world.da(world.dimic),
        world.dimic,
        SERVICES,
        ALR,
        AlertWorkflowRole.ALERT_AUTHORITY,
        world.now,
    )
    authority, _, _ = world.self_register()
    authority.change_workflow_role(
        world.validating_da(authority), world.dimic, SERVICES, REQ, RC, world.now
    )
    assert authority.workflow(SERVICES, REQ).role is RC


def test_dir_127_only_access_coordinator_changes_workflow_role(world):
    ca = world.ca
    suspend_workflow(world, ca)
    for actor, coordinator in ((world.lda(ca), None), (world.da(world.limic), world.limic)):
        with pytest.raises(Forbidden, match="DIR-127"):
            ca.change_workflow_role(actor, coordinator, SERVICES, REQ, RC, world.now)
    with pytest.raises(Forbidden, match="DIR-127"):  # coordinator ≠ actor's authority
        ca.change_workflow_role(world.da(world.dimic), world.limic, SERVICES, REQ, RC, world.now)


def test_dir_127_role_of_the_right_workflow_and_capability(world):
    ca = world.ca
    suspend_workflow(world, ca)
    with pytest.raises(InvalidInput, match="DIR-002"):
        ca.change_workflow_role(
            world.da(world.dimic),
            world.dimic,
            SERVICES,
            REQ,
            AlertWorkflowRole.ALERT_COORDINATOR,
            world.now,
        )
    limic_ca = world.make_ca(world.limic, workflows=(REQ, ALR), name="Agence")
    suspend_workflow(world, limic_ca, ALR)
    limic_ca.change_workflow_role(
        world.da(world.limic),
        world.limic,
        SERVICES,
        ALR,
        AlertWorkflowRole.ALERT_COORDINATOR,
        world.now,
        is_alert_inbox=True,
    )
    assert limic_ca.workflow(SERVICES, ALR).is_alert_inbox
    with pytest.raises(InvalidInput, match="DIR-003"):
        limic_ca.change_workflow_role(
            world.da(world.limic),
            world.limic,
            SERVICES,
            ALR,
            AlertWorkflowRole.ALERT_AUTHORITY,
            world.now,
            is_alert_inbox=True,
        )


def test_dir_014_dimic_cannot_make_an_alert_coordinator(world):
    ca = world.make_ca(world.dimic, workflows=(REQ, ALR), name="Agence", associated=None)
    suspend_workflow(world, ca, ALR)
    with pytest.raises(Forbidden, match="DIR-014"):
        ca.change_workflow_role(
            world.da(world.dimic),
            world.dimic,
            SERVICES,
            ALR,
            AlertWorkflowRole.ALERT_COORDINATOR,
            world.now,
        )


# ------------------------------------------------------------------ admin role (DIR-128/129)


def promote_setup(world):
    """A DIMIC of services (access coordinator: the NIMIC) with its LA suspended."""
    dimic = world.register(
        world.nimic,
        "Office régional",
        [
            LegislativeAreaSpec(
                la_code=SERVICES,
                admin_role=AdminRole.DIMIC,
                keywords=("retail",),
                workflows=(WorkflowSpec(workflow=REQ, role=RC),),
            )
        ],
    )
    return dimic


def suspend_la(world, authority):
    actor = Actor.helpdesk()  # a coordinator's access: helpdesk-assisted (DIR-021)
    authority.change_access(AccessAction.SUSPEND, actor, SERVICES, world.now, workflow=REQ)
    authority.change_access(AccessAction.SUSPEND, actor, SERVICES, world.now)


def test_dir_128_admin_role_changed_while_la_suspended(world):
    dimic = promote_setup(world)
    with pytest.raises(Conflict, match="DIR-128"):
        dimic.change_admin_role(
            world.da(world.nimic),
            world.nimic,
            SERVICES,
            AdminRole.LIMIC,
            world.now,
            catalog=world.catalog,
            others=world.all,
        )
    suspend_la(world, dimic)
    # the national LIMIC of services exists already (DIR-129)
    with pytest.raises(Conflict, match="DIR-129"):
        dimic.change_admin_role(
            world.da(world.nimic),
            world.nimic,
            SERVICES,
            AdminRole.LIMIC,
            world.now,
            catalog=world.catalog,
            others=world.all,
        )
    world.limic.legislative_areas[SERVICES].status = world.limic.la(SERVICES).status.REMOVED
    events = dimic.change_admin_role(
        world.da(world.nimic),
        world.nimic,
        SERVICES,
        AdminRole.LIMIC,
        world.now,
        catalog=world.catalog,
        others=world.all,
    )
    assert dimic.admin_role_in(SERVICES) is AdminRole.LIMIC
    assert (events[0].old_role, events[0].new_role, events[0].workflow) == ("dimic", "limic", None)


def test_dir_128_admin_role_needs_workflows_suspended(world):
    dimic = promote_setup(world)
    suspend_la(world, dimic)
    dimic.change_access(AccessAction.REACTIVATE, world.da(world.nimic), SERVICES, world.now)
    with pytest.raises(Conflict, match="DIR-128"):  # LA active again
        dimic.change_admin_role(
            world.da(world.nimic),
            world.nimic,
            SERVICES,
            AdminRole.COMPETENT_AUTHORITY,
            world.now,
            catalog=world.catalog,
        )
    # defensive: an active workflow under a suspended LA (cannot arise through the machine)
    dimic.la(SERVICES).status = AccessStatus.SUSPENDED
    dimic.workflow(SERVICES, REQ).status = AccessStatus.ACTIVE
    with pytest.raises(Conflict, match="DIR-128"):
        dimic.change_admin_role(
            world.da(world.nimic),
            world.nimic,
            SERVICES,
            AdminRole.COMPETENT_AUTHORITY,
            world.now,
            catalog=world.catalog,
        )


def test_dir_128_admin_role_changed_while_requested_or_before_validation(world):
    authority, _, _ = world.self_register(world.invite(world.limic))
    authority.change_admin_role(
        world.validating_da(authority),
        world.limic,
        SERVICES,
        AdminRole.DIMIC,
        world.now,
        catalog=world.catalog,
    )
    assert authority.admin_role_in(SERVICES) is AdminRole.DIMIC
    ca = world.ca
    ca.request_la_access(
        world.lda(ca),
        PQ,
        world.now,
        access_coordinator=world.nimic,
        catalog=world.catalog,
        keywords=("doctors",),
    )
    ca.change_admin_role(
        world.da(world.nimic, PQ),
        world.nimic,
        PQ,
        AdminRole.DIMIC,
        world.now,
        catalog=world.catalog,
    )
    assert ca.admin_role_in(PQ) is AdminRole.DIMIC


def test_dir_128_only_capable_access_coordinator_changes_admin_role(world):
    dimic = promote_setup(world)
    suspend_la(world, dimic)
    with pytest.raises(Forbidden, match="DIR-128"):
        dimic.change_admin_role(
            world.lda(dimic),
            None,
            SERVICES,
            AdminRole.COMPETENT_AUTHORITY,
            world.now,
            catalog=world.catalog,
        )
    ca = world.ca
    manager = world.da(world.dimic)
    ca.change_access(AccessAction.SUSPEND, manager, SERVICES, world.now, workflow=REQ)
    ca.change_access(AccessAction.SUSPEND, manager, SERVICES, world.now)
    with pytest.raises(Forbidden, match="DIR-014"):  # a DIMIC cannot make a DIMIC
        ca.change_admin_role(
            manager, world.dimic, SERVICES, AdminRole.DIMIC, world.now, catalog=world.catalog
        )


def test_dir_129_one_nimic_per_member_state_on_role_change(world):
    ca = world.ca
    ca.request_la_access(
        world.lda(ca),
        PQ,
        world.now,
        access_coordinator=world.nimic,
        catalog=world.catalog,
        keywords=("doctors",),
    )
    with pytest.raises(Forbidden, match="DIR-014"):  # nobody may make a NIMIC
        ca.change_admin_role(
            world.da(world.nimic, PQ),
            world.nimic,
            PQ,
            AdminRole.NIMIC,
            world.now,
            catalog=world.catalog,
            others=world.all,
        )
    with pytest.raises(Conflict, match="DIR-129"):
        check_role_uniqueness(
            authority_id=ca.id,
            member_state="FR",
            la_code=PQ,
            role=AdminRole.NIMIC,
            coordination_region=None,
            others=world.all,
            rule_id="DIR-129",
        )


def test_dir_025_026_new_horizontal_role_gets_all_keywords_and_horizontal_competence(world):
    office = promote_setup(world)
    office.update_details(
        world.da(world.nimic),
        world.now,
        {"official_name": "Office régional Corse (SDIMIC)", "region": "Corse"},
    )
    suspend_la(world, office)
    office.change_admin_role(
        world.da(world.nimic),
        world.nimic,
        SERVICES,
        AdminRole.SDIMIC,
        world.now,
        catalog=world.catalog,
        others=world.all,
    )
    assert set(office.la(SERVICES).keywords) == world.catalog.keywords(SERVICES)
    assert office.horizontal_competence is True


def test_dir_013_name_checked_on_admin_role_change(world):
    office = promote_setup(world)
    suspend_la(world, office)
    with pytest.raises(InvalidInput, match="DIR-013"):
        office.change_admin_role(
            world.da(world.nimic),
            world.nimic,
            SERVICES,
            AdminRole.SDIMIC,
            world.now,
            catalog=world.catalog,
            others=world.all,
        )


# ------------------------------------------------------------------ functions (DIR-019/020)


def test_dir_019_validating_function_reassigned_within_member_state(world):
    ca = world.ca
    events = ca.reassign_validating_coordinator(world.validating_da(ca), world.limic, world.now)
    assert ca.validating_coordinator_id == world.limic.id
    assert isinstance(events[0], CoordinatorFunctionReassigned)
    assert events[0].function is AdminFunction.VALIDATING_COORDINATOR
    with pytest.raises(Forbidden, match="DIR-019"):
        ca.reassign_validating_coordinator(world.da(world.dimic), world.nimic, world.now)


def test_dir_019_access_function_reassigned(world):
    ca = world.ca
    ca.reassign_access_coordinator(world.da(world.dimic), SERVICES, world.nimic, world.now)
    assert ca.la(SERVICES).access_coordinator_id == world.nimic.id
    with pytest.raises(Forbidden, match="DIR-019"):
        ca.reassign_access_coordinator(world.da(world.dimic), SERVICES, world.limic, world.now)


def test_dir_020_functions_go_only_to_higher_level_coordinators(world):
    dimic = world.dimic  # validating and access coordinator: the LIMIC
    other_dimic = world.register(
        world.limic,
        "Autre chambre",
        [
            LegislativeAreaSpec(
                la_code=SERVICES,
                admin_role=AdminRole.DIMIC,
                keywords=("retail",),
                workflows=(WorkflowSpec(workflow=REQ, role=RC),),
            )
        ],
    )
    with pytest.raises(Forbidden, match="DIR-020"):
        dimic.reassign_validating_coordinator(world.validating_da(dimic), other_dimic, world.now)
    with pytest.raises(Forbidden, match="DIR-020"):
        dimic.reassign_access_coordinator(world.da(world.limic), SERVICES, other_dimic, world.now)
    with pytest.raises(Forbidden, match="DIR-020"):
        dimic.reassign_validating_coordinator(world.validating_da(dimic), world.ca, world.now)
    dimic.reassign_validating_coordinator(world.validating_da(dimic), world.sdimic, world.now)
    assert dimic.validating_coordinator_id == world.sdimic.id


def test_dir_020_functions_stay_in_the_member_state(world):
    de = world.register(
        None,
        "Bundesamt (NIMIC)",
        [LegislativeAreaSpec(la_code=SERVICES, admin_role=AdminRole.NIMIC)],
        actor=Actor.helpdesk(),
        member_state="DE",
    )
    with pytest.raises(Forbidden, match="DIR-020"):
        world.ca.reassign_validating_coordinator(world.validating_da(world.ca), de, world.now)
