"""Coordinator hierarchy, capability matrix and uniqueness (DIR-010..DIR-016, DIR-020)."""

from __future__ import annotations

import pytest

from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import (
    AdminRole,
    AlertWorkflowRole,
    AuthorityStatus,
    RequestWorkflowRole,
    Workflow,
)
from imi_directory.domain.reference import SERVICES
from imi_directory.domain.registration import LegislativeAreaSpec, WorkflowSpec
from imi_directory.domain.roles import (
    MANAGEABLE_ROLES,
    check_coordinator_name,
    check_inbox_flag,
    check_may_manage,
    may_assign_workflow_role,
    may_manage,
)
from imi_shared.errors import Conflict, Forbidden, InvalidInput

R = AdminRole
PQ, REQ = "professional_qualifications", Workflow.REQUESTS
# DIR-014 rows 1-4: (manager, target) → permitted
MATRIX = {
    R.NIMIC: {R.SDIMIC, R.LIMIC, R.DIMIC, R.COMPETENT_AUTHORITY},
    R.SDIMIC: {R.LIMIC, R.DIMIC, R.COMPETENT_AUTHORITY},
    R.LIMIC: {R.DIMIC, R.COMPETENT_AUTHORITY},
    R.DIMIC: {R.COMPETENT_AUTHORITY},
    R.COMPETENT_AUTHORITY: set(),
}


@pytest.mark.parametrize("manager", list(R))
@pytest.mark.parametrize("target", list(R))
def test_dir_014_capability_matrix(manager, target):
    assert may_manage(manager, target) is (target in MATRIX[manager])
    assert MANAGEABLE_ROLES[manager] == MATRIX[manager]


@pytest.mark.parametrize(
    ("manager", "role", "inbox", "la", "allowed"),
    [
        (R.NIMIC, RequestWorkflowRole.REQUEST_COORDINATOR, False, SERVICES, True),
        (R.DIMIC, RequestWorkflowRole.REQUEST_COORDINATOR, False, SERVICES, True),
        (R.DIMIC, RequestWorkflowRole.REQUEST_AUTHORITY, False, PQ, True),
        (R.COMPETENT_AUTHORITY, RequestWorkflowRole.REQUEST_AUTHORITY, False, SERVICES, False),
        (R.NIMIC, AlertWorkflowRole.ALERT_COORDINATOR, True, SERVICES, True),
        (R.SDIMIC, AlertWorkflowRole.ALERT_COORDINATOR, True, SERVICES, True),
        (R.LIMIC, AlertWorkflowRole.ALERT_COORDINATOR, True, SERVICES, True),
        (R.LIMIC, AlertWorkflowRole.ALERT_AUTHORITY, False, PQ, False),
        (R.DIMIC, AlertWorkflowRole.ALERT_AUTHORITY, False, SERVICES, True),
        (R.DIMIC, AlertWorkflowRole.ALERT_COORDINATOR, False, SERVICES, False),
        (R.DIMIC, AlertWorkflowRole.ALERT_COORDINATOR, True, SERVICES, False),
    ],
)
def test_dir_014_workflow_role_assignment(manager, role, inbox, la, allowed):
    assert may_assign_workflow_role(manager, la, role, inbox) is allowed


def test_dir_003_only_alert_coordinator_may_be_inbox():
    check_inbox_flag(AlertWorkflowRole.ALERT_COORDINATOR, True)
    with pytest.raises(InvalidInput, match="DIR-003"):
        check_inbox_flag(AlertWorkflowRole.ALERT_AUTHORITY, True)


def test_dir_010_one_nimic_per_member_state(world):
    with pytest.raises(Conflict, match="DIR-010"):
        world.register(
            None,
            "Autre ministère (NIMIC)",
            [LegislativeAreaSpec(la_code=SERVICES, admin_role=R.NIMIC)],
            actor=_helpdesk(),
        )
    # another member state may have its own NIMIC
    de = world.register(
        None,
        "Bundesministerium (NIMIC)",
        [LegislativeAreaSpec(la_code=SERVICES, admin_role=R.NIMIC)],
        actor=_helpdesk(),
        member_state="DE",
    )
    assert de.legislative_areas[SERVICES].admin_role is R.NIMIC


