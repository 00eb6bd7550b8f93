"""Editing authority data, LA data, associated coordinators and parameters (DIR-017, DIR-018,
DIR-023..DIR-027, DIR-029..DIR-038, DIR-124)."""

from __future__ import annotations

import pytest

from imi_directory.domain.access import AccessAction
from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import AccessStatus, Workflow
from imi_directory.domain.events import AuthorityDataChanged, AuthorityParametersChanged
from imi_directory.domain.reference import SERVICES
from imi_shared.errors import Conflict, Forbidden, InvalidInput

PQ, REQ, ALR = "professional_qualifications", Workflow.REQUESTS, Workflow.ALERTS


def access_da(world, authority, la=SERVICES):
    return world.da(world.by_id[authority.la(la).access_coordinator_id], la)


# ------------------------------------------------------------------ general data


def test_dir_029_lda_updates_authority_data(world):
    ca = world.ca
    events = ca.update_details(
        world.lda(ca),
        world.now,
        {
            "informal_name": "Mairie de Rennes",
            "description": "Ville",
            "description_language": "fr",
            "spoken_languages": ["fr", "en"],
            "address": "Place",
            "phone": "+33",
            "website": "w",
            "nace_codes": ["N84"],
            "policy_area_codes": ["pa"],
            "email": "Contact@Rennes.fr",
        },
    )
    assert ca.informal_name == "Mairie de Rennes" and ca.spoken_languages == ["fr", "en"]
    assert ca.email == "contact@rennes.fr"
    assert isinstance(events[0], AuthorityDataChanged)
    assert events[0].changes["email"] == "contact@rennes.fr"


def test_dir_029_other_users_cannot_update(world):
    ca = world.ca
    for actor in (world.basic(ca), world.lda(world.dimic), world.da(world.limic)):
        with pytest.raises(Forbidden, match="DIR-029"):
            ca.update_details(actor, world.now, {"informal_name": "x"})


def test_dir_017_validating_coordinator_manages_the_data(world):
    ca = world.ca
    ca.update_details(
        world.validating_da(ca),
        world.now,
        {"official_name": "Mairie de Rennes", "email": "m@rennes.fr", "informal_name": "Rennes"},
    )
    assert ca.official_name == "Mairie de Rennes"


def test_dir_023_official_name_fixed_after_registration_for_ldas(world):
    ca = world.ca
    with pytest.raises(Forbidden, match="DIR-023"):
        ca.update_details(world.lda(ca), world.now, {"official_name": "Autre nom"})
    assert ca.official_name == "Mairie"


def test_dir_013_name_convention_checked_on_edit(world):
    with pytest.raises(InvalidInput, match="DIR-013"):
        world.nimic.update_details(Actor.helpdesk(), world.now, {"official_name": "Ministère"})
    with pytest.raises(InvalidInput, match="DIR-013"):
        world.sdimic.update_details(
            world.validating_da(world.sdimic), world.now, {"region": "Alsace"}
        )


def test_dir_137_email_unique_and_valid_on_edit(world):
    ca = world.ca
    with pytest.raises(Conflict, match="DIR-137"):
        ca.update_details(world.lda(ca), world.now, {"email": "x@ex.fr"}, email_in_use=True)
    with pytest.raises(InvalidInput, match="DIR-137"):
        ca.update_details(world.lda(ca), world.now, {"email": "nope"})


def test_dir_022_unknown_or_read_only_fields_refused(world):
    with pytest.raises(InvalidInput, match="DIR-022"):
        world.ca.update_details(world.lda(world.ca), world.now, {"status": "inactive"})


def test_dir_024_informal_name_kept_with_its_language(world):
    """Translation into every EU language is the translation service's job (TRL); the
    directory keeps the name and its language."""
    ca = world.ca
    ca.update_details(
        world.lda(ca), world.now, {"informal_name": "Town hall", "informal_name_language": "en"}
    )
    assert (ca.informal_name, ca.informal_name_language) == ("Town hall", "en")


def test_dir_025_competences_from_two_catalogues_and_horizontal_flag(world):
    ca = world.ca
    ca.update_details(
        world.lda(ca),
        world.now,
        {
            "nace_codes": ["N84.1", "M69"],
            "policy_area_codes": ["health"],
            "horizontal_competence": True,
        },
    )
    assert ca.nace_codes == ["N84.1", "M69"] and ca.horizontal_competence


# ------------------------------------------------------------------ LA data


