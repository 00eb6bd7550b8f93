"""The mail pipeline's tests: a real aiosmtpd sink per test, the kernel's fakes for the rest."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from imi_notifier.context import NotifierContext
from imi_notifier.devsink import SmtpSink
from imi_notifier.settings import NotifierSettings
from imi_testkit import FakeClock, FakeUnitOfWork

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from mail_support import SEALER  # noqa: E402


@pytest.fixture
def sink():
    started = SmtpSink().start()
    yield started
    started.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))


@pytest.fixture
def ctx(sink, clock) -> NotifierContext:
    settings = NotifierSettings(
        smtp_port=sink.port, smtp_timeout_seconds=2, mail_max_attempts=3, mail_backoff_seconds=30
    )
    return NotifierContext(settings, FakeUnitOfWork(), SEALER, clock)
