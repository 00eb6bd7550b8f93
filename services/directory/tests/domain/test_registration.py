"""Registration by a coordinator (DIR-019, DIR-022, DIR-025..DIR-027, DIR-040..DIR-045,
DIR-097, DIR-110, DIR-137..DIR-139)."""

from __future__ import annotations

import pytest

from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import (
    AccessStatus,
    AdminRole,
    AlertWorkflowRole,
    AuthorityStatus,
    RequestWorkflowRole,
    Workflow,
)
from imi_directory.domain.events import AccessChanged, AuthorityRegistered, AuthorityStatusChanged
from imi_directory.domain.parameters import WorkflowParameters
from imi_directory.domain.reference import SERVICES
from imi_directory.domain.registration import (
    AuthorityDetails,
    LegislativeAreaSpec,
    WorkflowSpec,
    register_authority,
)
from imi_shared.errors import Conflict, Forbidden, InvalidInput

PQ, REQ, ALR = "professional_qualifications", Workflow.REQUESTS, Workflow.ALERTS


def register(
    world,
    areas,
    *,
    registrar=None,
    name="Mairie de Rennes",
    email="mairie@ex.fr",
    email_in_use=False,
    actor=None,
    **details,
):
    registrar = registrar or world.dimic
    return register_authority(
        authority_id="new",
        member_state="FR",
        details=AuthorityDetails(official_name=name, email=email, **details),
        legislative_areas=areas,
        registrar=registrar,
        actor=actor or world.da(registrar),
        now=world.now,
        catalog=world.catalog,
        coordinators=world.by_id,
        others=world.all,
        email_in_use=email_in_use,
    )


def ca_area(world, **kw):
    wf = WorkflowSpec(workflow=REQ, associated_coordinator_ids=(world.dimic.id,))
    return LegislativeAreaSpec(la_code=SERVICES, keywords=("retail",), workflows=(wf,), **kw)


def test_dir_040_coordinator_da_registers_an_authority(world):
    authority, events = register(
        world,
        [ca_area(world)],
        informal_name="Mairie",
        spoken_languages=("fr", "br"),
        phone="+33 1",
        website="w",
    )
    assert authority.official_name == "Mairie de Rennes"
    assert authority.spoken_languages == ["fr", "br"]
    assert isinstance(events[0], AuthorityRegistered)


def test_dir_040_only_coordinator_das_register(world):
    with pytest.raises(Forbidden, match="DIR-040"):
        register(world, [ca_area(world)], actor=world.lda(world.dimic))
    with pytest.raises(Forbidden, match="DIR-040"):
        register(world, [ca_area(world)], actor=world.da(world.limic))  # DA of another one
    with pytest.raises(Forbidden, match="DIR-040"):
        register_authority(
            authority_id="x",
            member_state="FR",
            details=AuthorityDetails(official_name="Mairie", email="m@ex.fr"),
            legislative_areas=[ca_area(world)],
            registrar=None,
            actor=Actor.helpdesk(),
            now=world.now,
            catalog=world.catalog,
        )


def test_dir_041_registered_authority_is_active_with_active_accesses(world):
    authority, events = register(world, [ca_area(world)])
    assert authority.status is AuthorityStatus.ACTIVE
    assert authority.la(SERVICES).status is AccessStatus.ACTIVE
    assert authority.workflow(SERVICES, REQ).status is AccessStatus.ACTIVE
    access_events = [e for e in events if isinstance(e, AccessChanged)]
    assert {(e.la_code, e.workflow, e.old_status, e.new_status) for e in access_events} == {
        (SERVICES, None, None, AccessStatus.ACTIVE),
        (SERVICES, REQ, None, AccessStatus.ACTIVE),
    }


def test_dir_041_needs_at_least_one_la_and_workflow(world):
    with pytest.raises(InvalidInput, match="DIR-041"):
        register(world, [])
    with pytest.raises(InvalidInput, match="DIR-041"):
        register(world, [LegislativeAreaSpec(la_code=SERVICES, keywords=("retail",))])


def test_dir_097_registration_event_status_active(world):
    _, events = register(world, [ca_area(world)])
    status = [e for e in events if isinstance(e, AuthorityStatusChanged)]
    assert [(e.old_status, e.new_status) for e in status] == [(None, AuthorityStatus.ACTIVE)]
    assert status[0].actor_user_id == f"da-{world.dimic.id}"


