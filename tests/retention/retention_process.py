"""The retention service as a process whose clock runs `RETENTION_TEST_CLOCK_OFFSET_DAYS`
ahead of the wall clock (test only): the cross-service test's way to stand "past deletion"
without waiting three years. Everything else is the service's own entrypoint and settings."""

from __future__ import annotations

import functools
import os
from datetime import datetime, timedelta

from imi_retention.app import create_app
from imi_retention.settings import RetentionSettings
from imi_shared.clock import system_clock
from imi_shared.runtime import serve

OFFSET = timedelta(days=float(os.environ["RETENTION_TEST_CLOCK_OFFSET_DAYS"]))


def shifted_clock() -> datetime:
    return system_clock() + OFFSET


if __name__ == "__main__":
    serve(functools.partial(create_app, clock=shifted_clock), RetentionSettings())
