"""A cluster of real alerts deployments for cross-process tests (and bench/alerts_storm.py).

Each deployment is its own process, `python -m imi_alerts.app`, configured only through its
environment, as in production:

    IMI_KAFKA_BOOTSTRAP, IMI_MONGO_URI, IMI_TOPIC_PREFIX  the shared broker and database server
    IMI_DB_NAME                                          the deployment's own database
    IMI_HTTP_PORT                                        a free port
    IMI_MEMBER_STATES                                    the participants it serves (its scope)
    IMI_FANOUT_WORKER                                    runs a fan-out worker ("alerts-fanout")
    IMI_COMMISSION_VIEW                                  keeps every copy, without personal data
    IMI_SERVE_INBOX                                      false: a fan-out worker process only
    IMI_KEYS_DB_NAME, IMI_KEK                            the deployment's OWN key store and KEK
    IMI_DEPLOYMENT_ID, IMI_DEPLOYMENT_KEY                its id and X25519 private key
    IMI_DEPLOYMENT_PEERS                                 every deployment's public key and scope

Each deployment keeps its own keys (issue 9 item 8, docs/KEYS.md): its own keys database, KEK
and key pair, generated here and passed as environment secrets; the peers registry lists every
declared deployment's public key. A fan-out-only process belongs to one deployment
(`keys_of=`): it shares that deployment's id, KEK, key pair and key store.

    cluster = Cluster(kafka_bootstrap, mongo_uri, prefix=topics.prefix, run_dir=tmp_path)
    fr = cluster.add("fr", scope="FR")
    workers = [cluster.add(f"fanout{i}", scope=WORKER_SCOPE, db_name="fanout",
                           fanout_worker=True, serve_inbox=False, keys_of=fr)
               for i in (1, 2)]                 # FR's workers: one group, one database
    await cluster.start_all()              # starts them at once, waits for every /readyz
    await cluster.seed_directory(world_authorities(...))  # directory events, then waits for
                                           # every running deployment's read model
    alert = await launch_and_broadcast(fr, "FR", recipients_of("FR"))
    copy = await inbox_copy(de, inbox_user("DE"), alert["alert_id"], "DE")   # None until there
    workers[0].kill()                      # SIGKILL (a crash); `await dep.stop()` is SIGTERM
    cluster.logs()                         # every deployment's log tail (the `cluster` fixture
                                           # prints them when a test fails)

Users, authorities and request bodies are those of `imi_alerts_testkit` (A's helpers): the
authorities `<MS>-INBOX` (incoming-alerts mailbox), `<MS>-C` (coordinator), `<MS>-A` (alert
authority), tokens signed with the bundled development key as the directory signs them.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from imi_alerts_testkit import (
    AlertsApi,
    SeedAuthority,
    launch_body,
    seed_directory,
    standard_authorities,
)
from imi_alerts_testkit.polling import eventually
from imi_shared.auth import Principal, TokenIssuer, load_private_key
from imi_shared.keys import DeploymentKeyPair, LocalKeyEncryptionKeys, own_peer_key
from imi_shared.localinfra import free_port
from imi_shared.mongo import make_client
from imi_shared.participants import COMMISSION, EEA_MEMBER_STATES
from imi_shared.topics import Topics

#: Fan-out-only processes (`IMI_SERVE_INBOX=false`: no inbox, no directory read model); their
#: scope is irrelevant. They write nothing (a stateless transform: a distribution's offset is
#: committed once its copies are acknowledged), so what a killed one had not finished is
#: expanded again by the survivor once the group has rebalanced.
WORKER_SCOPE = "ALL"
READY_TIMEOUT = 90.0  # seconds; several Python processes start at once on a small machine

_PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None


def _die_with_parent() -> None:  # in the child between fork and exec: no orphans if pytest dies
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


async def wait_until(
    condition, *, timeout: float = 60.0, interval: float = 0.1, what: str = "condition"
):
    """Poll a condition (plain or async) until it returns something truthy; returns that."""
    return await eventually(condition, timeout=timeout, interval=interval, what=what)


_NOISE = ('"msg": "Received"', '"msg": "Processed"', "GET /readyz")


def log_tail(path: Path, lines: int = 60) -> str:
    """The last lines of a log, without the per-message consumer lines and readiness probes."""
    try:
        with open(path, errors="replace") as f:
            tail = deque((line for line in f if not any(n in line for n in _NOISE)), maxlen=lines)
    except OSError:
        return f"(no log at {path})"
    return "".join("    | " + line.rstrip("\n")[:400] + "\n" for line in tail) or "    (empty)\n"


# --- people ---------------------------------------------------------------------------------


def user(authority_id: str, *rights: str) -> Principal:
    """A user of `authority_id` (of `imi_alerts_testkit.standard_authorities`), with alert
    rights "viewer", "handler", "forwarder"; its member state is the id's prefix (EU...)."""
    return AlertsApi.user(authority_id, *rights)


