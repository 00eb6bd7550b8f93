"""The life of one mail outbox row (NOT-001 delivery): pure decisions on attempts.

pending --sent--> sent
pending --failure--> pending (next_attempt_at = now + base * 2^(attempts-1), capped)
        --failure number `max_attempts`--> dead (operators list it and may requeue it)
pending --no recipient any more (removed user, NOT-005)--> undeliverable
dead --requeue (operator)--> pending, attempts 0
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

PENDING, SENT, DEAD, UNDELIVERABLE = "pending", "sent", "dead", "undeliverable"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    base: timedelta
    cap: timedelta

    def delay(self, attempts: int) -> timedelta:
        """Exponential back-off after the `attempts`-th failure (1 → base)."""
        return min(self.base * (2 ** max(attempts - 1, 0)), self.cap)


def after_failure(row: dict[str, Any], now: datetime, why: str, policy: RetryPolicy) -> dict:
    attempts = row.get("attempts", 0) + 1
    changes: dict[str, Any] = {"attempts": attempts, "last_error": why[:200], "failed_at": now}
    if attempts >= policy.max_attempts:
        changes.update(status=DEAD, dead_at=now)
    else:
        changes.update(status=PENDING, next_attempt_at=now + policy.delay(attempts))
    return changes


def after_sending(now: datetime) -> dict[str, Any]:
    return {"status": SENT, "sent_at": now, "last_error": None}


def undeliverable(now: datetime, why: str) -> dict[str, Any]:
    return {"status": UNDELIVERABLE, "last_error": why[:200], "failed_at": now}


def requeued(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    """An operator's requeue of a dead (or undeliverable) mail: tried again at once."""
    if row.get("status") not in (DEAD, UNDELIVERABLE):
        raise ValueError(row.get("status"))
    return {"status": PENDING, "attempts": 0, "next_attempt_at": now, "requeued_at": now}
