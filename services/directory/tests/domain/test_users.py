"""Users and user rights (DIR-044, DIR-081..DIR-090, DIR-126, DIR-140, DIR-141, X-002)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_directory.domain.access import AccessAction
from imi_directory.domain.enums import UserRole, UserStatus, Workflow
from imi_directory.domain.events import UserCreated, UserRemoved, UserRolesChanged
from imi_directory.domain.reference import SERVICES
from imi_directory.domain.staff import available_roles, role_violations, staff_warnings
from imi_directory.domain.user_management import (
    UserDetails,
    change_user_roles,
    create_first_user,
    deactivate_user,
    may_manage_users,
    propose_username,
    register_user,
    sync_lda_default_roles,
)
from imi_directory.domain.user_roles import BASIC_USER, LOCAL_DATA_ADMIN, scoped
from imi_shared.errors import Conflict, Forbidden, InvalidInput, NotFound

REQ, ALR = Workflow.REQUESTS, Workflow.ALERTS
U = UserRole


def handler(la=SERVICES):
    return scoped(U.REQUEST_HANDLER, la, REQ)


def add_user(
    world, authority, users, roles, *, actor=None, user_id="u2", email=None, email_in_use=False
):
    return register_user(
        actor=actor or world.lda(authority, users[0].id),
        authority=authority,
        users=users,
        user_id=user_id,
        username=f"fr_{user_id}",
        details=UserDetails(
            first_name="Paul",
            last_name="Martin",
            main_language="fr",
            email=email or f"{user_id}@ex.fr",
        ),
        roles=roles,
        temporary_password_hash="h:tmp",
        now=world.now,
        email_in_use=email_in_use,
    )


def keys(user):
    return {r.key for r in user.roles}


# ------------------------------------------------------------------ first user (DIR-044)


def test_dir_044_first_user_gets_lda_and_every_role(world):
    user = world.first_user(world.ca)
    assert keys(user) == {a.key for a in available_roles(world.ca)}
    assert user.is_lda and user.has_role(U.BASIC_USER)
    assert user.has_role(U.ALLOCATOR, SERVICES, REQ)
    coordinator_user = world.first_user(world.limic)
    assert coordinator_user.has_role(U.DATA_ADMIN, SERVICES)
    assert coordinator_user.has_role(U.ARBITER, SERVICES, REQ)
    assert coordinator_user.has_role(U.ALERT_FORWARDER, SERVICES, ALR)


def test_dir_042_first_user_event_without_username(world):
    _user, events = create_first_user(
        authority=world.ca,
        user_id="u9",
        username="fr_jdupont",
        details=UserDetails(
            first_name="J", last_name="Dupont", main_language="fr", email="j@ex.fr"
        ),
        temporary_password_hash="h:x",
        now=world.now,
        actor=world.da(world.dimic),
    )
    assert "username" not in UserCreated.model_fields
    assert "fr_jdupont" not in events[0].model_dump_json()
    assert "h:x" not in events[0].model_dump_json()


# ------------------------------------------------------------------ registration (DIR-081..083)


def test_dir_081_lda_and_coordinator_das_register_users(world):
    ca = world.ca
    first = world.first_user(ca)
    user, events = add_user(world, ca, [first], [handler()])
    assert user.authority_id == ca.id and user.member_state == "FR"
    assert isinstance(events[0], UserCreated) and not events[0].first_user
    add_user(world, ca, [first, user], [], actor=world.validating_da(ca), user_id="u3")
    assert may_manage_users(ca, world.da(world.dimic))


def test_dir_081_others_cannot_register_users(world):
    ca = world.ca
    first = world.first_user(ca)
    for actor in (world.basic(ca), world.da(world.limic), world.lda(world.dimic)):
        with pytest.raises(Forbidden, match="DIR-081"):
            add_user(world, ca, [first], [], actor=actor)


def test_dir_081_required_fields_and_unique_email(world):
    ca = world.ca
    first = world.first_user(ca)
    with pytest.raises(Conflict, match="DIR-081"):
        add_user(world, ca, [first], [], email_in_use=True)
    with pytest.raises(InvalidInput, match="DIR-081"):
        add_user(world, ca, [first], [], email="nope")
    with pytest.raises(ValueError):
        UserDetails(first_name="", last_name="X", main_language="fr", email="x@ex.fr")
    user, _ = add_user(world, ca, [first], [], email="Paul@Ex.fr")
    assert user.email == "paul@ex.fr" and user.phone is None


def test_dir_082_system_proposes_a_unique_username():
    taken = {"fr_jdupont", "fr_jdupont2"}
    assert propose_username("Jeanne", "Dupont", "FR", taken.__contains__) == "fr_jdupont3"
    assert propose_username("Élodie", "Le Gallo-Müller", "BE", set().__contains__) == (
        "be_elegallomuller"
    )


def test_dir_083_welcome_now_temporary_password_within_48_hours(world):
    ca = world.ca
    first = world.first_user(ca)
    _, events = add_user(world, ca, [first], [])
    assert events[0].created_at == world.now
    assert events[0].temp_password_due_by == world.now + timedelta(hours=48)


# ------------------------------------------------------------------ rights (DIR-084..088)


def test_dir_084_every_user_keeps_basic_user(world):
    ca = world.ca
    first = world.first_user(ca)
    user, _ = add_user(world, ca, [first], [handler()])
    assert user.has_role(U.BASIC_USER)
    change_user_roles(
        actor=world.lda(ca, first.id),
        authority=ca,
        users=[first, user],
        user_id=user.id,
        roles=[],
        now=world.now,
    )
    assert keys(user) == {BASIC_USER.key}


def test_dir_084_rights_changed_by_lda_and_coordinators_only(world):
    ca = world.ca
    first = world.first_user(ca)
    user, _ = add_user(world, ca, [first], [])
    events = change_user_roles(
        actor=world.validating_da(ca),
        authority=ca,
        users=[first, user],
        user_id=user.id,
        roles=[handler()],
        now=world.now,
    )
    assert isinstance(events[0], UserRolesChanged) and user.has_role(
        U.REQUEST_HANDLER, SERVICES, REQ
    )
    with pytest.raises(Forbidden, match="DIR-084"):
        change_user_roles(
            actor=world.basic(ca, user.id),
            authority=ca,
            users=[first, user],
            user_id=user.id,
            roles=[],
            now=world.now,
        )
    with pytest.raises(NotFound):
        change_user_roles(
            actor=world.lda(ca),
            authority=ca,
            users=[first],
            user_id="ghost",
            roles=[],
            now=world.now,
        )


def test_dir_085_lda_given_moved_and_shared(world):
    ca = world.ca
    first = world.first_user(ca)
    second, _ = add_user(world, ca, [first], [LOCAL_DATA_ADMIN, handler()])
    assert second.is_lda and first.is_lda  # several LDAs
    change_user_roles(
        actor=world.lda(ca, second.id),
        authority=ca,
        users=[first, second],
        user_id=first.id,
        roles=[handler()],
        now=world.now,
    )
    assert not first.is_lda and second.is_lda  # moved


def test_dir_086_request_handler_kept(world):
    ca = world.ca
    first = world.first_user(ca)
    with pytest.raises(InvalidInput, match="DIR-086"):
        change_user_roles(
            actor=world.lda(ca, first.id),
            authority=ca,
            users=[first],
            user_id=first.id,
            roles=[LOCAL_DATA_ADMIN],
            now=world.now,
        )
    second, _ = add_user(world, ca, [first], [handler()])
    change_user_roles(
        actor=world.lda(ca, first.id),
        authority=ca,
        users=[first, second],
        user_id=first.id,
        roles=[LOCAL_DATA_ADMIN],
        now=world.now,
    )
    assert first.is_lda and not first.has_role(U.REQUEST_HANDLER, SERVICES, REQ)
    assert second.has_role(U.REQUEST_HANDLER, SERVICES, REQ)  # the other one handles
    assert role_violations(ca, [first, second]) == frozenset()


def test_dir_086_allocator_needed_when_allocation_enabled(world):
    ca = world.ca
    first = world.first_user(ca)
    second, _ = add_user(world, ca, [first], [handler()])
    ca.set_parameters(
        world.lda(ca, first.id), SERVICES, REQ, {"allocation_enabled": True}, world.now
    )
    assert role_violations(ca, [first, second]) == frozenset()  # the LDA is an allocator
    with pytest.raises(InvalidInput, match="DIR-086.*allocator"):  # nobody would keep it
        change_user_roles(
            actor=world.lda(ca, first.id),
            authority=ca,
            users=[first, second],
            user_id=first.id,
            roles=[handler()],
            now=world.now,
        )
    change_user_roles(
        actor=world.lda(ca, first.id),
        authority=ca,
        users=[first, second],
        user_id=second.id,
        roles=[handler(), scoped(U.ALLOCATOR, SERVICES, REQ)],
        now=world.now,
    )
    change_user_roles(
        actor=world.lda(ca, first.id),
        authority=ca,
        users=[first, second],
        user_id=first.id,
        roles=[handler()],
        now=world.now,
    )
    assert not first.is_lda and second.has_role(U.ALLOCATOR, SERVICES, REQ)


def test_dir_086_arbiter_and_data_admin_kept_by_coordinators(world):
    limic = world.limic
    first = world.first_user(limic)
    for role in (scoped(U.ARBITER, SERVICES, REQ), scoped(U.DATA_ADMIN, SERVICES)):
        wanted = [r for r in first.roles if r.key != role.key and not r.is_default]
        with pytest.raises(InvalidInput, match="DIR-086"):
            change_user_roles(
                actor=world.lda(limic, first.id),
                authority=limic,
                users=[first],
                user_id=first.id,
                roles=wanted,
                now=world.now,
            )


@pytest.mark.parametrize(
    ("role", "message"),
    [
        (scoped(U.ARBITER, SERVICES, REQ), "request coordinators"),
        (scoped(U.ALERT_FORWARDER, SERVICES, ALR), "no access"),
        (scoped(U.DATA_ADMIN, SERVICES), "coordinators"),
        (scoped(U.REQUEST_HANDLER, "professional_qualifications", REQ), "no access"),
    ],
)
def test_dir_086_roles_reserved_to_coordinators_or_accessible_modules(world, role, message):
    ca = world.ca
    first = world.first_user(ca)
    with pytest.raises(InvalidInput, match=f"DIR-086.*{message}"):
        add_user(world, ca, [first], [role])


def test_dir_086_alert_forwarder_only_for_alert_coordinator_users(world):
    limic_ca = world.make_ca(world.limic, workflows=(REQ, ALR), name="Agence")
    first = world.first_user(limic_ca)
    with pytest.raises(InvalidInput, match="alert coordinators"):
        add_user(world, limic_ca, [first], [scoped(U.ALERT_FORWARDER, SERVICES, ALR)])


def test_dir_087_ldas_hold_allocator_and_alert_roles_automatically(world):
    limic_ca = world.make_ca(world.limic, workflows=(REQ, ALR), name="Agence")
    first = world.first_user(limic_ca)
    second, _ = add_user(world, limic_ca, [first], [LOCAL_DATA_ADMIN])
    assert second.has_role(U.ALLOCATOR, SERVICES, REQ)
    assert second.has_role(U.ALERT_HANDLER, SERVICES, ALR)
    assert second.has_role(U.ALERT_VIEWER, SERVICES, ALR)
    defaults = {r.key for r in second.roles if r.is_default}
    assert (U.ALLOCATOR, SERVICES, REQ) in defaults
    change_user_roles(
        actor=world.lda(limic_ca, first.id),
        authority=limic_ca,
        users=[first, second],
        user_id=second.id,
        roles=[LOCAL_DATA_ADMIN],
        now=world.now,
    )  # automatic rights cannot be dropped from an LDA
    assert second.has_role(U.ALLOCATOR, SERVICES, REQ)


def test_dir_087_alerts_access_gives_ldas_every_alert_role(world):
    ca = world.ca
    first = world.first_user(ca)
    plain, _ = add_user(world, ca, [first], [handler()])
    ca.grant_workflow_access(
        world.da(world.dimic),
        world.dimic,
        SERVICES,
        ALR,
        world.now,
        catalog=world.catalog,
        associated=[world.limic],
    )
    events = sync_lda_default_roles(ca, [first, plain], world.now)
    assert first.has_role(U.ALERT_HANDLER, SERVICES, ALR)
    assert not plain.has_role(U.ALERT_HANDLER, SERVICES, ALR)
    assert [e.user_id for e in events] == [first.id]
    assert sync_lda_default_roles(ca, [first, plain], world.now) == []


def test_dir_088_mixed_roles_allowed(world):
    limic = world.limic
    first = world.first_user(limic)
    user, _ = add_user(
        world,
        limic,
        [first],
        [scoped(U.ALERT_FORWARDER, SERVICES, ALR), scoped(U.ALERT_HANDLER, SERVICES, ALR)],
    )
    assert user.has_role(U.ALERT_FORWARDER, SERVICES, ALR)
    assert user.has_role(U.ALERT_HANDLER, SERVICES, ALR)


def test_dir_089_warning_below_two_users(world):
    ca = world.ca
    first = world.first_user(ca)
    assert staff_warnings([first])[0].startswith("DIR-089")
    second, _ = add_user(world, ca, [first], [])
    assert staff_warnings([first, second]) == []
    second.remove(world.lda(ca), world.now)
    assert staff_warnings([first, second])


def test_dir_090_deactivation_withdraws_all_rights_and_locks_pd(world):
    ca = world.ca
    first = world.first_user(ca)
    user, _ = add_user(world, ca, [first], [handler()])
    events = deactivate_user(actor=world.lda(ca, first.id), authority=ca, user=user, now=world.now)
    assert user.status is UserStatus.REMOVED and user.roles == []
    assert isinstance(events[0], UserRemoved)
    with pytest.raises(Conflict, match="DIR-090"):
        deactivate_user(actor=world.lda(ca, first.id), authority=ca, user=user, now=world.now)
    with pytest.raises(Conflict, match="DIR-090"):
        change_user_roles(
            actor=world.lda(ca, first.id),
            authority=ca,
            users=[first, user],
            user_id=user.id,
            roles=[],
            now=world.now,
        )


def test_dir_090_only_lda_or_coordinator_deactivates(world):
    ca = world.ca
    first = world.first_user(ca)
    user, _ = add_user(world, ca, [first], [])
    with pytest.raises(Forbidden, match="DIR-090"):
        deactivate_user(actor=world.basic(ca, user.id), authority=ca, user=first, now=world.now)
    events = deactivate_user(actor=world.validating_da(ca), authority=ca, user=user, now=world.now)
    assert user.is_removed and user.roles == [] and events[0].user_id == user.id
    assert not first.is_removed


def test_x_002_user_belongs_to_exactly_one_authority(world):
    first = world.first_user(world.ca)
    with pytest.raises(InvalidInput, match="X-002"):
        deactivate_user(
            actor=world.lda(world.dimic), authority=world.dimic, user=first, now=world.now
        )


def test_dir_126_users_managed_in_suspended_la(world):
    ca = world.ca
    first = world.first_user(ca)
    manager = world.da(world.dimic)
    ca.change_access(AccessAction.SUSPEND, manager, SERVICES, world.now, workflow=REQ)
    ca.change_access(AccessAction.SUSPEND, manager, SERVICES, world.now)
    user, _ = add_user(world, ca, [first], [handler()])
    assert user.has_role(U.REQUEST_HANDLER, SERVICES, REQ)


def test_dir_141_role_assignment_scope_and_default_flag(world):
    user = world.first_user(world.ca)
    allocator = next(r for r in user.roles if r.role is U.ALLOCATOR)
    assert (allocator.la_code, allocator.workflow, allocator.is_default) == (SERVICES, REQ, True)
    lda = next(r for r in user.roles if r.role is U.LOCAL_DATA_ADMIN)
    assert (lda.la_code, lda.workflow) == (None, None)


def test_dir_140_user_record(world):
    user = world.first_user(world.ca)
    for field in (
        "id",
        "authority_id",
        "username",
        "first_name",
        "last_name",
        "main_language",
        "email",
        "phone",
        "status",
        "failed_attempts",
        "password_hash",
        "security_code_digest",
    ):
        assert hasattr(user, field)
    assert user.status is UserStatus.ACTIVE and user.failed_attempts == 0
    actor = user.as_actor()
    assert actor.is_local_data_admin and actor.authority_id == world.ca.id
