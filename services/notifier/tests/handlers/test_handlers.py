"""Notifier handlers on the kernel's in-memory unit of work and a fake clock (milliseconds)."""

from datetime import UTC, datetime

import pytest

from imi_notifier.adapters.directory_events import AuthorityStatusChanged, UserCreated
from imi_notifier.context import NotifierContext
from imi_notifier.handlers import directory, reading
from imi_notifier.settings import NotifierSettings
from imi_shared.auth import Principal
from imi_shared.envelope import Envelope
from imi_shared.errors import Forbidden, NotFound
from imi_shared.sealing import KeyShredded, Sealer
from imi_testkit import FakeClock, FakeUnitOfWork, InMemoryKeyStore

SEALER = Sealer(InMemoryKeyStore(), cache_ttl=0)


async def user_created(user_id="u1", authority_id="FR-A") -> UserCreated:
    personal = {"first_name": "Marie", "last_name": "Curie", "email": "marie@example.org"}
    return UserCreated(
        user_id=user_id,
        authority_id=authority_id,
        member_state="FR",
        main_language="fr",
        personal_data=await SEALER.seal(f"user:{user_id}", personal),
    )


async def consume(ctx, handler, event):
    envelope = Envelope.wrap(event, producer="directory", member_state="FR")
    extra = (str(envelope.event_id),) if handler is directory.user_created else ()
    outcome = await ctx.uow.run(
        lambda tx: handler(ctx, event, tx, *extra), consumed=envelope, consumer="notifier-directory"
    )
    return outcome.value


@pytest.fixture
def ctx() -> NotifierContext:
    clock = FakeClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    return NotifierContext(NotifierSettings(), FakeUnitOfWork(), SEALER, clock)


def person(user_id="other", authority_id="FR-A", *, lda=False, ms="FR") -> Principal:
    return Principal(
        user_id=user_id,
        username=user_id,
        authority_id=authority_id,
        member_state=ms,
        local_data_admin=lda,
    )


async def test_not_036_user_created_queues_a_welcome_and_emits_it(ctx):
    notification_id = await consume(ctx, directory.user_created, await user_created())
    (envelope,) = ctx.uow.published("notification.queued")
    assert envelope.aggregate_id == notification_id
    assert envelope.payload["queued_at"] == "2026-03-01T08:00:00Z"
    assert ctx.uow.outbox[0].topic == ctx.settings.topics.notifier_events
    assert ctx.uow.collections["recipients"]["u1"]["email"] == "marie@example.org"
    assert "marie" not in envelope.model_dump_json()  # NOT-001: no PD on the topic


async def test_ret_004_a_shredded_user_key_leaves_the_sealed_e_mail_unreadable(ctx):
    event = await user_created(user_id="u-shred")
    assert "marie" not in event.model_dump_json().lower()  # sealed in the event itself
    await SEALER.shred("user:u-shred")
    with pytest.raises(KeyShredded):
        await consume(ctx, directory.user_created, event)
    assert "u-shred" not in ctx.uow.collections.get("recipients", {})


async def test_not_005_no_welcome_for_a_user_of_a_suspended_authority(ctx):
    await consume(
        ctx,
        directory.authority_status_changed,
        AuthorityStatusChanged(authority_id="FR-A", member_state="FR", new_status="suspended"),
    )
    assert await consume(ctx, directory.user_created, await user_created()) is None
    assert ctx.uow.published() == []


async def test_not_001_a_notification_is_shown_to_its_recipient_and_lda_and_hidden_from_others(
    ctx,
):
    notification_id = await consume(ctx, directory.user_created, await user_created())
    for who in (person("u1"), person(lda=True), person("h", "EU-HD", ms="EU")):
        assert (await reading.get_notification(ctx, who, notification_id)).recipient_id == "u1"
    for stranger in (person(), person(authority_id="DE-B", lda=True, ms="DE")):
        with pytest.raises(NotFound):
            await reading.get_notification(ctx, stranger, notification_id)
    with pytest.raises(NotFound):
        await reading.get_notification(ctx, person("u1"), "N_DIR_USER_WELCOME:nobody")


async def test_x_054_only_the_authoritys_lda_lists_its_notifications(ctx):
    await consume(ctx, directory.user_created, await user_created())
    listed = await reading.list_for_authority(ctx, person(lda=True), "FR-A")
    assert [n.recipient_id for n in listed] == ["u1"]
    with pytest.raises(Forbidden):
        await reading.list_for_authority(ctx, person(), "FR-A")


async def test_not_001_queueing_the_same_notifications_twice_records_one_each(ctx):
    from imi_notifier.domain.notification import Recipient, for_user
    from imi_notifier.handlers.queueing import queue_notifications

    fr = Recipient("u1", "FR-A", "FR", "fr")
    batch = [for_user("ev-9", "N_REQ_NEW_INCOMING", fr, ctx.clock(), case_ref="FR-2026-1")]
    first = await ctx.uow.run(lambda tx: queue_notifications(ctx, tx, batch + batch))
    again = await ctx.uow.run(lambda tx: queue_notifications(ctx, tx, batch))
    assert (len(first.value), again.value) == (1, [])
    assert list(ctx.uow.collections["mail_outbox"]) == [batch[0].notification_id]
    assert len(ctx.uow.published("notification.queued")) == 1


async def test_x_001_not_031_a_deployment_queues_only_its_own_member_states_mail(ctx):
    from imi_notifier.domain.notification import Recipient, for_user
    from imi_notifier.handlers.queueing import queue_notifications

    fr_only = NotifierContext(NotifierSettings(member_states="FR"), ctx.uow, ctx.sealer, ctx.clock)
    fr = for_user("ev-s", "N_REG_DELETED", Recipient("u1", "FR-A", "FR", "fr"), ctx.clock())
    de = for_user("ev-s", "N_REG_DELETED", Recipient("u2", "DE-B", "DE", "de"), ctx.clock())
    queued = await ctx.uow.run(lambda tx: queue_notifications(fr_only, tx, [fr, de]))
    assert [n.recipient_id for n in queued.value] == ["u1"]
