"""Alert broadcast storm: broadcasts/s sustained and broadcast-to-last-mailbox latency, as a
ratio to the raw database write ceiling measured in the same run.

    .venv/bin/python bench/alerts_storm.py                    # local Tansu + SecantusDB
    .venv/bin/python bench/alerts_storm.py --alerts 60 --concurrency 8 --workers 2
    .venv/bin/python bench/run.py --alerts-storm 100          # after the baseline, same servers

What runs: real alerts processes (`python -m imi_alerts.app`, the harness of
tests/alerts/cluster.py): `central` (IMI_MEMBER_STATES=ALL: the origin of every alert and the
mailbox of all 31 participants) and `--workers` fan-out workers (one database, consumer group
"alerts-fanout"). Every alert is launched, submitted and accepted first (not timed); then the
coordinators broadcast them, `--concurrency` at a time, each to the 29 other EEA states:
31 copies per alert (29 recipient states, the launching state's own inbox, the Commission).

Figures:
- broadcasts_s: alerts / (last copy stored - first broadcast request sent)
- latency p50/p99: per alert, from its broadcast request to the 31st mailbox holding it
  (copies are seen landing through a change stream on the central database's `inbox`)
- writes per broadcast: the design's count (DESIGN_WRITES below, documents written), and the
  write commands the server counted (serverStatus opcounters insert+update+delete, idle
  background writes subtracted) divided by the alerts
- write ceiling: raw insert_one/s of the baseline / writes per broadcast = the broadcasts/s the
  database could take if it did nothing else; the result is reported as a ratio to it.
Never an absolute assertion (bench/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for path in (HERE, ROOT / "tests" / "alerts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from alerts_stack import COPIES, CopyWatcher, alerts_stack, percentile, prepare_alerts  # noqa: E402
from baseline import BaselineParams, format_table, measure_baseline  # noqa: E402
from cluster import (  # noqa: E402
    TOKENS,
    expect,
    recipients_of,
    user,
    wait_until,
)

RESULTS = HERE / "results"

# Documents the design writes for ONE broadcast to 29 states (31 copies); see
# services/alerts (handlers/drafting.py broadcast, adapters/publisher.py, handlers/fanout.py,
# handlers/inbox.py copy_receiver) and the kernel's UnitOfWork / OutboxStore / OutboxRelay.
DESIGN_WRITES = {
    # origin, POST /broadcast: one transaction saves the alert, bumps the outbox counter of
    # `alert:<id>` and inserts ONE outbox row (kernel: a row per transaction and aggregate)
    # holding alert.status_changed + 31 alert.delivered on imi.alerts.events and ONE
    # alert.distribution_requested on imi.alerts.fanout
    "origin: alert document": 1,
    "origin: outbox counter": 1,
    "origin: outbox row (1 status + 31 delivered + 1 distribution, one document)": 1,
    "origin: case key for sealing (key store, first seal of the alert)": 1,
    "origin relay: row marked sent": 1,
    # fan-out worker: a stateless transform (EventSubscriber.subscribe_transform): it publishes
    # the 31 alert.copy_updated directly and commits the offset once they are acknowledged;
    # no database write
    # mailbox (issue 10): batched, one transaction per poll of the inbox consumer holding the
    # copies and ONE bulk insert of their processed markers (UnitOfWork.run_batch)
    "mailbox: processed markers": COPIES,
    "mailbox: copies": COPIES,
}
MAILBOX_WRITES = ("mailbox: processed markers", "mailbox: copies")


def bulk_ceiling(base: dict) -> dict:
    """The fan-out's ceiling from the bulk baselines (issue 10): a broadcast's mailbox writes
    (31 copies + 31 ids) at the batched-transaction rate `mongo_tx_batch_docs_s` (documents
    counted, their ids riding along), every other designed write at the raw bulk rate
    `mongo_insert_many_docs_s`; broadcasts/s = 1 / the seconds they take."""
    others = sum(v for k, v in DESIGN_WRITES.items() if k not in MAILBOX_WRITES)
    mailbox_s = COPIES / base["mongo_tx_batch_docs_s"]
    others_s = others / base["mongo_insert_many_docs_s"]
    return {
        "mailbox_docs": COPIES,
        "mailbox_ids": COPIES,
        "other_writes": others,
        "mailbox_seconds": mailbox_s,
        "other_seconds": others_s,
        "broadcasts_s": 1 / (mailbox_s + others_s),
    }


# Transactions per broadcast (issue 10): the origin's ONE (alert, outbox counter, 33 outbox rows
# in one insert_many) and the mailbox's share of its batches: the inbox applies a poll of up to
# BATCH_RECORDS copies in one transaction (a read and a bulk write of `inbox`, one bulk insert
# of processed ids), so at best 31 / BATCH_RECORDS of one; the fan-out worker writes nothing.
# The storm also counts the inbox transactions it ran (`inbox_transactions`).
BATCH_RECORDS = 100  # IMI_CONSUMER_BATCH_RECORDS' default
DESIGN_TRANSACTIONS = 1 + COPIES / BATCH_RECORDS


def design_writes() -> int:
    return sum(DESIGN_WRITES.values())


async def inbox_transactions(db, since: datetime) -> int:
    """The inbox's copy transactions since `since`: a batch stamps its processed ids with one
    time (`UnitOfWork.run_batch`), a copy applied alone with its own."""
    stamps = {
        d["at"]
        async for d in db.processed_events.find(
            {"event_type": "alert.copy_updated", "at": {"$gte": since}}, {"at": 1}
        )
    }
    return len(stamps)


async def write_ops(mongo) -> int:
    ops = (await mongo.admin.command("serverStatus"))["opcounters"]
    return ops["insert"] + ops["update"] + ops["delete"]


async def storm(
    kafka: str,
    mongo_uri: str,
    base: dict,
    *,
    alerts: int,
    concurrency: int,
    workers: int,
    run_dir: Path,
    solo: int = 3,
    say=None,
) -> dict:
    say = say or (lambda message: print(message, flush=True))
    async with alerts_stack(kafka, mongo_uri, workers=workers, run_dir=run_dir, say=say) as (
        cluster,
        central,
    ):
        # prepare: launched, submitted, accepted (not timed)
        sem = asyncio.Semaphore(concurrency)
        t = time.monotonic()
        prepared = await prepare_alerts(central, alerts + solo, concurrency)
        say(
            f"  {alerts + solo} alerts launched, submitted and accepted in "
            f"{time.monotonic() - t:.1f}s"
        )
        lone, prepared = prepared[:solo], prepared[solo:]

        inbox = central.db(cluster.mongo).inbox
        watcher = CopyWatcher(inbox)
        await watcher.start()

        # a lone broadcast at a time, on an idle system: the latency without queueing
        solo_latencies = []
        for alert_id, origin in lone:
            sent = time.monotonic()
            expect(
                await central.post(
                    f"/alerts/{alert_id}/broadcast",
                    TOKENS(user(f"{origin}-C", "forwarder")),
                    json={"recipient_states": recipients_of(origin)},
                ),
                200,
            )
            await wait_until(
                lambda a=alert_id: sum(1 for k in watcher.landed if k[0] == a) >= COPIES,
                timeout=300,
                interval=0.05,
                what="a lone broadcast's 31 copies",
            )
            solo_latencies.append(
                max(v for k, v in watcher.landed.items() if k[0] == alert_id) - sent
            )
        if solo_latencies:
            say(
                f"  lone broadcasts -> 31st mailbox: "
                f"{', '.join(f'{x:.2f}s' for x in solo_latencies)}"
            )
        landed_before = len(watcher.landed)
        await asyncio.sleep(2.0)  # let the relays go idle
        idle_from, idle_ops = time.monotonic(), await write_ops(cluster.mongo)
        await asyncio.sleep(3.0)
        idle_rate = (await write_ops(cluster.mongo) - idle_ops) / (time.monotonic() - idle_from)
        ops_before = await write_ops(cluster.mongo)

        sent_at: dict[str, float] = {}

        async def broadcast(alert_id: str, origin: str) -> None:
            forwarder = user(f"{origin}-C", "forwarder")
            async with sem:
                sent_at[alert_id] = time.monotonic()
                expect(
                    await central.post(
                        f"/alerts/{alert_id}/broadcast",
                        TOKENS(forwarder),
                        json={"recipient_states": recipients_of(origin)},
                    ),
                    200,
                )

        first, storm_from = time.monotonic(), datetime.now(UTC)
        await asyncio.gather(*(broadcast(a, o) for a, o in prepared))
        requests_done = time.monotonic()
        total = alerts * COPIES
        await wait_until(
            lambda: len(watcher.landed) - landed_before >= total,
            timeout=1800,
            interval=0.2,
            what=f"{total} copies in the mailboxes",
        )
        last = max(watcher.landed.values())
        await asyncio.sleep(3.0)  # the relays mark the last rows sent
        ops_after, ops_at = await write_ops(cluster.mongo), time.monotonic()
        await watcher.stop()
        stored = await inbox.count_documents({})
        inbox_tx = await inbox_transactions(central.db(cluster.mongo), storm_from)

        per_alert_last: dict[str, float] = {}
        for (alert_id, _), landed in watcher.landed.items():
            if alert_id not in sent_at:
                continue
            per_alert_last[alert_id] = max(per_alert_last.get(alert_id, 0.0), landed)
        latencies = [per_alert_last[a] - sent_at[a] for a in sent_at]
        duration = last - first
        rate = alerts / duration
        measured_writes = (ops_after - ops_before - idle_rate * (ops_at - first)) / alerts
        writes = design_writes()
        raw_writes = base["mongo_insert_one_s"]
        ceiling = raw_writes / writes
        result = {
            "alerts": alerts,
            "copies_per_alert": COPIES,
            "copies_stored": stored,
            "concurrency": concurrency,
            "fanout_workers": workers,
            "landing": watcher.mode,
            "broadcast_requests_s": round(requests_done - first, 3),
            "storm_seconds": round(duration, 3),
            "broadcasts_s": rate,
            "copies_s": rate * COPIES,
            "latency_s": {
                "p50": percentile(latencies, 0.5),
                "p99": percentile(latencies, 0.99),
                "max": max(latencies),
                "mean": statistics.fmean(latencies),
            },
            "lone_broadcast_latency_s": solo_latencies,
            "writes_per_broadcast": {
                "design": writes,
                "design_breakdown": DESIGN_WRITES,
                "measured_write_commands": round(measured_writes, 1),
                "idle_write_commands_s": round(idle_rate, 1),
            },
            "raw_insert_one_s": raw_writes,
            "write_ceiling_broadcasts_s": ceiling,
            "ratio_to_write_ceiling": rate / ceiling,
            "transactions_per_broadcast": DESIGN_TRANSACTIONS,
            "inbox_transactions": inbox_tx,
            "measured_transactions_per_broadcast": 1 + inbox_tx / alerts,
            "tx_ceiling_broadcasts_s": base["mongo_tx_two_writes_s"] / DESIGN_TRANSACTIONS,
            "ratio_to_tx_ceiling": rate / (base["mongo_tx_two_writes_s"] / DESIGN_TRANSACTIONS),
        }
        bulk = bulk_ceiling(base)
        result["bulk_ceiling"] = bulk
        result["ratio_to_bulk_ceiling"] = rate / bulk["broadcasts_s"]
        if measured_writes > 0:
            result["write_ceiling_measured_broadcasts_s"] = raw_writes / measured_writes
            result["ratio_to_measured_write_ceiling"] = rate / (raw_writes / measured_writes)
        return result


def format_result(r: dict) -> str:
    lat = r["latency_s"]
    w = r["writes_per_broadcast"]
    lines = [
        f"Alert broadcast storm: {r['alerts']} alerts x {r['copies_per_alert']} copies, "
        f"{r['fanout_workers']} fan-out worker(s), {r['concurrency']} broadcasts in flight",
        f"  sustained          {r['broadcasts_s']:8.2f} broadcasts/s  "
        f"({r['copies_s']:,.0f} copies/s; {r['storm_seconds']:.1f}s in all)",
        f"  broadcast -> 31st mailbox   p50 {lat['p50']:.2f}s   p99 {lat['p99']:.2f}s   "
        f"max {lat['max']:.2f}s  (a lone broadcast: "
        f"{', '.join(f'{x:.2f}s' for x in r['lone_broadcast_latency_s']) or '-'})",
        f"  writes per broadcast        design {w['design']}  "
        f"(server counted {w['measured_write_commands']} write commands)",
        f"  raw insert_one              {r['raw_insert_one_s']:,.0f}/s  -> write ceiling "
        f"{r['write_ceiling_broadcasts_s']:.2f} broadcasts/s",
        f"  = {r['ratio_to_write_ceiling']:.2f}x the write ceiling"
        + (
            f"  ({r['ratio_to_measured_write_ceiling']:.2f}x with the counted writes)"
            if "ratio_to_measured_write_ceiling" in r
            else ""
        ),
        f"  bulk ceiling (issue 10)     {r['bulk_ceiling']['mailbox_docs']} mailbox docs + "
        f"{r['bulk_ceiling']['mailbox_ids']} ids at raw batched tx + "
        f"{r['bulk_ceiling']['other_writes']} other writes at raw insert_many -> "
        f"{r['bulk_ceiling']['broadcasts_s']:.2f} broadcasts/s",
        f"  = {r['ratio_to_bulk_ceiling']:.3f}x the bulk ceiling (target >= 0.5x)",
        f"  transactions per broadcast  design {r['transactions_per_broadcast']:.2f}, ran "
        f"{r['measured_transactions_per_broadcast']:.2f} ({r['inbox_transactions']} inbox "
        f"batches)  -> raw 2-write tx ceiling {r['tx_ceiling_broadcasts_s']:.2f} broadcasts/s = "
        f"{r['ratio_to_tx_ceiling']:.2f}x",
    ]
    return "\n".join(lines)


def write_report(base: dict, result: dict, kinds: dict, out: Path) -> dict:
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        },
        "servers": kinds,
        "baseline": base,
        "alerts_storm": result,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return report


def measure_storm(
    kafka: str, mongo: str, base: dict, *, alerts: int = 100, concurrency: int = 4, workers: int = 1
) -> dict:
    """The storm on the given servers, to be read against `base`, the baseline measured on
    them in the same run. (bench/run.py calls this too.)"""
    run_dir = Path(tempfile.mkdtemp(prefix="alerts_storm_"))
    print(f"\nAlert broadcast storm: {alerts} alerts (process logs in {run_dir})", flush=True)
    return asyncio.run(
        storm(
            kafka,
            mongo,
            base,
            alerts=alerts,
            concurrency=concurrency,
            workers=workers,
            run_dir=run_dir,
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--alerts", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--baseline-messages", type=int, default=20_000)
    parser.add_argument("--baseline-inserts", type=int, default=2_000)
    parser.add_argument("--baseline-tx", type=int, default=1_000)
    parser.add_argument("--out", type=Path, default=RESULTS / "alerts_storm.json")
    args = parser.parse_args(argv)
    from run import servers  # the same servers logic as `make bench`

    with servers() as (kafka, mongo, kinds):
        print(f"Kafka:   {kafka}  [{kinds['kafka']}]\nMongoDB: {mongo}  [{kinds['mongo']}]")
        params = BaselineParams(
            messages=args.baseline_messages,
            inserts=args.baseline_inserts,
            finds=args.baseline_inserts,
            transactions=args.baseline_tx,
        )
        base = measure_baseline(kafka, mongo, params)
        print(format_table(base))
        result = measure_storm(
            kafka,
            mongo,
            base,
            alerts=args.alerts,
            concurrency=args.concurrency,
            workers=args.workers,
        )
    print()
    print(format_result(result))
    write_report(base, result, kinds, args.out)
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
