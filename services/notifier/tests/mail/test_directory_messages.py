"""Directory and register messages (NOT-031..NOT-042), from the narrow consumer models to the
mail caught by a real local SMTP sink (recipient, language, subject, no forbidden content)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mail_support import SEALER, add_authority, add_user, assert_clean, consume

from imi_notifier.adapters import mail_events as mev
from imi_notifier.adapters import recipient_events as rev
from imi_notifier.adapters.directory_events import AuthorityStatusChanged
from imi_notifier.handlers import directory, directory_mail, registers
from imi_notifier.handlers.mailer import run_mail_batch

EXPIRES = datetime(2026, 4, 1, 23, 0, tzinfo=UTC)
SECRET = {
    "email": "invitee@ordre.example.org",
    "personal_message": "Bienvenue !",
    "registration_code": "RC-7731-XK",
}


async def first_user(authority_id: str):
    from imi_notifier.adapters.directory_events import UserCreated

    personal = {"first_name": "Paul", "last_name": "Dupont", "email": "first@ordre.example.org"}
    return UserCreated(
        user_id="first",
        authority_id=authority_id,
        member_state="FR",
        main_language="fr",
        first_user=True,
        personal_data=await SEALER.seal("user:first", personal),
    )


async def _mail(ctx, clock, sink):
    await run_mail_batch(ctx, clock())
    return sink.caught()


async def test_not_031_not_044_a_dispatched_invitation_reaches_the_invitee_with_its_code(
    ctx, sink, clock
):
    await add_authority(ctx, "FR-COORD", "coord@fr.example.org", "fr", "Coordination FR")
    event = mev.InvitationDispatchDue(
        invitation_id="inv-1",
        coordinator_id="FR-COORD",
        member_state="FR",
        invitation=await SEALER.seal("invitation:inv-1", SECRET),
        code_expires_at=EXPIRES,
    )
    await consume(ctx, directory_mail.invitation_dispatch_due, event, "ev-inv")
    await consume(ctx, directory_mail.invitation_dispatch_due, event, "ev-inv")  # redelivery
    (mail,) = await _mail(ctx, clock, sink)
    assert (mail.to, mail.language) == (["invitee@ordre.example.org"], "fr")
    assert mail.subject == "Invitation à vous enregistrer dans IMI"
    for expected in (
        "RC-7731-XK",
        "30 jours",
        "Coordination FR",
        "coord@fr.example.org",
        "Bienvenue !",
        "https://imi.local/self-registration",
    ):
        assert expected in mail.text, expected
    assert "RC-7731-XK" not in str(ctx.uow.collections)  # sealed at rest (NOT-001)
    assert "RC-7731-XK" not in str([e.payload for e in ctx.uow.published()])


async def test_not_032_not_045_the_code_expiry_reminder(ctx, sink, clock):
    event = mev.InvitationReminderDue(
        invitation_id="inv-2",
        coordinator_id="DE-COORD",
        member_state="DE",
        invitation=await SEALER.seal("invitation:inv-2", SECRET),
        code_expires_at=EXPIRES,
    )
    await consume(ctx, directory_mail.invitation_reminder_due, event)
    (mail,) = await _mail(ctx, clock, sink)
    assert mail.to == ["invitee@ordre.example.org"] and "2026-04-01" in mail.text
    assert mail.language == "en"  # a coordinator of unknown language: English, visibly


async def test_not_034_validation_required_goes_to_the_coordinators_das_only(ctx, sink, clock):
    await add_user(ctx, "da1", "da1@fr.example.org", "fr", "FR-COORD", roles=["data_admin"])
    await add_user(ctx, "lda1", "lda@fr.example.org", "fr", "FR-COORD", roles=["local_data_admin"])
    event = mev.InvitationStatusChanged(
        invitation_id="inv-3",
        coordinator_id="FR-COORD",
        member_state="FR",
        new_status="registered_awaiting_validation",
        registered_authority_id="FR-NEW",
    )
    queued = await consume(ctx, directory_mail.invitation_status_changed, event)
    assert [n.action_required for n in queued] == [True]  # NOT-006
    (mail,) = await _mail(ctx, clock, sink)
    assert mail.to == ["da1@fr.example.org"]
    assert mail.subject == "IMI : un enregistrement attend votre validation"


async def test_not_033_not_035_not_002_self_registration_then_access_in_first_users_language(
    ctx, sink, clock
):
    await add_authority(ctx, "FR-NEW", "new@ordre.example.org", "en")  # spoken: English first
    registered = rev.AuthorityRegistered(
        authority_id="FR-NEW",
        member_state="FR",
        status="registration_requested",
        contact=await SEALER.seal("authority:FR-NEW", {"email": "new@ordre.example.org"}),
        self_registered=True,
        official_name="Ordre des géomètres",
        legislative_areas=[rev.LegislativeArea(la_code="services")],
    )
    await consume(ctx, directory_mail.authority_registered, registered, "ev-reg")
    await consume(ctx, directory.user_created, await first_user("FR-NEW"), "ev-first")
    validated = AuthorityStatusChanged(
        authority_id="FR-NEW",
        member_state="FR",
        old_status="registration_requested",
        new_status="active",
    )
    await consume(ctx, directory_mail.authority_status_changed, validated, "ev-ok")
    mails = await _mail(ctx, clock, sink)
    confirmation = next(m for m in mails if m.template == "N_DIR_SELF_REG_CONFIRMATION")
    granted = next(m for m in mails if m.template == "N_DIR_ACCESS_GRANTED")
    assert confirmation.language == "en"  # before the first user: the spoken language
    assert confirmation.to == granted.to == ["new@ordre.example.org"]
    assert "Ordre des géomètres (FR)" in confirmation.text and "1 legislative" in confirmation.text
    assert granted.subject == "IMI : votre autorité a désormais accès"
    assert "https://imi.local/learning" in granted.text
    for mail in (confirmation, granted):
        assert_clean(mail)


async def test_not_038_a_password_reset_goes_to_the_user_only(ctx, sink, clock):
    await add_user(ctx)
    event = rev.UserCredentialsReset(
        user_id="u1",
        authority_id="FR-A",
        member_state="FR",
        temporary_password=await SEALER.seal("user:u1", "New-7pQ2!"),
    )
    await consume(ctx, directory_mail.user_credentials_reset, event)
    bare = rev.UserCredentialsReset(user_id="u1", authority_id="FR-A", member_state="FR")
    await consume(ctx, directory_mail.user_credentials_reset, bare, "ev-2")
    with_password, without = sorted(
        await _mail(ctx, clock, sink), key=lambda m: "New" not in m.text
    )
    assert with_password.to == without.to == ["marie@example.org"]
    assert "New-7pQ2!" in with_password.text
    assert "administrateur local" in without.text  # 1.0 event: no password to send
    assert_clean(with_password)


async def test_not_039_blocked_invitations_alert_the_commission_helpdesk(ctx, sink, clock):
    event = mev.InvitationsBlocked(
        coordinator_id="FR-COORD", member_state="FR", day=date(2026, 3, 2), submitted_count=101
    )
    await consume(ctx, directory_mail.invitations_blocked, event)
    (mail,) = await _mail(ctx, clock, sink)
    assert mail.to == [ctx.settings.helpdesk_email] and "101" in mail.text


async def test_not_041_not_042_register_deleted_and_transferred_go_to_the_ldas(ctx, sink, clock):
    await add_user(ctx, "lda-a", "lda-a@fr.example.org", "fr", "FR-A", roles=["local_data_admin"])
    await add_user(ctx, "lda-b", "lda-b@de.example.org", "de", "DE-B", roles=["local_data_admin"])
    await add_user(ctx, "plain", "plain@de.example.org", "de", "DE-B", roles=["basic_user"])
    await consume(
        ctx,
        registers.register_added,
        mev.RegisterAdded(
            register_id="reg-1",
            member_state="FR",
            managing_authority_id="FR-A",
            informal_name="Registre des architectes",
        ),
    )
    await consume(
        ctx,
        registers.managing_authority_changed,
        mev.ManagingAuthorityChanged(
            register_id="reg-1", member_state="FR", new_managing_authority_id="DE-B"
        ),
        "ev-t",
    )
    await consume(
        ctx,
        registers.register_deleted,
        mev.RegisterDeleted(
            register_id="reg-1",
            member_state="FR",
            managing_authority_id="FR-A",
            official_name="Registre des architectes",
        ),
        "ev-d",
    )
    transferred, deleted = sorted(
        await _mail(ctx, clock, sink), key=lambda m: "supprim" in m.subject
    )
    assert transferred.to == ["lda-b@de.example.org"] and transferred.language == "en"
    assert (
        transferred.subject == "IMI: your authority now manages register Registre des architectes"
    )
    assert deleted.to == ["lda-a@fr.example.org"]
    assert deleted.subject == "IMI : registre Registre des architectes supprimé"


async def test_not_040_a_coordinator_mailing_reaches_each_selected_authority(ctx, sink, clock):
    await add_authority(ctx, "FR-COORD", "coord@fr.example.org", "fr", "Coordination FR")
    await add_authority(ctx, "FR-A", "contact@fr-a.example.org", "fr", "Ordre FR-A")
    await add_authority(ctx, "FR-B", "contact@fr-b.example.org", "en", "Ordre FR-B")
    text = {"subject": "Mise à jour de vos données", "body": "Merci de vérifier vos données."}
    event = mev.CoordinatorMailingSent(
        mailing_id="m-1",
        coordinator_id="FR-COORD",
        member_state="FR",
        authority_ids=("FR-A", "FR-B"),
        message=await SEALER.seal("mailing:m-1", text),
    )
    await consume(ctx, directory_mail.coordinator_mailing_sent, event, "ev-mail")
    await consume(ctx, directory_mail.coordinator_mailing_sent, event, "ev-mail")  # redelivery
    mails = sorted(await _mail(ctx, clock, sink), key=lambda m: m.to)
    assert [(m.to, m.language) for m in mails] == [
        (["contact@fr-a.example.org"], "fr"),
        (["contact@fr-b.example.org"], "en"),
    ]
    fr, en = mails
    assert fr.subject == "IMI : Mise à jour de vos données"
    assert "Coordination FR" in fr.text and "Merci de vérifier vos données." in fr.text
    assert "Merci de vérifier vos données." in fr.html
    assert en.subject == "IMI: Mise à jour de vos données" and "has sent this message" in en.text
    for mail in mails:
        assert_clean(mail)
