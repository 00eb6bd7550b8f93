"""Separate processes of requests, alerts and retention on the test's servers, topics, one
database each and ONE key store (the deployment's, `IMI_KEYS_DB_NAME`), configured only
through their environment as in production; retention's clock runs ahead (retention_process).
Each child dies with the test process (PR_SET_PDEATHSIG); logs go to files shown on failure."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from imi_shared.localinfra import free_port

HERE = Path(__file__).resolve().parent
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None


def _die_with_parent() -> None:
    if _prctl is not None:
        _prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class Service:
    name: str
    db_name: str
    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        kept = [t for t in text if '"Received"' not in t and '"Processed"' not in t]
        return "\n".join(f"  {self.name} | {t[:300]}" for t in kept[-lines:])


def _start(service: Service, argv: list[str], env: dict[str, str]) -> None:
    log = open(service.log, "wb")  # noqa: SIM115 - closed with the process
    service.process = subprocess.Popen(
        argv, env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
    )
    log.close()


async def _ready(service: Service, timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with httpx.AsyncClient() as http:
        while True:
            assert service.process is not None and service.process.poll() is None, (
                f"{service.name} exited\n{service.tail()}"
            )
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get(f"{service.url}/readyz", timeout=1)).status_code == 200:
                    return
            assert loop.time() < deadline, f"{service.name} not ready\n{service.tail()}"
            await asyncio.sleep(0.1)


@contextlib.asynccontextmanager
async def retention_stack(
    infra, topics, unique: str, run_dir: Path, *, offset_days: float
) -> AsyncIterator[dict[str, Service]]:
    common = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "IMI_KAFKA_BOOTSTRAP": infra.kafka_bootstrap,
        "IMI_MONGO_URI": infra.mongo_uri,
        "IMI_TOPIC_PREFIX": topics.prefix,
        "IMI_KEYS_DB_NAME": f"keys_{unique}",  # the deployment's one key store (IMI_KEK: env)
        "IMI_LOG_LEVEL": "INFO",
    }
    services = {
        name: Service(name, f"{name}_{unique}", free_port(), run_dir / f"{name}.log")
        for name in ("requests", "alerts", "retention")
    }
    argv = {
        "requests": [sys.executable, "-m", "imi_requests.app"],
        "alerts": [sys.executable, "-m", "imi_alerts.app"],
        "retention": [sys.executable, str(HERE / "retention_process.py")],
    }
    extra = {
        "retention": {
            "RETENTION_TEST_CLOCK_OFFSET_DAYS": str(offset_days),
            "IMI_LOCK_CHECK_SECONDS": "0.5",
        }
    }
    for name, service in services.items():
        env = {
            **common,
            "IMI_DB_NAME": service.db_name,
            "IMI_HTTP_PORT": str(service.port),
            **extra.get(name, {}),
        }
        _start(service, argv[name], env)
    try:
        await asyncio.gather(*(_ready(s, 90) for s in services.values()))
        yield services
    except BaseException:
        for service in services.values():
            print(service.tail(), file=sys.stderr)
        raise
    finally:
        for service in services.values():
            if service.process is not None and service.process.poll() is None:
                service.process.send_signal(signal.SIGTERM)
        for service in services.values():
            if service.process is not None:
                try:
                    service.process.wait(10)
                except subprocess.TimeoutExpired:
                    service.process.kill()
