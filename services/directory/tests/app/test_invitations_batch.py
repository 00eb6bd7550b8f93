"""The night batch over real Kafka + MongoDB, on a clock the tests move (DIR-055, DIR-065..DIR-069,
DIR-145, NOT-044, NOT-045): dispatch with `invitation.dispatch_due` for the notifier, the
reminder 5 days before expiry, expiry after 30 days, resubmission, withdrawal."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

import pytest
from aiokafka import AIOKafkaConsumer
from invitations_support import (
    batch_runs_completed,
    brussels,
    coordinator,
    draft,
    invitations_app,
    listed,
    outbox_events,
    registration,
    sent_invitation,
    stored,
    submit,
    unsealed,
)
from support import helpdesk_headers

from imi_directory.domain.timeutil import add_months
from imi_directory.handlers.invitation_batch import run_invitation_batch


@pytest.fixture
async def app(infra, topics, db_name, clock):
    async with invitations_app(infra, topics, db_name, clock) as (client, ctx):
        yield client, ctx, clock, await coordinator(ctx)


async def test_dir_065_night_batch_sends_submitted_invitations_to_the_notifier(app, infra, topics):
    client, ctx, clock, fr = app
    clock.now = brussels(2026, 3, 3, 9, 30)
    invitation = await draft(client, fr.headers, personal_message="Bienvenue")
    await submit(client, fr.headers, invitation["id"])
    report = await run_invitation_batch(ctx, brussels(2026, 3, 3, 22, 59))
    assert report.dispatched == 0  # not before the night run
    report = await run_invitation_batch(ctx, brussels(2026, 3, 3, 23, 0))
    assert (report.dispatched, report.reminded, report.expired) == (1, 0, 0)
    assert (await run_invitation_batch(ctx, brussels(2026, 3, 3, 23, 5))).dispatched == 0
    view = (await listed(client, fr.headers))[invitation["id"]]
    assert view["status"] == "sent_awaiting_registration"
    assert datetime.fromisoformat(view["sent_at"]) == brussels(2026, 3, 3, 23)
    # published on Kafka by the relay, keyed by the member state, with the code
    due = await _consume(infra, topics.directory_events, "invitation.dispatch_due")
    assert due["aggregate_id"] == invitation["id"] and due["member_state"] == "FR"
    payload = due["payload"]
    assert "contact@mairie-brest.fr" not in json.dumps(payload)  # RET-004: sealed
    secret = await unsealed(ctx, payload)
    assert secret["email"] == "contact@mairie-brest.fr"
    assert secret["personal_message"] == "Bienvenue" and len(secret["registration_code"]) == 16
    # 30 × 24 h after the sending (here across the switch to summer time)
    assert datetime.fromisoformat(payload["code_expires_at"]) == brussels(2026, 4, 3, 0)


async def test_dir_145_reminder_at_25_days_expiry_at_30_then_resubmission(app):
    client, ctx, clock, fr = app
    invitation, code = await sent_invitation(client, ctx, clock, fr.headers)
    sent = clock.now
    clock.now = sent + timedelta(days=25) - timedelta(minutes=1)
    assert (await run_invitation_batch(ctx, clock.now)).reminded == 0
    clock.now = sent + timedelta(days=25)
    assert (await run_invitation_batch(ctx, clock.now)).reminded == 1  # DIR-066
    assert (await run_invitation_batch(ctx, clock.now + timedelta(hours=1))).reminded == 0
    [reminder] = await outbox_events(ctx, "invitation.reminder_due", invitation["id"])
    assert (await unsealed(ctx, reminder["payload"]))["registration_code"] == code
    assert (await listed(client, fr.headers))[invitation["id"]]["status"] == (
        "sent_awaiting_registration"
    )
    clock.now = sent + timedelta(days=30)
    assert (await run_invitation_batch(ctx, clock.now)).expired == 1  # DIR-067
    assert (await listed(client, fr.headers))[invitation["id"]]["status"] == "expired"
    rejected = await client.post("/registrations", json=registration(code))
    assert (rejected.status_code, rejected.json()["rule"], rejected.json()["field"]) == (
        403,
        "DIR-073",
        "code",
    )
    assert "expired" in rejected.json()["error"]
    # DIR-068: the coordinator resubmits; a new 30-day code is issued
    assert (await submit(client, fr.headers, invitation["id"]))["submitted"] == 1
    resubmitted = await stored(ctx, invitation["id"])
    assert resubmitted.registration_code != code
    assert (await run_invitation_batch(ctx, resubmitted.dispatch_at)).dispatched == 1
    assert (await run_invitation_batch(ctx, resubmitted.reminder_due_at)).reminded == 1
    assert len(await outbox_events(ctx, "invitation.reminder_due", invitation["id"])) == 2


async def test_dir_069_withdrawal_invalidates_the_code_and_lists_three_months(app):
    client, ctx, clock, fr = app
    pending = await draft(client, fr.headers, email="autre@example.fr")
    early = await client.post(f"/invitations/{pending['id']}/withdraw", headers=fr.headers)
    assert (early.status_code, early.json()["rule"]) == (409, "DIR-069")
    invitation, code = await sent_invitation(client, ctx, clock, fr.headers)
    stranger = fr.headers_as(user_id="u-x", authority_id="someone-else")
    denied = await client.post(f"/invitations/{invitation['id']}/withdraw", headers=stranger)
    assert (denied.status_code, denied.json()["rule"]) == (403, "DIR-069")
    withdrawn = await client.post(f"/invitations/{invitation['id']}/withdraw", headers=fr.headers)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    listed_until = datetime.fromisoformat(withdrawn.json()["listed_until"])
    assert listed_until == add_months(clock.now, 3)  # DIR-056, X-034
    rejected = await client.post("/registrations", json=registration(code))
    assert rejected.status_code == 403 and "withdrawn" in rejected.json()["error"]
    clock.now = listed_until - timedelta(seconds=1)
    assert invitation["id"] in await listed(client, fr.headers)
    clock.now = listed_until
    assert invitation["id"] not in await listed(client, fr.headers)


async def test_dir_063_dir_064_helpdesk_blocks_then_unblocks_for_the_next_night(app):
    client, ctx, clock, fr = app
    clock.now = brussels(2026, 3, 3, 9, 0)
    invitation = await draft(client, fr.headers)
    await submit(client, fr.headers, invitation["id"])
    url = f"/invitations/{invitation['id']}"
    by_coordinator = await client.post(f"{url}/block", headers=fr.headers)
    assert (by_coordinator.status_code, by_coordinator.json()["rule"]) == (403, "DIR-054")
    blocked = await client.post(f"{url}/block", headers=helpdesk_headers())
    assert blocked.status_code == 200 and blocked.json()["status"] == "blocked"
    again = await client.post(f"{url}/block", headers=helpdesk_headers())
    assert (again.status_code, again.json()["rule"]) == (409, "DIR-054")
    assert (await run_invitation_batch(ctx, brussels(2026, 3, 3, 23))).dispatched == 0
    clock.now = brussels(2026, 3, 4, 12, 0)
    unblocked = await client.post(f"{url}/unblock", headers=helpdesk_headers())
    assert unblocked.status_code == 200, unblocked.text
    assert unblocked.json()["status"] == "sent_awaiting_registration"
    assert datetime.fromisoformat(unblocked.json()["dispatch_at"]) == brussels(2026, 3, 4, 23)
    assert await outbox_events(ctx, "invitation.dispatch_due", invitation["id"]) == []
    assert (await run_invitation_batch(ctx, brussels(2026, 3, 4, 23))).dispatched == 1
    assert (await run_invitation_batch(ctx, brussels(2026, 3, 4, 23, 5))).dispatched == 0
    [due] = await outbox_events(ctx, "invitation.dispatch_due", invitation["id"])
    assert due["payload"]["dispatch_at"].startswith("2026-03-04T22:00")


async def test_not_044_periodic_job_runs_the_batch_on_the_moved_clock(
    infra, topics, db_name, clock
):
    """The night batch is the kernel job `ctx.invitation_batch`, ticked on the app's clock."""
    async with invitations_app(infra, topics, db_name, clock) as (client, ctx):
        job = ctx.invitation_batch
        fr = await coordinator(ctx)
        clock.now = brussels(2026, 3, 6, 10, 1)  # Friday after 10:00 → Monday night
        invitation = await draft(client, fr.headers)
        await submit(client, fr.headers, invitation["id"])
        clock.now = brussels(2026, 3, 9, 22, 59)
        assert await job.tick()  # this replica holds the job's lease
        assert (await stored(ctx, invitation["id"])).status == "submitted"
        clock.now = brussels(2026, 3, 9, 23, 0)
        assert await job.tick()
        assert (await stored(ctx, invitation["id"])).status == "sent_awaiting_registration"
        assert await job.lease.holder() == job.lease.owner


async def test_not_044_running_service_runs_its_batch_job(infra, topics, db_name, clock):
    """The runtime starts the job with the app (a background part) and stops it with it."""
    async with invitations_app(
        infra, topics, db_name, clock, invitation_batch_check_seconds=0.02
    ) as (client, ctx):
        job = ctx.invitation_batch
        assert job.running
        fr = await coordinator(ctx)
        clock.now = brussels(2026, 3, 6, 10, 1)
        invitation = await draft(client, fr.headers)
        await submit(client, fr.headers, invitation["id"])
        clock.now = brussels(2026, 3, 9, 23, 0)
        await batch_runs_completed(job, 2)  # a whole run started after the clock moved
        assert (await stored(ctx, invitation["id"])).status == "sent_awaiting_registration"
    assert not job.running


async def _consume(infra, topic: str, event_type: str, timeout: float = 15.0) -> dict:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=infra.kafka_bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        async with asyncio.timeout(timeout):
            while True:
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    for record in records:
                        envelope = json.loads(record.value)
                        if envelope["event_type"] == event_type:
                            return envelope
    finally:
        await consumer.stop()
