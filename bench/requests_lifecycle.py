"""Request lifecycles per second through the real path, as a ratio to raw MongoDB transactions
of the same shape measured in the same run (issue 12; goal >= 0.4x).

    .venv/bin/python bench/requests_lifecycle.py                  # local Tansu + SecantusDB
    .venv/bin/python bench/requests_lifecycle.py --seconds 20 --clients 8
    .venv/bin/python bench/run.py                                 # after the baseline

What runs: one real requests process (`python -m imi_requests.app`, its own database, topic
prefix and port), seeded with a French and a German authority through the directory's events
on Kafka. `--clients` concurrent HTTP clients (aiohttp over a socket, signed bearer tokens) each
repeat one lifecycle for `--seconds`: create (`POST /requests`, a draft), send
(`POST /requests/{id}/send`), accept (`POST /requests/{id}/accept`), plus any step of
`LATER_STEPS` whose route the service's OpenAPI document has (answer and close come with
§4.5). Each command is one MongoDB transaction (the request, its outbox row) relayed to Kafka
and consumed by the service's own read models (the lists of §4.12).

The raw ceiling: the same number of clients run, directly on MongoDB, lifecycles of the same
shape: per command one transaction reading the request document and writing it back with one
outbox row (the first inserts it). No HTTP, no tokens, no directory reads, no Kafka.
Reported: lifecycles/s of both, the ratio, p50/p95 per step and the MongoDB commands per
lifecycle of both (the server's `serverStatus` opcounters over each phase, so every command
the service sends counts: relay polls, read-model consumers, principal checks, ...). Nothing
asserts a time.
Writes bench/results/requests_lifecycle.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import httpx
from pymongo.errors import PyMongoError

from imi_shared.auth import Principal, TokenIssuer, load_private_key
from imi_shared.keys.local import LocalKeyEncryptionKeys
from imi_shared.localinfra import free_port, start_kafka, start_mongo, wait_for_port
from imi_shared.mongo import is_transient, make_client
from imi_shared.topics import Topics, ensure_topics
from imi_testkit.directory_events import publish_directory_event
from imi_testkit.directory_events import requests_authority_registered as registered

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
ROOT = HERE.parent
ANSWER = {"text": "registered since 2019, no sanction", "lang": "en"}
#: (name, method, path, body) of the steps after acceptance (§4.5), each taken when the
#: service's OpenAPI document has its route; `close` by the requesting handler
LATER_STEPS: tuple[tuple[str, str, str, dict], ...] = (
    (
        "answer",
        "PUT",
        "/requests/{request_id}/reply",
        {"answers": [{"question_code": f"SD-GENERAL.Q{n}", "text": ANSWER} for n in (1, 2)]},
    ),
    ("send_reply", "POST", "/requests/{request_id}/reply/send", {}),
    ("close", "POST", "/requests/{request_id}/close", {}),
)
BODY = {
    "la_code": "services",
    "question_set_code": "SD-GENERAL",
    "questions": [
        {"code": "SD-GENERAL.Q1", "comment": {"text": "see attached diploma", "lang": "en"}},
        {"code": "SD-GENERAL.Q2"},
    ],
    "subject": [{"name": "provider_name", "value": "Jean Dupont"}],
}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def headers(user_id: str, authority_id: str, ms: str) -> dict[str, str]:
    issuer = TokenIssuer(load_private_key("", "local"), "imi-directory")
    token = issuer.issue(
        Principal(
            user_id=user_id,
            username=user_id,
            authority_id=authority_id,
            member_state=ms,
            user_rights={"services/requests": ("request_handler",)},
        )
    )
    return {"Authorization": f"Bearer {token}"}


@contextlib.asynccontextmanager
async def requests_process(kafka: str, mongo: str, prefix: str, db_name: str, run_dir: Path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IMI_", "OTEL_"))}
    env.update(
        IMI_KAFKA_BOOTSTRAP=kafka,
        IMI_MONGO_URI=mongo,
        IMI_DB_NAME=db_name,
        IMI_KEYS_DB_NAME=f"{db_name}_keys",
        IMI_TOPIC_PREFIX=prefix,
        IMI_HTTP_PORT=str(port),
        IMI_LOG_LEVEL="WARNING",
        IMI_OUTBOX_POLL_SECONDS="0.05",
        IMI_KEK=LocalKeyEncryptionKeys.generate("kek-bench").dump(),
    )
    log = (run_dir / "requests.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "imi_requests.app"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_for_port(port, timeout=60, proc=proc)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            for _ in range(600):
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get("/readyz")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            yield http, proc.pid
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        if proc.poll() is None:
            proc.kill()
        log.close()


async def run_clients(clients: int, seconds: float, lifecycle) -> tuple[int, float, dict]:
    """`clients` coroutines repeating `lifecycle(timings)` until `seconds` have passed."""
    timings: dict[str, list[float]] = {}
    done = 0
    end = time.perf_counter() + seconds

    async def client(n: int) -> None:
        nonlocal done
        while time.perf_counter() < end:
            await lifecycle(n, timings)
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return done, time.perf_counter() - started, timings


def timed(timings: dict[str, list[float]], step: str, since: float) -> None:
    timings.setdefault(step, []).append(time.perf_counter() - since)


async def real_path(http: httpx.AsyncClient, fr: str, de: str, clients: int, seconds: float):
    """The lifecycles over HTTP. The load comes from aiohttp, not httpx: on 2 cores the load
    generator's CPU is taken from the service and the database, and httpx cost ~7 ms of CPU a
    lifecycle (~14 % of the machine's work in this phase), aiohttp 2-2.5 ms. The raw
    path's generator is PyMongo itself, with nothing in between."""
    sender, receiver = headers("u-fr", fr, "FR"), headers("u-de", de, "DE")
    paths = set((await http.get("/openapi.json")).json()["paths"])
    later = [s for s in LATER_STEPS if s[2] in paths]
    body = {**BODY, "responding_authority_id": de}
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(
        str(http.base_url), connector=connector, timeout=timeout
    ) as web:

        async def call(method: str, url: str, who: dict, step_body: dict | None) -> dict:
            async with web.request(method, url, json=step_body, headers=who) as response:
                response.raise_for_status()
                return await response.json()

        async def lifecycle(n: int, timings) -> None:
            t = time.perf_counter()
            request_id = (await call("POST", "/requests", sender, body))["request_id"]
            timed(timings, "create", t)
            t = time.perf_counter()
            await call("POST", f"/requests/{request_id}/send", sender, None)
            timed(timings, "send", t)
            t = time.perf_counter()
            await call("POST", f"/requests/{request_id}/accept", receiver, {})
            timed(timings, "accept", t)
            for name, method, path, step_body in later:
                t = time.perf_counter()
                who = receiver if name != "close" else sender
                await call(method, path.replace("{request_id}", request_id), who, step_body)
                timed(timings, name, t)

        result = await run_clients(clients, seconds, lifecycle)
    return (*result, [s[0] for s in later])


async def raw_path(mongo: str, db_name: str, commands: int, clients: int, seconds: float):
    """The same lifecycle shape on MongoDB alone: `commands` transactions (read the request,
    write it back, insert an outbox row)."""
    client = make_client(mongo)
    db = client[f"{db_name}_raw"]
    requests, outbox = db.requests, db.outbox
    document = {"body": BODY, "history": [], "status": "draft", "version": 0}

    async def command(request_id: str, first: bool) -> None:
        for attempt in range(1, 21):  # transient conflicts retried, as the unit of work does
            try:
                return await attempt_command(request_id, first)
            except PyMongoError as exc:
                if not is_transient(exc) or attempt == 20:
                    raise
                await asyncio.sleep(min(0.005 * 2**attempt, 0.5) * random.uniform(0.5, 1))

    async def attempt_command(request_id: str, first: bool) -> None:
        async with client.start_session() as session:
            async with await session.start_transaction():
                current = await requests.find_one({"_id": request_id}, session=session)
                version = (current or {}).get("version", 0) + 1
                doc = {**document, "_id": request_id, "version": version}
                if first:
                    await requests.insert_one(doc, session=session)
                else:
                    await requests.replace_one({"_id": request_id}, doc, session=session)
                await outbox.insert_one(
                    {"_id": uuid.uuid4().hex, "aggregate_id": request_id, "seq": version},
                    session=session,
                )

    async def lifecycle(n: int, timings) -> None:
        request_id = uuid.uuid4().hex
        for i in range(commands):
            t = time.perf_counter()
            await command(request_id, i == 0)
            timed(timings, f"command_{i + 1}", t)

    try:
        return await run_clients(clients, seconds, lifecycle)
    finally:
        await client.drop_database(db.name)
        await client.close()


async def mongo_commands(client) -> int:
    """The server's count of the commands it has run (`serverStatus().opcounters`, all
    buckets: insert, query, update, delete, getmore, command)."""
    status = await client.admin.command("serverStatus")
    return sum(int(v) for v in (status.get("opcounters") or {}).values())


def per_lifecycle(commands: float, lifecycles: int) -> float | None:
    return round(commands / lifecycles, 1) if lifecycles else None


class CpuMeter:
    """CPU seconds spent from now by this process (the load generator) and by `pid` (read
    from /proc: Linux; None elsewhere)."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.generator = time.process_time()
        self.service = _proc_cpu_seconds(pid)

    def spent(self) -> dict[str, float | None]:
        now = _proc_cpu_seconds(self.pid)
        service = None if now is None or self.service is None else now - self.service
        return {"generator": time.process_time() - self.generator, "service": service}


def _proc_cpu_seconds(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def steps(timings: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {
        name: {
            "count": len(values),
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
        }
        for name, values in timings.items()
    }


async def ameasure_requests_lifecycle(
    kafka: str,
    mongo: str,
    *,
    clients: int = 8,
    seconds: float = 20.0,
    baseline: dict | None = None,
    say=print,
) -> dict:
    """`baseline` (bench/run.py's, same run): also the commands/s as a ratio to its
    sequential 2-write transactions."""
    prefix = f"benchreq{uuid.uuid4().hex[:8]}."
    db_name = f"bench_requests_{uuid.uuid4().hex[:8]}"
    topics = Topics(prefix)
    await ensure_topics(kafka, topics)
    run_dir = ROOT / ".run" / "bench"
    run_dir.mkdir(parents=True, exist_ok=True)
    fr, de = "fr-ca-bench", "de-ca-bench"
    async with requests_process(kafka, mongo, prefix, db_name, run_dir) as (http, pid):
        for envelope in (registered(fr, "FR"), registered(de, "DE")):
            await publish_directory_event(kafka, topics, envelope)
        client = make_client(mongo)
        try:
            for _ in range(600):
                if await client[db_name].directory_view.count_documents({}) >= 2:
                    break
                await asyncio.sleep(0.1)
        finally:
            await client.close()
        say(f"  requests process ready; {clients} clients for {seconds:.0f} s")
        counter = make_client(mongo)
        try:
            before = await mongo_commands(counter)
            cpu = CpuMeter(pid)
            done, elapsed, timings, later = await real_path(http, fr, de, clients, seconds)
            real_cpu = cpu.spent()
            real_commands = await mongo_commands(counter) - before
        finally:
            await counter.close()
    commands = 3 + len(later)
    say(f"  raw MongoDB: {commands} transactions per lifecycle")
    counter = make_client(mongo)
    try:
        before = await mongo_commands(counter)
        cpu = CpuMeter(None)
        raw_done, raw_elapsed, raw_timings = await raw_path(
            mongo, db_name, commands, clients, seconds
        )
        raw_cpu = cpu.spent()
        raw_commands = await mongo_commands(counter) - before
    finally:
        await counter.close()
    rate, raw_rate = done / elapsed, raw_done / raw_elapsed
    extra = {}
    if baseline and baseline.get("mongo_tx_two_writes_s"):
        extra["commands_per_s"] = round(rate * commands, 2)
        extra["commands_to_baseline_tx_two_writes"] = round(
            rate * commands / baseline["mongo_tx_two_writes_s"], 3
        )
    return {
        **extra,
        "clients": clients,
        "seconds": seconds,
        "lifecycle_steps": ["create", "send", "accept", *later],
        "lifecycles": done,
        "lifecycles_per_s": round(rate, 2),
        "raw_lifecycles": raw_done,
        "raw_lifecycles_per_s": round(raw_rate, 2),
        "ratio_to_raw": round(rate / raw_rate, 3) if raw_rate else None,
        "goal_ratio": 0.4,
        "mongo_commands_per_lifecycle": per_lifecycle(real_commands, done),
        "raw_mongo_commands_per_lifecycle": per_lifecycle(raw_commands, raw_done),
        # CPU ms per lifecycle: the load generator (this process) in each phase and the
        # requests process, so that what the generator takes from the 2 cores is visible
        "generator_cpu_ms_per_lifecycle": {
            "real": per_lifecycle(real_cpu["generator"] * 1000, done),
            "raw": per_lifecycle(raw_cpu["generator"] * 1000, raw_done),
        },
        "service_cpu_ms_per_lifecycle": per_lifecycle(real_cpu["service"] * 1000, done)
        if real_cpu["service"] is not None
        else None,
        "steps": steps(timings),
        "raw_steps": steps(raw_timings),
    }


def format_result(result: dict) -> str:
    lines = [
        f"request lifecycles ({' -> '.join(result['lifecycle_steps'])}), "
        f"{result['clients']} clients, {result['seconds']:.0f} s",
        f"  real path: {result['lifecycles_per_s']:.2f} lifecycles/s ({result['lifecycles']})",
        f"  raw Mongo: {result['raw_lifecycles_per_s']:.2f} lifecycles/s",
        f"  ratio:     {result['ratio_to_raw']}x (goal >= {result['goal_ratio']}x)",
        f"  Mongo commands per lifecycle: {result['mongo_commands_per_lifecycle']} service, "
        f"{result['raw_mongo_commands_per_lifecycle']} raw",
        f"  CPU ms per lifecycle: requests process {result['service_cpu_ms_per_lifecycle']}, "
        f"load generator {result['generator_cpu_ms_per_lifecycle']['real']} "
        f"(raw phase {result['generator_cpu_ms_per_lifecycle']['raw']})",
    ]
    for name, s in result["steps"].items():
        lines.append(f"    {name:<16} p50 {s['p50_ms']:>7.1f} ms  p95 {s['p95_ms']:>7.1f} ms")
    return "\n".join(lines)


def write_report(result: dict, servers: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "servers": servers,
        "requests_lifecycle": result,
    }
    out.write_text(json.dumps(report, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--out", type=Path, default=RESULTS / "requests_lifecycle.json")
    args = parser.parse_args(argv)
    started = []
    kafka = os.environ.get("IMI_KAFKA_BOOTSTRAP", "").strip()
    mongo = os.environ.get("IMI_MONGO_URI", "").strip()
    try:
        if not kafka:
            started.append(start_kafka())
            kafka = started[-1].url
        if not mongo:
            started.append(start_mongo())
            mongo = started[-1].url
        result = asyncio.run(
            ameasure_requests_lifecycle(kafka, mongo, clients=args.clients, seconds=args.seconds)
        )
    finally:
        for server in reversed(started):
            server.stop()
    print(format_result(result))
    write_report(result, {"kafka": kafka, "mongo": "local" if started else "given"}, args.out)
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
