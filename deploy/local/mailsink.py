"""The local SMTP sink of `make run` (aiosmtpd, `imi_notifier.devsink`): the notifier's mail
goes there instead of out. Caught mail is listed over HTTP (JSON) and appended to
`.run/caught-mail.jsonl`, which `python -m imi_notifier.devsink list` prints."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from imi_shared.localinfra import free_port


@dataclass
class MailSink:
    proc: subprocess.Popen
    smtp_port: int
    http_port: int
    store: Path

    @property
    def listing_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/"

    @property
    def env(self) -> dict[str, str]:
        """What the notifier needs to send there."""
        return {"IMI_SMTP_HOST": "127.0.0.1", "IMI_SMTP_PORT": str(self.smtp_port)}

    def where(self) -> str:
        return (
            f"caught mail: {self.listing_url} (JSON), or "
            f"`.venv/bin/python -m imi_notifier.devsink list --store {self.store}`"
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_mail_sink(run_dir: Path, log_path: Path, timeout: float = 15) -> MailSink:
    store = run_dir / "caught-mail.jsonl"
    store.unlink(missing_ok=True)
    smtp_port, http_port = free_port(), free_port()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "imi_notifier.devsink",
                "serve",
                "--smtp-port",
                str(smtp_port),
                "--http-port",
                str(http_port),
                "--store",
                str(store),
            ],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    sink = MailSink(proc, smtp_port, http_port, store)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # poll until the listing answers
        if proc.poll() is not None:
            raise RuntimeError(f"the SMTP sink exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(sink.listing_url, timeout=1):
                return sink
        except OSError:
            time.sleep(0.1)
    sink.stop()
    raise RuntimeError("the SMTP sink did not answer in time")
