"""LA-access and workflow-access status machines (DIR-021, DIR-107, DIR-109..DIR-123,
DIR-128)."""

from __future__ import annotations

import pytest

from imi_directory.domain.access import AccessAction, AccessLevel
from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import (
    AccessStatus,
    AdminRole,
    AlertWorkflowRole,
    AuthorityStatus,
    Workflow,
)
from imi_directory.domain.events import AccessChanged
from imi_directory.domain.reference import SERVICES
from imi_shared.errors import Conflict, Forbidden, NotFound

PQ, REQ, ALR = "professional_qualifications", Workflow.REQUESTS, Workflow.ALERTS
A, X = AccessStatus, AccessAction
LA_LEVEL, WF_LEVEL = AccessLevel.LEGISLATIVE_AREA, AccessLevel.WORKFLOW


def manager(world, authority, la_code=SERVICES) -> Actor:
    return world.da(world.by_id[authority.la(la_code).access_coordinator_id], la_code)


def actor_for(world, authority, la_code, action) -> Actor:
    """DIR §3.11 actor column: the LDA requests reactivation, the access coordinator DA does
    everything else."""
    if action is X.REQUEST_REACTIVATION:
        return world.lda(authority)
    return manager(world, authority, la_code)


def drive(world, authority, la_code, workflow, *steps):
    """Apply access actions as the right actor (LDA or access coordinator DA)."""
    for action in steps:
        authority.change_access(
            action,
            actor_for(world, authority, la_code, action),
            la_code,
            world.now,
            workflow=workflow,
            open_cases=0 if action is X.REMOVE else None,
        )


def setup_workflow(world, status):
    """world.ca's services/requests workflow (or a requested alerts workflow) in `status`."""
    ca = world.ca
    if status is A.REQUESTED:
        ca.request_workflow_access(world.lda(ca), SERVICES, ALR, world.now, catalog=world.catalog)
        ca.set_associated_coordinators(manager(world, ca), SERVICES, ALR, [world.limic], world.now)
        return ca, SERVICES, ALR
    steps = {
        A.ACTIVE: [],
        A.SUSPENDED: [X.SUSPEND],
        A.SUSPENDED_REACTIVATION_REQUESTED: [X.SUSPEND, X.REQUEST_REACTIVATION],
        A.REMOVED: [X.SUSPEND, X.REMOVE],
        A.REMOVED_REACTIVATION_REQUESTED: [X.SUSPEND, X.REMOVE, X.REQUEST_REACTIVATION],
    }[status]
    drive(world, ca, SERVICES, REQ, *steps)
    return ca, SERVICES, REQ


def setup_la(world, status):
    """world.ca's services LA (or a requested professional-qualifications LA) in `status`."""
    ca = world.ca
    if status is A.REQUESTED:
        ca.request_la_access(
            world.lda(ca),
            PQ,
            world.now,
            access_coordinator=world.nimic,
            catalog=world.catalog,
            keywords=("doctors",),
        )
        return ca, PQ, None
    workflow_steps = {A.ACTIVE: [], A.SUSPENDED: [X.SUSPEND]}
    steps = {
        A.ACTIVE: [],
        A.SUSPENDED: [X.SUSPEND],
        A.SUSPENDED_REACTIVATION_REQUESTED: [X.SUSPEND, X.REQUEST_REACTIVATION],
        A.REMOVED: [X.SUSPEND, X.REMOVE],
        A.REMOVED_REACTIVATION_REQUESTED: [X.SUSPEND, X.REMOVE, X.REQUEST_REACTIVATION],
    }[status]
    drive(world, ca, SERVICES, REQ, *workflow_steps.get(status, [X.SUSPEND, X.REMOVE]))
    if status is A.ACTIVE:
        drive(world, ca, SERVICES, REQ, X.SUSPEND)  # an LA is suspended after its workflows
    drive(world, ca, SERVICES, None, *steps)
    return ca, SERVICES, None