def inbox_user(participant: str) -> Principal:
    """The forwarder of a state's incoming-alerts mailbox, or the Commission's viewer (EU)."""
    if participant == COMMISSION:
        return user("EU-COMMISSION", "viewer")
    return user(f"{participant}-INBOX", "forwarder")


class Tokens:
    """Mints tokens as the directory does (bundled development key), one per user."""

    def __init__(self, ttl: timedelta = timedelta(minutes=50)) -> None:  # under the 60 min maximum
        self.issuer = TokenIssuer(load_private_key("", "local"), "imi-directory", ttl=ttl)
        self._cache: dict[str, str] = {}

    def __call__(self, who: Principal) -> str:
        key = who.model_dump_json()
        if key not in self._cache:
            self._cache[key] = self.issuer.issue(who)
        return self._cache[key]


TOKENS = Tokens()


# --- deployments ----------------------------------------------------------------------------


@dataclass
class Deployment:
    """One alerts process. HTTP helpers return the httpx.Response (never raise on status)."""

    name: str
    scope: str
    db_name: str
    port: int
    fanout_worker: bool
    commission_view: bool
    serve_inbox: bool
    env: dict[str, str]
    log_path: Path
    keys: DeploymentKeys | None = None
    proc: subprocess.Popen | None = field(default=None, repr=False)
    client: httpx.AsyncClient | None = field(default=None, repr=False)
    started_at: float = 0.0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        assert not self.alive, f"{self.name} is already running"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(
                f"==== {self.name} starting at {datetime.now(UTC).isoformat()} ====\n".encode()
            )
            log.flush()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "imi_alerts.app"],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        self.started_at = time.monotonic()
        self.client = httpx.AsyncClient(base_url=self.base_url, timeout=30.0)

    async def wait_ready(self, timeout: float = READY_TIMEOUT) -> float:
        """Wait until /readyz answers 200; returns the seconds since start."""
        deadline = time.monotonic() + timeout
        last = "not probed"
        while True:
            if not self.alive:
                code = self.proc.returncode if self.proc else None
                raise AssertionError(
                    f"deployment {self.name} exited with code {code} before "
                    f"it was ready:\n{log_tail(self.log_path)}"
                )
            try:
                r = await self.client.get("/readyz", timeout=3)
                if r.status_code == 200:
                    return time.monotonic() - self.started_at
                last = f"{r.status_code} {r.text[:200]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"deployment {self.name} not ready after {timeout:g}s "
                    f"(last /readyz: {last}):\n{log_tail(self.log_path)}"
                )
            await asyncio.sleep(0.2)

    def kill(self) -> int | None:
        """SIGKILL the process group (a crash: no shutdown, no lease hand-over)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        return self.proc.wait(30)

    async def stop(self, grace: float = 15.0) -> int | None:
        """SIGTERM (graceful), SIGKILL after `grace` seconds."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                await asyncio.to_thread(self.proc.wait, grace)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.client is not None:
            await self.client.aclose()
            self.client = None
        return self.proc.returncode if self.proc else None

    # -- HTTP -------------------------------------------------------------------------------
    def _headers(self, token: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"} if token else {}

    async def get(self, path: str, token: str | None = None, **kw) -> httpx.Response:
        return await self.client.get(path, headers=self._headers(token), **kw)

    async def post(self, path: str, token: str | None = None, **kw) -> httpx.Response:
        return await self.client.post(path, headers=self._headers(token), **kw)

    def db(self, mongo):
        """This deployment's database, on a client of the test's own."""
        return mongo[self.db_name]

    def keys_db(self, mongo):
        """This deployment's own key store database."""
        assert self.keys is not None
        return mongo[self.keys.db_name]


@dataclass
class DeploymentKeys:
    """One deployment's own keys: its id, keys database, KEK and X25519 key pair."""

    deployment_id: str
    db_name: str
    kek: LocalKeyEncryptionKeys
    pair: DeploymentKeyPair
    scope: str

    def env(self) -> dict[str, str]:
        return {
            "IMI_DEPLOYMENT_ID": self.deployment_id,
            "IMI_KEYS_DB_NAME": self.db_name,
            "IMI_KEK": self.kek.dump(),
            "IMI_DEPLOYMENT_KEY": self.pair.dump(),
        }

    def peer_line(self) -> str:
        return own_peer_key(self.deployment_id, self.scope, self.pair).line()


def expect(response: httpx.Response, *codes: int) -> Any:
    """The JSON body of a response whose status is one of `codes`, else a readable failure."""
    if response.status_code not in codes:
        raise AssertionError(
            f"{response.request.method} {response.request.url.path} answered "
            f"{response.status_code} (expected {', '.join(map(str, codes))}): "
            f"{response.text[:1500]}"
        )
    return response.json() if response.content else None


class Cluster:
    """Alerts deployments on one broker and one database server, under one topic prefix."""

    def __init__(
        self,
        kafka_bootstrap: str,
        mongo_uri: str,
        *,
        prefix: str,
        run_dir: Path,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.kafka_bootstrap = kafka_bootstrap
        self.mongo_uri = mongo_uri
        self.topics = Topics(prefix)
        self.run_dir = Path(run_dir)
        self.extra_env = dict(extra_env or {})
        self.deployments: dict[str, Deployment] = {}
        self.token = TOKENS
        self.mongo = make_client(mongo_uri)

    # -- processes --------------------------------------------------------------------------
    def add(
        self,
        name: str,
        *,
        scope: str,
        db_name: str | None = None,
        fanout_worker: bool = False,
        commission_view: bool = False,
        serve_inbox: bool = True,
        keys_of: Deployment | None = None,
        env: dict[str, str] | None = None,
    ) -> Deployment:
        """Declare a deployment (started by `start_all` or `Deployment.start`).
        `serve_inbox=False` with `fanout_worker=True`: a fan-out worker process only;
        `keys_of`: a process of that deployment (same keys), else a deployment of its own."""
        assert name not in self.deployments, f"deployment {name} declared twice"
        taken = {d.port for d in self.deployments.values()}
        while (port := free_port()) in taken:
            pass
        db_name = db_name or f"{self.topics.prefix.strip('.')}_{name}"
        keys = (
            keys_of.keys
            if keys_of is not None
            else DeploymentKeys(
                deployment_id=f"alerts-{name}",
                db_name=f"{db_name}_keys",
                kek=LocalKeyEncryptionKeys.generate(f"kek-{name}"),
                pair=DeploymentKeyPair.generate(f"dk-{name}"),
                scope=scope,
            )
        )
        assert keys is not None
        child_env = {k: v for k, v in os.environ.items() if not k.startswith(("IMI_", "OTEL_"))}
        child_env.update(
            {
                "PYTHONUNBUFFERED": "1",
                "IMI_KAFKA_BOOTSTRAP": self.kafka_bootstrap,
                "IMI_MONGO_URI": self.mongo_uri,
                "IMI_TOPIC_PREFIX": self.topics.prefix,
                "IMI_DB_NAME": db_name,
                "IMI_SERVICE_NAME": f"alerts-{name}",
                "IMI_HTTP_PORT": str(port),
                "IMI_MEMBER_STATES": scope,
                "IMI_FANOUT_WORKER": "true" if fanout_worker else "false",
                "IMI_COMMISSION_VIEW": "true" if commission_view else "false",
                "IMI_SERVE_INBOX": "true" if serve_inbox else "false",
                "IMI_OUTBOX_POLL_SECONDS": "0.02",
                "IMI_KEY_SHRED_RELAY_SECONDS": "0.2",
                **keys.env(),  # its own keys database, KEK and key pair
                **self.extra_env,
                **(env or {}),
            }
        )
        dep = Deployment(
            name=name,
            scope=scope,
            db_name=db_name,
            port=port,
            fanout_worker=fanout_worker,
            commission_view=commission_view,
            serve_inbox=serve_inbox,
            env=child_env,
            log_path=self.run_dir / f"{name}.log",
            keys=keys,
        )
        self.deployments[name] = dep
        self._publish_peers()
        return dep

    def _publish_peers(self) -> None:
        """Every deployment's registry: the public keys of every declared deployment (a
        process started later than a deployment declared after it would not know it)."""
        owners = {
            d.keys.deployment_id: d.keys
            for d in self.deployments.values()
            if d.keys and d.serve_inbox  # a worker-only process reads no copy
        }
        peers = "\n".join(k.peer_line() for k in owners.values())
        for dep in self.deployments.values():
            dep.env["IMI_DEPLOYMENT_PEERS"] = peers

    async def start_all(self, *names: str, timeout: float = READY_TIMEOUT) -> dict[str, float]:
        """Start the named (default: every not running) deployment at once; wait for /readyz.

        Returns each one's seconds from start to ready.
        """
        chosen = (
            [self.deployments[n] for n in names]
            if names
            else [d for d in self.deployments.values() if not d.alive]
        )
        for dep in chosen:
            dep.start()
        ready = await asyncio.gather(*(d.wait_ready(timeout) for d in chosen))
        return {d.name: round(s, 1) for d, s in zip(chosen, ready, strict=False)}

    async def restart(self, name: str, timeout: float = READY_TIMEOUT) -> float:
        dep = self.deployments[name]
        if dep.client is not None:
            await dep.client.aclose()
        dep.start()
        return await dep.wait_ready(timeout)

    async def close(self) -> None:
        """Stop every deployment, then drop their databases (the server is the session's)."""
        await asyncio.gather(*(d.stop() for d in self.deployments.values()), return_exceptions=True)
        keys = {d.keys.db_name for d in self.deployments.values() if d.keys}
        for name in {d.db_name for d in self.deployments.values()} | keys:
            with contextlib.suppress(Exception):
                await self.mongo.drop_database(name)
        await self.mongo.close()

    def logs(self, lines: int = 60) -> str:
        parts = []
        for dep in self.deployments.values():
            state = (
                "running"
                if dep.alive
                else f"exited {dep.proc.returncode}"
                if dep.proc
                else "never started"
            )
            parts.append(
                f"--- {dep.name} (scope {dep.scope}, db {dep.db_name}, pid {dep.pid}, "
                f"{state}) {dep.log_path}\n{log_tail(dep.log_path, lines)}"
            )
        return "\n".join(parts)

    def dead(self) -> list[str]:
        """Deployments that exited without being asked to (a crash worth reporting)."""
        return [
            d.name
            for d in self.deployments.values()
            if d.proc is not None
            and d.proc.poll() not in (None, 0, -signal.SIGKILL, -signal.SIGTERM)
        ]

    # -- directory --------------------------------------------------------------------------
    async def seed_directory(self, authorities: Iterable[SeedAuthority] | None = None) -> list[str]:
        """Publish the authorities (default: every EEA state's standard set) as directory
        events, then wait until every running deployment has them in its read model."""
        chosen = list(authorities if authorities is not None else world_authorities())
        ids = await seed_directory(self.kafka_bootstrap, self.topics, chosen)
        for dep in self.deployments.values():
            if dep.alive and dep.serve_inbox:  # fan-out-only processes keep no read model
                await wait_directory(
                    self.mongo[dep.db_name],
                    ids,
                    what=f"{dep.name} learns the {len(ids)} authorities",
                )
        return ids


# --- the directory as the alerts service learns it ------------------------------------------


def world_authorities(
    states: Iterable[str] = EEA_MEMBER_STATES,
    *,
    origins: Iterable[str] = ("FR",),
    forward_to: Iterable[str] = ("DE",),
) -> list[SeedAuthority]:
    """The smallest directory a broadcast to `states` needs, with the names of
    `imi_alerts_testkit.standard_authorities`: every state's incoming-alerts mailbox
    `<MS>-INBOX`; in each origin state the alert authority `<MS>-A` linked to the coordinator
    `<MS>-C`; in each `forward_to` state an authority `<MS>-A` to forward to.
    (Fewer directory events than the standard set: every deployment reads them all.)"""
    wanted = {a.authority_id: a for a in standard_authorities(states)}
    ids = [f"{ms}-INBOX" for ms in states]
    for ms in origins:
        ids += [f"{ms}-C", f"{ms}-A"]
    ids += [f"{ms}-A" for ms in forward_to]
    chosen = [wanted[i] for i in dict.fromkeys(ids)]
    for i, a in enumerate(chosen):  # `<MS>-A` is linked to `<MS>-C` only (no `-CFA` here)
        if a.associated_coordinator_ids:
            chosen[i] = SeedAuthority(
                a.authority_id, a.member_state, associated_coordinator_ids=(f"{a.member_state}-C",)
            )
    return chosen


async def wait_directory(
    db, authority_ids: list[str], *, timeout: float = 60.0, what: str = "directory read model"
) -> None:
    """Until the deployment's `directory_view` holds every authority id."""
    wanted = list(dict.fromkeys(authority_ids))

    async def known() -> bool:
        return await db.directory_view.count_documents({"_id": {"$in": wanted}}) == len(wanted)

    await wait_until(known, timeout=timeout, interval=0.2, what=what)


# --- the alerts HTTP contract ----------------------------------------------------------------
# Bodies come from `imi_alerts_testkit.launch_body`; users from `standard_authorities`.

PD_NAME = "Jean Dupont"  # the PD-flagged provider field of `launch_body`


def recipients_of(origin: str) -> list[str]:
    """ "All 30 states" seen from `origin`: the 29 other EEA states."""
    return [ms for ms in EEA_MEMBER_STATES if ms != origin]


async def launch_and_broadcast(
    dep: Deployment, origin: str, recipients: Iterable[str], *, n: int = 0
) -> dict:
    """`<origin>-A`'s handler launches (choosing the recipient states, ALR-014) and submits;
    `<origin>-C`'s forwarder accepts and broadcasts (naming them again in `recipient_states`).
    Returns {"alert_id", "number", "status", "timings"}."""
    recipients = sorted(recipients)
    handler, forwarder = user(f"{origin}-A", "handler"), user(f"{origin}-C", "forwarder")
    body = launch_body(
        coordinator_id=f"{origin}-C",
        recipients=recipients,
        mse=origin,
        description={"text": f"Unsafe gas installations (#{n})", "language": "en"},
    )
    timings = {}
    t = time.perf_counter()
    created = expect(await dep.post("/alerts", TOKENS(handler), json=body), 201)
    alert_id = created["alert_id"]
    timings["create"] = time.perf_counter() - t
    for step, who, payload in (
        ("submit", handler, None),
        ("accept", forwarder, None),
        ("broadcast", forwarder, {"recipient_states": recipients}),
    ):
        t = time.perf_counter()
        answer = expect(
            await dep.post(f"/alerts/{alert_id}/{step}", TOKENS(who), json=payload), 200
        )
        timings[step] = time.perf_counter() - t
    return {**created, "status": answer["status"], "timings": timings}


async def inbox_list(
    dep: Deployment, who: Principal, participant: str, *, page: int = 200
) -> list[dict]:
    """Every copy of the participant's mailbox that `who` may see (all pages)."""
    items: list[dict] = []
    while True:
        body = expect(
            await dep.get(
                "/inbox",
                TOKENS(who),
                params={"participant": participant, "limit": page, "offset": len(items)},
            ),
            200,
        )
        items += body["items"]
        if len(body["items"]) < page:
            return items


async def inbox_copy(
    dep: Deployment, who: Principal, alert_id: str, participant: str
) -> dict | None:
    """The participant's copy of the alert, or None while it has not arrived (404)."""
    r = await dep.get(f"/inbox/{alert_id}", TOKENS(who), params={"participant": participant})
    if r.status_code == 404:
        return None
    return expect(r, 200)


async def acknowledge(dep: Deployment, who: Principal, alert_id: str) -> dict:
    return expect(await dep.post(f"/inbox/{alert_id}/acknowledge", TOKENS(who)), 200)


async def forward(dep: Deployment, who: Principal, alert_id: str, authority_ids: list[str]) -> dict:
    return expect(
        await dep.post(
            f"/inbox/{alert_id}/forward", TOKENS(who), json={"authority_ids": authority_ids}
        ),
        200,
    )


async def get_alert(dep: Deployment, who: Principal, alert_id: str) -> dict:
    return expect(await dep.get(f"/alerts/{alert_id}", TOKENS(who)), 200)


def event_types(copy: dict) -> list[str]:
    return [e["event_type"] for e in copy["events"]]


def assert_events_ordered(copy: dict) -> None:
    """A copy's events: numbered 1..n in order, none twice, never going back in time."""
    events = copy["events"]
    where = f"{copy['participant']} copy of {copy['alert_id']}"
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1)), f"{where}: {events}"
    times = [e["occurred_at"] for e in events]
    assert times == sorted(times), f"{where}: events out of time order: {events}"
    keys = [(e["event_type"], e["occurred_at"], e.get("actor_member_state")) for e in events]
    assert len(keys) == len(set(keys)), f"{where}: an event appears twice: {events}"


