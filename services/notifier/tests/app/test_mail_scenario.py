"""A full scenario on the real local servers, read from a real SMTP sink (NOT-001): the
directory's users, an invitation, a registration awaiting validation, a register deleted and
an alert broadcast go over Kafka to the notifier, which mails them. Every caught message is
then scanned for the subjects' and users' personal data, usernames and codes: a secret may
appear only in the one mail it is for (NOT-031, NOT-037), nothing else anywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notifier_support import eventually, running_notifier

from imi_notifier.devsink import SmtpSink
from imi_shared.envelope import Envelope
from imi_shared.keys import kek_from_settings
from imi_shared.outbox.store import PendingEvent
from imi_shared.producer import EventProducer
from imi_shared.sealing import MongoKeyStore, Sealer

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
NAMES = {"lda": ("Héloïse", "Abélard"), "da": ("Gottfried", "Leibniz"), "fwd": ("Jan", "Muster")}
USERNAMES = ("fr.heloise", "fr.gottfried", "de.jan")  # never in events nor mails
PASSWORDS = {"lda": "Tmp-LdA-71!", "da": "Tmp-Da-42!", "fwd": "Tmp-Fw-93!"}
CODE, MESSAGE = "RC-9921-QZ", "Cordialement, le PCN"


def env(event_type, version, producer, aggregate, aggregate_id, payload, ms="FR") -> Envelope:
    return Envelope(
        event_type=event_type,
        schema_version=version,
        producer=producer,
        member_state=ms,
        aggregate_type=aggregate,
        aggregate_id=aggregate_id,
        payload=payload,
    )


async def user(sealer, key, user_id, authority, ms, lang, role, workflow=None) -> Envelope:
    first, last = NAMES[key]
    personal = {"first_name": first, "last_name": last, "email": f"{key}@{ms.lower()}.example.org"}
    return env(
        "user.created",
        "2.0",
        "directory",
        "user",
        user_id,
        {
            "user_id": user_id,
            "authority_id": authority,
            "member_state": ms,
            "main_language": lang,
            "personal_data": (await sealer.seal(f"user:{user_id}", personal)).model_dump(),
            "temporary_password": (
                await sealer.seal(f"user:{user_id}", PASSWORDS[key])
            ).model_dump(),
            "roles": [{"role": role, "la_code": "services", "workflow": workflow}],
            "first_user": key == "lda",
            "created_at": NOW.isoformat(),
            "temp_password_due_by": (NOW + timedelta(hours=48)).isoformat(),
        },
        ms,
    )


async def scenario(sealer, u: str) -> tuple[list[Envelope], list[Envelope], list[Envelope]]:
    directory = [
        await user(sealer, "lda", f"lda-{u}", f"FR-A-{u}", "FR", "fr", "local_data_admin"),
        await user(sealer, "da", f"da-{u}", f"FR-C-{u}", "FR", "en", "data_admin"),
        await user(
            sealer, "fwd", f"fwd-{u}", f"DE-IN-{u}", "DE", "de", "alert_forwarder", "alerts"
        ),
    ]
    secret = {
        "email": f"invitee-{u}@mairie.example.org",
        "personal_message": MESSAGE,
        "registration_code": CODE,
    }
    invitation = {"invitation_id": f"inv-{u}", "coordinator_id": f"FR-C-{u}", "member_state": "FR"}
    later = [
        env(
            "invitation.dispatch_due",
            "2.0",
            "directory",
            "invitation",
            f"inv-{u}",
            {
                **invitation,
                "authority_name": "Mairie de Brest",
                "la_workflows": [],
                "dispatch_at": NOW.isoformat(),
                "reminder_due_at": (NOW + timedelta(days=25)).isoformat(),
                "code_expires_at": (NOW + timedelta(days=30)).isoformat(),
                "invitation": (await sealer.seal(f"invitation:inv-{u}", secret)).model_dump(),
            },
        ),
        env(
            "invitation.status_changed",
            "1.0",
            "directory",
            "invitation",
            f"inv-{u}",
            {
                **invitation,
                "old_status": "sent_awaiting_registration",
                "new_status": "registered_awaiting_validation",
                "changed_at": NOW.isoformat(),
                "registered_authority_id": f"FR-NEW-{u}",
            },
        ),
    ]
    registers = [
        env(
            "register.deleted",
            "1.0",
            "registers",
            "register",
            f"reg-{u}",
            {
                "register_id": f"reg-{u}",
                "member_state": "FR",
                "managing_authority_id": f"FR-A-{u}",
                "official_name": "Registre des géomètres",
                "actor_user_id": f"lda-{u}",
            },
        )
    ]
    alerts = [
        env(
            "alert.delivered",
            "2.0",
            "alerts",
            "alert",
            f"a-{u}",
            {
                "alert_id": f"a-{u}",
                "ref_no": "ALR-2026-000777",
                "occurred_at": NOW.isoformat(),
                "recipient": "DE",
                "kind": "recipient_ms",
                "inbox_authority_ids": [f"DE-IN-{u}"],
                "delivery_status": "awaiting_acknowledgement",
                "notification": "N_ALR_INCOMING",
                "notify_authority_ids": [f"DE-IN-{u}"],
            },
        )
    ]
    return directory, later + registers, alerts


async def publish(bootstrap, pending) -> None:
    producer = EventProducer(bootstrap)
    await producer.start()
    try:
        await producer.publish_all(pending)
    finally:
        await producer.stop()


async def test_not_001_no_caught_mail_of_a_full_scenario_holds_pd_usernames_or_stray_codes(
    infra, topics, db_name, unique, monkeypatch
):
    sink = SmtpSink().start()
    monkeypatch.setenv("IMI_SMTP_PORT", str(sink.port))
    monkeypatch.setenv("IMI_MAIL_POLL_SECONDS", "0.2")
    try:
        async with running_notifier(infra, topics, db_name) as (app, _http):
            ctx = app.state.context
            sealer = Sealer(
                MongoKeyStore(
                    ctx.uow.client["imi_keys"], kek_from_settings(app.state.runtime.settings)
                )
            )
            directory, others, alerts = await scenario(sealer, unique)
            await publish(
                infra.kafka_bootstrap,
                [PendingEvent.of(e, topics.directory_events) for e in directory],
            )

            async def users_known():
                return await ctx.uow.db["recipients"].count_documents({}) == 3

            await eventually(users_known, what="the three users in the read model")
            await publish(
                infra.kafka_bootstrap,
                [
                    *(PendingEvent.of(e, topics.directory_events) for e in others[:2]),
                    PendingEvent.of(others[2], topics.registers_events),
                    PendingEvent.of(alerts[0], topics.alerts_events),
                ],
            )
            expected = 3 * 2 + 4  # welcome + password each; invitation, DA, LDA, alert

            async def all_mail():
                return sink.caught() if len(sink.caught()) >= expected else None

            mails = await eventually(all_mail, timeout=30, what=f"{expected} caught mails")
    finally:
        sink.stop()
    by_template = sorted((m.template, m.to[0].split("@")[0]) for m in mails)
    assert by_template == sorted(
        [
            ("N_DIR_USER_WELCOME", "lda"),
            ("N_DIR_USER_WELCOME", "da"),
            ("N_DIR_USER_WELCOME", "fwd"),
            ("N_DIR_TEMP_PASSWORD", "lda"),
            ("N_DIR_TEMP_PASSWORD", "da"),
            ("N_DIR_TEMP_PASSWORD", "fwd"),
            ("N_DIR_INVITATION", f"invitee-{unique}"),
            ("N_DIR_VALIDATION_REQUIRED", "da"),
            ("N_REG_DELETED", "lda"),
            ("N_ALR_INCOMING", "fwd"),
        ]
    )
    for mail in mails:
        content = "\n".join((mail.subject, mail.text, mail.html)).lower()
        names = [n.lower() for pair in NAMES.values() for n in pair]
        assert not [w for w in (*names, *USERNAMES) if w.lower() in content], mail
        for key, password in PASSWORDS.items():  # NOT-037: only in that user's own mail
            mine = mail.template == "N_DIR_TEMP_PASSWORD" and mail.to[0].startswith(f"{key}@")
            assert (password.lower() in content) is mine, (key, mail.template)
        invitation = mail.template == "N_DIR_INVITATION"  # NOT-031: code and message only there
        assert (CODE.lower() in content) is invitation and (
            MESSAGE.lower() in content
        ) is invitation
        assert "example.org" not in content  # no address in any body (NOT-001)