# DIR §3.11, written out from the spec (not read from the code):
# (rule, levels, from, action, to...) — `None` as target: the access request is deleted.
BOTH, LA_ONLY, WF_ONLY = (LA_LEVEL, WF_LEVEL), (LA_LEVEL,), (WF_LEVEL,)
SPEC_TABLE = [
    ("DIR-112", BOTH, A.REQUESTED, X.GRANT, (A.ACTIVE,)),
    ("DIR-113", WF_ONLY, A.REQUESTED, X.REFUSE, (None,)),
    ("DIR-114", BOTH, A.ACTIVE, X.SUSPEND, (A.SUSPENDED,)),
    ("DIR-115", BOTH, A.SUSPENDED, X.REACTIVATE, (A.ACTIVE,)),
    ("DIR-116", BOTH, A.SUSPENDED, X.REQUEST_REACTIVATION, (A.SUSPENDED_REACTIVATION_REQUESTED,)),
    ("DIR-117", BOTH, A.SUSPENDED_REACTIVATION_REQUESTED, X.ACCEPT_REACTIVATION, (A.ACTIVE,)),
    ("DIR-117", BOTH, A.SUSPENDED_REACTIVATION_REQUESTED, X.REFUSE_REACTIVATION, (A.SUSPENDED,)),
    ("DIR-118", LA_ONLY, A.SUSPENDED, X.REMOVE, (A.REMOVED,)),
    ("DIR-119", WF_ONLY, A.SUSPENDED, X.REMOVE, (A.REMOVED,)),
    ("DIR-120", BOTH, A.REMOVED, X.REQUEST_REACTIVATION, (A.REMOVED_REACTIVATION_REQUESTED,)),
    ("DIR-121", LA_ONLY, A.REMOVED, X.START_REACTIVATION, (A.SUSPENDED,)),
    (
        "DIR-122",
        BOTH,
        A.REMOVED_REACTIVATION_REQUESTED,
        X.ACCEPT_REACTIVATION,
        (A.SUSPENDED, A.ACTIVE),
    ),
    ("DIR-123", BOTH, A.REMOVED_REACTIVATION_REQUESTED, X.REFUSE_REACTIVATION, (A.REMOVED,)),
]
CASES = [
    (rule, level, source, action, targets)
    for rule, levels, source, action, targets in SPEC_TABLE
    for level in levels
]
CASE_IDS = [f"{c[0]}-{c[1]}-{c[2]}-{c[3]}" for c in CASES]
RULES_OF = {a: {r[0] for r in SPEC_TABLE if r[3] is a} for a in AccessAction}
REFUSED = [
    (level, action, status)
    for level in AccessLevel
    for action in AccessAction
    for status in AccessStatus
    if not any(c[1] is level and c[3] is action and c[2] is status for c in CASES)
]


def setup(world, level, status):
    return (setup_la if level is LA_LEVEL else setup_workflow)(world, status)


def current_status(authority, la_code, workflow):
    return (
        authority.la(la_code) if workflow is None else authority.workflow(la_code, workflow)
    ).status


@pytest.mark.parametrize(("rule", "level", "source", "action", "targets"), CASES, ids=CASE_IDS)
def test_access_table_rows(world, rule, level, source, action, targets):
    authority, la_code, workflow = setup(world, level, source)
    assert current_status(authority, la_code, workflow) is source
    if level is LA_LEVEL and action is X.REMOVE:
        drive(world, authority, la_code, REQ, X.REMOVE)  # DIR-118: workflows removed first
    events = authority.change_access(
        action,
        actor_for(world, authority, la_code, action),
        la_code,
        world.now,
        workflow=workflow,
        open_cases=0 if action is X.REMOVE else None,
    )
    assert [e.new_status for e in events] == list(targets)
    assert events[0].old_status is source
    assert all(isinstance(e, AccessChanged) and e.action == action for e in events)
    if targets[-1] is None:
        assert workflow not in authority.la(la_code).workflows
    else:
        assert current_status(authority, la_code, workflow) is targets[-1]


