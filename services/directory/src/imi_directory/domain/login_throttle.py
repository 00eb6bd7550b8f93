"""Back-off of login attempts (issue 9 item 3; protects DIR-091 / DIR-094): pure rules, no I/O.

A `Counter` counts the attempts of one key (a username or a client) admitted within a sliding
window. The first `free_attempts` go through at once; after that, each next attempt must wait a
delay that doubles with every attempt (`first_delay`, 2 × `first_delay`, ... up to `max_delay`).
An attempt that arrives too early is refused with the time left (HTTP 429 + Retry-After) and is
not counted: it is never checked, so it is not a failed attempt in the sense of DIR-094.

An attempt is counted when it is admitted, before its credentials are checked: concurrent
attempts are then serialised by the store (compare-and-set) and cannot all slip through before
the first failure is recorded. What the attempt turns out to be settles it afterwards: a success
clears the user's counter (`cleared`) and gives the client its attempt back (`refunded`), an
attempt that was not a real check (stale challenge) gives the user's counter its attempt back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from .timeutil import require_aware


@dataclass(frozen=True)
class ThrottlePolicy:
    free_attempts: int
    first_delay: timedelta
    max_delay: timedelta
    window: timedelta  # a counter is forgotten this long after its last attempt

    def __post_init__(self) -> None:
        if self.free_attempts < 1:
            raise ValueError("a throttle policy must let at least one attempt through")
        if not timedelta(0) < self.first_delay <= self.max_delay < self.window:
            raise ValueError("the delays must be positive, growing, and shorter than the window")

    def delay_after(self, attempts: int) -> timedelta:
        """How long the next attempt waits after `attempts` counted attempts."""
        extra = attempts - self.free_attempts
        if extra < 0:
            return timedelta(0)
        if extra >= 32:  # 2**32 × any delay is past max_delay: avoid huge numbers
            return self.max_delay
        return min(self.first_delay * (2**extra), self.max_delay)


@dataclass(frozen=True)
class Counter:
    attempts: int = 0
    last_at: datetime | None = None

    def current(self, policy: ThrottlePolicy, now: datetime) -> Counter:
        """The counter as of `now`: forgotten once the window has passed since its last
        attempt (a clock moved backwards keeps it)."""
        if self.last_at is None or now - self.last_at >= policy.window:
            return Counter()
        return self

    def expires_at(self, policy: ThrottlePolicy) -> datetime | None:
        return None if self.last_at is None else self.last_at + policy.window


@dataclass(frozen=True)
class Admission:
    counter: Counter  # the counter to store (unchanged when refused)
    retry_after: timedelta | None = None  # None: admitted

    @property
    def admitted(self) -> bool:
        return self.retry_after is None

    @property
    def retry_after_seconds(self) -> int:
        """The Retry-After header value: whole seconds, at least 1."""
        if self.retry_after is None:
            return 0
        return max(1, math.ceil(self.retry_after.total_seconds()))


def admit(counter: Counter, policy: ThrottlePolicy, now: datetime) -> Admission:
    """Admit and count one attempt, or refuse it with the time left."""
    require_aware(now)
    current = counter.current(policy, now)
    if current.last_at is not None:
        wait = current.last_at + policy.delay_after(current.attempts) - now
        if wait > timedelta(0):
            return Admission(current, wait)
    return Admission(Counter(current.attempts + 1, now))


def refunded(counter: Counter, policy: ThrottlePolicy, now: datetime) -> Counter:
    """Give one counted attempt back (it was not a failure of this key)."""
    current = counter.current(policy, now)
    if current.attempts <= 1:
        return Counter()
    return Counter(current.attempts - 1, current.last_at)


def cleared(counter: Counter, policy: ThrottlePolicy, now: datetime) -> Counter:
    """A successful login: the user starts afresh."""
    return Counter()