def test_dir_018_access_coordinator_edits_la_data(world):
    ca = world.ca
    events = ca.set_la_data(
        access_da(world, ca),
        SERVICES,
        world.now,
        catalog=world.catalog,
        keywords=["tourism"],
        professions=["architect"],
        linked_authority_ids=[world.limic.id],
    )
    la = ca.la(SERVICES)
    assert (la.keywords, la.professions, la.linked_authority_ids) == (
        ["tourism"],
        ["architect"],
        [world.limic.id],
    )
    assert events[0].la_code == SERVICES


def test_dir_018_lda_edits_keywords_but_not_linked_authorities(world):
    ca = world.ca
    ca.set_la_data(
        world.lda(ca), SERVICES, world.now, catalog=world.catalog, keywords=["tourism", "retail"]
    )
    assert ca.la(SERVICES).keywords == ["retail", "tourism"]
    with pytest.raises(Forbidden, match="DIR-018"):
        ca.set_la_data(
            world.lda(ca), SERVICES, world.now, catalog=world.catalog, linked_authority_ids=["x"]
        )
    with pytest.raises(Forbidden, match="DIR-018"):
        ca.set_la_data(
            world.basic(ca), SERVICES, world.now, catalog=world.catalog, keywords=["tourism"]
        )


def test_dir_026_keywords_stay_at_least_one_from_the_list(world):
    ca = world.ca
    with pytest.raises(InvalidInput, match="DIR-026"):
        ca.set_la_data(world.lda(ca), SERVICES, world.now, catalog=world.catalog, keywords=[])
    with pytest.raises(InvalidInput, match="DIR-026"):
        ca.set_la_data(
            world.lda(ca), SERVICES, world.now, catalog=world.catalog, keywords=["doctors"]
        )


def test_dir_026_nimic_keywords_not_editable(world):
    with pytest.raises(Forbidden, match="DIR-026"):
        world.sdimic.set_la_data(
            world.lda(world.sdimic), SERVICES, world.now, catalog=world.catalog, keywords=["retail"]
        )


def test_dir_124_requested_la_data_editable_by_both_sides(world):
    ca = world.ca
    ca.request_la_access(
        world.lda(ca),
        PQ,
        world.now,
        access_coordinator=world.nimic,
        catalog=world.catalog,
        keywords=("doctors",),
    )
    ca.set_la_data(
        world.da(world.nimic, PQ), PQ, world.now, catalog=world.catalog, keywords=["architects"]
    )
    ca.set_la_data(
        world.lda(ca), PQ, world.now, catalog=world.catalog, keywords=["architects", "doctors"]
    )
    assert ca.la(PQ).keywords == ["architects", "doctors"]
    with pytest.raises(Forbidden, match="DIR-018"):  # another authority's user
        ca.set_la_data(world.lda(world.dimic), PQ, world.now, catalog=world.catalog, keywords=[])
    assert ca.la(PQ).keywords == ["architects", "doctors"]


# ------------------------------------------------------------------ associated coordinators


def test_dir_027_after_registration_access_coordinator_or_lda_change_them(world):
    ca = world.ca
    ca.set_associated_coordinators(
        world.lda(ca), SERVICES, REQ, [world.limic, world.dimic], world.now
    )
    assert ca.workflow(SERVICES, REQ).associated_coordinator_ids == [world.limic.id, world.dimic.id]
    ca.set_associated_coordinators(access_da(world, ca), SERVICES, REQ, [world.nimic], world.now)
    assert ca.workflow(SERVICES, REQ).associated_coordinator_ids == [world.nimic.id]
    with pytest.raises(Forbidden, match="DIR-027"):
        ca.set_associated_coordinators(world.basic(ca), SERVICES, REQ, [world.nimic], world.now)


def test_dir_027_at_least_one_kept_for_the_authority_role(world):
    with pytest.raises(Conflict, match="DIR-027"):
        world.ca.set_associated_coordinators(world.lda(world.ca), SERVICES, REQ, [], world.now)


def test_dir_027_set_by_validating_coordinator_during_validation(world):
    authority, _, _ = world.self_register()
    with pytest.raises(Forbidden, match="DIR-027"):  # not the LDA before validation
        authority.set_associated_coordinators(
            world.lda(authority), SERVICES, REQ, [world.dimic], world.now
        )
    authority.set_associated_coordinators(
        world.validating_da(authority), SERVICES, REQ, [], world.now
    )  # empty allowed until validation
    assert authority.workflow(SERVICES, REQ).associated_coordinator_ids == []
    authority.set_associated_coordinators(
        world.validating_da(authority), SERVICES, REQ, [world.dimic], world.now
    )
    assert authority.workflow(SERVICES, REQ).associated_coordinator_ids == [world.dimic.id]