def _helpdesk():
    return Actor.helpdesk()


def test_dir_011_sdimic_cannot_register_sdimic(world):
    with pytest.raises(Forbidden, match="DIR-011"):
        world.register(
            world.sdimic,
            "Préfecture Alsace (SDIMIC)",
            world.coordinator_areas(R.SDIMIC),
            region="Alsace",
        )


def test_dir_011_sdimic_has_nimic_powers_otherwise(world):
    limic = world.register(
        world.sdimic,
        "Région Bretagne économie",
        [
            LegislativeAreaSpec(
                la_code=PQ,
                admin_role=R.LIMIC,
                keywords=("doctors",),
                workflows=(
                    WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                ),
            )
        ],
    )
    assert limic.legislative_areas[PQ].coordination_region == "Bretagne"
    dimic = world.register(
        world.sdimic,
        "Département",
        [
            LegislativeAreaSpec(
                la_code=PQ,
                admin_role=R.DIMIC,
                keywords=("doctors",),
                workflows=(
                    WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                ),
            )
        ],
    )
    assert dimic.validating_coordinator_id == world.sdimic.id


def test_dir_012_one_limic_per_la_per_member_state(world):
    spec = [
        LegislativeAreaSpec(
            la_code=SERVICES,
            admin_role=R.LIMIC,
            keywords=("retail",),
            workflows=(WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),),
        )
    ]
    with pytest.raises(Conflict, match="DIR-012"):
        world.register(world.nimic, "Autre ministère", spec)
    # a LIMIC of another LA is fine
    health = world.register(
        world.nimic,
        "Ministère de la santé",
        [spec[0].model_copy(update={"la_code": PQ, "keywords": ("doctors",)})],
    )
    assert health.la(PQ).admin_role is R.LIMIC


def test_dir_012_sdimic_may_register_one_limic_per_la_for_its_region(world):
    spec = [
        LegislativeAreaSpec(
            la_code=SERVICES,
            admin_role=R.LIMIC,
            keywords=("retail",),
            workflows=(WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),),
        )
    ]
    regional = world.register(world.sdimic, "Région Bretagne", spec)  # national LIMIC exists
    assert regional.legislative_areas[SERVICES].coordination_region == "Bretagne"
    with pytest.raises(Conflict, match="DIR-012"):
        world.register(world.sdimic, "Autre service breton", spec)


def test_dir_013_nimic_and_sdimic_names(world):
    check_coordinator_name("Ministère (NIMIC)", [R.NIMIC], None)
    check_coordinator_name(
        "Innenministerium Baden-Württemberg (SDIMIC)", [R.SDIMIC], "Baden-Württemberg"
    )
    check_coordinator_name("Mairie", [R.COMPETENT_AUTHORITY, R.DIMIC], None)
    with pytest.raises(InvalidInput, match="DIR-013"):
        check_coordinator_name("Ministère", [R.NIMIC], None)
    with pytest.raises(InvalidInput, match="DIR-013"):
        check_coordinator_name("Innenministerium (SDIMIC)", [R.SDIMIC], "Baden-Württemberg")
    with pytest.raises(InvalidInput, match="DIR-013"):
        check_coordinator_name(
            "Innenministerium Baden-Württemberg", [R.SDIMIC], "Baden-Württemberg"
        )
    with pytest.raises(InvalidInput, match="DIR-013"):  # "SDIMIC" does not make a NIMIC name
        check_coordinator_name("Ministère (SDIMIC)", [R.NIMIC], None)


def test_dir_013_checked_when_the_authority_is_registered(world):
    with pytest.raises(InvalidInput, match="DIR-013"):
        world.register(
            world.nimic, "Préfecture", world.coordinator_areas(R.SDIMIC), region="Alsace"
        )


def test_dir_014_limic_acts_only_in_its_la(world):
    with pytest.raises(Forbidden, match="DIR-014"):
        check_may_manage(world.limic, PQ, R.COMPETENT_AUTHORITY, "FR")
    assert check_may_manage(world.limic, SERVICES, R.DIMIC, "FR") is R.LIMIC