def test_refused_cases_cover_every_level_status_and_action():
    assert len(REFUSED) + len(CASES) == len(AccessLevel) * len(AccessAction) * len(AccessStatus)


@pytest.mark.parametrize(
    ("level", "action", "status"), REFUSED, ids=[f"{lv}-{a}-{s}" for lv, a, s in REFUSED]
)
def test_access_actions_refused_from_other_statuses(world, level, action, status):
    authority, la_code, workflow = setup(world, level, status)
    with pytest.raises(Conflict) as refused:
        authority.change_access(
            action,
            actor_for(world, authority, la_code, action),
            la_code,
            world.now,
            workflow=workflow,
            open_cases=0,
        )
    assert refused.value.rule_id in RULES_OF[action]
    assert current_status(authority, la_code, workflow) is status


@pytest.mark.parametrize(("rule", "level", "source", "action", "targets"), CASES, ids=CASE_IDS)
def test_access_table_rows_refuse_the_wrong_actor(world, rule, level, source, action, targets):
    authority, la_code, workflow = setup(world, level, source)
    wrong = (
        manager(world, authority, la_code)
        if action is X.REQUEST_REACTIVATION
        else world.lda(authority)
    )
    with pytest.raises(Forbidden) as refused:
        authority.change_access(action, wrong, la_code, world.now, workflow=workflow, open_cases=0)
    assert refused.value.rule_id == rule
    assert current_status(authority, la_code, workflow) is source


# ------------------------------------------------------------------ creation (DIR-110, DIR-111)


def test_dir_110_coordinator_grants_a_new_la_and_becomes_its_access_coordinator(world):
    ca = world.ca
    events = ca.grant_la_access(
        world.da(world.nimic),
        world.nimic,
        PQ,
        world.now,
        catalog=world.catalog,
        keywords=("doctors",),
    )
    assert ca.la(PQ).status is A.ACTIVE
    assert ca.la(PQ).access_coordinator_id == world.nimic.id
    assert (events[0].old_status, events[0].new_status) == (None, A.ACTIVE)
    ca.grant_workflow_access(
        world.da(world.nimic),
        world.nimic,
        PQ,
        REQ,
        world.now,
        catalog=world.catalog,
        associated=[world.nimic],
    )
    assert ca.workflow(PQ, REQ).status is A.ACTIVE


def test_dir_110_grant_refused_to_non_capable_coordinator(world):
    with pytest.raises(Forbidden, match="DIR-014"):  # LIMIC of services only
        world.ca.grant_la_access(
            world.da(world.limic, SERVICES, PQ),
            world.limic,
            PQ,
            world.now,
            catalog=world.catalog,
            keywords=("doctors",),
        )
    with pytest.raises(Forbidden, match="DIR-110"):
        world.ca.grant_la_access(
            world.lda(world.nimic),
            world.nimic,
            PQ,
            world.now,
            catalog=world.catalog,
            keywords=("doctors",),
        )


def test_dir_110_existing_access_is_not_granted_twice(world):
    with pytest.raises(Conflict, match="DIR-110"):
        world.ca.grant_la_access(
            world.da(world.nimic),
            world.nimic,
            SERVICES,
            world.now,
            catalog=world.catalog,
            keywords=("retail",),
        )
    with pytest.raises(Conflict, match="DIR-110"):
        world.ca.grant_workflow_access(
            manager(world, world.ca), world.dimic, SERVICES, REQ, world.now, catalog=world.catalog
        )


