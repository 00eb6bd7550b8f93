"""Authority status machine (DIR-097..DIR-106, DIR-149, DIR-150)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_directory.domain.access import AccessAction
from imi_directory.domain.actors import Actor
from imi_directory.domain.enums import AccessStatus, AuthorityStatus, Workflow
from imi_directory.domain.events import AuthorityDeleted, AuthorityStatusChanged
from imi_directory.domain.reference import SERVICES
from imi_directory.domain.timeutil import add_months
from imi_shared.errors import Conflict, Forbidden

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


# DIR §3.10, written out from the spec (not read from the code): (rule, from, action, to);
# `None` as target: the authority is deleted. Creation rows DIR-097/098 are tested below.
ALLOWED = [
    ("DIR-099", S.REGISTRATION_REQUESTED, "validate", S.ACTIVE),
    ("DIR-100", S.REGISTRATION_REQUESTED, "refuse_registration", S.REGISTRATION_REFUSED),
    ("DIR-101", S.REGISTRATION_REFUSED, "validate", S.ACTIVE),
    ("DIR-102", S.REGISTRATION_REFUSED, "purge", None),
    ("DIR-103", S.ACTIVE, "suspend", S.SUSPENDED),
    ("DIR-104", S.SUSPENDED, "reactivate", S.ACTIVE),
    ("DIR-105", S.SUSPENDED, "set_inactive", S.INACTIVE),
    ("DIR-106", S.INACTIVE, "purge", None),
]
ACTIONS = sorted({action for _, _, action, _ in ALLOWED})
RULES_OF = {a: {rule for rule, _, act, _ in ALLOWED if act == a} for a in ACTIONS}
REFUSED = [
    (status, action)
    for status in S
    for action in ACTIONS
    if not any(src is status and act == action for _, src, act, _ in ALLOWED)
]


def prepare(world, authority, action):
    """Meet the row's own precondition so that only the status decides."""
    if action == "suspend":
        world.suspend_accesses(authority)
    if action == "set_inactive" and authority.status is S.SUSPENDED:
        world.remove_accesses(authority)


@pytest.mark.parametrize(
    ("rule", "source", "action", "target"), ALLOWED, ids=[f"{r[0]}-{r[2]}" for r in ALLOWED]
)
def test_authority_status_table_rows(world, rule, source, action, target):
    authority = in_status(world, source)
    assert authority.status is source
    prepare(world, authority, action)
    events = perform(world, authority, action)
    if target is None:
        assert isinstance(events[0], AuthorityDeleted)
        assert events[0].last_status is source
    else:
        assert authority.status is target
        change = events[0]
        assert isinstance(change, AuthorityStatusChanged)
        assert (change.old_status, change.new_status) == (source, target)


def test_refused_cases_cover_every_status_and_action():
    assert len(REFUSED) + len(ALLOWED) == len(S) * len(ACTIONS)
    assert len(REFUSED) == 22


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=[f"{s}-{a}" for s, a in REFUSED])
def test_authority_status_actions_refused_from_other_statuses(world, status, action):
    authority = in_status(world, status)
    prepare(world, authority, action)
    with pytest.raises(Conflict) as refused:
        perform(world, authority, action)
    assert refused.value.rule_id in RULES_OF[action]
    assert authority.status is status


def test_dir_097_and_dir_098_creation_rows(world):
    assert world.ca.status is S.ACTIVE  # DIR-097: registered by a coordinator
    assert not world.ca.self_registered


def test_dir_098_self_registration_gives_registration_requested(world):
    authority, _, _ = world.self_register()
    assert authority.status is S.REGISTRATION_REQUESTED
    assert authority.self_registered


def test_dir_099_validate_needs_an_associated_coordinator_per_workflow(world):
    authority, _, _ = world.self_register()
    with pytest.raises(Conflict, match="DIR-099"):
        authority.validate(world.validating_da(authority), world.now)


def test_dir_099_only_validating_coordinator_validates(world):
    authority = in_status(world, S.REGISTRATION_REQUESTED)
    for intruder in (world.da(world.limic), world.lda(authority), Actor.helpdesk()):
        with pytest.raises(Forbidden, match="DIR-099"):
            authority.validate(intruder, world.now)


def test_dir_099_validation_activates_requested_accesses(world):
    authority = in_status(world, S.REGISTRATION_REQUESTED)
    events = authority.validate(world.validating_da(authority), world.now)
    assert authority.la(SERVICES).status is AccessStatus.ACTIVE
    assert authority.workflow(SERVICES, REQ).status is AccessStatus.ACTIVE
    assert len(events) == 3  # authority + LA + workflow


