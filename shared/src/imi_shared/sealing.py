"""Personal-data sealing: PD fields that travel in events are encrypted under a per-case key.

Each case has one 256-bit AES-GCM data key in a key store. Deleting a case's personal data
(RET-001..RET-003 at +3 years, RET-013 "automatic and irreversible", RET-015 early deletion)
shreds that key: every copy of the case's PD, in any topic, outbox row or read model, becomes
unreadable at once, without rewriting Kafka history. A shredded case keeps a tombstone so that
no new key is ever created for it silently.

Data keys are stored only wrapped by the deployment's key-encryption key, which lives outside
MongoDB (imi_shared.keys: the KEK port, the key store, rotation). Reading the database alone
opens nothing.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from collections.abc import Callable
from typing import Any, Final, Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from pydantic import BaseModel, ConfigDict, Field

from .expiring import ExpiringCache
from .keys import KeyShredded, KeyStore, MongoKeyStore, SealingError

__all__ = ["KeyShredded", "KeyStore", "MongoKeyStore", "SealedValue", "Sealer", "SealingError"]

NONCE_BYTES = 12
ALG: Final = "A256GCM"


class SealedValue(BaseModel):
    """A sealed PD value as it travels inside an event payload (plain JSON)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_id: str = Field(min_length=1)
    nonce: str
    ciphertext: str
    alg: Literal["A256GCM"] = ALG
    kind: Literal["json", "text"]


class Sealer:
    """Seals and unseals PD values of a case.

    Keys are cached for `cache_ttl` seconds. `Sealer.shred` evicts this instance's entry, but
    another Sealer (another process or service) keeps using its cached key until that entry
    expires: a shred takes effect everywhere within `cache_ttl` (0 disables the cache).
    """

    def __init__(
        self,
        key_store: KeyStore,
        *,
        cache_ttl: float = 30.0,
        cache_size: int = 1024,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.key_store = key_store
        self._ttl = cache_ttl
        self._clock = clock
        self._cache: ExpiringCache[bytes] = ExpiringCache(clock, cache_size if cache_ttl > 0 else 0)

    def _keep(self, case_id: str, key: bytes) -> None:
        self._cache.put(case_id, key, self._clock() + self._ttl)

    async def seal(self, case_id: str, value: dict[str, Any] | str) -> SealedValue:
        kind: Literal["json", "text"]
        if isinstance(value, str):
            kind, plaintext = "text", value.encode()
        elif isinstance(value, dict):
            try:
                plaintext = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
            except (TypeError, ValueError) as exc:
                raise SealingError(f"value to seal for case {case_id} is not JSON: {exc}") from exc
            kind = "json"
        else:
            raise SealingError(f"only a dict or a str can be sealed, not {type(value).__name__}")
        key = self._cache.get(case_id)
        if key is None:
            key = await self.key_store.create_or_get(case_id)
            self._keep(case_id, key)
        nonce = os.urandom(NONCE_BYTES)
        ciphertext = AESGCM(key).encrypt(nonce, plaintext, _associated_data(case_id, kind))
        return SealedValue(
            case_id=case_id, nonce=_b64(nonce), ciphertext=_b64(ciphertext), kind=kind
        )

    async def unseal(self, sealed: SealedValue) -> dict[str, Any] | str:
        case_id = sealed.case_id
        key = self._cache.get(case_id)
        if key is None:
            key = await self.key_store.get(case_id)  # raises KeyShredded
            if key is None:
                raise SealingError(
                    f"case {case_id} has no data key: the value was not sealed with this key store"
                )
            self._keep(case_id, key)
        try:
            nonce = base64.b64decode(sealed.nonce, validate=True)
            ciphertext = base64.b64decode(sealed.ciphertext, validate=True)
            aad = _associated_data(case_id, sealed.kind)
            plaintext = AESGCM(key).decrypt(nonce, ciphertext, aad)
        except (InvalidTag, ValueError, binascii.Error) as exc:
            raise SealingError(
                f"sealed value of case {case_id} failed authentication: it was altered or "
                f"sealed for another case"
            ) from exc
        text = plaintext.decode()
        return json.loads(text) if sealed.kind == "json" else text

    async def data_key(self, case_id: str) -> bytes:
        """The case's existing data key (cached): what a key share carries (imi_shared.keys
        sharing). Raises KeyShredded, or SealingError when the case has no key here."""
        key = self._cache.get(case_id)
        if key is None:
            key = await self.key_store.get(case_id)
            if key is None:
                raise SealingError(f"case {case_id} has no data key in this key store")
            self._keep(case_id, key)
        return key

    def forget(self, case_id: str) -> None:
        """Drop the cached key at once (another path shredded it, e.g. the owner's shred
        received by this deployment, imi_shared.keys.shredding)."""
        self._cache.evict(case_id)

    async def shred(self, case_id: str) -> bool:
        """Shred the case's key (RET-013, RET-015) and forget it in this instance at once."""
        self._cache.evict(case_id)
        try:
            return await self.key_store.shred(case_id)
        finally:
            self._cache.evict(case_id)  # a seal racing with this shred may have cached it again


def _associated_data(case_id: str, kind: str) -> bytes:
    """Binds the ciphertext to its case (and kind): it cannot be moved to another case."""
    return f"imi-seal/v1|{ALG}|{kind}|{case_id}".encode()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