def test_dir_110_access_granted_at_registration(world):
    authority, _ = register(world, [ca_area(world)])
    assert authority.la(SERVICES).status_changed_at == world.now


def test_dir_019_registrar_becomes_validating_and_access_coordinator(world):
    authority, _ = register(world, [ca_area(world)])
    assert authority.validating_coordinator_id == world.dimic.id
    assert authority.la(SERVICES).access_coordinator_id == world.dimic.id


def test_dir_004_one_validating_coordinator_and_one_access_coordinator_per_la(world):
    authority, _ = register(
        world,
        [
            ca_area(world),
            LegislativeAreaSpec(
                la_code=PQ,
                keywords=("doctors",),
                workflows=(
                    WorkflowSpec(workflow=REQ, associated_coordinator_ids=(world.nimic.id,)),
                ),
            ),
        ],
        registrar=world.nimic,
    )
    assert isinstance(authority.validating_coordinator_id, str)
    assert {la.access_coordinator_id for la in authority.legislative_areas.values()} == {
        world.nimic.id
    }


def test_dir_022_authority_record_fields(world):
    authority, _ = register(
        world,
        [ca_area(world)],
        informal_name="Town hall",
        informal_name_language="en",
        description="Ville",
        description_language="fr",
        address="1 place",
        phone="+33",
        website="https://rennes.fr",
        nace_codes=("N84",),
        policy_area_codes=("internal_market",),
        region="Bretagne",
    )
    for field in (
        "official_name",
        "informal_name",
        "description",
        "spoken_languages",
        "address",
        "phone",
        "website",
        "email",
        "member_state",
        "nace_codes",
        "policy_area_codes",
        "legislative_areas",
        "validating_coordinator_id",
        "status",
        "status_changed_at",
        "horizontal_competence",
    ):
        assert hasattr(authority, field)
    assert authority.member_state == "FR" and authority.description_language == "fr"


def test_dir_137_email_valid_and_unique(world):
    with pytest.raises(InvalidInput, match="DIR-137"):
        register(world, [ca_area(world)], email="not-an-email")
    with pytest.raises(Conflict, match="DIR-137"):
        register(world, [ca_area(world)], email_in_use=True)
    authority, _ = register(world, [ca_area(world)], email=" Mairie@Ex.FR ")
    assert authority.email == "mairie@ex.fr"


def test_dir_025_horizontal_competence_defaults(world):
    authority, _ = register(world, [ca_area(world)])
    assert authority.horizontal_competence is False
    assert world.nimic.horizontal_competence is True
    assert world.sdimic.horizontal_competence is True
    municipality, _ = register(world, [ca_area(world)], horizontal_competence=True, email="b@ex.fr")
    assert municipality.horizontal_competence is True
    sdimic, _ = register(
        world,
        world.coordinator_areas(AdminRole.SDIMIC),
        registrar=world.nimic,
        name="Préfecture Alsace (SDIMIC)",
        region="Alsace",
        horizontal_competence=False,
        email="c@ex.fr",
    )
    assert sdimic.horizontal_competence is False  # a default, not a constraint


def test_dir_026_at_least_one_keyword_from_the_la_list(world):
    with pytest.raises(InvalidInput, match="DIR-026"):
        register(world, [ca_area(world).model_copy(update={"keywords": ()})])
    with pytest.raises(InvalidInput, match="DIR-026"):
        register(world, [ca_area(world).model_copy(update={"keywords": ("doctors",)})])
    authority, _ = register(
        world, [ca_area(world).model_copy(update={"keywords": ("retail", "tourism", "retail")})]
    )
    assert authority.la(SERVICES).keywords == ["retail", "tourism"]


def test_dir_026_nimic_and_sdimic_linked_to_all_keywords(world):
    for coordinator in (world.nimic, world.sdimic):
        for la in coordinator.legislative_areas.values():
            assert set(la.keywords) == world.catalog.keywords(la.la_code)


def test_dir_001_nimic_and_sdimic_get_every_la_and_workflow(world):
    for coordinator in (world.nimic, world.sdimic):
        assert set(coordinator.legislative_areas) == set(world.catalog.codes)
        for code, la in coordinator.legislative_areas.items():
            assert set(la.workflows) == world.catalog.workflows(code)
    # explicit inbox kept for the LA given; added LAs get the coordinator roles
    assert world.nimic.workflow(SERVICES, ALR).is_alert_inbox
    assert world.nimic.workflow(PQ, REQ).role is RequestWorkflowRole.REQUEST_COORDINATOR


