"""What the alerts benchmarks share: the stack of real alerts processes on given servers
(`central` + fan-out workers, the harness of tests/alerts/cluster.py), alerts prepared up to the
broadcast, and the observation of copies landing in the central mailboxes.

Used by bench/alerts_storm.py and bench/alerts_offered_load.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
for path in (HERE, HERE.parent / "tests" / "alerts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from cluster import (  # noqa: E402
    TOKENS,
    WORKER_SCOPE,
    Cluster,
    expect,
    recipients_of,
    user,
    world_authorities,
)

from imi_alerts_testkit import launch_body  # noqa: E402
from imi_shared.participants import EEA_MEMBER_STATES, PARTICIPANTS  # noqa: E402
from imi_shared.topics import ensure_topics  # noqa: E402

ORIGINS = ("FR", "DE", "IT", "ES", "PL", "NL", "BE", "SE", "AT", "PT")
COPIES = len(PARTICIPANTS)  # 31 per broadcast


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class CopyWatcher:
    """Records when each (alert, participant) copy first lands in the central `inbox`."""

    def __init__(self, collection) -> None:
        self.collection = collection
        self.landed: dict[tuple[str, str], float] = {}
        self.task: asyncio.Task | None = None
        self.mode = "change stream"
        self.per_alert: dict[str, int] = {}
        self.last_landed: dict[str, float] = {}

    def _land(self, key: tuple[str, str]) -> None:
        self.landed[key] = self.last_landed[key[0]] = time.monotonic()
        self.per_alert[key[0]] = self.per_alert.get(key[0], 0) + 1

    async def start(self) -> None:
        try:
            # a copy lands by an insert (an upsert that inserts is reported as one); only the
            # two key fields travel: the watcher is the harness, and what it asks for is work
            # of the database server it measures (no full-document lookup per change)
            stream = await self.collection.watch(
                [
                    {"$match": {"operationType": "insert"}},
                    {"$project": {"fullDocument.alert_id": 1, "fullDocument.participant": 1}},
                ]
            )
        except Exception:  # no change streams: poll instead
            self.mode = "polling"
            self.task = asyncio.create_task(self._poll())
            return
        self.task = asyncio.create_task(self._watch(stream))

    async def _watch(self, stream) -> None:
        async with stream:
            async for change in stream:
                doc = change.get("fullDocument") or {}
                key = (doc.get("alert_id"), doc.get("participant"))
                if None not in key and key not in self.landed:
                    self._land(key)

    async def _poll(self) -> None:
        while True:
            async for doc in self.collection.find({}, {"alert_id": 1, "participant": 1}):
                key = (doc["alert_id"], doc["participant"])
                if key not in self.landed:
                    self._land(key)
            await asyncio.sleep(0.05)

    def count(self, alert_id: str) -> int:
        return self.per_alert.get(alert_id, 0)

    def last(self, alert_id: str) -> float:
        return self.last_landed[alert_id]

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task


@contextlib.asynccontextmanager
async def alerts_stack(kafka: str, mongo_uri: str, *, workers: int, run_dir: Path, say=print):
    """`central` (all 31 mailboxes, origin of every alert) and `workers` fan-out workers
    (0: central runs its own), started, the directory seeded; yields (cluster, central)."""
    cluster = Cluster(kafka, mongo_uri, prefix=f"bench{uuid.uuid4().hex[:8]}.", run_dir=run_dir)
    await ensure_topics(kafka, cluster.topics)
    central = cluster.add(
        "central", scope="ALL", env={"IMI_FANOUT_WORKER": "false" if workers else "true"}
    )
    for i in range(workers):
        cluster.add(
            f"fanout{i + 1}",
            scope=WORKER_SCOPE,
            db_name=f"{central.db_name}_fanout",
            fanout_worker=True,
            serve_inbox=False,
            keys_of=central,
        )
    try:
        say(f"  alerts processes ready: {await cluster.start_all()}")
        await cluster.seed_directory(world_authorities(EEA_MEMBER_STATES, origins=ORIGINS))
        yield cluster, central
    except BaseException:
        say(cluster.logs(30))
        raise
    finally:
        await cluster.close()


async def prepare_alerts(central, count: int, concurrency: int) -> list[tuple[str, str]]:
    """`count` alerts launched, submitted and accepted (awaiting broadcast): (alert_id, origin)."""
    prepared: list[tuple[str, str]] = []
    sem = asyncio.Semaphore(concurrency)

    async def prepare(n: int) -> None:
        origin = ORIGINS[n % len(ORIGINS)]
        handler, forwarder = user(f"{origin}-A", "handler"), user(f"{origin}-C", "forwarder")
        body = launch_body(
            coordinator_id=f"{origin}-C", recipients=recipients_of(origin), mse=origin
        )
        async with sem:
            created = expect(await central.post("/alerts", TOKENS(handler), json=body), 201)
            alert_id = created["alert_id"]
            expect(await central.post(f"/alerts/{alert_id}/submit", TOKENS(handler)), 200)
            expect(await central.post(f"/alerts/{alert_id}/accept", TOKENS(forwarder)), 200)
        prepared.append((alert_id, origin))

    await asyncio.gather(*(prepare(n) for n in range(count)))
    return prepared


async def broadcast(central, alert_id: str, origin: str, *, timeout: float = 30.0) -> None:
    """ALR-021: `<origin>-C`'s forwarder broadcasts to the 29 other EEA states."""
    expect(
        await central.post(
            f"/alerts/{alert_id}/broadcast",
            TOKENS(user(f"{origin}-C", "forwarder")),
            json={"recipient_states": recipients_of(origin)},
            timeout=timeout,
        ),
        200,
    )
