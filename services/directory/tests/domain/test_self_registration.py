"""Self-registration, validation and refusal (DIR-073..DIR-080, DIR-098..DIR-101)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from imi_directory.domain.enums import (
    AccessStatus,
    AdminRole,
    AlertWorkflowRole,
    AuthorityStatus,
    InvitationStatus,
    RequestWorkflowRole,
    UserRole,
    Workflow,
)
from imi_directory.domain.events import (
    AccessChanged,
    AuthorityRegistered,
    AuthorityStatusChanged,
    InvitationStatusChanged,
    UserCreated,
)
from imi_directory.domain.invitation import RegistrationCodeRejected
from imi_directory.domain.reference import SERVICES
from imi_directory.domain.registration import AuthorityDetails
from imi_directory.domain.self_registration import (
    SelfRegistrationForm,
    complete_self_registration,
    refuse_self_registration,
    validate_self_registration,
)
from imi_directory.domain.timeutil import add_months
from imi_directory.domain.user_management import UserDetails, announce_first_user
from imi_shared.errors import Conflict, Forbidden, InvalidInput

REQ, ALR = Workflow.REQUESTS, Workflow.ALERTS


def form(invitation, **changes):
    values = {
        "details": AuthorityDetails(official_name="Office du tourisme", email=invitation.email),
        "keywords": {SERVICES: ("tourism",)},
        "first_user": UserDetails(
            first_name="Anne", last_name="Le Goff", main_language="fr", email="anne@ex.fr"
        ),
        "summary_saved": True,
    }
    values.update(changes)
    return SelfRegistrationForm(**values)


def complete(world, invitation, the_form=None, **kw):
    return complete_self_registration(
        invitation=invitation,
        code=kw.pop("code", invitation.registration_code),
        form=the_form or form(invitation),
        authority_id="self-1",
        first_user_id="u-self",
        username="fr_alegoff",
        temporary_password_hash="h:Temp-pass-1",
        catalog=world.catalog,
        now=kw.pop("now", invitation.sent_at + timedelta(days=2)),
        **kw,
    )


def test_dir_073_code_required_and_checked(world):
    invitation = world.invite()
    with pytest.raises(RegistrationCodeRejected, match="DIR-073"):
        complete(world, invitation, code="nope")
    with pytest.raises(RegistrationCodeRejected, match="expired"):
        complete(world, invitation, now=invitation.code_expires_at)


def test_dir_073_code_single_use(world):
    invitation = world.invite()
    complete(world, invitation)
    with pytest.raises(RegistrationCodeRejected, match="already used"):
        complete(world, invitation)


def test_dir_074_wizard_defaults_competent_authority_and_authority_roles(world):
    invitation = world.invite(world.limic, pairs=((SERVICES, REQ), (SERVICES, ALR)))
    authority, _, _ = complete(world, invitation)
    assert authority.admin_role_in(SERVICES) is AdminRole.COMPETENT_AUTHORITY
    assert authority.workflow(SERVICES, REQ).role is RequestWorkflowRole.REQUEST_AUTHORITY
    assert authority.workflow(SERVICES, ALR).role is AlertWorkflowRole.ALERT_AUTHORITY


def test_dir_074_each_invited_la_needs_a_keyword(world):
    invitation = world.invite()
    with pytest.raises(InvalidInput, match="DIR-026"):
        complete(world, invitation, form(invitation, keywords={}))
    with pytest.raises(InvalidInput, match="DIR-026"):
        complete(world, invitation, form(invitation, keywords={SERVICES: ("doctors",)}))


def test_dir_074_first_user_email_required(world):
    invitation = world.invite()
    with pytest.raises(InvalidInput, match="DIR-081"):
        complete(
            world,
            invitation,
            form(
                invitation,
                first_user=UserDetails(
                    first_name="A", last_name="B", main_language="fr", email="none"
                ),
            ),
        )
    with pytest.raises(Conflict, match="DIR-081"):
        complete(world, invitation, first_user_email_in_use=True)


def test_dir_075_summary_printed_or_saved_before_finishing(world):
    invitation = world.invite()
    with pytest.raises(Conflict, match="DIR-075"):
        complete(world, invitation, form(invitation, summary_saved=False))
    assert invitation.status is InvitationStatus.SENT_AWAITING_REGISTRATION


def test_dir_076_finish_sets_requested_statuses(world):
    invitation = world.invite()
    authority, _user, events = complete(world, invitation)
    assert authority.status is AuthorityStatus.REGISTRATION_REQUESTED
    assert authority.la(SERVICES).status is AccessStatus.REQUESTED
    assert authority.workflow(SERVICES, REQ).status is AccessStatus.REQUESTED
    assert invitation.status is InvitationStatus.REGISTERED_AWAITING_VALIDATION
    kinds = [type(e) for e in events]
    assert kinds == [
        AuthorityRegistered,
        AuthorityStatusChanged,
        AccessChanged,
        AccessChanged,
        InvitationStatusChanged,
    ]
    assert not any(isinstance(e, UserCreated) for e in events)  # no user e-mail yet


def test_dir_076_confirmation_never_carries_the_username(world):
    invitation = world.invite()
    _, user, events = complete(world, invitation)
    assert user.username == "fr_alegoff"
    assert all("fr_alegoff" not in e.model_dump_json() for e in events)


def test_dir_137_self_registered_email_checked(world):
    invitation = world.invite()
    with pytest.raises(Conflict, match="DIR-137"):
        complete(world, invitation, email_in_use=True)
    with pytest.raises(InvalidInput, match="DIR-137"):
        complete(
            world,
            invitation,
            form(invitation, details=AuthorityDetails(official_name="X", email="bad")),
        )


def test_dir_077_inviting_coordinator_is_validating_and_access_coordinator(world):
    invitation = world.invite(world.limic)
    authority, _, _ = complete(world, invitation)
    assert authority.validating_coordinator_id == world.limic.id
    assert authority.la(SERVICES).access_coordinator_id == world.limic.id
    assert authority.invitation_id == invitation.id and authority.self_registered


def test_dir_078_validating_coordinator_edits_roles_and_parameters_before_validating(world):
    authority, invitation, user = world.self_register()
    validator = world.validating_da(authority)
    authority.update_details(validator, world.now, {"official_name": "Office corrigé"})
    authority.change_workflow_role(
        validator, world.dimic, SERVICES, REQ, RequestWorkflowRole.REQUEST_COORDINATOR, world.now
    )
    authority.set_parameters(validator, SERVICES, REQ, {"approve_requests": True}, world.now)
    validate_self_registration(
        authority=authority, invitation=invitation, first_user=user, actor=validator, now=world.now
    )
    assert authority.status is AuthorityStatus.ACTIVE
    assert authority.workflow(SERVICES, REQ).parameters.approve_requests


def test_dir_078_associated_coordinator_required_for_validation(world):
    authority, invitation, user = world.self_register()
    with pytest.raises(Conflict, match="DIR-099"):
        validate_self_registration(
            authority=authority,
            invitation=invitation,
            first_user=user,
            actor=world.validating_da(authority),
            now=world.now,
        )
    assert invitation.status is InvitationStatus.REGISTERED_AWAITING_VALIDATION


def test_dir_079_validation_activates_and_announces_first_user(world):
    authority, invitation, user = world.self_register()
    validator = world.validating_da(authority)
    authority.set_associated_coordinators(validator, SERVICES, REQ, [world.dimic], world.now)
    events = validate_self_registration(
        authority=authority, invitation=invitation, first_user=user, actor=validator, now=world.now
    )
    assert authority.status is AuthorityStatus.ACTIVE
    assert authority.la(SERVICES).status is AccessStatus.ACTIVE
    assert invitation.status is InvitationStatus.AUTHORITY_VALIDATED
    created = [e for e in events if isinstance(e, UserCreated)]
    assert created[0].first_user and not user.awaiting_validation
    assert user.has_role(UserRole.LOCAL_DATA_ADMIN)
    assert user.has_role(UserRole.REQUEST_HANDLER, SERVICES, REQ)
    with pytest.raises(Conflict, match="DIR-079"):
        announce_first_user(user, validator, world.now)


def test_dir_079_only_validating_coordinator_validates(world):
    authority, invitation, user = world.self_register()
    with pytest.raises(Forbidden, match="DIR-099"):
        validate_self_registration(
            authority=authority,
            invitation=invitation,
            first_user=user,
            actor=world.da(world.limic),
            now=world.now,
        )


def test_dir_080_refusal_and_late_validation_within_six_months(world):
    authority, invitation, user = world.self_register()
    validator = world.validating_da(authority)
    refuse_self_registration(
        authority=authority, invitation=invitation, actor=validator, now=world.now
    )
    assert authority.status is AuthorityStatus.REGISTRATION_REFUSED
    assert invitation.status is InvitationStatus.VALIDATION_REFUSED
    authority.set_associated_coordinators(validator, SERVICES, REQ, [world.dimic], world.now)
    validate_self_registration(
        authority=authority,
        invitation=invitation,
        first_user=user,
        actor=validator,
        now=add_months(world.now, 5),
    )
    assert authority.status is AuthorityStatus.ACTIVE
    assert invitation.status is InvitationStatus.AUTHORITY_VALIDATED


def test_dir_080_invitation_must_belong_to_the_authority(world):
    authority, _, _user = world.self_register()
    other = world.invite(email="o@ex.fr")
    with pytest.raises(InvalidInput, match="DIR-076"):
        refuse_self_registration(
            authority=authority,
            invitation=other,
            actor=world.validating_da(authority),
            now=world.now,
        )


def test_dir_098_self_registration_event_row(world):
    invitation = world.invite()
    _, _, events = complete(world, invitation)
    status = events[1]
    assert (status.old_status, status.new_status) == (None, AuthorityStatus.REGISTRATION_REQUESTED)
