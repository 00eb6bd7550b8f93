"""Obeying retention for IMI users on the fakes (RET-004, X-052): `user.pd_locked` takes the
contact data out of the user record (RET-012) into a copy sealed under the user's key, which
only the helpdesk extracts, to prove an exchange, logged (RET-016); `user.pd_deleted` drops
it and shreds the key (RET-013)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from imi_directory.adapters.hashing import user_key_id
from imi_directory.adapters.retention_events import UserPdDeleted, UserPdLocked
from imi_directory.adapters.user_repository import UserRepository
from imi_directory.bootstrap import DirectoryContext
from imi_directory.domain.actors import Actor
from imi_directory.domain.users import User
from imi_directory.handlers.user_retention import UserExtraction, extract_locked_user, handlers
from imi_directory.reference import default_reference
from imi_directory.settings import DirectorySettings
from imi_shared.auth import TokenIssuer, load_private_key
from imi_shared.envelope import Envelope
from imi_shared.errors import NotFound
from imi_shared.sealing import KeyShredded, SealedValue, Sealer
from imi_testkit import FakeClock, FakeUnitOfWork, InMemoryKeyStore

AT = datetime(2026, 3, 1, tzinfo=UTC)
HELPDESK = Actor.helpdesk("u-helpdesk")
PROOF = UserExtraction("u-1", "REQ-2026-000042", "fr-ca", None)


@pytest.fixture
async def ctx() -> DirectoryContext:
    settings = DirectorySettings()
    issuer = TokenIssuer(load_private_key("", "local"), settings.jwt_issuer)
    context = DirectoryContext(
        settings,
        FakeUnitOfWork(),  # type: ignore[arg-type]
        settings.topics,
        default_reference(),
        issuer,
        Sealer(InMemoryKeyStore(), cache_ttl=0),
        FakeClock(),  # type: ignore[arg-type]
    )
    user = User(
        id="u-1", authority_id="fr-ca", member_state="FR", username="fr_jdupont",
        first_name="Jeanne", last_name="Dupont", main_language="fr",
        email="jeanne.dupont@example.fr", phone="+33 1 23 45 67 89",
        created_at=AT, status_changed_at=AT,
    )  # fmt: skip
    await context.uow.run(lambda tx: UserRepository(tx).add(user))
    return context


async def consume(ctx, event) -> None:
    envelope = Envelope.wrap(event, producer="retention", member_state="FR")
    await ctx.uow.run(lambda tx: handlers(ctx)[event.event_type](event, envelope, tx))


def locked() -> UserPdLocked:
    return UserPdLocked(
        user_id="u-1", authority_id="fr-ca", member_state="FR", rule="RET-004",
        locked_at=AT, delete_at=AT,
    )  # fmt: skip


def deleted() -> UserPdDeleted:
    return UserPdDeleted(
        user_id="u-1", authority_id="fr-ca", member_state="FR", rule="RET-004",
        deleted_at=AT, key_id="user:u-1",
    )  # fmt: skip


def stored(ctx) -> str:
    return repr(ctx.uow.collections["users"]) + repr(ctx.uow.collections.get(LOCKED_ROWS))


LOCKED_ROWS = "locked_user_data"


async def test_ret_004_012_a_locked_users_contact_data_leaves_the_record(ctx):
    await consume(ctx, locked())
    await consume(ctx, locked())  # a repeat changes nothing
    user = (await ctx.uow.run(lambda tx: UserRepository(tx).get("u-1"))).value
    assert (user.first_name, user.last_name, user.phone) == ("[locked]", "[locked]", None)
    assert user.username == "fr_jdupont"  # unique for ever (DIR-082): it names past actors
    for secret in ("Jeanne", "Dupont", "example.fr", "23 45"):
        assert secret not in stored(ctx).replace("fr_jdupont", "")
    row = ctx.uow.collections[LOCKED_ROWS]["u-1"]
    sealed = SealedValue.model_validate(row["sealed"])
    assert sealed.case_id == user_key_id("u-1")
    assert (await ctx.sealer.unseal(sealed))["email"] == "jeanne.dupont@example.fr"


async def test_ret_004_016_only_the_helpdesk_extracts_to_prove_an_exchange_logged(ctx):
    await consume(ctx, locked())
    with pytest.raises(NotFound) as refused:
        await extract_locked_user(ctx, Actor.user("u-2", "fr-ca"), PROOF)
    assert refused.value.rule_id == "RET-016"
    found = await extract_locked_user(ctx, HELPDESK, PROOF)
    assert found["contact"]["last_name"] == "Dupont"
    (log,) = ctx.uow.collections["pd_extractions"].values()
    assert (log["case_ref"], log["reason"], log["helpdesk_user_id"]) == (
        "REQ-2026-000042",
        "proof_of_exchange",
        "u-helpdesk",
    )
    assert "Dupont" not in repr(log)


async def test_ret_004_013_deletion_drops_the_copy_and_shreds_the_users_key(ctx):
    published = await ctx.sealer.seal(user_key_id("u-1"), {"email": "jeanne.dupont@example.fr"})
    await consume(ctx, locked())
    await consume(ctx, deleted())
    await consume(ctx, deleted())  # idempotent
    row = ctx.uow.collections[LOCKED_ROWS]["u-1"]
    assert "sealed" not in row and row["pd_deleted_at"] == AT
    with pytest.raises(KeyShredded):  # what user.created carried on the bus opens no more
        await ctx.sealer.unseal(published)
    with pytest.raises(NotFound) as gone:
        await extract_locked_user(ctx, HELPDESK, PROOF)
    assert gone.value.rule_id == "RET-013"


async def test_ret_004_a_deletion_without_a_lock_still_removes_the_contact_data(ctx):
    await consume(ctx, deleted())
    await consume(ctx, locked())  # late: never revives anything
    user = (await ctx.uow.run(lambda tx: UserRepository(tx).get("u-1"))).value
    assert user.first_name == "[locked]" and "sealed" not in ctx.uow.collections[LOCKED_ROWS]["u-1"]


async def test_ret_004_a_lock_consumed_after_the_key_was_shredded_still_hides_the_contact(ctx):
    await ctx.sealer.shred(user_key_id("u-1"))  # retention's deletion ran first
    await consume(ctx, locked())
    user = (await ctx.uow.run(lambda tx: UserRepository(tx).get("u-1"))).value
    assert (
        user.last_name == "[locked]" and ctx.uow.collections[LOCKED_ROWS]["u-1"]["sealed"] is None
    )
