"""Login throttling across replicas (issue 9 item 3): per user and per client, with back-off.

Three counters, each a `ThrottlePolicy` from the settings (`DirectorySettings.login_*`):

- `user`: attempts on one username (known or not: the same for all, nothing is revealed). Its
  free attempts are fewer than DIR-094's five, so the attempts that could lock an account are
  spread out in time.
- `client`: login attempts from one client (peer address, `entrypoints/http/client_address.py`),
  whatever the username: one client cannot try many accounts quickly.
- `challenge`: challenge requests from one client (each stores a document).

Keys are SHA-256 digests of the normalised username / address; counters live in MongoDB
(`adapters/login_throttle.py`) and are updated by compare-and-set. The clock is injected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from imi_shared.clock import Clock, now_utc

from ..domain.login_throttle import Admission, Counter, ThrottlePolicy, admit, cleared, refunded

MAX_SWAPS = 50  # compare-and-set retries under contention


class ThrottleStore(Protocol):
    async def load(self, key: str) -> tuple[Counter, int]: ...

    async def store(
        self, key: str, counter: Counter, *, expected: int, expires_at: datetime | None
    ) -> bool: ...


@dataclass(frozen=True)
class ThrottlePolicies:
    user: ThrottlePolicy
    client: ThrottlePolicy
    challenge: ThrottlePolicy

    @classmethod
    def from_settings(cls, settings) -> ThrottlePolicies:
        def policy(free: int) -> ThrottlePolicy:
            return ThrottlePolicy(
                free_attempts=free,
                first_delay=timedelta(seconds=settings.login_backoff_seconds),
                max_delay=timedelta(seconds=settings.login_backoff_max_seconds),
                window=timedelta(minutes=settings.login_throttle_window_minutes),
            )

        return cls(
            user=policy(settings.login_user_free_attempts),
            client=policy(settings.login_client_free_attempts),
            challenge=policy(settings.challenge_client_free_requests),
        )


def digest(kind: str, value: str) -> str:
    return f"{kind}:" + hashlib.sha256(value.strip().casefold().encode()).hexdigest()


@dataclass(frozen=True)
class Throttled(Exception):
    """Refused before any check: try again in `retry_after` seconds (HTTP 429)."""

    retry_after: int


class LoginThrottle:
    def __init__(self, store: ThrottleStore, policies: ThrottlePolicies, clock: Clock) -> None:
        self._store = store
        self._policies = policies
        self._clock = clock

    async def _swap(
        self, key: str, policy: ThrottlePolicy, change: Callable[[Counter, datetime], Admission]
    ) -> Admission:
        for _ in range(MAX_SWAPS):
            now = now_utc(self._clock)
            counter, version = await self._store.load(key)
            outcome = change(counter, now)
            if outcome.counter == counter and version != 0:
                return outcome  # nothing to write
            expires_at = outcome.counter.expires_at(policy)
            if await self._store.store(
                key, outcome.counter, expected=version, expires_at=expires_at
            ):
                return outcome
        raise RuntimeError(f"the throttle counter {key} kept changing")

    async def _admit(self, key: str, policy: ThrottlePolicy) -> None:
        admission = await self._swap(key, policy, lambda c, now: admit(c, policy, now))
        if not admission.admitted:
            raise Throttled(admission.retry_after_seconds)

    async def _settle(self, key: str, policy: ThrottlePolicy, rule) -> None:
        await self._swap(key, policy, lambda c, now: Admission(rule(c, policy, now)))

    # ------------------------------------------------------------------ the login's steps

    async def admit_challenge(self, client: str) -> None:
        await self._admit(digest("challenge-client", client), self._policies.challenge)

    async def admit_login(self, username: str, client: str) -> None:
        """Count one attempt of the client, then of the username; `Throttled` if either must
        wait (a client refused on a username keeps its own attempt counted)."""
        await self._admit(digest("login-client", client), self._policies.client)
        await self._admit(digest("login-user", username), self._policies.user)

    async def succeeded(self, username: str, client: str) -> None:
        await self._settle(digest("login-user", username), self._policies.user, cleared)
        await self._settle(digest("login-client", client), self._policies.client, refunded)

    async def not_checked(self, username: str) -> None:
        """The attempt checked nothing of the user (no valid challenge): not the user's."""
        await self._settle(digest("login-user", username), self._policies.user, refunded)