def test_dir_001_horizontal_role_is_the_same_in_every_la(world):
    with pytest.raises(InvalidInput, match="DIR-001"):
        register(
            world,
            [
                LegislativeAreaSpec(la_code=SERVICES, admin_role=AdminRole.SDIMIC),
                LegislativeAreaSpec(la_code=PQ, keywords=("doctors",)),
            ],
            registrar=world.nimic,
            name="Préfecture Alsace (SDIMIC)",
            region="Alsace",
        )


def test_dir_027_authority_role_needs_an_associated_coordinator(world):
    with pytest.raises(Conflict, match="DIR-027"):
        register(
            world,
            [
                LegislativeAreaSpec(
                    la_code=SERVICES, keywords=("retail",), workflows=(WorkflowSpec(workflow=REQ),)
                )
            ],
        )


def test_dir_027_associated_coordinator_must_coordinate_that_workflow(world):
    def area(*ids, workflow=REQ):
        return LegislativeAreaSpec(
            la_code=SERVICES,
            keywords=("retail",),
            workflows=(WorkflowSpec(workflow=workflow, associated_coordinator_ids=ids),),
        )

    with pytest.raises(InvalidInput, match="DIR-027"):
        register(world, [area(world.ca.id)])  # a request authority, not a coordinator
    with pytest.raises(InvalidInput, match="DIR-027"):
        register(world, [area("unknown")])
    with pytest.raises(InvalidInput, match="DIR-027"):  # DIMIC has no alerts coordinator role
        register(world, [area(world.dimic.id, workflow=ALR)], registrar=world.limic)
    several, _ = register(world, [area(world.dimic.id, world.limic.id)])
    assert several.workflow(SERVICES, REQ).associated_coordinator_ids == [
        world.dimic.id,
        world.limic.id,
    ]


def test_dir_027_associated_coordinators_from_same_member_state(world):
    de = world.register(
        None,
        "Bundesamt (NIMIC)",
        [LegislativeAreaSpec(la_code=SERVICES, admin_role=AdminRole.NIMIC)],
        actor=Actor.helpdesk(),
        member_state="DE",
    )
    with pytest.raises(InvalidInput, match="DIR-027"):
        register(
            world,
            [
                LegislativeAreaSpec(
                    la_code=SERVICES,
                    keywords=("retail",),
                    workflows=(WorkflowSpec(workflow=REQ, associated_coordinator_ids=(de.id,)),),
                )
            ],
        )


def test_dir_027_coordinator_role_needs_no_associated_coordinator(world):
    authority, _ = register(
        world,
        [
            LegislativeAreaSpec(
                la_code=SERVICES,
                keywords=("retail",),
                workflows=(
                    WorkflowSpec(workflow=REQ, role=RequestWorkflowRole.REQUEST_COORDINATOR),
                ),
            )
        ],
    )
    assert authority.workflow(SERVICES, REQ).associated_coordinator_ids == []


def test_dir_045_coordinator_parameters_preselected_defaults(world):
    params = world.limic.workflow(SERVICES, REQ).parameters
    assert params.arbitration_participation is True
    assert params.approve_requests is False and params.approve_replies is False
    assert world.limic.workflow(SERVICES, ALR).parameters.final_approval is False
    changed, _ = register(
        world,
        [
            LegislativeAreaSpec(
                la_code=SERVICES,
                admin_role=AdminRole.DIMIC,
                keywords=("retail",),
                workflows=(
                    WorkflowSpec(
                        workflow=REQ,
                        role=RequestWorkflowRole.REQUEST_COORDINATOR,
                        parameters={"approve_requests": True, "arbitration_participation": False},
                    ),
                ),
            )
        ],
        registrar=world.limic,
        name="Chambre des métiers",
    )
    assert changed.workflow(SERVICES, REQ).parameters.approve_requests is True
    assert changed.workflow(SERVICES, REQ).parameters.arbitration_participation is False


