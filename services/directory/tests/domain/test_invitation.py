"""Registration invitations: content, status machine, code, retention (DIR-046..DIR-073,
DIR-145)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from imi_directory.domain.actors import Actor
from imi_directory.domain.dispatch import dispatch_time, next_nightly_run
from imi_directory.domain.enums import InvitationRefusalReason, InvitationStatus, Workflow
from imi_directory.domain.events import InvitationDispatchDue, InvitationStatusChanged
from imi_directory.domain.invitation import Invitation, RegistrationCodeRejected
from imi_directory.domain.invitation_batch import submit_invitations
from imi_directory.domain.reference import SERVICES, LaWorkflow
from imi_directory.domain.self_registration import (
    refuse_self_registration,
    validate_self_registration,
)
from imi_directory.domain.timeutil import add_months
from imi_shared.errors import Conflict, Forbidden, InvalidInput

PQ, REQ, ALR = "professional_qualifications", Workflow.REQUESTS, Workflow.ALERTS
I = InvitationStatus


def submit(world, invitations, *, in_use=False, today=(), at=None):
    return submit_invitations(
        invitations,
        actor=world.da(world.dimic),
        now=at or world.now,
        email_in_use=lambda _: in_use,
        submitted_today=today,
        rng=random.Random(3),
    )


def hundred_submitted_today(world):
    fillers = []
    for n in range(100):
        filler = world.invite(email=f"f{n}@ex.fr", send=False)
        fillers.append(filler)
    submit(world, fillers)
    return fillers


def registered(world):
    invitation = world.invite()
    authority, invitation, user = world.self_register(invitation)
    authority.set_associated_coordinators(
        world.validating_da(authority), SERVICES, REQ, [world.dimic], world.now
    )
    return authority, invitation, user


def in_status(world, status):
    """An invitation in `status` (with its authority and first user when registered)."""
    if status is I.DRAFT:
        return world.invite(send=False), None, None
    if status is I.REFUSED:
        invitation = world.invite(send=False, email="not an e-mail")
        submit(world, [invitation])
        invitation.edit(
            world.da(world.dimic),
            world.dimic,
            world.now,
            catalog=world.catalog,
            email="fixed@ex.fr",
        )
        return invitation, None, None
    if status in (I.SUBMITTED, I.BLOCKED):
        invitation = world.invite(send=False)
        submit(world, [invitation])
        if status is I.BLOCKED:
            invitation.block(Actor.helpdesk(), world.now)
        return invitation, None, None
    if status in (I.SENT_AWAITING_REGISTRATION, I.EXPIRED, I.WITHDRAWN):
        invitation = world.invite()
        if status is I.EXPIRED:
            invitation.expire(invitation.code_expires_at)
        if status is I.WITHDRAWN:
            invitation.withdraw(world.da(world.dimic), world.now)
        return invitation, None, None
    authority, invitation, user = registered(world)
    if status is I.AUTHORITY_VALIDATED:
        validate_self_registration(
            authority=authority,
            invitation=invitation,
            first_user=user,
            actor=world.validating_da(authority),
            now=world.now,
        )
    if status is I.VALIDATION_REFUSED:
        refuse_self_registration(
            authority=authority,
            invitation=invitation,
            actor=world.validating_da(authority),
            now=world.now,
        )
    return invitation, authority, user


def perform(world, action, invitation, authority, user):
    actor = world.da(world.dimic)
    if action == "edit":
        return invitation.edit(
            actor, world.dimic, world.now, catalog=world.catalog, personal_message="Bonjour"
        )
    if action == "delete":
        return invitation.delete(actor, world.now)
    if action == "submit_refused":
        return submit(world, [invitation], in_use=True)[1]
    if action == "submit_accepted":
        return submit(world, [invitation])[1]
    if action == "submit_over_limit":
        return submit(world, [invitation], today=hundred_submitted_today(world))[1]
    if action == "block_over_limit":
        fillers = hundred_submitted_today(world)
        return submit(
            world, [world.invite(send=False, email="last@ex.fr")], today=[invitation, *fillers[:99]]
        )[1]
    if action == "block":
        return invitation.block(Actor.helpdesk(), world.now)
    if action == "unblock":
        return invitation.unblock(
            Actor.helpdesk(), world.now, dispatch_at=next_nightly_run(world.now)
        )
    if action == "dispatch":
        return invitation.dispatch(invitation.dispatch_at)
    if action == "remind":
        assert invitation.reminder_due(invitation.reminder_due_at)
        return []
    if action == "expire":
        return invitation.expire(invitation.code_expires_at)
    if action == "withdraw":
        return invitation.withdraw(actor, world.now)
    if action == "complete_registration":
        world.self_register(invitation)
        return []
    if action == "validate":  # from registered_awaiting_validation or validation_refused
        return validate_self_registration(
            authority=authority,
            invitation=invitation,
            first_user=user,
            actor=world.validating_da(authority),
            now=world.now,
        )
    if action == "refuse_validation":
        return refuse_self_registration(
            authority=authority,
            invitation=invitation,
            actor=world.validating_da(authority),
            now=world.now,
        )
    raise AssertionError(action)


# DIR §3.6 table (DIR-058..DIR-072), written out from the spec, not read from the code:
# (rule, from, action, to); `None` as target: deleted. DIR-057 (creation) is tested below.
SPEC_ROWS = [
    ("DIR-058", I.DRAFT, "edit", I.DRAFT),
    ("DIR-058", I.DRAFT, "delete", None),
    ("DIR-059", I.DRAFT, "submit_refused", I.REFUSED),
    ("DIR-060", I.REFUSED, "edit", I.REFUSED),
    ("DIR-060", I.REFUSED, "submit_accepted", I.SUBMITTED),
    ("DIR-060", I.REFUSED, "submit_refused", I.REFUSED),
    ("DIR-061", I.DRAFT, "submit_accepted", I.SUBMITTED),
    ("DIR-062", I.DRAFT, "submit_over_limit", I.BLOCKED),
    ("DIR-063", I.SUBMITTED, "block", I.BLOCKED),
    ("DIR-064", I.BLOCKED, "unblock", I.SENT_AWAITING_REGISTRATION),
    ("DIR-065", I.SUBMITTED, "dispatch", I.SENT_AWAITING_REGISTRATION),
    ("DIR-066", I.SENT_AWAITING_REGISTRATION, "remind", I.SENT_AWAITING_REGISTRATION),
    ("DIR-067", I.SENT_AWAITING_REGISTRATION, "expire", I.EXPIRED),
    ("DIR-068", I.EXPIRED, "submit_accepted", I.SUBMITTED),
    ("DIR-069", I.SENT_AWAITING_REGISTRATION, "withdraw", I.WITHDRAWN),
    ("DIR-069", I.EXPIRED, "withdraw", I.WITHDRAWN),
    (
        "DIR-070",
        I.SENT_AWAITING_REGISTRATION,
        "complete_registration",
        I.REGISTERED_AWAITING_VALIDATION,
    ),
    ("DIR-071", I.REGISTERED_AWAITING_VALIDATION, "validate", I.AUTHORITY_VALIDATED),
    ("DIR-072", I.REGISTERED_AWAITING_VALIDATION, "refuse_validation", I.VALIDATION_REFUSED),
]
# Rows the table leaves out but other rules require:
RULE_ROWS = [
    # DIR-053: over 100 a day, every invitation of the day not yet sent is blocked — also a
    # resubmitted refused (DIR-060) or expired (DIR-068) one, and those already submitted.
    ("DIR-062", I.REFUSED, "submit_over_limit", I.BLOCKED),
    ("DIR-062", I.EXPIRED, "submit_over_limit", I.BLOCKED),
    ("DIR-053", I.SUBMITTED, "block_over_limit", I.BLOCKED),
    # DIR-068 resubmits an expired invitation: the submission validation (DIR-051/059) applies.
    ("DIR-068", I.EXPIRED, "submit_refused", I.REFUSED),
    # DIR-080 / DIR-101: a refused registration may still be validated within 6 months.
    ("DIR-101", I.VALIDATION_REFUSED, "validate", I.AUTHORITY_VALIDATED),
    # DIR-056: the coordinator may delete withdrawn invitations by hand.
    ("DIR-056", I.WITHDRAWN, "delete", None),
]
ALLOWED = SPEC_ROWS + RULE_ROWS
ACTIONS = sorted({action for _, _, action, _ in ALLOWED})
SUBMISSIONS = {"submit_refused", "submit_accepted", "submit_over_limit"}
# How a refused action fails: the exception and the rule it names. One submission command
# serves the three submission rows; it refuses what is not submittable under DIR-061.
# DIR-054 (not the row id DIR-063) names the "only while submitted" restriction of blocking:
# it is the rule that states it, and the HTTP API already reports it.
REFUSAL = {
    "edit": (Conflict, {"DIR-058"}),
    "delete": (Conflict, {"DIR-058"}),
    "submit_refused": (Conflict, {"DIR-061"}),
    "submit_accepted": (Conflict, {"DIR-061"}),
    "submit_over_limit": (Conflict, {"DIR-061"}),
    "block_over_limit": (Conflict, {"DIR-053"}),
    "block": (Conflict, {"DIR-054"}),
    "unblock": (Conflict, {"DIR-064"}),
    "dispatch": (Conflict, {"DIR-065"}),
    "expire": (Conflict, {"DIR-067"}),
    "withdraw": (Conflict, {"DIR-069"}),
    "complete_registration": (RegistrationCodeRejected, {"DIR-073"}),
    "validate": (Conflict, {"DIR-071"}),
    "refuse_validation": (Conflict, {"DIR-072"}),
}
REFUSED = [
    (status, action)
    for status in I
    for action in ACTIONS
    if not any(src is status and act == action for _, src, act, _ in ALLOWED)
]


@pytest.mark.parametrize(
    ("rule", "source", "action", "target"),
    ALLOWED,
    ids=[f"{r[0]}-{r[1]}-{r[2]}" for r in ALLOWED],
)
def test_invitation_table_rows(world, rule, source, action, target):
    invitation, authority, user = in_status(world, source)
    assert invitation.status is source
    events = perform(world, action, invitation, authority, user)
    if target is None:  # deleted
        assert [(e.old_status, e.new_status) for e in events] == [(source, None)]
    else:
        assert invitation.status is target
    if source is not target and action not in ("complete_registration", "block_over_limit"):
        changes = [e for e in events if isinstance(e, InvitationStatusChanged)]
        assert (changes[0].old_status, changes[0].new_status) == (source, target)


def test_refused_cases_cover_every_status_and_action():
    assert set(REFUSAL) | {"remind"} == set(ACTIONS)
    assert len(REFUSED) + len(ALLOWED) == len(I) * len(ACTIONS)


def refuse(world, action, invitation):
    """The refused command, called on the aggregate as its actor would."""
    actor, later = world.da(world.dimic), world.now + timedelta(days=40)
    if action in SUBMISSIONS:
        return perform(world, action, invitation, None, None)
    if action == "block_over_limit":
        return invitation.block_over_limit(world.now)
    if action == "unblock":
        return invitation.unblock(Actor.helpdesk(), world.now, dispatch_at=later)
    if action in ("dispatch", "expire"):
        return getattr(invitation, action)(later)
    if action == "complete_registration":
        return invitation.complete_registration(
            invitation.registration_code or "NO-CODE", "new-authority", world.now
        )
    if action in ("validate", "refuse_validation"):
        return getattr(invitation, action)(world.now, actor)
    return perform(world, action, invitation, None, None)


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=[f"{s}-{a}" for s, a in REFUSED])
def test_invitation_actions_refused_from_other_statuses(world, status, action):
    invitation, _, _ = in_status(world, status)
    if action == "remind":  # DIR-066: no command, the reminder is simply never due
        moments = [world.now, world.now + timedelta(days=25), invitation.reminder_due_at]
        assert not any(invitation.reminder_due(m) for m in moments if m is not None)
        return
    error, rules = REFUSAL[action]
    with pytest.raises(error) as refused:
        refuse(world, action, invitation)
    assert refused.value.rule_id in rules
    assert invitation.status is status


# ------------------------------------------------------------------ creation and drafts


def test_dir_057_create_draft(world):
    invitation, events = Invitation.create(
        invitation_id="inv-x",
        actor=world.da(world.dimic),
        coordinator=world.dimic,
        authority_name="Office de tourisme",
        email="office@ex.fr",
        now=world.now,
        catalog=world.catalog,
        la_workflows=[LaWorkflow(la_code=SERVICES, workflow=REQ)],
        personal_message="Nom officieux: Office de tourisme",
    )
    assert invitation.status is I.DRAFT and invitation.member_state == "FR"
    assert isinstance(events[0], InvitationStatusChanged)
    assert (events[0].old_status, events[0].new_status) == (None, I.DRAFT)


def test_dir_046_only_coordinator_das_invite_for_what_they_coordinate(world):
    kwargs = {
        "invitation_id": "x",
        "authority_name": "A",
        "email": "a@ex.fr",
        "now": world.now,
        "catalog": world.catalog,
    }
    pair = [LaWorkflow(la_code=SERVICES, workflow=REQ)]
    with pytest.raises(Forbidden, match="DIR-046"):
        Invitation.create(
            actor=world.lda(world.dimic), coordinator=world.dimic, la_workflows=pair, **kwargs
        )
    with pytest.raises(Forbidden, match="DIR-046"):  # a CA coordinates nothing
        Invitation.create(
            actor=world.da(world.ca), coordinator=world.ca, la_workflows=pair, **kwargs
        )
    with pytest.raises(Forbidden, match="DIR-046"):  # the LIMIC has services only
        Invitation.create(
            actor=world.da(world.limic),
            coordinator=world.limic,
            la_workflows=[LaWorkflow(la_code=PQ, workflow=REQ)],
            **kwargs,
        )
    with pytest.raises(InvalidInput, match="X-004"):
        Invitation.create(
            actor=world.da(world.nimic),
            coordinator=world.nimic,
            la_workflows=[LaWorkflow(la_code=PQ, workflow=ALR)],
            **kwargs,
        )


def test_dir_047_authority_name_required_message_optional(world):
    with pytest.raises(InvalidInput, match="DIR-047"):
        Invitation.create(
            invitation_id="x",
            actor=world.da(world.dimic),
            coordinator=world.dimic,
            authority_name=" ",
            email="a@ex.fr",
            now=world.now,
            catalog=world.catalog,
        )
    invitation = world.invite(send=False)
    assert invitation.personal_message == ""
    assert invitation.la_workflows == [LaWorkflow(la_code=SERVICES, workflow=REQ)]


def test_dir_048_drafts_editable_at_any_time(world):
    invitation = world.invite(send=False)
    actor = world.da(world.dimic)
    invitation.edit(
        actor,
        world.dimic,
        world.now,
        catalog=world.catalog,
        authority_name="Renamed",
        email="new@ex.fr",
        personal_message="Hi",
        la_workflows=[LaWorkflow(la_code=SERVICES, workflow=REQ)] * 2,
    )
    assert (invitation.authority_name, invitation.email, invitation.personal_message) == (
        "Renamed",
        "new@ex.fr",
        "Hi",
    )
    assert len(invitation.la_workflows) == 1


def test_dir_058_only_the_inviting_coordinator_edits_or_deletes(world):
    invitation = world.invite(send=False)
    with pytest.raises(Forbidden, match="DIR-058"):
        invitation.edit(world.da(world.limic), world.limic, world.now, catalog=world.catalog)
    with pytest.raises(Forbidden, match="DIR-058"):
        invitation.delete(world.da(world.limic), world.now)
    events = invitation.delete(world.da(world.dimic), world.now)
    assert (events[0].old_status, events[0].new_status) == (I.DRAFT, None)


def test_dir_060_refused_invitation_edited_and_resubmitted(world):
    invitation = world.invite(send=False, email="bad")
    submit(world, [invitation])
    assert invitation.refusal_reason is InvitationRefusalReason.EMAIL_INVALID
    invitation.edit(
        world.da(world.dimic), world.dimic, world.now, catalog=world.catalog, email="good@ex.fr"
    )
    _report, _ = submit(world, [invitation])
    assert invitation.status is I.SUBMITTED and invitation.refusal_reason is None


# ------------------------------------------------------------------ helpdesk


def test_dir_054_063_helpdesk_blocks_only_submitted_invitations(world):
    submitted = world.invite(send=False)
    submit(world, [submitted])
    with pytest.raises(Forbidden, match="DIR-054"):
        submitted.block(world.da(world.dimic), world.now)
    events = submitted.block(Actor.helpdesk(), world.now)
    assert submitted.status is I.BLOCKED and events[0].reason == "blocked_on_request"
    sent = world.invite()
    with pytest.raises(Conflict, match="DIR-054"):
        sent.block(Actor.helpdesk(), world.now)


def test_dir_064_unblocked_invitation_sent_in_the_nightly_run(world):
    invitation, _, _ = in_status(world, I.BLOCKED)
    with pytest.raises(Forbidden, match="DIR-064"):
        invitation.unblock(world.da(world.dimic), world.now, dispatch_at=world.now)
    night = next_nightly_run(world.now)
    events = invitation.unblock(Actor.helpdesk(), world.now, dispatch_at=night)
    assert invitation.status is I.SENT_AWAITING_REGISTRATION
    due = [e for e in events if isinstance(e, InvitationDispatchDue)]
    assert due[0].dispatch_at == night and due[0].code_expires_at == night + timedelta(days=30)


# ------------------------------------------------------------------ sending, code, expiry


def test_dir_065_nightly_dispatch_not_before_its_time(world):
    invitation = world.invite(send=False)
    submit(world, [invitation])
    assert invitation.dispatch_at == dispatch_time(world.now)
    with pytest.raises(Conflict, match="DIR-065"):
        invitation.dispatch(invitation.dispatch_at - timedelta(minutes=1))
    invitation.dispatch(invitation.dispatch_at)
    assert invitation.sent_at == invitation.dispatch_at


def test_dir_055_unique_single_use_code_valid_30_days_from_sending(world):
    first, second = world.invite(email="a@ex.fr"), world.invite(email="b@ex.fr")
    assert first.registration_code and first.registration_code != second.registration_code
    assert first.code_expires_at == first.sent_at + timedelta(days=30)
    assert first.reminder_due_at == first.code_expires_at - timedelta(days=5)


def test_dir_145_reminder_on_day_25_code_rejected_from_day_30(world):
    invitation = world.invite()
    sent = invitation.sent_at
    assert not invitation.reminder_due(sent + timedelta(days=24, hours=23))
    assert invitation.reminder_due(sent + timedelta(days=25))
    invitation.check_code(invitation.registration_code, sent + timedelta(days=29, hours=23))
    with pytest.raises(RegistrationCodeRejected, match="expired"):
        invitation.check_code(invitation.registration_code, sent + timedelta(days=30))
    invitation.expire(sent + timedelta(days=30))
    assert invitation.status is I.EXPIRED
    assert not invitation.reminder_due(sent + timedelta(days=30))
    report, _ = submit(world, [invitation], at=sent + timedelta(days=31))  # may resubmit
    assert invitation.status is I.SUBMITTED and report.submitted == 1


def test_dir_066_reminder_only_while_awaiting_registration(world):
    invitation = world.invite()
    due = invitation.reminder_due_at
    world.self_register(invitation)
    assert not invitation.reminder_due(due)


def test_dir_067_expiry_not_before_30_days(world):
    invitation = world.invite()
    with pytest.raises(Conflict, match="DIR-067"):
        invitation.expire(invitation.code_expires_at - timedelta(seconds=1))


def test_dir_068_resubmission_issues_a_new_code(world):
    invitation = world.invite()
    old_code = invitation.registration_code
    invitation.expire(invitation.code_expires_at)
    later = invitation.code_expires_at + timedelta(days=1)
    submit(world, [invitation], at=later)
    assert invitation.registration_code != old_code
    assert invitation.code_expires_at == dispatch_time(later) + timedelta(days=30)


def test_dir_069_withdrawal_invalidates_the_code(world):
    invitation = world.invite()
    with pytest.raises(Forbidden, match="DIR-069"):
        invitation.withdraw(world.da(world.limic), world.now)
    invitation.withdraw(world.da(world.dimic), world.now)
    with pytest.raises(RegistrationCodeRejected, match="withdrawn"):
        invitation.check_code(invitation.registration_code, world.now)


def test_dir_073_code_rejections_tell_to_ask_for_a_new_invitation(world):
    invitation = world.invite()
    with pytest.raises(RegistrationCodeRejected) as wrong:
        invitation.check_code("WRONG", world.now)
    assert wrong.value.rule_id == "DIR-073" and "new invitation" in wrong.value.message
    world.self_register(invitation)
    with pytest.raises(RegistrationCodeRejected, match="already used"):
        invitation.check_code(invitation.registration_code, world.now)
    draft = world.invite(send=False)
    with pytest.raises(RegistrationCodeRejected):
        draft.check_code("", world.now)
    submitted = world.invite(send=False, email="s@ex.fr")
    submit(world, [submitted])
    with pytest.raises(RegistrationCodeRejected, match="not open"):
        submitted.check_code(submitted.registration_code, world.now)


def test_dir_070_registration_completes_once(world):
    invitation = world.invite()
    world.self_register(invitation)
    assert invitation.status is I.REGISTERED_AWAITING_VALIDATION
    assert invitation.code_used and invitation.registered_authority_id
    with pytest.raises(RegistrationCodeRejected):
        invitation.complete_registration(invitation.registration_code, "other", world.now)


def test_dir_071_072_invitation_follows_the_validating_decision(world):
    authority, invitation, user = registered(world)
    validator = world.validating_da(authority)
    events = validate_self_registration(
        authority=authority, invitation=invitation, first_user=user, actor=validator, now=world.now
    )
    changed = [e for e in events if isinstance(e, InvitationStatusChanged)]
    assert (changed[0].old_status, changed[0].new_status) == (
        I.REGISTERED_AWAITING_VALIDATION,
        I.AUTHORITY_VALIDATED,
    )
    authority, invitation, _ = registered(world)
    events = refuse_self_registration(
        authority=authority,
        invitation=invitation,
        actor=world.validating_da(authority),
        now=world.now,
    )
    assert invitation.status is I.VALIDATION_REFUSED
    with pytest.raises(Conflict, match="DIR-072"):
        invitation.refuse_validation(world.now)


# ------------------------------------------------------------------ retention (DIR-056)


def test_dir_056_withdrawn_listed_three_months_and_deletable_earlier(world):
    invitation, _, _ = in_status(world, I.WITHDRAWN)
    assert invitation.listed_until == add_months(invitation.status_changed_at, 3)
    assert invitation.is_listed(add_months(world.now, 3) - timedelta(seconds=1))
    assert not invitation.is_listed(add_months(world.now, 3))
    events = invitation.delete(world.da(world.dimic), world.now)
    assert events[0].new_status is None


def test_dir_056_validated_listed_three_months_refused_six(world):
    validated, _, _ = in_status(world, I.AUTHORITY_VALIDATED)
    assert validated.listed_until == add_months(validated.status_changed_at, 3)
    refused, _, _ = in_status(world, I.VALIDATION_REFUSED)
    assert refused.listed_until == add_months(refused.status_changed_at, 6)
    assert world.invite().listed_until is None


def test_dir_142_invitation_record(world):
    invitation = world.invite()
    for field in (
        "id",
        "coordinator_id",
        "authority_name",
        "email",
        "la_workflows",
        "personal_message",
        "status",
        "refusal_reason",
        "registration_code",
        "submitted_at",
        "dispatch_at",
        "sent_at",
        "code_expires_at",
        "status_changed_at",
        "registered_authority_id",
    ):
        assert hasattr(invitation, field)
