"""Service processes: start each as `python -m imi_<svc>.app`, wait for /readyz, stop them.

Each service runs in its own session, so a Ctrl-C in the terminal reaches only the launcher,
which then stops the services before the broker and the database (no shutdown errors from a
service whose broker vanished first). On Linux a service also gets SIGTERM if the launcher
itself dies without cleaning up (kill -9).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from config import ServiceSpec
from console import log_tail

_PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None


def _die_with_launcher() -> None:  # runs in the child between fork and exec
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class NotReady(Exception):
    def __init__(self, service: ServiceProcess, reason: str) -> None:
        self.service = service
        self.reason = reason
        super().__init__(f"service {service.name} {reason}\n{log_tail(service.log_path)}")


@dataclass
class ServiceProcess:
    spec: ServiceSpec
    port: int
    log_path: Path
    proc: subprocess.Popen | None = field(default=None, repr=False)
    last_probe: str = "not probed yet"

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def docs_url(self) -> str:
        return f"{self.base_url}/docs"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self, env: dict[str, str]) -> None:
        child_env = {**os.environ, **env, "IMI_HTTP_PORT": str(self.port), "PYTHONUNBUFFERED": "1"}
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", self.spec.module],
                env=child_env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_launcher,
            )

    def exit_code(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def probe_ready(self) -> bool:
        """One GET /readyz; True on 200. Remembers what it saw for error messages."""
        try:
            with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=2) as resp:
                self.last_probe = f"/readyz answered {resp.status}"
                return resp.status == 200
        except urllib.error.HTTPError as exc:
            body = exc.read(300).decode(errors="replace")
            self.last_probe = f"/readyz answered {exc.code}: {body}"
        except OSError as exc:
            self.last_probe = f"/readyz unreachable ({getattr(exc, 'reason', exc)})"
        return False

    def terminate(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()


def wait_ready(services: list[ServiceProcess], timeout: float) -> None:
    """Return once every service's /readyz answers 200; raise NotReady naming the first culprit."""
    deadline = time.monotonic() + timeout
    pending = list(services)
    while pending:
        for svc in list(pending):
            code = svc.exit_code()
            if code is not None:
                raise NotReady(svc, f"exited with code {code} before it was ready")
            if svc.probe_ready():
                pending.remove(svc)
        if not pending:
            return
        if time.monotonic() > deadline:
            names = ", ".join(s.name for s in pending)
            raise NotReady(
                pending[0],
                f"not ready after {timeout:g}s (still waiting for {names}; "
                f"last: {pending[0].last_probe})",
            )
        time.sleep(0.1)


def stop_all(services: list[ServiceProcess], grace: float = 10.0) -> None:
    """SIGTERM every service at once (graceful uvicorn shutdown), SIGKILL after `grace` seconds."""
    for svc in services:
        svc.terminate()
    deadline = time.monotonic() + grace
    for svc in services:
        if svc.proc is None:
            continue
        try:
            svc.proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            svc.kill()
