"""RET-004 / X-010 / X-017 on the real local servers: after users, authorities and invitations
are made through the API, no raw record of any directory topic holds a user's name or e-mail,
an authority's contact data, an invitee's e-mail or a registration code; and once the user's
key is shredded, the sealed copy on the topic can no longer be opened."""

from __future__ import annotations

import pytest
from invitations_support import invitations_app, sent_invitation, unsealed
from support import call, lda_headers, register_ca, seed_nimic
from users_support import create_user, details

from imi_shared.envelope import Envelope
from imi_shared.sealing import KeyShredded, SealedValue
from imi_testkit.apps import eventually
from imi_testkit.outbox import outbox_events
from imi_testkit.raw_topics import read_raw


async def _all_relayed(ctx, topics, infra) -> list:
    """Every raw record of every directory topic, once the outbox has sent all its rows."""
    outbox = ctx.uow.db["outbox"]

    async def drained():
        return await outbox.count_documents({"status": {"$ne": "sent"}}) == 0 or None

    await eventually(drained, timeout=30, what="the outbox relayed")
    sent = len(await outbox_events(ctx.uow.db, {"topic": topics.directory_events}))
    records = await read_raw(infra.kafka_bootstrap, topics.directory_events, expect=sent)
    assert len(records) == sent
    return records + await read_raw(infra.kafka_bootstrap, topics.dlq(topics.directory_events))


@pytest.fixture
async def made_through_the_api(infra, topics, db_name, clock, unique):
    """An authority (contact data changed too), its first user and a sent invitation."""
    async with invitations_app(infra, topics, db_name, clock) as (client, ctx):
        fr = await seed_nimic(ctx, "FR")
        authority_email = f"guichet.{unique}@mairie-pdseal.test"
        ca = await register_ca(client, fr, f"Mairie {unique}", email=authority_email)
        contact = {"phone": f"+33 1 {unique}", "address": f"{unique} rue Haute"}
        await call(client, "PATCH", f"/authorities/{ca}", lda_headers(ca, "FR"), contact)
        person = details(f"Hortense{unique}", f"Delapierre{unique}")
        user = await create_user(client, ca, fr.headers, details=person)
        invitee = f"invitee.{unique}@mairie-brest.test"
        invitation, code = await sent_invitation(
            client, ctx, clock, fr.headers, email=invitee, personal_message=f"Chère {unique}"
        )
        secrets = [
            person["first_name"],
            person["last_name"],
            person["email"],
            authority_email,
            *contact.values(),
            invitee,
            code,
        ]
        yield ctx, user, invitation, secrets


async def test_ret_004_no_name_e_mail_contact_or_code_in_any_raw_directory_record(
    made_through_the_api, infra, topics
):
    ctx, user, invitation, secrets = made_through_the_api
    records = await _all_relayed(ctx, topics, infra)
    types = {Envelope.from_bytes(r.value).event_type for r in records}
    assert {"authority.registered", "authority.data_changed", "user.created"} <= types
    assert "invitation.dispatch_due" in types
    raw = b"\n".join(r.value + (r.key or b"") for r in records).lower()
    leaked = [s for s in secrets if s.lower().encode() in raw]
    assert leaked == [], f"in clear on {topics.directory_events}: {leaked}"
    due = next(
        Envelope.from_bytes(r.value)
        for r in records
        if Envelope.from_bytes(r.value).event_type == "invitation.dispatch_due"
    )
    assert (await unsealed(ctx, due.payload))["registration_code"] == secrets[-1]  # notifier


async def test_ret_004_after_the_user_key_is_shredded_the_sealed_copy_cannot_be_opened(
    made_through_the_api, infra, topics
):
    ctx, user, _, secrets = made_through_the_api
    records = await _all_relayed(ctx, topics, infra)
    [created] = [
        e
        for e in map(lambda r: Envelope.from_bytes(r.value), records)
        if e.event_type == "user.created" and e.aggregate_id == user["id"]
    ]
    sealed = SealedValue.model_validate(created.payload["personal_data"])
    assert sealed.case_id == f"user:{user['id']}"
    assert (await ctx.sealer.unseal(sealed))["email"] == secrets[2]  # readable before
    assert await ctx.sealer.shred(sealed.case_id) is True  # RET-004: deletion shreds the key
    with pytest.raises(KeyShredded):
        await ctx.sealer.unseal(sealed)
