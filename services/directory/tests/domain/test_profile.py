"""Issue 8: the rules see an authority only through the read-only `AuthorityProfile`. Run on a
frozen dataclass (not an `Authority`), the queries answer and the commands hand changes to the
authority's own fields back instead of writing them (a write would raise)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime

import pytest

from imi_directory.domain import authority_editing, authority_status, profile, role_changes
from imi_directory.domain.changes import AuthorityChange
from imi_directory.domain.enums import AdminRole, AuthorityStatus, Workflow
from imi_directory.domain.events import AuthorityDataChanged, AuthorityStatusChanged
from imi_directory.domain.records import LegislativeAreaAccess
from imi_directory.domain.reference import SERVICES
from imi_shared.errors import NotFound


@dataclasses.dataclass(frozen=True)
class FrozenProfile:
    id: str
    member_state: str
    region: str | None
    official_name: str
    status: AuthorityStatus
    status_changed_at: datetime
    validating_coordinator_id: str | None
    legislative_areas: Mapping[str, LegislativeAreaAccess]


def frozen(authority) -> FrozenProfile:
    return FrozenProfile(
        **{f.name: getattr(authority, f.name) for f in dataclasses.fields(FrozenProfile)}
    )


def test_dir_138_dir_139_queries_on_any_profile(world):
    ca = frozen(world.ca)
    assert profile.la(ca, SERVICES).la_code == SERVICES
    with pytest.raises(NotFound, match="DIR-138"):
        profile.la(ca, "solvit")
    with pytest.raises(NotFound, match="DIR-139"):
        profile.workflow(ca, SERVICES, Workflow.ALERTS)
    assert profile.highest_admin_role(ca) is AdminRole.COMPETENT_AUTHORITY
    assert profile.highest_admin_role(frozen(world.nimic)) is AdminRole.NIMIC
    assert not profile.is_coordinator(ca) and profile.is_coordinator(frozen(world.dimic))
    assert not profile.being_validated(ca)
    assert list(profile.access_statuses(ca)) == list(world.ca.access_statuses())


def test_dir_017_details_are_handed_back_not_written(world):
    ca = frozen(world.ca)
    change = authority_editing.update_details(
        ca, world.lda(world.ca), world.now, {"phone": "+33 2", "email": "X@Ex.fr"}
    )
    assert isinstance(change, AuthorityChange)
    assert change.fields == {"phone": "+33 2", "email": "x@ex.fr"}
    assert [type(e) for e in change.events] == [AuthorityDataChanged]


def test_dir_103_status_is_handed_back_not_written(world):
    world.suspend_accesses(world.ca)
    ca = frozen(world.ca)
    change = authority_status.suspend(ca, world.validating_da(world.ca), world.now)
    assert change.fields == {"status": AuthorityStatus.SUSPENDED, "status_changed_at": world.now}
    assert change.events[0] == AuthorityStatusChanged(
        authority_id=ca.id,
        member_state=ca.member_state,
        old_status=AuthorityStatus.ACTIVE,
        new_status=AuthorityStatus.SUSPENDED,
        changed_at=world.now,
        actor_user_id=world.validating_da(world.ca).user_id,
    )
    assert world.ca.status is AuthorityStatus.ACTIVE  # only Authority.apply sets it


def test_dir_019_validating_coordinator_is_handed_back_not_written(world):
    ca = frozen(world.ca)
    change = role_changes.reassign_validating_coordinator(
        ca, world.validating_da(world.ca), world.limic, world.now
    )
    assert change.fields == {"validating_coordinator_id": world.limic.id}
    assert change.events[0].old_coordinator_id == world.dimic.id
    assert world.ca.apply(change) == change.events
    assert world.ca.validating_coordinator_id == world.limic.id
