"""Real requests deployments, one process each (`python -m imi_requests.app`), configured only
through their environment as in production: their own database, scope (IMI_MEMBER_STATES),
keys database, KEK and X25519 key pair, and the peers registry of every deployment's public key
(docs/KEYS.md). `deployments(fr="FR", de="DE", central="ALL,-FR,-DE")` starts them at once and
waits for every /readyz; at the end they are stopped (their log tails printed on failure) and
their databases dropped."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from imi_shared.keys import DeploymentKeyPair, LocalKeyEncryptionKeys, own_peer_key
from imi_shared.localinfra import free_port

READY_TIMEOUT = 90.0


@dataclass
class Deployment:
    name: str
    scope: str
    db_name: str
    keys_db_name: str
    port: int
    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen | None = None
    http: httpx.AsyncClient = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{self.port}", timeout=30.0)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "imi_requests.app"],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    async def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            assert self.proc is not None and self.proc.poll() is None, self.tail()
            with contextlib.suppress(httpx.HTTPError):
                if (await self.http.get("/readyz", timeout=3)).status_code == 200:
                    return
            assert time.monotonic() < deadline, f"{self.name} not ready\n{self.tail()}"
            await asyncio.sleep(0.2)

    async def stop(self) -> None:
        await self.http.aclose()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(self.proc.wait, 10)
            if self.proc.poll() is None:
                self.proc.kill()

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return f"(no log of {self.name})"
        return "\n".join(f"{self.name} | {line[:300]}" for line in text)


@pytest.fixture
async def deployments(infra, topics, mongo_client, tmp_path):
    started: list[Deployment] = []

    async def start(**scopes: str) -> dict[str, Deployment]:
        pairs = {n: DeploymentKeyPair.generate(f"dk-{n}") for n in scopes}
        peers = "\n".join(
            own_peer_key(f"requests-{n}", scope, pairs[n]).line() for n, scope in scopes.items()
        )
        base = {k: v for k, v in os.environ.items() if not k.startswith(("IMI_", "OTEL_"))}
        chosen = {}
        for name, scope in scopes.items():
            db_name = f"{topics.prefix.strip('.')}_{name}"
            port = free_port()
            env = {
                **base,
                "PYTHONUNBUFFERED": "1",
                "IMI_KAFKA_BOOTSTRAP": infra.kafka_bootstrap,
                "IMI_MONGO_URI": infra.mongo_uri,
                "IMI_TOPIC_PREFIX": topics.prefix,
                "IMI_DB_NAME": db_name,
                "IMI_SERVICE_NAME": f"requests-{name}",
                "IMI_HTTP_PORT": str(port),
                "IMI_MEMBER_STATES": scope,
                "IMI_OUTBOX_POLL_SECONDS": "0.02",
                "IMI_KEYS_DB_NAME": f"{db_name}_keys",
                "IMI_KEK": LocalKeyEncryptionKeys.generate(f"kek-{name}").dump(),
                "IMI_DEPLOYMENT_ID": f"requests-{name}",
                "IMI_DEPLOYMENT_KEY": pairs[name].dump(),
                "IMI_DEPLOYMENT_PEERS": peers,
            }
            dep = Deployment(
                name, scope, db_name, f"{db_name}_keys", port, env, tmp_path / f"{name}.log"
            )
            chosen[name] = dep
            started.append(dep)
            dep.start()
        await asyncio.gather(*(d.wait_ready() for d in chosen.values()))
        return chosen

    yield start
    await asyncio.gather(*(d.stop() for d in started), return_exceptions=True)
    for dep in started:
        print(dep.tail(15))  # shown by pytest only when the test failed
        for name in (dep.db_name, dep.keys_db_name):
            with contextlib.suppress(Exception):
                await mongo_client.drop_database(name)
