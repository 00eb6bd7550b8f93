"""An in-memory fake of the kernel's `KeyStore` port (imi_shared.keys.store.KeyStore), for
handler tests that seal: the same create/get/shred behaviour as `MongoKeyStore`, no database,
no KEK. A shred leaves a tombstone, as the real store does (RET-013): the case's key is never
created again, and reading it raises `KeyShredded`."""

from __future__ import annotations

import os

from imi_shared.sealing import KeyShredded


class InMemoryKeyStore:
    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}
        self.shredded: set[str] = set()

    async def get(self, case_id: str) -> bytes | None:
        if case_id in self.shredded:
            raise KeyShredded(case_id)
        return self.keys.get(case_id)

    async def create_or_get(self, case_id: str) -> bytes:
        if (key := await self.get(case_id)) is None:
            key = self.keys[case_id] = os.urandom(32)
        return key

    async def shred(self, case_id: str) -> bool:
        self.shredded.add(case_id)
        return self.keys.pop(case_id, None) is not None
