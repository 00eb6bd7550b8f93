"""End to end on the real local servers (NOT-017, NOT-047, X-053): the directory's events
build the recipients read model, then the alerts service's broadcast (`alert.delivered` to a
recipient MS, N_ALR_INCOMING for its inbox) queues one notification per inbox forwarder,
never for an `alert_viewer`, and `notification.queued` goes out on `imi.notifier.events`."""

from datetime import UTC, datetime, timedelta

from notifier_support import eventually, records_on, running_notifier

from imi_shared.envelope import Envelope
from imi_shared.keys import kek_from_settings
from imi_shared.outbox.store import PendingEvent
from imi_shared.participants import partition_for
from imi_shared.producer import EventProducer
from imi_shared.sealing import MongoKeyStore, Sealer

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def envelope(event_type, version, producer, aggregate, aggregate_id, payload, ms="DE"):
    return Envelope(
        event_type=event_type,
        schema_version=version,
        producer=producer,
        member_state=ms,
        aggregate_type=aggregate,
        aggregate_id=aggregate_id,
        payload=payload,
    )


async def user_created(sealer, user_id, inbox_id, role) -> Envelope:
    personal = {"first_name": "Jan", "last_name": "Muster", "email": f"{user_id}@example.org"}
    return envelope(
        "user.created",
        "2.0",
        "directory",
        "user",
        user_id,
        {
            "user_id": user_id,
            "authority_id": inbox_id,
            "member_state": "DE",
            "main_language": "de",
            "personal_data": (await sealer.seal(f"user:{user_id}", personal)).model_dump(),
            "roles": [{"role": role, "la_code": "services", "workflow": "alerts"}],
            "first_user": False,
            "created_at": NOW.isoformat(),
            "temp_password_due_by": (NOW + timedelta(hours=48)).isoformat(),
        },
    )


def broadcast(alert_id, inbox_id) -> Envelope:
    """`alert.delivered` as the alerts service publishes it for a recipient MS (ALR-057)."""
    return envelope(
        "alert.delivered",
        "2.0",
        "alerts",
        "alert",
        alert_id,
        {
            "alert_id": alert_id,
            "ref_no": "ALR-2026-000001",
            "occurred_at": NOW.isoformat(),
            "recipient": "DE",
            "kind": "recipient_ms",
            "inbox_authority_ids": [inbox_id],
            "delivery_status": "awaiting_acknowledgement",
            "notification": "N_ALR_INCOMING",
            "notify_authority_ids": [inbox_id],
        },
        ms="FR",
    )


async def publish(bootstrap, pending):
    producer = EventProducer(bootstrap)
    await producer.start()
    try:
        await producer.publish_all(pending)
    finally:
        await producer.stop()


async def test_not_017_a_broadcast_queues_n_alr_incoming_for_the_inbox_forwarders(
    infra, topics, db_name, unique
):
    inbox, forwarder, viewer = f"DE-IN-{unique}", f"fwd-{unique}", f"view-{unique}"
    async with running_notifier(infra, topics, db_name) as (app, _http):
        db = app.state.context.uow.db
        sealer = Sealer(
            MongoKeyStore(
                app.state.context.uow.client["imi_keys"],
                kek_from_settings(app.state.runtime.settings),
            )
        )
        users = [
            await user_created(sealer, forwarder, inbox, "alert_forwarder"),
            await user_created(sealer, viewer, inbox, "alert_viewer"),
        ]
        await publish(
            infra.kafka_bootstrap, [PendingEvent.of(e, topics.directory_events) for e in users]
        )

        async def both_known():
            return await db["recipients"].count_documents({"authority_id": inbox}) == 2

        await eventually(both_known, what="the inbox users in the recipients read model")
        alert_id = f"a-{unique}"
        await publish(
            infra.kafka_bootstrap,
            [PendingEvent.of(broadcast(alert_id, inbox), topics.alerts_events)],
        )

        async def incoming():
            return (
                await db["notifications"]
                .find(
                    {"code": "N_ALR_INCOMING", "case_ref": "ALR-2026-000001", "authority_id": inbox}
                )
                .to_list(10)
            )

        found = await eventually(incoming, what="N_ALR_INCOMING in the notifications")

        async def on_topic():
            records = await records_on(
                infra.kafka_bootstrap, topics.notifier_events, partition_for("DE")
            )
            return [e for e in records if e.payload["code"] == "N_ALR_INCOMING"]

        alert_queued = await eventually(on_topic, what="notification.queued on the topic")
        assert [e.payload["recipient_id"] for e in alert_queued] == [forwarder]
        assert "example.org" not in alert_queued[0].model_dump_json()  # NOT-001
    assert [(n["recipient_kind"], n["recipient_id"], n["language"]) for n in found] == [
        ("user", forwarder, "de")  # NOT-047: never the viewer; NOT-004: no authority copy
    ]
