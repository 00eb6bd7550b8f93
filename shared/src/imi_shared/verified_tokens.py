"""The tokens a `TokenVerifier` has already verified, so a client's next calls with the same
bearer token skip the signature check (issue 12: ~5 % of the requests service's CPU).

Safe to keep because what is cached was fully verified (signature, issuer, claims, lifetime)
and nothing of that changes for the same token string except time: each hit checks the
expiry again (with the verifier's leeway), and an expired token leaves the cache and is
refused. Revocation is not the signature's job: the principal check (X-054: locked out,
removed, suspended) still runs on every call. Bounded: the oldest entries go first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Generic, TypeVar

T = TypeVar("T")


class VerifiedTokens(Generic[T]):
    def __init__(
        self,
        expires_at: Callable[[T], datetime],
        *,
        leeway: timedelta,
        clock: Callable[[], datetime],
        size: int = 4096,
    ) -> None:
        if size < 0:
            raise ValueError("size must not be negative")
        self._expires_at = expires_at
        self._leeway = leeway
        self._clock = clock
        self._size = size
        self._entries: OrderedDict[str, T] = OrderedDict()

    def get(self, token: str) -> T | None:
        """The verified token, or None: never verified here, evicted, or expired by now (an
        expired one is dropped, so the caller verifies it again and refuses it)."""
        found = self._entries.get(token)
        if found is None:
            return None
        if self._clock() > self._expires_at(found) + self._leeway:
            del self._entries[token]
            return None
        self._entries.move_to_end(token)
        return found

    def put(self, token: str, verified: T) -> None:
        if self._size == 0:
            return
        self._entries[token] = verified
        self._entries.move_to_end(token)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
