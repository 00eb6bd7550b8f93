"""Retention's PD facts obeyed by the notifier's read models (RET-004, RET-013), on the
kernel's in-memory unit of work: the recipients read model and the notifications."""

from datetime import UTC, datetime

import pytest

from imi_notifier.adapters.addresses import NotToBeSent, resolve
from imi_notifier.adapters.notification_repository import NotificationRepository
from imi_notifier.adapters.recipients import RecipientBook
from imi_notifier.adapters.retention_events import CasePdDeleted, UserPdDeleted, UserPdLocked
from imi_notifier.context import NotifierContext
from imi_notifier.domain.notification import Recipient, new_notification
from imi_notifier.handlers import retention
from imi_notifier.settings import NotifierSettings
from imi_shared.sealing import Sealer
from imi_testkit import FakeClock, FakeUnitOfWork
from imi_testkit.keys import InMemoryKeyStore

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
async def ctx() -> NotifierContext:
    ctx = NotifierContext(
        NotifierSettings(), FakeUnitOfWork(), Sealer(InMemoryKeyStore()), FakeClock(NOW)
    )

    async def seed(tx):
        book = RecipientBook(tx)
        for user_id in ("fr-h1", "fr-h2"):
            await book.put_user(Recipient(user_id, "FR-REQ", "FR", "fr"), f"{user_id}@example.org")

    await ctx.uow.run(seed)
    return ctx


def to_user(user_id, code="N_REQ_UPDATE", link="/requests/r1", case_type="request", secret=None):
    return new_notification(
        f"src-{user_id}-{link}",
        code,
        recipient_kind="user",
        recipient_id=user_id,
        authority_id="FR-REQ",
        member_state="FR",
        language="fr",
        now=NOW,
        case_type=case_type,
        link=link,
        secret=secret,
    )


async def run(ctx, fn):
    return (await ctx.uow.run(fn)).value


async def row(ctx, user_id):
    return await run(ctx, lambda tx: tx.documents("recipients").get(user_id))


AT = datetime(2026, 1, 5, tzinfo=UTC)
FACTS = {  # what retention sends besides the ids the notifier reads (RET-004, RET-013)
    UserPdLocked: {"authority_id": "FR-REQ", "rule": "RET-004", "locked_at": AT, "delete_at": AT},
    UserPdDeleted: {"authority_id": "FR-REQ", "rule": "RET-004", "deleted_at": AT, "key_id": "k"},
    CasePdDeleted: {"rule": "RET-013", "deleted_at": AT, "key_id": "r1"},
}


def obeyed(model, **ids):
    return model(**FACTS[model], **ids)


@pytest.mark.parametrize("model", [UserPdLocked, UserPdDeleted], ids=lambda m: m.event_type)
async def test_ret_004_a_locked_or_deleted_users_email_leaves_the_read_model(ctx, model):
    event = obeyed(model, user_id="fr-h1", member_state="FR")
    await run(ctx, lambda tx: retention.user_pd_gone(ctx, event, tx))
    gone, kept = await row(ctx, "fr-h1"), await row(ctx, "fr-h2")
    assert "email" not in gone and gone["status"] == "removed"
    assert gone["authority_id"] == "FR-REQ"  # the non-personal facts stay
    assert kept["email"] == "fr-h2@example.org"
    pending = to_user("fr-h1")  # a mail queued before: resolved to nobody (NOT-005)
    with pytest.raises(NotToBeSent):
        await run(ctx, lambda tx: resolve(tx, ctx.sealer, pending))


async def test_ret_004_a_replayed_user_event_brings_no_email_back(ctx):
    deleted = obeyed(UserPdDeleted, user_id="fr-h1", member_state="FR")
    await run(ctx, lambda tx: retention.user_pd_gone(ctx, deleted, tx))
    await run(ctx, lambda tx: retention.user_pd_gone(ctx, deleted, tx))  # redelivered

    async def replay(tx):
        book = RecipientBook(tx)
        await book.put_user(Recipient("fr-h1", "FR-REQ", "FR", "fr"), "fr-h1@example.org")
        await book.put_user_status("fr-h1", "active")

    await run(ctx, replay)
    again = await row(ctx, "fr-h1")
    assert again["email"] is None and again["status"] == "removed"
    # a user the read model never saw: a tombstone, so a late user.created brings no e-mail
    await run(
        ctx,
        lambda tx: retention.user_pd_gone(
            ctx, obeyed(UserPdLocked, user_id="x", member_state="FR"), tx
        ),
    )
    assert (await row(ctx, "x"))["pd_gone"] is True


async def test_ret_013_a_cases_deletion_drops_the_sealed_values_its_notifications_hold(ctx):
    secret = await ctx.sealer.seal("r1", {"note": "sealed"})
    other = await ctx.sealer.seal("r2", {"note": "sealed"})

    async def seed(tx):
        repo = NotificationRepository(tx)
        await repo.add(to_user("fr-h1", secret=secret))
        await repo.add(to_user("fr-h2"))
        await repo.add(to_user("fr-h1", link="/requests/r2", secret=other))
        await repo.add(to_user("fr-h2", link="/alerts/r1", case_type="alert", secret=other))

    await run(ctx, seed)
    deleted = obeyed(CasePdDeleted, case_type="request", case_id="r1", member_state="FR")
    assert await run(ctx, lambda tx: retention.case_pd_deleted(ctx, deleted, tx)) == 1

    async def secrets(tx):
        found = await NotificationRepository(tx).find_where({})
        return {(n.link, n.recipient_id): n.secret is not None for n in found}

    assert await run(ctx, secrets) == {
        ("/requests/r1", "fr-h1"): False,
        ("/requests/r1", "fr-h2"): False,
        ("/requests/r2", "fr-h1"): True,  # another case keeps its own
        ("/alerts/r1", "fr-h2"): True,  # an alert with the same id is another case
    }
    assert await run(ctx, lambda tx: retention.case_pd_deleted(ctx, deleted, tx)) == 0
