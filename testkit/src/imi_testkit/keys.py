"""An in-memory fake of the kernel's `KeyStore` port (imi_shared.keys.store.KeyStore), for
handler tests that seal: same create/get/shred behaviour, no database, no KEK."""

from __future__ import annotations

import os


class InMemoryKeyStore:
    def __init__(self) -> None:
        self.keys: dict[str, bytes] = {}
        self.shredded: set[str] = set()

    async def get(self, case_id: str) -> bytes | None:
        return self.keys.get(case_id)

    async def create_or_get(self, case_id: str) -> bytes:
        if case_id not in self.keys:
            self.keys[case_id] = os.urandom(32)
            self.shredded.discard(case_id)
        return self.keys[case_id]

    async def shred(self, case_id: str) -> bool:
        self.shredded.add(case_id)
        return self.keys.pop(case_id, None) is not None
