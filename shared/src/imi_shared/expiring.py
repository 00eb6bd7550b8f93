"""The kernel's one in-process cache: a bounded map whose entries each carry their own
deadline. Used by the sealer (a case's data key, for `cache_ttl` seconds: a shred elsewhere
takes effect within that time) and the token verifier (a verified token until its expiry plus
the leeway: the signature is not checked again on every call, issue 12).

A `get` at or past an entry's deadline misses and drops it, so the caller goes back to the
source of truth (the key store, the full token check). When full, a `put` drops the expired
entries first, then the least recently used. Size 0 keeps nothing (the cache is off). The
clock is the owner's: monotonic seconds for the sealer, UTC datetimes for the tokens.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Generic, TypeVar

V = TypeVar("V")


class ExpiringCache(Generic[V]):
    def __init__(self, clock: Callable[[], Any], size: int) -> None:
        if size < 0:
            raise ValueError("size must not be negative")
        self._clock = clock
        self._size = size
        self._entries: OrderedDict[str, tuple[V, Any]] = OrderedDict()

    def get(self, key: str) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, until = entry
        if self._clock() >= until:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: str, value: V, until: Any) -> None:
        """Keep `value` for `key` until the clock reads `until`."""
        if self._size == 0:
            return
        self._entries[key] = (value, until)
        self._entries.move_to_end(key)
        if len(self._entries) > self._size:
            now = self._clock()
            for stale in [k for k, (_, u) in self._entries.items() if now >= u]:
                del self._entries[stale]
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def evict(self, key: str) -> None:
        self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)
