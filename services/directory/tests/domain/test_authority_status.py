"""Authority status machine (DIR-097..DIR-106, DIR-149, DIR-150)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_directory.domain.access import AccessAction
from imi_directory.domain.actors import Actor
from imi_directory.domain.authority import AUTHORITY_TRANSITIONS, find_authority_transition
from imi_directory.domain.enums import AccessStatus, AuthorityStatus, Workflow
from imi_directory.domain.errors import InvalidTransition, PermissionDenied, PreconditionFailed
from imi_directory.domain.events import AuthorityDeleted, AuthorityStatusChanged
from imi_directory.domain.reference import SERVICES
from imi_directory.domain.timeutil import add_months

REQ = Workflow.REQUESTS
S = AuthorityStatus


def in_status(world, status: AuthorityStatus):
    """An authority in `status` whose preconditions for the next step hold."""
    if status in (S.REGISTRATION_REQUESTED, S.REGISTRATION_REFUSED):
        authority, _, _ = world.self_register()
        validator = world.validating_da(authority)
        authority.set_associated_coordinators(validator, SERVICES, REQ, [world.dimic], world.now)
        if status is S.REGISTRATION_REFUSED:
            authority.refuse_registration(validator, world.now)
        return authority
    authority = world.ca
    if status is S.SUSPENDED:
        world.suspend_accesses(authority)
        authority.suspend(world.validating_da(authority), world.now)
    if status is S.INACTIVE:
        world.remove_accesses(authority)
        authority.suspend(world.validating_da(authority), world.now)
        authority.set_inactive(world.validating_da(authority), world.now, open_cases=0)
    return authority


def perform(world, authority, action):
    actor = world.validating_da(authority)
    after = world.now + timedelta(days=1)
    if action == "validate":
        return authority.validate(actor, after)
    if action == "refuse_registration":
        return authority.refuse_registration(actor, after)
    if action == "suspend":
        return authority.suspend(actor, after)
    if action == "reactivate":
        return authority.reactivate(actor, after)
    if action == "set_inactive":
        return authority.set_inactive(actor, after, open_cases=0)
    if action == "purge":
        return authority.purge(add_months(authority.status_changed_at, 6))
    raise AssertionError(action)


TABLE = [row for row in AUTHORITY_TRANSITIONS if row.source is not None]


@pytest.mark.parametrize("row", TABLE, ids=[f"{r.rule_id}-{r.action}" for r in TABLE])
def test_authority_status_table_rows(world, row):
    authority = in_status(world, row.source)
    if row.source is S.SUSPENDED and row.action == "set_inactive":
        world.remove_accesses(authority)
    if row.action == "suspend":
        world.suspend_accesses(authority)
    events = perform(world, authority, row.action)
    if row.target is None:
        assert isinstance(events[0], AuthorityDeleted)
        assert events[0].last_status is row.source
    else:
        assert authority.status is row.target
        change = events[0]
        assert isinstance(change, AuthorityStatusChanged)
        assert (change.old_status, change.new_status) == (row.source, row.target)


@pytest.mark.parametrize("action", sorted({r.action for r in TABLE}))
@pytest.mark.parametrize("status", list(S))
def test_authority_status_actions_refused_from_other_statuses(world, status, action):
    if any(r.source is status and r.action == action for r in TABLE):
        return
    with pytest.raises(InvalidTransition) as refused:
        find_authority_transition(status, action)
    assert refused.value.rule_id in {r.rule_id for r in TABLE if r.action == action}


def test_dir_097_and_dir_098_creation_rows():
    creation = {r.rule_id: r.target for r in AUTHORITY_TRANSITIONS if r.source is None}
    assert creation == {"DIR-097": S.ACTIVE, "DIR-098": S.REGISTRATION_REQUESTED}


def test_dir_098_self_registration_gives_registration_requested(world):
    authority, _, _ = world.self_register()
    assert authority.status is S.REGISTRATION_REQUESTED
    assert authority.self_registered


def test_dir_099_validate_needs_an_associated_coordinator_per_workflow(world):
    authority, _, _ = world.self_register()
    with pytest.raises(PreconditionFailed, match="DIR-099"):
        authority.validate(world.validating_da(authority), world.now)


def test_dir_099_only_validating_coordinator_validates(world):
    authority = in_status(world, S.REGISTRATION_REQUESTED)
    for intruder in (world.da(world.limic), world.lda(authority), Actor.helpdesk()):
        with pytest.raises(PermissionDenied, match="DIR-099"):
            authority.validate(intruder, world.now)


def test_dir_099_validation_activates_requested_accesses(world):
    authority = in_status(world, S.REGISTRATION_REQUESTED)
    events = authority.validate(world.validating_da(authority), world.now)
    assert authority.la(SERVICES).status is AccessStatus.ACTIVE
    assert authority.workflow(SERVICES, REQ).status is AccessStatus.ACTIVE
    assert len(events) == 3  # authority + LA + workflow


def test_dir_100_refuse_registration_only_by_validating_coordinator(world):
    authority = in_status(world, S.REGISTRATION_REQUESTED)
    with pytest.raises(PermissionDenied, match="DIR-100"):
        authority.refuse_registration(world.lda(authority), world.now)


def test_dir_101_refused_registration_validated_within_six_months(world):
    authority = in_status(world, S.REGISTRATION_REFUSED)
    refused_at = authority.status_changed_at
    authority.validate(
        world.validating_da(authority), add_months(refused_at, 6) - timedelta(seconds=1)
    )
    assert authority.status is S.ACTIVE


def test_dir_149_refused_registration_not_validated_after_six_months(world):
    authority = in_status(world, S.REGISTRATION_REFUSED)
    deadline = add_months(authority.status_changed_at, 6)
    assert authority.deletion_due_at == deadline
    with pytest.raises(PreconditionFailed, match="DIR-101"):
        authority.validate(world.validating_da(authority), deadline)
    with pytest.raises(PreconditionFailed, match="DIR-102"):
        authority.purge(deadline - timedelta(seconds=1))
    assert isinstance(authority.purge(deadline)[0], AuthorityDeleted)


def test_dir_102_refused_registration_deleted_after_six_months(world):
    authority = in_status(world, S.REGISTRATION_REFUSED)
    events = authority.purge(add_months(authority.status_changed_at, 6))
    assert events[0].event_type == "authority.deleted"


def test_dir_103_suspend_needs_all_accesses_suspended_or_removed(world):
    authority = world.ca
    actor = world.validating_da(authority)
    with pytest.raises(PreconditionFailed, match="DIR-103"):
        authority.suspend(actor, world.now)
    manager = world.da(world.dimic)
    authority.change_access(AccessAction.SUSPEND, manager, SERVICES, world.now, workflow=REQ)
    with pytest.raises(PreconditionFailed, match="DIR-103"):  # LA still active
        authority.suspend(actor, world.now)
    authority.change_access(AccessAction.SUSPEND, manager, SERVICES, world.now)
    authority.suspend(actor, world.now)
    assert authority.status is S.SUSPENDED


def test_dir_103_reactivation_requested_variants_count_as_suspended(world):
    authority = world.ca
    world.suspend_accesses(authority)
    authority.change_access(
        AccessAction.REQUEST_REACTIVATION, world.lda(authority), SERVICES, world.now
    )
    authority.suspend(world.validating_da(authority), world.now)
    assert authority.status is S.SUSPENDED


def test_dir_150_suspending_authority_with_active_requests_workflow_rejected(world):
    authority = world.ca
    assert authority.workflow(SERVICES, REQ).status is AccessStatus.ACTIVE
    with pytest.raises(PreconditionFailed) as refused:
        authority.suspend(world.validating_da(authority), world.now)
    assert refused.value.rule_id == "DIR-103"
    assert authority.status is S.ACTIVE


def test_dir_103_only_validating_coordinator_suspends(world):
    authority = world.ca
    world.suspend_accesses(authority)
    with pytest.raises(PermissionDenied, match="DIR-103"):
        authority.suspend(world.da(world.limic), world.now)  # not its validating coordinator


def test_dir_104_reactivate_suspended_authority(world):
    authority = in_status(world, S.SUSPENDED)
    authority.reactivate(world.validating_da(authority), world.now)
    assert authority.status is S.ACTIVE
    assert authority.la(SERVICES).status is AccessStatus.SUSPENDED  # accesses stay as they were


def test_dir_105_set_inactive_needs_closed_exchanges_and_removed_accesses(world):
    authority = in_status(world, S.SUSPENDED)
    actor = world.validating_da(authority)
    with pytest.raises(PreconditionFailed, match="DIR-105"):
        authority.set_inactive(actor, world.now, open_cases=0)  # accesses only suspended
    world.remove_accesses(authority)
    with pytest.raises(PreconditionFailed, match="DIR-105"):
        authority.set_inactive(actor, world.now, open_cases=2)
    authority.set_inactive(actor, world.now, open_cases=0)
    assert authority.status is S.INACTIVE


def test_dir_106_inactive_authority_deleted_after_six_months(world):
    authority = in_status(world, S.INACTIVE)
    due = add_months(authority.status_changed_at, 6)
    assert authority.deletion_due_at == due
    with pytest.raises(PreconditionFailed, match="DIR-106"):
        authority.purge(due - timedelta(days=1))
    assert authority.purge(due)[0].last_status is S.INACTIVE


def test_deletion_due_only_for_refused_or_inactive(world):
    assert world.ca.deletion_due_at is None
    with pytest.raises(InvalidTransition, match="DIR-10[26]"):
        world.ca.purge(world.now)


def test_naive_datetimes_refused(world):
    authority = in_status(world, S.SUSPENDED)
    with pytest.raises(ValueError, match="timezone-aware"):
        authority.reactivate(world.validating_da(authority), world.now.replace(tzinfo=None))


ACTOR_ROWS = [row for row in TABLE if row.action != "purge"]


@pytest.mark.parametrize("row", ACTOR_ROWS, ids=[f"{r.rule_id}-{r.action}" for r in ACTOR_ROWS])
def test_authority_status_rows_refuse_other_actors(world, row):
    authority = in_status(world, row.source)
    if row.action == "suspend":
        world.suspend_accesses(authority)
    if row.action == "set_inactive":
        world.remove_accesses(authority)
    method = getattr(authority, row.action)
    kwargs = {"open_cases": 0} if row.action == "set_inactive" else {}
    for intruder in (
        world.lda(authority),
        world.da(world.sdimic),
        Actor.helpdesk(),
        Actor.system(),
    ):
        with pytest.raises(PermissionDenied) as refused:
            method(intruder, world.now, **kwargs)
        assert refused.value.rule_id == row.rule_id
    assert authority.status is row.source
