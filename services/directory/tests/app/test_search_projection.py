"""The search projection follows the directory's own events on `imi.directory.events`
(CQRS read model, eventually consistent): registration, data and status changes, deletion,
users; redelivered or late events; events it does not project; rebuild (real Kafka + MongoDB).
"""

import asyncio
import inspect
import uuid

from aiokafka import AIOKafkaConsumer, TopicPartition
from faststream.kafka import KafkaBroker
from search_support import (
    SERVICES,
    add_user,
    coordinator,
    ids,
    postings_follow_documents,
    projected,
    register,
    search,
    search_app,
    suspend,
    translate,
    user_headers,
)
from support import register_via_api, registration_body, seed_nimic, workflow_spec

from imi_directory.adapters import indexes, search_index
from imi_directory.adapters.search_index import NAMES, SEARCH, USERS
from imi_directory.app import create_app
from imi_directory.domain import events as domain_events
from imi_directory.handlers import authorities, users
from imi_directory.handlers.access import AccessCommand, change_la_access, change_workflow_access
from imi_directory.handlers.commands import UpdateAuthorityData
from imi_directory.handlers.search_projection import (
    CONSUMER,
    PROJECTED,
    rebuild_search_projection,
    subscribe_search_projection,
)
from imi_directory.settings import DirectorySettings
from imi_shared.envelope import Envelope, Event
from imi_shared.participants import partition_for
from imi_testkit.outbox import outbox_event


async def test_registration_and_data_changes_are_projected(infra, topics, db_name):
    async with search_app(infra, topics, db_name) as (client, ctx):
        fr = await coordinator(ctx, "FR")
        aid = await register(
            ctx, fr, "Mairie de Lyon", informal_name="Mairie", spoken_languages=("fr",)
        )
        await projected(ctx)
        assert ids(await search(client, user_headers(), q="Lyon")) == {aid}
        await translate(ctx, aid, de="Rathaus")
        assert ids(await search(client, user_headers(), q="Rathaus", lang="de")) == {aid}

        await authorities.update_data(
            ctx,
            fr.actor,
            aid,
            UpdateAuthorityData(informal_name="Hôtel de ville", spoken_languages=["fr", "it"]),
        )
        await projected(ctx)
        line = (await search(client, user_headers(), q="Hôtel", lang="de"))["items"][0]
        assert line["informal_name"] == "Hôtel de ville"  # TRL-009: translation of the old name
        assert [lang["code"] for lang in line["spoken_languages"]] == ["fr", "it"]
        assert ids(await search(client, user_headers(), q="Rathaus", lang="de")) == set()
        await postings_follow_documents(ctx)


async def test_DIR_130_status_and_access_changes_hide_and_show_the_authority(
    infra, topics, db_name
):
    async with search_app(infra, topics, db_name) as (client, ctx):
        fr = await coordinator(ctx, "FR")
        aid = await register(ctx, fr, "Mairie de Nice")
        await suspend(ctx, fr, aid)
        await projected(ctx)
        await postings_follow_documents(ctx)
        assert ids(await search(client, user_headers(), q="Nice")) == set()

        await authorities.change_status(ctx, fr.actor, aid, authorities.StatusAction.REACTIVATE)
        await projected(ctx)
        await postings_follow_documents(ctx)
        assert ids(await search(client, user_headers(), q="Nice")) == {aid}
        assert ids(await search(client, user_headers(), q="Nice", la=SERVICES)) == set()

        await change_la_access(ctx, fr.actor, aid, SERVICES, AccessCommand.REACTIVATE)
        await projected(ctx)
        await postings_follow_documents(ctx)
        assert ids(await search(client, user_headers(), q="Nice", la=SERVICES)) == {aid}
        assert ids(await search(client, user_headers(), q="Nice", responders_for=SERVICES)) == set()
        await change_workflow_access(
            ctx, fr.actor, aid, SERVICES, "requests", AccessCommand.REACTIVATE
        )
        await projected(ctx)
        await postings_follow_documents(ctx)
        assert ids(await search(client, user_headers(), q="Nice", responders_for=SERVICES)) == {aid}