def test_dir_110_grant_workflow_needs_associated_coordinator_and_capability(world):
    ca = world.ca
    actor = manager(world, ca)
    with pytest.raises(Conflict, match="DIR-027"):
        ca.grant_workflow_access(
            actor, world.dimic, SERVICES, ALR, world.now, catalog=world.catalog
        )
    with pytest.raises(Forbidden, match="DIR-014"):  # a DIMIC cannot make a coordinator
        ca.grant_workflow_access(
            actor,
            world.dimic,
            SERVICES,
            ALR,
            world.now,
            catalog=world.catalog,
            role=AlertWorkflowRole.ALERT_COORDINATOR,
        )
    with pytest.raises(Forbidden, match="DIR-110"):
        ca.grant_workflow_access(
            actor, None, SERVICES, ALR, world.now, catalog=world.catalog, associated=[world.limic]
        )
    ca.grant_workflow_access(
        actor,
        world.dimic,
        SERVICES,
        ALR,
        world.now,
        catalog=world.catalog,
        associated=[world.limic],
    )
    assert ca.workflow(SERVICES, ALR).associated_coordinator_ids == [world.limic.id]


def test_dir_107_suspended_authority_cannot_be_granted_new_access(world):
    ca = world.ca
    world.suspend_accesses(ca)
    ca.suspend(world.validating_da(ca), world.now)
    with pytest.raises(Conflict, match="DIR-107"):
        ca.grant_la_access(
            world.da(world.nimic),
            world.nimic,
            PQ,
            world.now,
            catalog=world.catalog,
            keywords=("doctors",),
        )
    with pytest.raises(Conflict, match="DIR-109"):
        ca.request_la_access(
            world.lda(ca),
            PQ,
            world.now,
            access_coordinator=world.nimic,
            catalog=world.catalog,
            keywords=("doctors",),
        )


def test_dir_107_access_not_reactivated_while_authority_suspended(world):
    ca = world.ca
    world.suspend_accesses(ca)
    ca.suspend(world.validating_da(ca), world.now)
    with pytest.raises(Conflict, match="DIR-107"):
        ca.change_access(X.REACTIVATE, manager(world, ca), SERVICES, world.now)


def test_dir_111_lda_requests_new_la_and_workflow(world):
    ca = world.ca
    events = ca.request_la_access(
        world.lda(ca),
        PQ,
        world.now,
        access_coordinator=world.nimic,
        catalog=world.catalog,
        keywords=("doctors",),
    )
    assert ca.la(PQ).status is A.REQUESTED
    assert ca.la(PQ).admin_role is AdminRole.COMPETENT_AUTHORITY
    assert events[0].new_status is A.REQUESTED
    with pytest.raises(Conflict, match="DIR-125"):  # LA only requested
        ca.request_workflow_access(world.lda(ca), PQ, REQ, world.now, catalog=world.catalog)
    ca.request_workflow_access(world.lda(ca), SERVICES, ALR, world.now, catalog=world.catalog)
    assert ca.workflow(SERVICES, ALR).status is A.REQUESTED


def test_dir_111_only_lda_requests_access(world):
    ca = world.ca
    with pytest.raises(Forbidden, match="DIR-111"):
        ca.request_workflow_access(world.basic(ca), SERVICES, ALR, world.now, catalog=world.catalog)
    with pytest.raises(Forbidden, match="DIR-111"):
        ca.request_la_access(
            world.da(world.nimic),
            PQ,
            world.now,
            access_coordinator=world.nimic,
            catalog=world.catalog,
            keywords=("doctors",),
        )


def test_dir_111_request_checks_keywords_and_coordinator(world):
    ca = world.ca
    with pytest.raises(Exception, match="DIR-026"):
        ca.request_la_access(
            world.lda(ca),
            PQ,
            world.now,
            access_coordinator=world.nimic,
            catalog=world.catalog,
            keywords=(),
        )
    with pytest.raises(Forbidden, match="DIR-01[45]"):
        ca.request_la_access(
            world.lda(ca),
            PQ,
            world.now,
            access_coordinator=world.ca,
            catalog=world.catalog,
            keywords=("doctors",),
        )


def test_dir_109_only_active_authority_requests_access_or_reactivation(world):
    ca = world.ca
    world.suspend_accesses(ca)
    ca.suspend(world.validating_da(ca), world.now)
    with pytest.raises(Conflict, match="DIR-109"):
        ca.change_access(X.REQUEST_REACTIVATION, world.lda(ca), SERVICES, world.now)
    with pytest.raises(Conflict, match="DIR-109"):
        ca.request_workflow_access(world.lda(ca), SERVICES, ALR, world.now, catalog=world.catalog)