def test_dir_030_ca_parameters_set_by_validating_coordinator_at_registration(world):
    authority, _ = register(
        world,
        [
            LegislativeAreaSpec(
                la_code=SERVICES,
                keywords=("retail",),
                workflows=(
                    WorkflowSpec(
                        workflow=REQ,
                        associated_coordinator_ids=(world.dimic.id,),
                        parameters={
                            "approval_required": True,
                            "may_accept_incoming_requests": False,
                        },
                    ),
                ),
            )
        ],
    )
    params = authority.workflow(SERVICES, REQ).parameters
    assert params.approval_required and not params.may_accept_incoming_requests
    assert params.may_refuse_requests is False


def test_dir_033_allocation_not_set_at_registration(world):
    with pytest.raises(InvalidInput, match="DIR-033"):
        register(
            world,
            [
                LegislativeAreaSpec(
                    la_code=SERVICES,
                    keywords=("retail",),
                    workflows=(
                        WorkflowSpec(
                            workflow=REQ,
                            associated_coordinator_ids=(world.dimic.id,),
                            parameters={"allocation_enabled": True},
                        ),
                    ),
                )
            ],
        )


def test_dir_038_parameters_of_another_role_refused(world):
    with pytest.raises(InvalidInput, match="DIR-035"):
        register(
            world,
            [
                LegislativeAreaSpec(
                    la_code=SERVICES,
                    keywords=("retail",),
                    workflows=(
                        WorkflowSpec(
                            workflow=REQ,
                            associated_coordinator_ids=(world.dimic.id,),
                            parameters={"approve_requests": True},
                        ),
                    ),
                )
            ],
        )


def test_dir_038_parameters_stored_per_la_and_workflow(world):
    authority, _ = register(
        world,
        [
            LegislativeAreaSpec(
                la_code=SERVICES,
                keywords=("retail",),
                workflows=(
                    WorkflowSpec(
                        workflow=REQ,
                        associated_coordinator_ids=(world.nimic.id,),
                        parameters={"approval_required": True},
                    ),
                ),
            ),
            LegislativeAreaSpec(
                la_code=PQ,
                keywords=("doctors",),
                workflows=(
                    WorkflowSpec(workflow=REQ, associated_coordinator_ids=(world.nimic.id,)),
                ),
            ),
        ],
        registrar=world.nimic,
    )
    assert authority.workflow(SERVICES, REQ).parameters.approval_required is True
    assert authority.workflow(PQ, REQ).parameters == WorkflowParameters()


def test_dir_014_registration_checks_workflow_role_capability(world):
    with pytest.raises(Forbidden, match="DIR-014"):
        register(
            world,
            [
                LegislativeAreaSpec(
                    la_code=SERVICES,
                    keywords=("retail",),
                    workflows=(
                        WorkflowSpec(workflow=ALR, role=AlertWorkflowRole.ALERT_COORDINATOR),
                    ),
                )
            ],
        )
    with pytest.raises(InvalidInput, match="DIR-003"):
        register(
            world,
            [
                LegislativeAreaSpec(
                    la_code=SERVICES,
                    keywords=("retail",),
                    workflows=(
                        WorkflowSpec(
                            workflow=ALR,
                            is_alert_inbox=True,
                            associated_coordinator_ids=(world.nimic.id,),
                        ),
                    ),
                )
            ],
            registrar=world.nimic,
        )


def test_x_004_registration_only_for_existing_pairs(world):
    with pytest.raises(InvalidInput, match="X-004"):
        register(
            world,
            [
                LegislativeAreaSpec(
                    la_code=PQ, keywords=("doctors",), workflows=(WorkflowSpec(workflow=ALR),)
                )
            ],
            registrar=world.nimic,
        )


def test_dir_138_139_la_and_workflow_records(world):
    authority, events = register(world, [ca_area(world)])
    la = authority.la(SERVICES)
    assert (la.admin_role, la.keywords, la.professions, la.linked_authority_ids) == (
        AdminRole.COMPETENT_AUTHORITY,
        ["retail"],
        [],
        [],
    )
    workflow = authority.workflow(SERVICES, REQ)
    assert workflow.role is RequestWorkflowRole.REQUEST_AUTHORITY
    assert workflow.is_alert_inbox is False
    registered = events[0]
    assert registered.legislative_areas[0].workflows[0].role == "request_authority"
    assert (
        registered.legislative_areas[0].workflows[0].parameters["may_accept_incoming_requests"]
        is True
    )