async def dead_letters(bootstrap: str, topics: Topics) -> list[dict[str, str]]:
    """Every message on the alerts-related dead-letter topics (a healthy run has none):
    its topic, partition, event type, consumer and error."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from imi_shared.participants import PARTITION_COUNT

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    found: list[dict[str, str]] = []
    try:
        for topic in (
            topics.alerts_fanout,
            topics.alerts_deliveries,
            topics.directory_events,
            topics.keys_events,
        ):
            tps = [TopicPartition(topics.dlq(topic), p) for p in range(PARTITION_COUNT)]
            ends = await consumer.end_offsets(tps)
            tps = [tp for tp in tps if ends[tp]]
            if not tps:
                continue
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            while await _behind(consumer, tps, ends):
                for records in (await consumer.getmany(*tps, timeout_ms=1000)).values():
                    for r in records:
                        h = {k: v.decode(errors="replace") for k, v in (r.headers or [])}
                        found.append(
                            {
                                "topic": r.topic,
                                "partition": str(r.partition),
                                "event_type": h.get("event_type", "?"),
                                "consumer": h.get("dlq.consumer", "?"),
                                "error": h.get("dlq.error", "?")[:400],
                            }
                        )
        return found
    finally:
        await consumer.stop()


async def _behind(consumer, tps, ends) -> bool:
    for tp in tps:
        if await consumer.position(tp) < ends[tp]:
            return True
    return False


async def assert_no_dead_letters(cluster: Cluster) -> None:
    """Nothing was dead-lettered: a dead-lettered copy or distribution is lost for good."""
    letters = await dead_letters(cluster.kafka_bootstrap, cluster.topics)
    assert not letters, f"{len(letters)} dead letter(s), what they carried is lost: {letters[:5]}"