# ------------------------------------------------------------------ row preconditions


def test_dir_112_grant_requested_workflow_needs_associated_coordinator(world):
    ca = world.ca
    ca.request_workflow_access(world.lda(ca), SERVICES, ALR, world.now, catalog=world.catalog)
    with pytest.raises(Conflict, match="DIR-027"):
        ca.change_access(X.GRANT, manager(world, ca), SERVICES, world.now, workflow=ALR)


def test_dir_113_refused_workflow_request_is_deleted(world):
    ca, la_code, workflow = setup_workflow(world, A.REQUESTED)
    events = ca.change_access(X.REFUSE, manager(world, ca), la_code, world.now, workflow=workflow)
    assert events[0].new_status is None and workflow not in ca.la(la_code).workflows
    la_ca, la_code, _ = setup_la(world, A.REQUESTED)
    with pytest.raises(Conflict, match="DIR-113"):  # LA requests are not refused
        la_ca.change_access(X.REFUSE, manager(world, la_ca, la_code), la_code, world.now)
    assert la_ca.la(la_code).status is A.REQUESTED


def test_dir_114_access_coordinator_suspends(world):
    ca = world.ca
    with pytest.raises(Forbidden, match="DIR-114"):
        ca.change_access(X.SUSPEND, world.da(world.limic), SERVICES, world.now, workflow=REQ)
    with pytest.raises(Forbidden, match="DIR-114"):  # helpdesk only for coordinators
        ca.change_access(X.SUSPEND, Actor.helpdesk(), SERVICES, world.now, workflow=REQ)


def test_dir_021_suspending_a_coordinator_access_goes_through_the_helpdesk(world):
    dimic = world.dimic
    with pytest.raises(Forbidden, match="DIR-021"):
        dimic.change_access(X.SUSPEND, manager(world, dimic), SERVICES, world.now, workflow=REQ)
    dimic.change_access(X.SUSPEND, Actor.helpdesk(), SERVICES, world.now, workflow=REQ)
    dimic.change_access(X.SUSPEND, Actor.helpdesk(), SERVICES, world.now)
    assert dimic.la(SERVICES).status is A.SUSPENDED
    # the other steps stay with the access coordinator
    dimic.change_access(X.REACTIVATE, manager(world, dimic), SERVICES, world.now)
    assert dimic.la(SERVICES).status is A.ACTIVE


def test_dir_115_reactivate_suspended_access(world):
    ca, la_code, workflow = setup_workflow(world, A.SUSPENDED)
    ca.change_access(X.REACTIVATE, manager(world, ca), la_code, world.now, workflow=workflow)
    assert ca.workflow(la_code, workflow).status is A.ACTIVE


def test_dir_125_workflow_active_only_in_active_la(world):
    ca, _, _ = setup_la(world, A.SUSPENDED)
    with pytest.raises(Conflict, match="DIR-125"):
        ca.change_access(X.REACTIVATE, manager(world, ca), SERVICES, world.now, workflow=REQ)


def test_dir_116_workflow_reactivation_request_needs_active_la(world):
    ca, _, _ = setup_la(world, A.SUSPENDED)
    with pytest.raises(Conflict, match="DIR-116"):
        ca.change_access(X.REQUEST_REACTIVATION, world.lda(ca), SERVICES, world.now, workflow=REQ)


def test_dir_117_refused_reactivation_returns_to_suspended(world):
    ca, la_code, workflow = setup_workflow(world, A.SUSPENDED_REACTIVATION_REQUESTED)
    ca.change_access(
        X.REFUSE_REACTIVATION, manager(world, ca), la_code, world.now, workflow=workflow
    )
    assert ca.workflow(la_code, workflow).status is A.SUSPENDED


