"""End to end on the real local servers: the directory's `user.created` on Kafka → notifier
consumer → notification recorded → outbox relay → `notification.queued` on Kafka, and the
notification readable over HTTP (NOT-036, NOT-001, X-053)."""

from datetime import UTC, datetime, timedelta

from notifier_support import bearer, eventually, records_on, running_notifier

from imi_notifier.devsink import SmtpSink
from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.keys import kek_from_settings
from imi_shared.outbox.store import PendingEvent
from imi_shared.participants import partition_for
from imi_shared.producer import EventProducer
from imi_shared.sealing import MongoKeyStore, Sealer


async def directory_user_created(sealer: Sealer, user_id: str) -> Envelope:
    """As the directory publishes it (2.0: names and e-mail sealed under `user:<id>`, RET-004;
    its whole payload: the notifier reads a narrow part)."""
    now = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    personal = {"first_name": "Marie", "last_name": "Curie", "email": "marie@example.org"}
    return Envelope(
        event_type="user.created",
        schema_version="2.0",
        producer="directory",
        member_state="FR",
        aggregate_type="user",
        aggregate_id=user_id,
        payload={
            "user_id": user_id,
            "authority_id": "FR-A",
            "member_state": "FR",
            "personal_data": (await sealer.seal(f"user:{user_id}", personal)).model_dump(),
            "main_language": "fr",
            "roles": [{"role": "request_handler", "la_code": "services", "workflow": "requests"}],
            "first_user": False,
            "created_at": now.isoformat(),
            "temp_password_due_by": (now + timedelta(hours=48)).isoformat(),
            "temporary_password": (await sealer.seal(f"user:{user_id}", "Tmp-Q7v!x2")).model_dump(),
        },
    )


async def test_not_036_user_created_becomes_a_queued_welcome_on_the_topic_and_over_http(
    infra, topics, db_name, unique, monkeypatch
):
    user_id = f"u-{unique}"
    sink = SmtpSink().start()  # NOT-036, NOT-037: the mails, through real SMTP
    monkeypatch.setenv("IMI_SMTP_PORT", str(sink.port))
    monkeypatch.setenv("IMI_MAIL_POLL_SECONDS", "0.2")
    recipient = Principal(user_id=user_id, username="m", authority_id="FR-A", member_state="FR")
    async with running_notifier(infra, topics, db_name) as (app, http):
        directory_sealer = Sealer(
            MongoKeyStore(
                app.state.context.uow.client["imi_keys"],
                kek_from_settings(app.state.runtime.settings),
            )
        )
        published = await directory_user_created(directory_sealer, user_id)
        assert b"marie" not in published.to_bytes().lower()  # RET-004: sealed on the topic
        producer = EventProducer(infra.kafka_bootstrap)
        await producer.start()
        try:
            await producer.publish_all([PendingEvent.of(published, topics.directory_events)])
        finally:
            await producer.stop()
        queued = await records_on(
            infra.kafka_bootstrap, topics.notifier_events, partition_for("FR")
        )
        assert {(e.event_type, e.payload["recipient_id"]) for e in queued} == {
            ("notification.queued", user_id)
        }
        assert all("marie" not in e.model_dump_json().lower() for e in queued)  # NOT-001
        notifications = app.state.context.uow.db["notifications"]
        welcome = await notifications.find_one({"code": "N_DIR_USER_WELCOME"})
        notification_id = welcome["_id"]
        recipients = app.state.context.uow.db["recipients"]
        stored = await recipients.find_one({"_id": user_id})
        assert stored["email"] == "marie@example.org"  # unsealed by the notifier (NOT-036)

        async def shown():
            answer = await http.get(f"/notifications/{notification_id}", headers=bearer(recipient))
            return answer if answer.status_code == 200 else None

        body = (await eventually(shown, what="the notification over HTTP")).json()
        stranger = recipient.model_copy(update={"user_id": "someone-else"})
        hidden = await http.get(f"/notifications/{notification_id}", headers=bearer(stranger))

        async def two_mails():
            return sink.caught() if len(sink.caught()) >= 2 else None

        mails = sorted(
            await eventually(two_mails, what="the caught mails"), key=lambda m: m.subject
        )
        mine = await http.get("/notifications/mine", headers=bearer(recipient))
        read = await http.post(f"/notifications/{notification_id}/read", headers=bearer(recipient))
        still_unread = await http.get("/notifications/mine", headers=bearer(recipient))
        stranger_read = await http.post(
            f"/notifications/{notification_id}/read", headers=bearer(stranger)
        )
    sink.stop()
    assert [(m.to, m.language, m.subject) for m in mails] == [
        (["marie@example.org"], "fr", "Bienvenue dans IMI"),
        (["marie@example.org"], "fr", "Votre mot de passe temporaire IMI"),
    ]
    assert "Tmp-Q7v!x2" in mails[1].text and "Tmp-Q7v!x2" not in mails[0].text
    for mail in mails:  # NOT-001: no name, no username
        assert not {"marie ", "curie", user_id} & set(mail.text.lower().split())
        assert "curie" not in mail.html.lower()
    assert len(sink.caught()) == 2  # never twice
    codes = {item["code"]: item["action_required"] for item in mine.json()["items"]}
    assert codes == {"N_DIR_USER_WELCOME": False, "N_DIR_TEMP_PASSWORD": True}  # NOT-006
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert [i["code"] for i in still_unread.json()["items"]] == ["N_DIR_TEMP_PASSWORD"]
    assert stranger_read.status_code == 404
    assert (body["code"], body["language"], body["status"]) == (
        "N_DIR_USER_WELCOME",
        "fr",
        "queued",
    )
    assert hidden.status_code == 404 and hidden.json()["rule"] == "X-010"