async def test_DIR_106_a_purged_authority_leaves_the_projection(infra, topics, db_name, clock):
    async with search_app(infra, topics, db_name, clock=clock) as (client, ctx):
        fr = await coordinator(ctx, "FR")
        aid = await register(ctx, fr, "Mairie de Brest")
        await add_user(ctx, fr, aid, "lda@brest.test")
        await suspend(ctx, fr, aid)
        await change_workflow_access(ctx, fr.actor, aid, SERVICES, "requests", AccessCommand.REMOVE)
        await change_la_access(ctx, fr.actor, aid, SERVICES, AccessCommand.REMOVE)
        await authorities.change_status(ctx, fr.actor, aid, authorities.StatusAction.SET_INACTIVE)
        await projected(ctx)
        assert ids(await search(client, fr.headers, status="inactive")) == {aid}
        clock.advance(days=200)
        await authorities.purge_authority(ctx, aid)
        await projected(ctx)
        assert (await search(client, fr.headers, status="inactive"))["total"] == 0
        for collection in (SEARCH, NAMES, USERS):
            assert await ctx.uow.db[collection].count_documents({"_id": aid}) == 0
        assert await ctx.uow.db[USERS].count_documents({"authority_id": aid}) == 0
        await postings_follow_documents(ctx)


async def test_DIR_134_user_e_mails_follow_user_created_and_user_removed(infra, topics, db_name):
    async with search_app(infra, topics, db_name) as (client, ctx):
        fr = await coordinator(ctx, "FR")
        aid = await register(ctx, fr, "Mairie de Lille")
        await add_user(ctx, fr, aid, "first@lille.test", "Premier")
        second = await add_user(ctx, fr, aid, "second@lille.test", "Second")
        await projected(ctx)
        assert ids(await search(client, fr.headers, email="second@lille.test")) == {aid}
        await users.remove_user(ctx, fr.actor, second.id)
        await projected(ctx)
        assert ids(await search(client, fr.headers, email="second@lille.test")) == set()
        assert ids(await search(client, fr.headers, email="first@lille.test")) == {aid}


async def test_redelivered_and_late_events_leave_the_current_state(infra, topics, db_name):
    async with search_app(infra, topics, db_name) as (client, ctx):
        fr = await coordinator(ctx, "FR")
        aid = await register(ctx, fr, "Mairie de Metz")
        await suspend(ctx, fr, aid)
        await projected(ctx)
        first = await outbox_event(
            ctx.uow.db,
            {"envelope.aggregate_id": aid, "envelope.event_type": "authority.registered"},
        )
        original = Envelope.model_validate(first["envelope"])
        late = original.model_copy(update={"event_id": uuid.uuid4()})
        await _publish(infra, topics, original, late)
        await _consumed(ctx, late)
        assert ids(await search(client, user_headers(), q="Metz")) == set()  # still suspended
        assert (
            await ctx.uow.db["processed_events"].count_documents(
                {"_id": f"{CONSUMER}:{original.event_id}"}
            )
            == 1
        )


class _Unprojected(Event):
    event_type = "invitation.reminder_due"
    aggregate_type = "invitation"
    invitation_id: str = "i-1"


async def test_other_events_are_skipped_and_bad_projected_events_dead_lettered(
    infra, topics, db_name
):
    async with search_app(infra, topics, db_name) as (_client, ctx):
        await coordinator(ctx, "FR")
        await projected(ctx)
        skipped = Envelope.wrap(
            _Unprojected(), producer="directory", member_state="FR", aggregate_id="i-1"
        )
        unknown = skipped.model_copy(update={"event_type": "authority.brand_new"})
        bad = skipped.model_copy(
            update={"event_type": "authority.status_changed", "aggregate_type": "authority"}
        )
        marker = Envelope.model_validate(
            (await outbox_event(ctx.uow.db, {"envelope.event_type": "authority.registered"}))[
                "envelope"
            ]
        ).model_copy(update={"event_id": uuid.uuid4()})
        await _publish(infra, topics, skipped, unknown, bad, marker)
        await _consumed(ctx, marker)
        dead = await _read(infra.kafka_bootstrap, topics.dlq(topics.directory_events), "FR")
        assert await ctx.uow.db[SEARCH].count_documents({}) == 1  # the NIMIC only
    mine = [
        dict(r.headers) for r in dead if dict(r.headers).get("dlq.consumer") == CONSUMER.encode()
    ]
    assert len(mine) == 1 and b"authority.status_changed" in mine[0]["dlq.error"]


def test_subscribing_twice_registers_one_consumer():
    """The service wires the projection itself (wire_bus); subscribing again adds nothing."""
    runtime = create_app(DirectorySettings()).state.runtime  # nothing connects before start
    assert runtime.context.search_subscribed is True
    before = len(runtime.broker.subscribers)
    subscribe_search_projection(runtime)
    subscribe_search_projection(runtime)
    assert len(runtime.broker.subscribers) == before