def test_dir_118_la_removed_only_with_closed_cases_and_removed_workflows(world):
    ca = world.ca
    drive(world, ca, SERVICES, REQ, X.SUSPEND)
    drive(world, ca, SERVICES, None, X.SUSPEND)
    with pytest.raises(Conflict, match="DIR-118"):
        ca.change_access(X.REMOVE, manager(world, ca), SERVICES, world.now, open_cases=0)
    drive(world, ca, SERVICES, REQ, X.REMOVE)
    with pytest.raises(Conflict, match="DIR-118"):
        ca.change_access(X.REMOVE, manager(world, ca), SERVICES, world.now, open_cases=3)
    with pytest.raises(ValueError):
        ca.change_access(X.REMOVE, manager(world, ca), SERVICES, world.now)
    ca.change_access(X.REMOVE, manager(world, ca), SERVICES, world.now, open_cases=0)
    assert ca.la(SERVICES).status is A.REMOVED


def test_dir_119_workflow_removed_only_without_open_cases(world):
    ca, la_code, workflow = setup_workflow(world, A.SUSPENDED)
    with pytest.raises(Conflict, match="DIR-119"):
        ca.change_access(
            X.REMOVE, manager(world, ca), la_code, world.now, workflow=workflow, open_cases=1
        )


def test_dir_120_lda_requests_reactivation_of_removed_access(world):
    ca, la_code, workflow = setup_workflow(world, A.REMOVED)
    ca.change_access(X.REQUEST_REACTIVATION, world.lda(ca), la_code, world.now, workflow=workflow)
    assert ca.workflow(la_code, workflow).status is A.REMOVED_REACTIVATION_REQUESTED


def test_dir_121_start_reactivation_only_for_la(world):
    ca, _, _ = setup_workflow(world, A.REMOVED)
    with pytest.raises(Conflict, match="DIR-121"):
        ca.change_access(
            X.START_REACTIVATION, manager(world, ca), SERVICES, world.now, workflow=REQ
        )


def test_dir_122_accepted_reactivation_goes_through_suspended_to_active(world):
    ca, la_code, workflow = setup_workflow(world, A.REMOVED_REACTIVATION_REQUESTED)
    events = ca.change_access(
        X.ACCEPT_REACTIVATION, manager(world, ca), la_code, world.now, workflow=workflow
    )
    assert [(e.old_status, e.new_status) for e in events] == [
        (A.REMOVED_REACTIVATION_REQUESTED, A.SUSPENDED),
        (A.SUSPENDED, A.ACTIVE),
    ]


def test_dir_123_refused_reactivation_returns_to_removed(world):
    ca, _, _ = setup_la(world, A.REMOVED_REACTIVATION_REQUESTED)
    ca.change_access(X.REFUSE_REACTIVATION, manager(world, ca), SERVICES, world.now)
    assert ca.la(SERVICES).status is A.REMOVED


def test_dir_128_la_suspended_only_after_its_workflows(world):
    ca = world.ca
    with pytest.raises(Conflict, match="DIR-128"):
        ca.change_access(X.SUSPEND, manager(world, ca), SERVICES, world.now)


def test_dir_027_workflow_reactivation_needs_associated_coordinator(world):
    ca, la_code, workflow = setup_workflow(world, A.SUSPENDED)
    ca.workflow(la_code, workflow).associated_coordinator_ids = []
    with pytest.raises(Conflict, match="DIR-027"):
        ca.change_access(X.REACTIVATE, manager(world, ca), la_code, world.now, workflow=workflow)


def test_unknown_access_is_not_found(world):
    with pytest.raises(NotFound, match="DIR-138"):
        world.ca.change_access(X.SUSPEND, manager(world, world.ca), PQ, world.now)
    with pytest.raises(NotFound, match="DIR-139"):
        world.ca.change_access(
            X.SUSPEND, manager(world, world.ca), SERVICES, world.now, workflow=ALR
        )


def test_authority_status_unaffected_by_access_changes(world):
    ca, _, _ = setup_la(world, A.REMOVED)
    assert ca.status is AuthorityStatus.ACTIVE