def test_dir_028_associated_coordinators_are_coordinators_of_the_workflow(world):
    """An associated request coordinator sees content without PD (enforced by `requests`);
    the directory only guarantees it holds the coordinator role."""
    with pytest.raises(InvalidInput, match="DIR-027"):
        world.ca.set_associated_coordinators(
            world.lda(world.ca), SERVICES, REQ, [world.ca], world.now
        )


# ------------------------------------------------------------------ parameters


@pytest.mark.parametrize(
    "name", ["approval_required", "may_refuse_requests", "may_accept_incoming_requests"]
)
def test_dir_030_031_032_ca_parameters_changed_by_access_coordinator_never_the_ca(world, name):
    ca = world.ca
    value = not getattr(ca.workflow(SERVICES, REQ).parameters, name)
    events = ca.set_parameters(access_da(world, ca), SERVICES, REQ, {name: value}, world.now)
    assert getattr(ca.workflow(SERVICES, REQ).parameters, name) is value
    assert isinstance(events[0], AuthorityParametersChanged)
    rule = {
        "approval_required": "DIR-030",
        "may_refuse_requests": "DIR-031",
        "may_accept_incoming_requests": "DIR-032",
    }[name]
    with pytest.raises(Forbidden, match=rule):
        ca.set_parameters(world.lda(ca), SERVICES, REQ, {name: not value}, world.now)
    with pytest.raises(Forbidden, match=rule):  # another coordinator
        ca.set_parameters(world.da(world.limic), SERVICES, REQ, {name: not value}, world.now)


def test_dir_030_validating_coordinator_sets_ca_parameters_during_validation(world):
    authority, _, _ = world.self_register()
    authority.set_parameters(
        world.validating_da(authority), SERVICES, REQ, {"approval_required": True}, world.now
    )
    assert authority.workflow(SERVICES, REQ).parameters.approval_required


def test_dir_033_allocation_set_by_the_authority_itself(world):
    ca = world.ca
    ca.set_parameters(world.lda(ca), SERVICES, REQ, {"allocation_enabled": True}, world.now)
    assert ca.workflow(SERVICES, REQ).parameters.allocation_enabled
    with pytest.raises(Forbidden, match="DIR-033"):
        ca.set_parameters(
            access_da(world, ca), SERVICES, REQ, {"allocation_enabled": False}, world.now
        )
    with pytest.raises(Forbidden, match="DIR-033"):
        ca.set_parameters(world.basic(ca), SERVICES, REQ, {"allocation_enabled": False}, world.now)
    # a coordinator changes its own allocation after registration
    world.dimic.set_parameters(
        world.da(world.dimic), SERVICES, REQ, {"allocation_enabled": True}, world.now
    )
    assert world.dimic.workflow(SERVICES, REQ).parameters.allocation_enabled


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("arbitration_participation", "DIR-034"),
        ("approve_requests", "DIR-035"),
        ("approve_replies", "DIR-036"),
    ],
)
def test_dir_034_035_036_coordinator_parameters(world, name, rule):
    dimic = world.dimic
    dimic.set_parameters(world.da(dimic), SERVICES, REQ, {name: True}, world.now)  # itself
    dimic.set_parameters(access_da(world, dimic), SERVICES, REQ, {name: False}, world.now)
    assert getattr(dimic.workflow(SERVICES, REQ).parameters, name) is False
    with pytest.raises(Forbidden, match=rule):
        dimic.set_parameters(world.da(world.nimic), SERVICES, REQ, {name: True}, world.now)
    with pytest.raises(InvalidInput, match=rule):  # not a CA parameter
        world.ca.set_parameters(access_da(world, world.ca), SERVICES, REQ, {name: True}, world.now)


def test_dir_037_final_approval_for_alert_coordinators(world):
    limic = world.limic
    limic.set_parameters(world.da(limic), SERVICES, ALR, {"final_approval": True}, world.now)
    assert limic.workflow(SERVICES, ALR).parameters.final_approval
    with pytest.raises(InvalidInput, match="DIR-037"):
        limic.set_parameters(world.da(limic), SERVICES, REQ, {"final_approval": True}, world.now)


def test_dir_038_unknown_parameter_refused(world):
    with pytest.raises(InvalidInput, match="DIR-038"):
        world.ca.set_parameters(
            access_da(world, world.ca), SERVICES, REQ, {"speed": True}, world.now
        )


