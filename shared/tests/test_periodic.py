"""Periodic jobs (NOT-045, RET-...): driven by the injected clock, one replica at a time."""

from datetime import timedelta

import pytest

from imi_shared.lease import Lease
from imi_shared.periodic import PeriodicJob
from imi_testkit import FakeClock


async def test_a_tick_runs_the_job_with_the_clocks_time():
    clock = FakeClock()
    seen = []

    async def run(now):
        seen.append(now)

    job = PeriodicJob("expire", timedelta(seconds=1), run, clock=clock)
    assert await job.tick()
    clock.advance(timedelta(days=3))
    assert await job.tick()
    assert seen == [clock.now - timedelta(days=3), clock.now]
    assert job.runs == 2


def test_an_interval_must_be_positive():
    with pytest.raises(ValueError):
        PeriodicJob("never", timedelta(0), lambda now: None)


async def test_only_the_lease_holder_runs_and_a_stopped_holder_hands_over(uow):
    runs: list[str] = []

    def job(owner: str) -> PeriodicJob:
        async def run(now):
            runs.append(owner)

        lease = Lease(uow.db, owner, ttl=timedelta(minutes=5), name="job:expire")
        return PeriodicJob("expire", timedelta(seconds=1), run, lease=lease)

    first, second = job("a"), job("b")
    assert await first.tick() is True
    assert await second.tick() is False  # replica b waits while a holds the lease
    await first.stop()  # a graceful stop releases the lease at once
    assert await second.tick() is True
    assert runs == ["a", "b"]


async def test_the_loop_survives_a_failing_run_and_stops_cleanly():
    clock = FakeClock()
    calls = 0

    async def run(now):
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database away")

    job = PeriodicJob("flaky", timedelta(milliseconds=1), run, clock=clock)
    job.start()
    import asyncio

    for _ in range(500):  # barrier: the loop ran again after the failure
        if job.runs >= 1:
            break
        await asyncio.sleep(0.01)
    await job.stop()
    assert job.failures == 1 and job.runs >= 1 and not job.running
