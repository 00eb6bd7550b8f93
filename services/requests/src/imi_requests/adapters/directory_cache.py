"""The commands' short-lived copy of `directory_view` documents (issue 12: one read of the
directory read model per command was a sixth of a lifecycle's MongoDB commands).

The read model itself follows the directory's events on Kafka (X-054); this cache adds at
most `cache_seconds` to that lag. An event this process's directory subscriber applies drops
its authority's document at once and keeps it uncached for one more period (the handler runs
before its transaction commits); an event another replica applied is seen when the copy
expires. One per process, held by the service's context (no global state).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

Document = dict[str, Any]
MAX_ENTRIES = 10_000


class DirectoryCache:
    def __init__(
        self, cache_seconds: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.cache_seconds = cache_seconds
        self.clock = clock
        self._cached: dict[str, tuple[float, Document | None]] = {}
        self._uncached_until: dict[str, float] = {}
        self._all_uncached_until = 0.0
        self._reading: dict[str, asyncio.Lock] = {}

    @property
    def enabled(self) -> bool:
        return self.cache_seconds > 0

    def now(self) -> float:
        return self.clock()

    def get(self, authority_id: str) -> tuple[bool, Document | None]:
        """(found, the document as read, None: no document)."""
        entry = self._cached.get(authority_id)
        if entry is None or entry[0] <= self.clock():
            return False, None
        return True, entry[1]

    def reading(self, authority_id: str) -> asyncio.Lock:
        """Held while one command reads the document the others then find kept (a copy that
        expired is read once, not by every command waiting for it)."""
        lock = self._reading.get(authority_id)
        if lock is None:
            lock = self._reading[authority_id] = asyncio.Lock()
        return lock

    def put(self, authority_id: str, document: Document | None, read_at: float) -> None:
        """Keep `document`, read since `read_at` (kept only when no change was told since)."""
        if not self.enabled or read_at < self._all_uncached_until:
            return
        if self._uncached_until.get(authority_id, 0.0) > read_at:
            return
        if len(self._cached) >= MAX_ENTRIES:
            self._prune(read_at)
        self._cached[authority_id] = (read_at + self.cache_seconds, document)

    def changed(self, authority_id: str | None) -> None:
        """The authority's document changed (None: any may have)."""
        until = self.clock() + self.cache_seconds
        if authority_id is None:
            self._cached.clear()
            self._all_uncached_until = until
            return
        self._cached.pop(authority_id, None)
        self._uncached_until[authority_id] = until

    def _prune(self, now: float) -> None:
        self._cached = {k: v for k, v in self._cached.items() if v[0] > now}
        while len(self._cached) >= MAX_ENTRIES:
            del self._cached[next(iter(self._cached))]
        self._uncached_until = {k: t for k, t in self._uncached_until.items() if t > now}
