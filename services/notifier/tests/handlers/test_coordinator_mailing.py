"""NOT-040 (DIR-135): a coordinator mailing → one notification per selected authority, on the
kernel's in-memory unit of work; the coordinator's text stays sealed until rendering."""

from datetime import UTC, datetime

import pytest

from imi_notifier.adapters import mail_events as mev
from imi_notifier.adapters.addresses import resolve
from imi_notifier.adapters.recipients import RecipientBook
from imi_notifier.context import NotifierContext
from imi_notifier.handlers import directory_mail
from imi_notifier.settings import NotifierSettings
from imi_shared.sealing import Sealer
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_testkit.keys import InMemoryKeyStore

TEXT = {"subject": "Mise à jour", "body": "Merci de vérifier vos données, Jean Dupont."}


@pytest.fixture
async def ctx() -> NotifierContext:
    clock = FakeClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    ctx = NotifierContext(NotifierSettings(), FakeUnitOfWork(), Sealer(InMemoryKeyStore()), clock)

    async def seed(tx):
        book = RecipientBook(tx)
        for authority_id, language in (("FR-COORD", "fr"), ("FR-A", "fr"), ("FR-B", "de")):
            await book.put_authority(
                authority_id,
                member_state="FR",
                status="active",
                email=f"office@{authority_id}.example",
                languages=[language],
                name=f"Autorité {authority_id}",
            )

    await ctx.uow.run(seed)
    return ctx


async def mailing(ctx, *ids: str) -> mev.CoordinatorMailingSent:
    return mev.CoordinatorMailingSent(
        mailing_id="m-1",
        coordinator_id="FR-COORD",
        member_state="FR",
        authority_ids=ids,
        message=await ctx.sealer.seal("mailing:m-1", TEXT),
    )


async def consume(ctx, event, source_id="ev-m"):
    run = directory_mail.coordinator_mailing_sent
    return (await ctx.uow.run(lambda tx: run(ctx, event, tx, source_id))).value


async def test_not_040_one_notification_per_selected_authority_text_sealed(ctx):
    queued = await consume(ctx, await mailing(ctx, "FR-A", "FR-B"))
    assert [(n.recipient_kind, n.recipient_id, n.language) for n in queued] == [
        ("authority", "FR-A", "fr"),
        ("authority", "FR-B", "de"),  # NOT-002: the authority's first spoken language
    ]
    assert {n.code for n in queued} == {"N_DIR_COORDINATOR_MAILING"}
    assert queued[0].params["coordinator_name"] == "Autorité FR-COORD"
    for envelope in ctx.uow.published("notification.queued"):
        assert "Jean Dupont" not in envelope.model_dump_json()  # NOT-001: no text on the topic
    stored = ctx.uow.collections["notifications"][queued[0].notification_id]
    assert "Jean Dupont" not in str(stored)  # sealed at rest too
    delivery = (await ctx.uow.run(lambda tx: resolve(tx, ctx.sealer, queued[0]))).value
    assert delivery.address == "office@FR-A.example"
    assert delivery.secrets == {"mailing_subject": TEXT["subject"], "message": TEXT["body"]}


async def test_not_040_a_redelivered_mailing_queues_nothing_twice(ctx):
    event = await mailing(ctx, "FR-A")
    assert len(await consume(ctx, event)) == 1
    assert await consume(ctx, event) == []
    assert len(ctx.uow.collections["mail_outbox"]) == 1
