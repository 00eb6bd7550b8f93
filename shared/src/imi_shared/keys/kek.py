"""Envelope encryption: data keys are stored only WRAPPED by a key-encryption key (KEK).

The KEK never enters MongoDB. Reading the key-store collection gives wrapped keys and KEK ids,
nothing that opens a sealed value. Two implementations of the `KeyEncryptionKey` port:

* `LocalKeyEncryptionKeys` (keys/local.py): a keyring read from a file or an environment secret
  (settings `kek_file` / `kek`); `make run` generates one per deployment on first run.
* `KmsKeyEncryptionKey` (here): the production adapter over a key-management service (an HSM,
  a cloud KMS, Vault transit...). The deployment writes a small class implementing
  `KeyManagementService` (wrap/unwrap with a key id) and hands
  `KmsKeyEncryptionKey(kms, current_id)` to the service's key store. The KEK material then never
  leaves the KMS.

Every wrapped key records the id of the KEK that wrapped it (`WrappedKey.kek_id`). Rotation: a
new KEK becomes current (new keys are wrapped with it), the re-wrap job (keys/rewrap.py) rewraps
every data key still under an older KEK, and once `kek_usage` shows an old KEK wraps nothing it
is retired (removed from the keyring / disabled in the KMS). See shared/README.md "Keys".

The wrapping context binds a wrapped key to its key-store id: a wrapped key copied onto another
case's document does not unwrap (AES-GCM associated data, which plain AES key wrap lacks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .errors import KekUnavailable


@dataclass(frozen=True)
class WrappedKey:
    """A data key encrypted under the KEK `kek_id` (opaque bytes; the format is the KEK's)."""

    kek_id: str
    blob: bytes


class KeyEncryptionKey(Protocol):
    """The port the key store wraps and unwraps data keys with.

    `context` is the key-store id of the data key (bound to the wrapped bytes). `unwrap` raises
    `KekUnavailable` when `wrapped.kek_id` is not a KEK it holds, `SealingError` when the bytes
    fail authentication.
    """

    @property
    def current_id(self) -> str: ...

    async def wrap(self, data_key: bytes, context: str) -> WrappedKey: ...

    async def unwrap(self, wrapped: WrappedKey, context: str) -> bytes: ...


class KeyManagementService(Protocol):
    """What a production KMS adapter implements: encrypt/decrypt small secrets under a named
    key that stays inside the KMS (e.g. AWS KMS Encrypt/Decrypt with an encryption context,
    Vault transit encrypt/decrypt, PKCS#11 C_WrapKey/C_UnwrapKey).

    `context` must be authenticated by the KMS (encryption context / associated data): unwrap
    with another context fails. Unknown or disabled `key_id`: raise `KekUnavailable`.
    """

    async def wrap(self, key_id: str, plaintext: bytes, context: bytes) -> bytes: ...

    async def unwrap(self, key_id: str, ciphertext: bytes, context: bytes) -> bytes: ...


def wrapping_context(context: str) -> bytes:
    return f"imi-data-key/v1|{context}".encode()


class KmsKeyEncryptionKey:
    """`KeyEncryptionKey` over a `KeyManagementService`: new keys are wrapped under
    `current_id`; a key wrapped under any KMS key the service still accepts unwraps."""

    def __init__(self, kms: KeyManagementService, current_id: str) -> None:
        if not current_id:
            raise KekUnavailable("a KMS key-encryption key needs a key id")
        self._kms = kms
        self._current = current_id

    @property
    def current_id(self) -> str:
        return self._current

    async def wrap(self, data_key: bytes, context: str) -> WrappedKey:
        blob = await self._kms.wrap(self._current, data_key, wrapping_context(context))
        return WrappedKey(self._current, blob)

    async def unwrap(self, wrapped: WrappedKey, context: str) -> bytes:
        return await self._kms.unwrap(wrapped.kek_id, wrapped.blob, wrapping_context(context))