def test_dir_014_coordinator_acts_only_in_its_member_state(world):
    with pytest.raises(Forbidden, match="DIR-014"):
        check_may_manage(world.nimic, SERVICES, R.COMPETENT_AUTHORITY, "DE")


@pytest.mark.parametrize(
    ("registrar", "target"),
    [
        ("limic", R.LIMIC),
        ("limic", R.SDIMIC),
        ("dimic", R.DIMIC),
        ("dimic", R.LIMIC),
        ("sdimic", R.SDIMIC),
    ],
)
def test_dir_014_registration_refused_above_capability(world, registrar, target):
    with pytest.raises(Forbidden, match="DIR-01[14]"):
        check_may_manage(getattr(world, registrar), SERVICES, target, "FR")


def test_dir_015_competent_authority_cannot_register(world):
    with pytest.raises(Forbidden, match="DIR-015"):
        check_may_manage(world.ca, SERVICES, R.COMPETENT_AUTHORITY, "FR")
    with pytest.raises(Forbidden, match="DIR-015"):
        world.make_ca(world.ca)


def test_dir_016_admin_role_per_la_and_independent_workflow_roles(world):
    """A DIMIC for services may be a CA for professional qualifications; a NIMIC may be an
    alert authority; a CA may be a request coordinator."""
    mixed = world.register(
        world.nimic,
        "Ministère de l'économie et des professions",
        [
            LegislativeAreaSpec(
                la_code=SERVICES,
                admin_role=R.DIMIC,
                keywords=("retail",),
                workflows=(
                    WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                ),
            ),
            LegislativeAreaSpec(
                la_code=PQ,
                keywords=("doctors",),
                workflows=(
                    WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                ),
            ),
        ],
    )
    assert mixed.admin_role_in(SERVICES) is R.DIMIC
    assert mixed.admin_role_in(PQ) is R.COMPETENT_AUTHORITY
    assert mixed.workflow(PQ, REQ).role is RequestWorkflowRole.REQUEST_COORDINATOR
    de = world.register(
        None,
        "Bundesamt (NIMIC)",
        [
            LegislativeAreaSpec(
                la_code=SERVICES,
                admin_role=R.NIMIC,
                workflows=(
                    WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                ),
            )
        ],
        actor=_helpdesk(),
        member_state="DE",
    )
    assert de.admin_role_in(PQ) is R.NIMIC  # horizontal: every LA (DIR-001)


def test_dir_020_registered_coordinator_is_managed_by_higher_level(world):
    """The registrar becomes validating and access coordinator and is always higher."""
    for authority in (world.sdimic, world.limic, world.dimic, world.ca):
        validating = world.by_id[authority.validating_coordinator_id]
        assert validating.highest_admin_role().rank > authority.highest_admin_role().rank
        for la in authority.legislative_areas.values():
            manager = world.by_id[la.access_coordinator_id]
            assert manager.admin_role_in(la.la_code).rank > la.admin_role.rank


def test_dir_014_suspended_coordinator_cannot_act(world):
    world.limic.status = AuthorityStatus.SUSPENDED
    with pytest.raises(Forbidden, match="DIR-014"):
        check_may_manage(world.limic, SERVICES, R.COMPETENT_AUTHORITY, "FR")


def test_dir_019_registration_by_da_only(world):
    with pytest.raises(Forbidden, match="DIR-040"):
        world.register(
            world.limic,
            "Mairie",
            [LegislativeAreaSpec(la_code=SERVICES, keywords=("retail",))],
            actor=Actor.user("x", world.limic.id, local_data_admin=True),
        )
    assert world.da(world.limic).is_da_of(world.limic.id)


def test_x_054_actor_from_token_principal(world):
    from imi_shared.auth import Principal

    principal = Principal(
        user_id="u1",
        username="fr_x",
        authority_id=world.limic.id,
        member_state="FR",
        data_admin_las=(SERVICES,),
    )
    actor = Actor.from_principal(principal)
    assert actor.is_da_of(world.limic.id, SERVICES) and not actor.is_local_data_admin
    helpdesk = Actor.from_principal(
        Principal(user_id="c1", username="eu_h", authority_id="ec", member_state="EU")
    )
    assert helpdesk.is_helpdesk
