"""What the database alone gives away of credentials (DIR-140, DIR-043, DIR-092): nothing.

The attacker of these tests has a copy of every MongoDB document (users and the key store) but
not the deployment's key-encryption key, which lives outside MongoDB (imi_shared.keys).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import string

import pytest
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from support import helpdesk_headers, seed_nimic
from users_support import (
    CODE,
    create_user,
    first_login,
    login,
    outbox_events,
    temporary_password,
    users_app,
)

from imi_directory.adapters.hashing import FAST_TEST_PARAMS, PEPPER_INFO, user_key_id
from imi_shared.keys import MongoKeyStore
from imi_shared.sealing import KeyShredded, SealedValue, Sealer, SealingError

CANDIDATES = string.printable.strip()  # what one position of a code can be


@pytest.fixture
async def app(infra, topics, db_name, clock):
    async with users_app(infra, topics, db_name, clock) as started:
        yield started


def _byte_fields(doc: dict) -> list[bytes]:
    return [bytes(v) for v in doc.values() if isinstance(v, bytes)]


def _guess_position(stored_hash: str, position: int, peppers: list[bytes | None]) -> set[str]:
    """Try every character for one position, unpeppered and under each candidate pepper."""
    argon2 = FAST_TEST_PARAMS.hasher()
    found = set()
    for pepper in peppers:
        for char in CANDIDATES:
            if pepper is None:
                tries: list[str | bytes] = [char, f"{position}:{char}"]
            else:
                message = f"{position}:{char}".encode()
                tries = [hmac.new(pepper, message, hashlib.sha256).digest()]
            for attempt in tries:
                try:
                    if argon2.verify(stored_hash, attempt):
                        found.add(char)
                except (VerificationError, InvalidHashError):
                    pass
    return found


def _hkdf(material: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PEPPER_INFO).derive(material)


async def test_dir_140_security_code_cannot_be_recovered_position_by_position_from_the_db(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    user = await create_user(client, fr.authority_id, helpdesk_headers())
    temporary = await temporary_password(ctx, user["id"])
    assert (await first_login(client, user["username"], temporary)).status_code == 200

    raw_user = await ctx.uow.db["users"].find_one({"_id": user["id"]})
    stored = json.loads(raw_user["security_code_digest"])["positions"]
    keys = ctx.sealer.key_store.collection
    raw_key = await keys.find_one({"_id": user_key_id(user["id"])})
    assert set(raw_key) == {"_id", "kek_id", "wrapped_key", "created_at"}
    from_db = _byte_fields(raw_key)
    peppers: list[bytes | None] = [None, *from_db, *(_hkdf(m) for m in from_db)]
    assert _guess_position(stored[0], 1, peppers) == set()  # the database alone: nothing
    assert _guess_position(stored[11], 12, peppers) == set()

    # the same attack with the key as only the KEK holder sees it finds the character at once:
    # the protection is the pepper's absence from MongoDB, not the argon2 parameters
    real = _hkdf(await ctx.sealer.key_store.get(user_key_id(user["id"])))
    assert _guess_position(stored[0], 1, [real]) == {CODE[0]}
    assert (await login(client, user["username"])).status_code == 200


async def test_dir_043_temporary_password_unreadable_once_the_first_login_used_it(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    user = await create_user(client, fr.authority_id, helpdesk_headers())
    [event] = await outbox_events(ctx, "user.created", user["id"])
    sealed = SealedValue.model_validate(event["payload"]["temporary_password"])
    temporary = await ctx.sealer.unseal(sealed)  # the notifier can read it until it is used
    assert (await first_login(client, user["username"], temporary)).status_code == 200

    other_process = Sealer(MongoKeyStore(ctx.uow.client[ctx.settings.keys_db_name], _kek(ctx)))
    for sealer in (ctx.sealer, other_process):
        with pytest.raises(KeyShredded):
            await sealer.unseal(sealed)  # every copy: outbox row, Kafka record
    tombstone = await ctx.sealer.key_store.collection.find_one({"_id": sealed.case_id})
    assert set(tombstone) == {"_id", "shredded_at"}
    with pytest.raises(SealingError):  # and the user's own key, which lives on, never opened it
        await ctx.sealer.unseal(sealed.model_copy(update={"case_id": user_key_id(user["id"])}))
    assert await ctx.sealer.key_store.get(user_key_id(user["id"])) is not None


async def test_dir_095_a_reset_shreds_the_unused_temporary_password_it_replaces(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    user = await create_user(client, fr.authority_id, helpdesk_headers())
    first = await temporary_password(ctx, user["id"])
    reset = await client.post(f"/users/{user['id']}/reset", headers=helpdesk_headers())
    assert reset.status_code == 200, reset.text
    with pytest.raises(KeyShredded):
        await temporary_password(ctx, user["id"])
    second = await temporary_password(ctx, user["id"], "user.credentials_reset")
    assert second != first
    assert (await first_login(client, user["username"], first)).status_code == 401
    assert (await first_login(client, user["username"], second)).status_code == 200
    with pytest.raises(KeyShredded):
        await temporary_password(ctx, user["id"], "user.credentials_reset")


def _kek(ctx):
    return ctx.sealer.key_store.kek


async def test_dir_090_removing_a_user_shreds_a_temporary_password_never_used(app):
    client, ctx, _ = app
    fr = await seed_nimic(ctx, "FR")
    user = await create_user(client, fr.authority_id, helpdesk_headers())
    assert await temporary_password(ctx, user["id"])
    removed = await client.delete(f"/users/{user['id']}", headers=helpdesk_headers())
    assert removed.status_code == 200, removed.text
    with pytest.raises(KeyShredded):
        await temporary_password(ctx, user["id"])
