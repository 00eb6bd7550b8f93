"""Bytes and messages on the bus for ONE alert's lifecycle (issue 10, "messages that carry
changes, not views"): broadcast to the 29 other EEA states (31 copies), an acknowledgement by
every recipient state's inbox (29: the launching state's own copy and the Commission's need none,
ALR-022), 2 forwards within recipient states, one additional-information item submitted and
broadcast.

    .venv/bin/python bench/alerts_lifecycle.py            # local Tansu + SecantusDB
    .venv/bin/python bench/alerts_lifecycle.py --out bench/results/alerts_lifecycle.json

What runs: one real alerts process (`central`, IMI_MEMBER_STATES=ALL: the origin and the
mailbox of all 31 participants, with its fan-out worker), the harness of tests/alerts/cluster.py.
After each phase, once the mailboxes have settled, every record of the alerts topics
(`imi.alerts.fanout`, `imi.alerts.deliveries`, `imi.alerts.events`) is read raw
(`imi_testkit.raw_topics.read_raw`) and counted: messages and bytes (key + value) per topic and
per event type, per phase. Counts and sizes, not times: nothing here depends on the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (HERE, ROOT / "tests" / "alerts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from cluster import (  # noqa: E402
    TOKENS,
    Cluster,
    acknowledge,
    expect,
    forward,
    inbox_copy,
    inbox_user,
    launch_and_broadcast,
    recipients_of,
    user,
    wait_until,
    world_authorities,
)

from imi_shared.participants import EEA_MEMBER_STATES, PARTICIPANTS  # noqa: E402
from imi_shared.topics import ensure_topics  # noqa: E402
from imi_testkit.raw_topics import read_raw, uncommitted  # noqa: E402

RESULTS = HERE / "results"
ORIGIN = "FR"
FORWARDS = (("DE", "DE-A"), ("IT", "IT-A"))


async def bus_counts(kafka: str, topics) -> dict[str, Counter]:
    """{topic: Counter of "messages:<type>" and "bytes:<type>"} of everything on the topics."""
    out: dict[str, Counter] = {}
    for name in ("alerts_fanout", "alerts_deliveries", "alerts_events"):
        counts: Counter = Counter()
        for record in await read_raw(kafka, getattr(topics, name), quiet_seconds=2.0):
            size = len(record.value or b"") + len(record.key or b"")
            envelope = json.loads(record.value)
            kind = envelope.get("event_type", "?")
            counts[f"messages:{kind}"] += 1
            counts[f"bytes:{kind}"] += size
            pd = (envelope.get("payload") or {}).get("sealed_personal_data")
            if pd:  # the part of the size that is the sealed personal data
                counts[f"pd_bytes:{kind}"] += len(json.dumps(pd, separators=(",", ":")))
        out[name] = counts
    return out


def delta(after: dict[str, Counter], before: dict[str, Counter]) -> dict[str, dict[str, int]]:
    return {t: dict(after[t] - before.get(t, Counter())) for t in after}


def totals(phase: dict[str, dict[str, int]]) -> dict[str, int]:
    messages = sum(v for c in phase.values() for k, v in c.items() if k.startswith("messages:"))
    size = sum(v for c in phase.values() for k, v in c.items() if k.startswith("bytes:"))
    return {"messages": messages, "bytes": size}


async def settled(central, alert_id: str, participants) -> None:
    """Until every named participant's copy has no action pending (the origin answered)."""

    async def done() -> bool:
        for ms in participants:
            copy = await inbox_copy(central, inbox_user(ms), alert_id, ms)
            if copy is None or copy["pending_actions"]:
                return False
        return True

    await wait_until(done, timeout=300, interval=0.5, what="the copies to settle")


async def drained(kafka: str, cluster, central) -> None:
    """A barrier: the origin's outbox has sent every row and its fan-out group has committed
    every distribution (so every copy they make is on the bus)."""
    outbox = central.db(cluster.mongo).outbox
    prefix = cluster.topics.prefix
    group = f"{prefix}alerts-fanout" + (f"-{central.keys.deployment_id}" if central.keys else "")

    async def done() -> bool:
        if await outbox.count_documents({"status": "pending"}):
            return False
        return not await uncommitted(kafka, cluster.topics.alerts_fanout, group)

    await wait_until(done, timeout=600, interval=1.0, what="the fan-out to drain")