def test_dir_038_parameters_differ_between_las(world):
    ca = world.ca
    ca.grant_la_access(
        world.da(world.nimic),
        world.nimic,
        PQ,
        world.now,
        catalog=world.catalog,
        keywords=("doctors",),
    )
    ca.grant_workflow_access(
        world.da(world.nimic),
        world.nimic,
        PQ,
        REQ,
        world.now,
        catalog=world.catalog,
        associated=[world.nimic],
        parameters={"approval_required": True},
    )
    assert ca.workflow(PQ, REQ).parameters.approval_required
    assert not ca.workflow(SERVICES, REQ).parameters.approval_required


def requested_pq_workflow(world):
    """world.ca with an active PQ LA (access coordinator: the NIMIC) and a `requested` PQ
    request workflow."""
    ca = world.ca
    ca.grant_la_access(
        world.da(world.nimic),
        world.nimic,
        PQ,
        world.now,
        catalog=world.catalog,
        keywords=("doctors",),
    )
    ca.request_workflow_access(world.lda(ca), PQ, REQ, world.now, catalog=world.catalog)
    assert ca.workflow(PQ, REQ).status is AccessStatus.REQUESTED
    return ca


def test_dir_124_access_coordinator_sets_parameters_of_requested_workflow(world):
    ca = requested_pq_workflow(world)
    coordinator = access_da(world, ca, PQ)
    events = ca.set_parameters(coordinator, PQ, REQ, {"approval_required": True}, world.now)
    assert ca.workflow(PQ, REQ).parameters.approval_required
    assert events[0].parameters["approval_required"] is True
    for intruder in (world.lda(ca), world.da(world.limic), world.basic(ca)):
        with pytest.raises(Forbidden, match="DIR-030"):
            ca.set_parameters(intruder, PQ, REQ, {"approval_required": False}, world.now)
    assert ca.workflow(PQ, REQ).parameters.approval_required
    assert ca.workflow(PQ, REQ).status is AccessStatus.REQUESTED  # editing grants nothing


def test_dir_124_access_coordinator_defines_linked_coordinators_of_requested_workflow(world):
    ca = requested_pq_workflow(world)
    ca.set_associated_coordinators(access_da(world, ca, PQ), PQ, REQ, [world.nimic], world.now)
    assert ca.workflow(PQ, REQ).associated_coordinator_ids == [world.nimic.id]
    with pytest.raises(Forbidden, match="DIR-027"):  # not the access coordinator
        ca.set_associated_coordinators(world.da(world.limic), PQ, REQ, [world.limic], world.now)
    with pytest.raises(Forbidden, match="DIR-027"):
        ca.set_associated_coordinators(world.basic(ca), PQ, REQ, [world.limic], world.now)
    assert ca.workflow(PQ, REQ).associated_coordinator_ids == [world.nimic.id]
    # with its linked coordinator defined, the access coordinator can grant the request
    ca.change_access(AccessAction.GRANT, access_da(world, ca, PQ), PQ, world.now, workflow=REQ)
    assert ca.workflow(PQ, REQ).status is AccessStatus.ACTIVE


def test_dir_124_lda_edits_la_data_but_not_what_the_coordinator_sets(world):
    ca = world.ca
    ca.request_la_access(
        world.lda(ca),
        PQ,
        world.now,
        access_coordinator=world.nimic,
        catalog=world.catalog,
        keywords=("doctors",),
    )
    assert ca.la(PQ).status is AccessStatus.REQUESTED
    ca.set_la_data(world.lda(ca), PQ, world.now, catalog=world.catalog, professions=["surgeon"])
    assert ca.la(PQ).professions == ["surgeon"]
    with pytest.raises(Forbidden, match="DIR-018"):  # linked authorities: coordinator
        ca.set_la_data(
            world.lda(ca),
            PQ,
            world.now,
            catalog=world.catalog,
            linked_authority_ids=[world.dimic.id],
        )
    for intruder in (world.basic(ca), world.da(world.limic, PQ)):
        with pytest.raises(Forbidden, match="DIR-018"):
            ca.set_la_data(intruder, PQ, world.now, catalog=world.catalog, keywords=["architects"])
    with pytest.raises(Forbidden, match="DIR-030"):  # parameters: never the LDA
        ca.set_parameters(world.lda(ca), SERVICES, REQ, {"approval_required": True}, world.now)
    ca.set_la_data(
        world.da(world.nimic, PQ),
        PQ,
        world.now,
        catalog=world.catalog,
        linked_authority_ids=[world.dimic.id],
    )
    assert ca.la(PQ).linked_authority_ids == [world.dimic.id]
    assert ca.la(PQ).keywords == ["doctors"] and ca.la(PQ).status is AccessStatus.REQUESTED
