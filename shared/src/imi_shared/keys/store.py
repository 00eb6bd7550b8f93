"""The key store: per-case data keys, stored only wrapped by the deployment's KEK.

A document is `{_id: <key id>, kek_id, wrapped_key, created_at[, rewrapped_at][, imported_from]}`
(`imported_from`: the owner deployment a key share came from, keys/sharing.py); a shredded key
is `{_id, shredded_at[, announce][, imported_from | shred_from]}` (a tombstone: no new key is
ever created or imported for it silently, RET-013; `announce`: the owner's shred still to be
told to the deployments holding a share, keys/shredding.py).
Neither holds anything that opens a sealed value without the KEK, which lives outside MongoDB
(keys/kek.py). A document from before envelope encryption (`key`: the raw data key) is refused
by `get` and migrated by the re-wrap job (keys/rewrap.py).

The key store works outside the caller's MongoDB transaction on purpose: a key is committed
before the value sealed with it, so a sealed value never outlives its key by accident. A key
whose transaction was later aborted is an orphan and harmless.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from bson import Binary
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pymongo.errors import DuplicateKeyError

from .errors import KeyShredded, SealingError
from .kek import KeyEncryptionKey, WrappedKey

KEY_BITS = 256


class KeyStore(Protocol):
    """Where per-case data keys live. `get` raises KeyShredded for a shredded case."""

    async def get(self, case_id: str) -> bytes | None: ...

    async def create_or_get(self, case_id: str) -> bytes: ...

    async def shred(self, case_id: str) -> bool: ...


class MongoKeyStore:
    """Data keys in MongoDB, wrapped by `kek` (a `KeyEncryptionKey`)."""

    def __init__(
        self,
        db,
        kek: KeyEncryptionKey,
        collection: str = "case_keys",
        *,
        announce_shreds: bool = False,
    ) -> None:
        self.collection = db[collection]
        self.kek = kek
        self.announce_shreds = announce_shreds  # a deployment that shares keys (keys/sharing.py)

    async def get(self, case_id: str) -> bytes | None:
        doc = await self.collection.find_one({"_id": case_id})
        if doc is None:
            return None
        return await self.open(doc)

    async def open(self, doc: dict[str, Any]) -> bytes:
        """The data key of a stored document (raises KeyShredded, KekUnavailable)."""
        case_id = doc["_id"]
        if "shredded_at" in doc:
            raise KeyShredded(case_id)
        if "wrapped_key" not in doc:
            raise SealingError(
                f"the data key of {case_id} is stored unwrapped (before envelope encryption): "
                f"run the re-wrap job (`python -m imi_shared.keys rewrap`)"
            )
        return await self.kek.unwrap(WrappedKey(doc["kek_id"], bytes(doc["wrapped_key"])), case_id)

    async def create_or_get(self, case_id: str) -> bytes:
        existing = await self.get(case_id)
        if existing is not None:
            return existing
        key = AESGCM.generate_key(bit_length=KEY_BITS)
        wrapped = await self.kek.wrap(key, case_id)
        try:
            await self.collection.insert_one(
                {"_id": case_id, **wrapped_fields(wrapped), "created_at": datetime.now(UTC)}
            )
            return key
        except DuplicateKeyError:
            pass  # another writer won the race (or shredded the case): use what it stored
        existing = await self.get(case_id)
        if existing is None:
            raise SealingError(f"the data key of case {case_id} vanished while being created")
        return existing

    async def import_key(self, case_id: str, data_key: bytes, *, owner: str) -> bool:
        """Keep a data key received from its owner deployment, wrapped by OUR KEK. True if it
        was stored now; False if a key or a tombstone is already there (idempotent: a shred
        that arrived first wins, and an old share read again never revives a key)."""
        wrapped = await self.kek.wrap(data_key, case_id)
        try:
            await self.collection.insert_one(
                {
                    "_id": case_id,
                    **wrapped_fields(wrapped),
                    "created_at": datetime.now(UTC),
                    "imported_from": owner,
                }
            )
        except DuplicateKeyError:
            return False
        return True

    async def shred(self, case_id: str) -> bool:
        """Destroy the case's key; True if a key was destroyed by this call.

        A tombstone is written even when the case never had a key, so PD sealed later for a
        deleted case is refused rather than encrypted under a fresh key (RET-013). With
        `announce_shreds` the tombstone is marked for the shred relay (keys/shredding.py).
        """
        mark = {"announce": True} if self.announce_shreds else {}
        return await self._tombstone(case_id, mark)

    async def shred_copy(self, case_id: str, *, owner: str) -> bool:
        """The owner's shred, received: destroy our copy (or block a later import of it)."""
        return await self._tombstone(case_id, {"shred_from": owner})

    async def _tombstone(self, case_id: str, extra: dict[str, Any]) -> bool:
        try:
            result = await self.collection.update_one(
                {"_id": case_id, "shredded_at": {"$exists": False}},
                {
                    "$set": {"shredded_at": datetime.now(UTC), **extra},
                    "$unset": {"key": "", "wrapped_key": "", "kek_id": "", "created_at": ""},
                },
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # already a tombstone
        return result.modified_count == 1


def wrapped_fields(wrapped: WrappedKey) -> dict[str, Any]:
    return {"kek_id": wrapped.kek_id, "wrapped_key": Binary(wrapped.blob)}