async def lifecycle(kafka: str, mongo_uri: str, run_dir: Path) -> dict:
    cluster = Cluster(kafka, mongo_uri, prefix="benchlife.", run_dir=run_dir)
    await ensure_topics(kafka, cluster.topics)
    central = cluster.add("central", scope="ALL", env={"IMI_FANOUT_WORKER": "true"})
    phases: dict[str, dict] = {}
    try:
        await cluster.start_all()
        await cluster.seed_directory(
            world_authorities(
                EEA_MEMBER_STATES, origins=(ORIGIN,), forward_to=[ms for ms, _ in FORWARDS]
            )
        )
        start = await bus_counts(kafka, cluster.topics)
        created = await launch_and_broadcast(central, ORIGIN, recipients_of(ORIGIN))
        alert_id = created["alert_id"]
        inbox = central.db(cluster.mongo).inbox

        async def all_copies() -> bool:
            n = await inbox.count_documents({"alert_id": alert_id, "delivered": True})
            return n >= len(PARTICIPANTS)

        await wait_until(all_copies, timeout=300, interval=0.3, what="31 copies")
        await drained(kafka, cluster, central)
        mark = await bus_counts(kafka, cluster.topics)
        phases["launch + broadcast"] = delta(mark, start)

        for ms in recipients_of(ORIGIN):
            await acknowledge(central, inbox_user(ms), alert_id)
        await settled(central, alert_id, recipients_of(ORIGIN))
        await drained(kafka, cluster, central)
        now = await bus_counts(kafka, cluster.topics)
        phases["29 acknowledgements"] = delta(now, mark)
        mark = now

        for ms, authority in FORWARDS:
            await forward(central, inbox_user(ms), alert_id, [authority])
        await settled(central, alert_id, [ms for ms, _ in FORWARDS])
        await drained(kafka, cluster, central)
        now = await bus_counts(kafka, cluster.topics)
        phases["2 forwards"] = delta(now, mark)
        mark = now

        handler, forwarder = user(f"{ORIGIN}-A", "handler"), user(f"{ORIGIN}-C", "forwarder")
        body = {
            "info_type": "information",
            "text": {"text": "The provider's licence was suspended.", "language": "en"},
            "coordinator_id": f"{ORIGIN}-C",
        }
        item = expect(
            await central.post(f"/alerts/{alert_id}/information", TOKENS(handler), json=body),
            201,
        )
        item_id = item.get("item_id") or item.get("id")
        expect(
            await central.post(
                f"/alerts/{alert_id}/information/{item_id}/broadcast", TOKENS(forwarder)
            ),
            200,
        )

        await drained(kafka, cluster, central)
        now = await bus_counts(kafka, cluster.topics)
        phases["1 additional information"] = delta(now, mark)
        phases["whole lifecycle"] = delta(now, start)
        return {
            "participants": len(PARTICIPANTS),
            "phases": {name: {"totals": totals(p), "by_topic": p} for name, p in phases.items()},
        }
    except BaseException:
        print(cluster.logs(30))
        raise
    finally:
        await cluster.close()


def format_result(result: dict) -> str:
    lines = ["Bus traffic of one alert lifecycle (all alerts topics, key + value bytes)"]
    for name, phase in result["phases"].items():
        t = phase["totals"]
        lines.append(f"  {name:28s} {t['messages']:6d} messages  {t['bytes']:>12,d} bytes")
        for topic, counts in phase["by_topic"].items():
            for key, value in sorted(counts.items()):
                if key.startswith("messages:"):
                    kind = key.split(":", 1)[1]
                    size = counts.get(f"bytes:{kind}", 0)
                    pd = counts.get(f"pd_bytes:{kind}", 0)
                    lines.append(
                        f"      {topic:18s} {kind:30s} {value:5d}  {size:>11,d} B"
                        f"  ({size // max(value, 1):,d} B each"
                        + (
                            f", {(size - pd) // max(value, 1):,d} B without the sealed PD)"
                            if pd
                            else ")"
                        )
                    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=RESULTS / "alerts_lifecycle.json")
    args = parser.parse_args(argv)
    from run import servers  # the same servers logic as `make bench`

    run_dir = Path(tempfile.mkdtemp(prefix="alerts_lifecycle_"))
    with servers() as (kafka, mongo, _kinds):
        result = asyncio.run(lifecycle(kafka, mongo, run_dir))
    print(format_result(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
