"""Envelope encryption of the sealing data keys: KEK outside MongoDB, rotation, re-wrap."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from bson import Binary
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from imi_shared.keys import (
    KekUnavailable,
    KmsKeyEncryptionKey,
    LocalKeyEncryptionKeys,
    MongoKeyStore,
    SealingError,
    kek_usage,
    rewrap,
    rewrap_job,
)
from imi_shared.keys.rewrap import LEGACY
from imi_shared.sealing import KeyShredded, Sealer
from imi_testkit import FakeClock

SUBJECT = {"name": "Jeanne Dupont", "birth_date": "1980-02-29"}


@pytest.fixture
def db(mongo_client, db_name):
    return mongo_client[db_name]


def _byte_fields(value) -> list[bytes]:
    if isinstance(value, bytes | Binary):
        return [bytes(value)]
    if isinstance(value, dict):
        return [b for v in value.values() for b in _byte_fields(v)]
    if isinstance(value, list):
        return [b for v in value for b in _byte_fields(v)]
    if isinstance(value, str):
        return [value.encode()]
    return []


def _opens(candidate: bytes, sealed) -> bool:
    import base64

    from imi_shared.sealing import _associated_data

    nonce, body = base64.b64decode(sealed.nonce), base64.b64decode(sealed.ciphertext)
    try:
        AESGCM(candidate).decrypt(nonce, body, _associated_data(sealed.case_id, sealed.kind))
    except (InvalidTag, ValueError):
        return False
    return True


async def test_raw_key_documents_alone_cannot_open_a_sealed_value(db):
    sealer = Sealer(MongoKeyStore(db, LocalKeyEncryptionKeys.generate()))
    sealed = await sealer.seal("REQ-1", SUBJECT)
    docs = await db.case_keys.find({}).to_list()
    assert len(docs) == 1
    # every byte string of the raw documents, and every 16/24/32-byte window of them, as a key
    candidates = set()
    for blob in _byte_fields(docs[0]):
        for size in (16, 24, 32):
            candidates |= {blob[i : i + size] for i in range(max(0, len(blob) - size + 1))}
    assert candidates and not any(_opens(c, sealed) for c in candidates)
    assert await sealer.unseal(sealed) == SUBJECT  # the KEK, outside MongoDB, opens it
    assert set(docs[0]) == {"_id", "kek_id", "wrapped_key", "created_at"}


async def test_rotation_rewraps_every_key_and_the_old_kek_can_then_be_retired(db):
    old = LocalKeyEncryptionKeys.generate("kek-1")
    before = [await Sealer(MongoKeyStore(db, old)).seal(f"REQ-{i}", SUBJECT) for i in range(3)]
    await MongoKeyStore(db, old).shred("REQ-2")

    rotated = old.rotated("kek-2")  # step 1: a new current KEK, the old one still unwraps
    store = MongoKeyStore(db, rotated)
    during = await Sealer(store).seal("REQ-9", "sealed after the rotation")
    assert await kek_usage(store) == {"kek-1": 2, "kek-2": 1}
    assert await Sealer(store).unseal(before[0]) == SUBJECT

    report = await rewrap(store)  # step 2
    assert (report.rewrapped, report.skipped, report.failed) == (2, 0, {})
    assert await kek_usage(store) == {"kek-2": 3}
    assert (await rewrap(store)).rewrapped == 0  # idempotent

    retired = rotated.without("kek-1")  # step 3: nothing needs kek-1 any more
    assert retired.ids == ("kek-2",)
    after = Sealer(MongoKeyStore(db, retired), cache_ttl=0)
    assert await after.unseal(before[0]) == SUBJECT
    assert await after.unseal(before[1]) == SUBJECT
    assert await after.unseal(during) == "sealed after the rotation"
    with pytest.raises(KeyShredded):
        await after.unseal(before[2])  # the tombstone was left alone
    with pytest.raises(KekUnavailable, match="kek-2"):
        await Sealer(MongoKeyStore(db, old), cache_ttl=0).unseal(before[0])


async def test_rewrap_reports_keys_whose_kek_is_unknown(db):
    foreign = LocalKeyEncryptionKeys.generate("kek-elsewhere")
    await MongoKeyStore(db, foreign).create_or_get("REQ-1")
    report = await rewrap(MongoKeyStore(db, LocalKeyEncryptionKeys.generate("kek-here")))
    assert report.rewrapped == 0 and set(report.failed) == {"REQ-1"}
    assert "kek-elsewhere" in report.failed["REQ-1"]


async def test_keys_stored_raw_before_envelope_encryption_are_refused_then_migrated(db):
    raw = AESGCM.generate_key(bit_length=256)
    await db.case_keys.insert_one({"_id": "REQ-OLD", "key": Binary(raw)})
    store = MongoKeyStore(db, LocalKeyEncryptionKeys.generate("kek-1"))
    assert await kek_usage(store) == {LEGACY: 1}
    with pytest.raises(SealingError, match="re-wrap job"):
        await store.get("REQ-OLD")
    assert (await rewrap(store)).rewrapped == 1
    assert await store.get("REQ-OLD") == raw
    doc = await db.case_keys.find_one({"_id": "REQ-OLD"})
    assert "key" not in doc and doc["kek_id"] == "kek-1"


async def test_a_wrapped_key_moved_to_another_case_does_not_unwrap(db):
    store = MongoKeyStore(db, LocalKeyEncryptionKeys.generate())
    await store.create_or_get("REQ-1")
    doc = await db.case_keys.find_one({"_id": "REQ-1"})
    await db.case_keys.insert_one({**doc, "_id": "REQ-2"})
    with pytest.raises(SealingError, match="REQ-2 failed authentication"):
        await store.get("REQ-2")


async def test_rewrap_job_runs_as_a_kernel_periodic_job(db):
    old = LocalKeyEncryptionKeys.generate("kek-1")
    await MongoKeyStore(db, old).create_or_get("REQ-1")
    store = MongoKeyStore(db, old.rotated("kek-2"))
    job = rewrap_job(store, every=timedelta(minutes=5), clock=FakeClock())
    assert await job.tick() is True
    assert await kek_usage(store) == {"kek-2": 1}


class _TestKms:
    """A `KeyManagementService` holding its keys by id (what an HSM or cloud KMS does)."""

    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}

    async def wrap(self, key_id: str, plaintext: bytes, context: bytes) -> bytes:
        key = self.keys.setdefault(key_id, AESGCM.generate_key(bit_length=256))
        nonce = os.urandom(12)
        return nonce + AESGCM(key).encrypt(nonce, plaintext, context)

    async def unwrap(self, key_id: str, ciphertext: bytes, context: bytes) -> bytes:
        if key_id not in self.keys:
            raise KekUnavailable(f"KMS key {key_id} is disabled")
        return AESGCM(self.keys[key_id]).decrypt(ciphertext[:12], ciphertext[12:], context)


async def test_kms_adapter_wraps_with_the_key_id_and_rotates(db):
    kms = _TestKms()
    first = MongoKeyStore(db, KmsKeyEncryptionKey(kms, "kms-a"))
    sealed = await Sealer(first).seal("REQ-1", SUBJECT)
    doc = await db.case_keys.find_one({"_id": "REQ-1"})
    assert doc["kek_id"] == "kms-a"
    second = MongoKeyStore(db, KmsKeyEncryptionKey(kms, "kms-b"))
    assert (await rewrap(second)).rewrapped == 1
    del kms.keys["kms-a"]  # retired in the KMS
    assert await Sealer(second).unseal(sealed) == SUBJECT