def test_dir_100_refuse_registration_only_by_validating_coordinator(world):
    authority = in_status(world, S.REGISTRATION_REQUESTED)
    with pytest.raises(Forbidden, match="DIR-100"):
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
    with pytest.raises(Conflict, match="DIR-101"):
        authority.validate(world.validating_da(authority), deadline)
    with pytest.raises(Conflict, match="DIR-102"):
        authority.purge(deadline - timedelta(seconds=1))
    assert isinstance(authority.purge(deadline)[0], AuthorityDeleted)


def test_dir_102_refused_registration_deleted_after_six_months(world):
    authority = in_status(world, S.REGISTRATION_REFUSED)
    events = authority.purge(add_months(authority.status_changed_at, 6))
    assert events[0].event_type == "authority.deleted"


def test_dir_103_suspend_needs_all_accesses_suspended_or_removed(world):
    authority = world.ca
    actor = world.validating_da(authority)
    with pytest.raises(Conflict, match="DIR-103"):
        authority.suspend(actor, world.now)
    manager = world.da(world.dimic)
    authority.change_access(AccessAction.SUSPEND, manager, SERVICES, world.now, workflow=REQ)
    with pytest.raises(Conflict, match="DIR-103"):  # LA still active
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
    with pytest.raises(Conflict) as refused:
        authority.suspend(world.validating_da(authority), world.now)
    assert refused.value.rule_id == "DIR-103"
    assert authority.status is S.ACTIVE


def test_dir_103_only_validating_coordinator_suspends(world):
    authority = world.ca
    world.suspend_accesses(authority)
    with pytest.raises(Forbidden, match="DIR-103"):
        authority.suspend(world.da(world.limic), world.now)  # not its validating coordinator


def test_dir_104_reactivate_suspended_authority(world):
    authority = in_status(world, S.SUSPENDED)
    authority.reactivate(world.validating_da(authority), world.now)
    assert authority.status is S.ACTIVE
    assert authority.la(SERVICES).status is AccessStatus.SUSPENDED  # accesses stay as they were


def test_dir_105_set_inactive_needs_closed_exchanges_and_removed_accesses(world):
    authority = in_status(world, S.SUSPENDED)
    actor = world.validating_da(authority)
    with pytest.raises(Conflict, match="DIR-105"):
        authority.set_inactive(actor, world.now, open_cases=0)  # accesses only suspended
    world.remove_accesses(authority)
    with pytest.raises(Conflict, match="DIR-105"):
        authority.set_inactive(actor, world.now, open_cases=2)
    authority.set_inactive(actor, world.now, open_cases=0)
    assert authority.status is S.INACTIVE


def test_dir_106_inactive_authority_deleted_after_six_months(world):
    authority = in_status(world, S.INACTIVE)
    due = add_months(authority.status_changed_at, 6)
    assert authority.deletion_due_at == due
    with pytest.raises(Conflict, match="DIR-106"):
        authority.purge(due - timedelta(days=1))
    assert authority.purge(due)[0].last_status is S.INACTIVE


def test_deletion_due_only_for_refused_or_inactive(world):
    assert world.ca.deletion_due_at is None
    with pytest.raises(Conflict, match="DIR-10[26]"):
        world.ca.purge(world.now)


def test_naive_datetimes_refused(world):
    authority = in_status(world, S.SUSPENDED)
    with pytest.raises(ValueError, match="timezone-aware"):
        authority.reactivate(world.validating_da(authority), world.now.replace(tzinfo=None))


ACTOR_ROWS = [row for row in ALLOWED if row[2] != "purge"]


@pytest.mark.parametrize(
    ("rule", "source", "action", "target"), ACTOR_ROWS, ids=[f"{r[0]}-{r[2]}" for r in ACTOR_ROWS]
)
def test_authority_status_rows_refuse_other_actors(world, rule, source, action, target):
    authority = in_status(world, source)
    prepare(world, authority, action)
    method = getattr(authority, action)
    kwargs = {"open_cases": 0} if action == "set_inactive" else {}
    for intruder in (
        world.lda(authority),
        world.da(world.sdimic),
        Actor.helpdesk(),
        Actor.system(),
    ):
        with pytest.raises(Forbidden) as refused:
            method(intruder, world.now, **kwargs)
        assert refused.value.rule_id == rule
    assert authority.status is source
