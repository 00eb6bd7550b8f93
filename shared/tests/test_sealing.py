"""PD sealing under per-case keys, and crypto-shredding on deletion (RET-013, RET-015)."""

import asyncio
import base64

import pytest

from imi_shared.envelope import Envelope, Event
from imi_shared.keys import LocalKeyEncryptionKeys
from imi_shared.sealing import KeyShredded, MongoKeyStore, SealedValue, Sealer, SealingError

SUBJECT = {"name": "Jeanne Dupont", "birth_date": "1980-02-29", "tags": ["x", 1, None]}


class SubjectRecorded(Event):
    event_type = "test.subject_recorded"
    aggregate_type = "request"
    subject: SealedValue


@pytest.fixture
def kek() -> LocalKeyEncryptionKeys:
    return LocalKeyEncryptionKeys.generate()


@pytest.fixture
def store(mongo_client, db_name, kek) -> MongoKeyStore:
    return MongoKeyStore(mongo_client[db_name], kek)


@pytest.fixture
def sealer(store) -> Sealer:
    return Sealer(store)


async def test_round_trip_of_dict_and_text(sealer):
    sealed_dict = await sealer.seal("REQ-1", SUBJECT)
    sealed_text = await sealer.seal("REQ-1", "Jeanne Dupont, né à Zürich")
    assert (sealed_dict.kind, sealed_text.kind) == ("json", "text")
    assert await sealer.unseal(sealed_dict) == SUBJECT
    assert await sealer.unseal(sealed_text) == "Jeanne Dupont, né à Zürich"


async def test_sealed_value_travels_in_an_event(sealer):
    event = SubjectRecorded(subject=await sealer.seal("REQ-1", SUBJECT))
    wire = Envelope.wrap(event, producer="t", member_state="FR", aggregate_id="REQ-1").to_bytes()
    received = SubjectRecorded.model_validate(Envelope.from_bytes(wire).payload)
    assert await sealer.unseal(received.subject) == SUBJECT


async def test_ciphertext_holds_no_plaintext(sealer):
    sealed = await sealer.seal("REQ-1", SUBJECT)
    raw = base64.b64decode(sealed.ciphertext)
    wire = sealed.model_dump_json().encode()
    for secret in (b"Jeanne", b"Dupont", b"1980-02-29", b"name"):
        assert secret not in raw and secret not in wire
    again = await sealer.seal("REQ-1", SUBJECT)
    assert again.nonce != sealed.nonce and again.ciphertext != sealed.ciphertext


async def test_each_case_has_its_own_key(sealer, store):
    await sealer.seal("REQ-1", "a")
    await sealer.seal("REQ-2", "b")
    key1, key2 = await store.get("REQ-1"), await store.get("REQ-2")
    assert len(key1) == 32 and len(key2) == 32 and key1 != key2


async def test_sealed_value_cannot_move_to_another_case(sealer):
    sealed = await sealer.seal("REQ-1", SUBJECT)
    await sealer.seal("REQ-2", "gives REQ-2 a key")
    moved = sealed.model_copy(update={"case_id": "REQ-2"})
    with pytest.raises(SealingError, match="REQ-2 failed authentication") as info:
        await sealer.unseal(moved)
    assert not isinstance(info.value, KeyShredded)


async def test_tampered_ciphertext_is_refused(sealer):
    sealed = await sealer.seal("REQ-1", SUBJECT)
    raw = bytearray(base64.b64decode(sealed.ciphertext))
    raw[0] ^= 0x01
    tampered = sealed.model_copy(update={"ciphertext": base64.b64encode(raw).decode()})
    with pytest.raises(SealingError, match="altered"):
        await sealer.unseal(tampered)
    as_text = sealed.model_copy(update={"kind": "text"})
    with pytest.raises(SealingError, match="altered"):
        await sealer.unseal(as_text)


async def test_value_of_a_case_without_key_is_refused(sealer):
    sealed = await sealer.seal("REQ-1", "x")
    with pytest.raises(SealingError, match="no data key"):
        await sealer.unseal(sealed.model_copy(update={"case_id": "REQ-unknown"}))


async def test_shred_makes_pd_unreadable_everywhere(store, mongo_client, db_name, kek):
    requests_service = Sealer(store)
    notifier_service = Sealer(MongoKeyStore(mongo_client[db_name], kek))
    sealed = await requests_service.seal("REQ-1", SUBJECT)
    other = await requests_service.seal("REQ-2", "kept")
    assert await notifier_service.unseal(sealed) == SUBJECT  # now cached by notifier_service

    assert await requests_service.shred("REQ-1") is True
    with pytest.raises(KeyShredded) as info:
        await requests_service.unseal(sealed)
    assert str(info.value) == (
        "personal data of case REQ-1 was deleted (RET-013, RET-015): its key has been shredded"
    )
    fresh_service = Sealer(MongoKeyStore(mongo_client[db_name], kek))
    with pytest.raises(KeyShredded, match="REQ-1 was deleted"):
        await fresh_service.unseal(sealed)
    assert await fresh_service.unseal(other) == "kept"
    assert await requests_service.unseal(other) == "kept"
    doc = await mongo_client[db_name].case_keys.find_one({"_id": "REQ-1"})
    assert set(doc) == {"_id", "shredded_at"}


async def test_another_services_cached_key_lives_until_its_ttl(mongo_client, db_name, kek):
    now = [0.0]
    alerts_service = Sealer(
        MongoKeyStore(mongo_client[db_name], kek), cache_ttl=30, clock=lambda: now[0]
    )
    retention_service = Sealer(MongoKeyStore(mongo_client[db_name], kek))
    sealed = await alerts_service.seal("ALR-1", "subject")
    await retention_service.shred("ALR-1")
    now[0] = 29.9
    assert await alerts_service.unseal(sealed) == "subject"  # documented bounded delay
    now[0] = 30.0
    with pytest.raises(KeyShredded):
        await alerts_service.unseal(sealed)


async def test_no_new_key_for_a_shredded_case(sealer, store):
    await sealer.seal("REQ-1", "x")
    await sealer.shred("REQ-1")
    with pytest.raises(KeyShredded):
        await store.create_or_get("REQ-1")
    with pytest.raises(KeyShredded):
        await sealer.seal("REQ-1", "late PD")
    assert await store.shred("REQ-1") is False


async def test_shred_of_a_case_that_never_had_a_key_still_blocks_it(store):
    assert await store.shred("REQ-9") is False
    with pytest.raises(KeyShredded):
        await store.create_or_get("REQ-9")


async def test_concurrent_create_or_get_yields_one_key(store, mongo_client, db_name, kek):
    stores = [MongoKeyStore(mongo_client[db_name], kek) for _ in range(5)] + [store] * 5
    keys = await asyncio.gather(*(s.create_or_get("REQ-1") for s in stores))
    assert len(set(keys)) == 1
    assert await mongo_client[db_name].case_keys.count_documents({}) == 1
    sealers = [Sealer(s) for s in stores]
    sealed = await asyncio.gather(*(s.seal("REQ-2", f"v{i}") for i, s in enumerate(sealers)))
    assert [await sealers[0].unseal(v) for v in sealed] == [f"v{i}" for i in range(10)]