def test_the_search_collections_are_indexed_at_start_up():
    """Every search criterion is an indexed lookup (SecantusDB scans without indexes)."""
    assert search_index in indexes.INDEXED


async def test_dir_130_running_service_finds_an_authority_registered_over_http(directory):
    """The running app, as `python -m imi_directory.app` builds it (no test hooks): an
    authority registered through POST /authorities reaches GET /search/authorities through
    the outbox relay, Kafka and the projection's subscriber, with the search indexes built."""
    client, ctx = directory
    fr = await seed_nimic(ctx, "FR")
    name = f"Capitainerie {uuid.uuid4().hex[:8]}"
    authority_id = await register_via_api(
        client,
        fr.headers,
        registration_body(
            name,
            f"{name.split()[1]}@port.fr.test",
            workflows=(workflow_spec("requests", associated=(fr.authority_id,)),),
        ),
    )
    names = {d["name"] async for d in await ctx.uow.db[SEARCH].list_indexes()}
    assert {"member_state_status", "keywords", "visible_to"} <= names
    user = user_headers()  # a plain user of another member state (DIR-130)
    deadline = asyncio.get_running_loop().time() + 20
    while True:
        page = await search(client, user, country="FR", q=name.split()[1])
        if ids(page):
            break
        assert asyncio.get_running_loop().time() < deadline, "never projected"
        await asyncio.sleep(0.1)
    assert ids(page) == {authority_id}
    assert page["items"][0]["official_name"] == name


async def test_rebuild_recomputes_the_projection_from_the_write_model(infra, topics, db_name):
    async with search_app(infra, topics, db_name) as (client, ctx):
        fr = await coordinator(ctx, "FR")
        aid = await register(ctx, fr, "Mairie de Caen")
        await add_user(ctx, fr, aid, "lda@caen.test")
        await projected(ctx)
        for collection in (SEARCH, NAMES, USERS):
            await ctx.uow.db[collection].delete_many({})
        await ctx.uow.db[SEARCH].insert_one({"_id": "ghost", "status": "active", "sort_name": "a"})
        assert await rebuild_search_projection(ctx.uow, ctx.reference) == 2
        assert ids(await search(client, user_headers(), country="FR")) == {fr.authority_id, aid}
        assert ids(await search(client, fr.headers, email="lda@caen.test")) == {aid}
        assert await ctx.uow.db[SEARCH].count_documents({"_id": "ghost"}) == 0
        await postings_follow_documents(ctx)


def test_every_authority_event_and_the_user_e_mail_events_are_projected():
    authority_events = {
        cls
        for _, cls in inspect.getmembers(domain_events, inspect.isclass)
        if issubclass(cls, Event)
        and "event_type" in cls.__dict__
        and cls.aggregate_type == "authority"
    }
    projected = {cls.event_type for cls in PROJECTED}  # decoded in their published form
    assert {cls.event_type for cls in authority_events} <= projected
    assert {domain_events.UserCreated.event_type, domain_events.UserRemoved.event_type} <= projected


# --------------------------------------------------------------------------- helpers


async def _publish(infra, topics, *envelopes: Envelope) -> None:
    broker = KafkaBroker(infra.kafka_bootstrap, logger=None)
    await broker.start()
    try:
        for envelope in envelopes:
            await broker.publish(
                envelope.to_bytes(),
                topics.directory_events,
                key=envelope.member_state.encode(),
                partition=partition_for(envelope.member_state),
            )
    finally:
        await broker.stop()


async def _consumed(ctx, envelope: Envelope, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    key = {"_id": f"{CONSUMER}:{envelope.event_id}"}
    while not await ctx.uow.db["processed_events"].count_documents(key):
        assert asyncio.get_running_loop().time() < deadline, "event not consumed"
        await asyncio.sleep(0.05)


async def _read(bootstrap: str, topic: str, member_state: str, timeout: float = 20.0) -> list:
    """The records of `member_state`'s partition of `topic`, up to its end offset now (dead
    letters go to the partition of the record they replace)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    records: list = []
    tp = TopicPartition(topic, partition_for(member_state))
    try:
        consumer.assign([tp])
        end = (await consumer.end_offsets([tp]))[tp]
        async with asyncio.timeout(timeout):
            while await consumer.position(tp) < end:
                for batch in (await consumer.getmany(timeout_ms=200)).values():
                    records.extend(batch)
    finally:
        await consumer.stop()
    return records
