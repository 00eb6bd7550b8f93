"""Crypto-shredding (RET-013, RET-015): a deletion shreds the data key the holding service seals
the PD under (`RetentionRecord.key_id`), in the deployment's key store (`keys_db_name`), through
the kernel's `Sealer.shred` (a tombstone: no key is ever created for it again). Retention never
seals nor unseals; the store is opened on the first shred (the KEK is the deployment's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from imi_shared.keys.local import kek_from_settings
from imi_shared.sealing import KeyStore, MongoKeyStore, Sealer


class Shredder(Protocol):
    async def shred(self, key_id: str) -> bool: ...


class LazyShredder:
    """`Sealer(store).shred`, the store made on first use."""

    def __init__(self, make_store: Callable[[], KeyStore]) -> None:
        self._make = make_store
        self._sealer: Sealer | None = None

    async def shred(self, key_id: str) -> bool:
        if self._sealer is None:
            self._sealer = Sealer(self._make(), cache_ttl=0)
        return await self._sealer.shred(key_id)


def mongo_shredder(client, settings) -> LazyShredder:
    return LazyShredder(
        lambda: MongoKeyStore(client[settings.keys_db_name], kek_from_settings(settings))
    )
