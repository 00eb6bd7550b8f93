"""Login back-off rules (issue 9 item 3, in front of DIR-094) on an in-memory store with the
same compare-and-set contract as `MongoThrottleStore`, and a FakeClock: no sleeping."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from imi_directory.domain.login_throttle import Counter, ThrottlePolicy, admit, refunded
from imi_directory.handlers.login_throttle import (
    LoginThrottle,
    Throttled,
    ThrottlePolicies,
    digest,
)
from imi_directory.settings import DirectorySettings
from imi_testkit import FakeClock

POLICY = ThrottlePolicy(
    free_attempts=3,
    first_delay=timedelta(seconds=1),
    max_delay=timedelta(seconds=60),
    window=timedelta(minutes=15),
)
T0 = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


class MemoryThrottleStore:
    """The `ThrottleStore` port in memory; yields to the loop between load and store so that
    concurrent attempts really interleave."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[Counter, int]] = {}

    async def load(self, key: str) -> tuple[Counter, int]:
        await asyncio.sleep(0)
        return self.rows.get(key, (Counter(), 0))

    async def store(self, key, counter, *, expected, expires_at) -> bool:
        await asyncio.sleep(0)
        if self.rows.get(key, (Counter(), 0))[1] != expected:
            return False
        if counter.attempts == 0:
            self.rows.pop(key, None)
        else:
            self.rows[key] = (counter, expected + 1)
        return True


def policies(free_user: int = 3, free_client: int = 5) -> ThrottlePolicies:
    def of(free: int) -> ThrottlePolicy:
        return ThrottlePolicy(free, POLICY.first_delay, POLICY.max_delay, POLICY.window)

    return ThrottlePolicies(user=of(free_user), client=of(free_client), challenge=of(30))


def test_backoff_doubles_after_the_free_attempts_up_to_the_cap():
    assert [POLICY.delay_after(n).total_seconds() for n in range(1, 10)] == [
        0, 0, 1, 2, 4, 8, 16, 32, 60,
    ]  # fmt: skip
    assert POLICY.delay_after(10_000) == POLICY.max_delay


def test_refused_attempt_is_not_counted_and_says_how_long_to_wait():
    counter = Counter()
    for _ in range(3):
        admission = admit(counter, POLICY, T0)
        assert admission.admitted
        counter = admission.counter
    refused = admit(counter, POLICY, T0 + timedelta(milliseconds=200))
    assert not refused.admitted and refused.counter == counter
    assert refused.retry_after == timedelta(milliseconds=800)
    assert refused.retry_after_seconds == 1  # Retry-After: whole seconds, at least 1
    later = admit(counter, POLICY, T0 + timedelta(seconds=1))
    assert later.admitted and later.counter.attempts == 4


def test_counter_is_forgotten_after_the_window_and_refund_gives_one_back():
    counter = Counter(9, T0)
    assert admit(counter, POLICY, T0 + POLICY.window).counter == Counter(1, T0 + POLICY.window)
    assert refunded(counter, POLICY, T0) == Counter(8, T0)
    assert refunded(Counter(1, T0), POLICY, T0) == Counter()
    with pytest.raises(ValueError):
        ThrottlePolicy(0, POLICY.first_delay, POLICY.max_delay, POLICY.window)


async def test_user_backoff_gives_429_before_dir_094_lock_and_success_clears_it():
    clock = FakeClock(T0)
    throttle = LoginThrottle(MemoryThrottleStore(), policies(), clock)
    for _ in range(3):
        await throttle.admit_login("fr_jdupont", "10.0.0.1")
    with pytest.raises(Throttled) as refused:
        await throttle.admit_login("FR_JDupont ", "10.0.0.2")  # same user, another client
    assert refused.value.retry_after == 1
    clock.advance(timedelta(seconds=1))
    await throttle.admit_login("fr_jdupont", "10.0.0.2")
    await throttle.succeeded("fr_jdupont", "10.0.0.2")
    for _ in range(3):  # cleared: three free attempts again
        await throttle.admit_login("fr_jdupont", "10.0.0.3")


async def test_client_backoff_across_usernames_and_unchecked_attempts_spare_the_user():
    clock = FakeClock(T0)
    store = MemoryThrottleStore()
    throttle = LoginThrottle(store, policies(free_user=3, free_client=5), clock)
    for n in range(5):
        await throttle.admit_login(f"user{n}", "10.0.0.9")
    with pytest.raises(Throttled):
        await throttle.admit_login("user99", "10.0.0.9")  # one client, many accounts
    await throttle.admit_login("user99", "10.0.0.10")  # another client is not held back
    for _ in range(6):  # no valid challenge: the user's counter gets the attempt back
        await throttle.admit_login("victim", f"10.1.0.{_}")
        await throttle.not_checked("victim")
    assert digest("login-user", "victim") not in store.rows
    assert all("10.0.0" not in key and "user" not in key.split(":", 1)[1] for key in store.rows)


async def test_concurrent_attempts_are_serialised_only_the_free_ones_pass():
    throttle = LoginThrottle(
        MemoryThrottleStore(), policies(free_user=3, free_client=100), FakeClock(T0)
    )

    async def attempt(n: int) -> bool:
        try:
            await throttle.admit_login("fr_jdupont", f"10.2.0.{n}")
        except Throttled:
            return False
        return True

    passed = await asyncio.gather(*(attempt(n) for n in range(30)))
    assert sum(passed) == 3


def test_policies_come_from_the_settings():
    settings = DirectorySettings(login_user_free_attempts=2, login_backoff_seconds=0.5)
    built = ThrottlePolicies.from_settings(settings)
    assert built.user.free_attempts == 2 and built.user.first_delay == timedelta(seconds=0.5)
    assert built.client.free_attempts == settings.login_client_free_attempts
