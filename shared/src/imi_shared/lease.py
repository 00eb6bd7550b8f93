"""A time-bounded leadership lease in MongoDB: one replica at a time does a singleton job.

Used by the outbox relay (one relay per outbox publishes at a time) and by periodic jobs (one
replica runs each job). The lease is one document (`_id` = lease name) with an owner and an
expiry. A holder keeps it while it renews it; another replica can take it only once it has
expired (a crashed holder is replaced after at most one lease period) or once the holder
released it (graceful stop). Expiry is wall-clock time shared by every replica, not the
service's injectable clock: a test's fake clock must not hand the lease to two replicas.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

from pymongo.errors import DuplicateKeyError

LEASES = "outbox_lease"  # one collection of leases per service database


class Lease:
    """A lease renewed by its holder before each unit of work (a relay batch, a job run).

    A renewal is written only when a third of the period has passed since the last one, so an
    idle leader does not write the lease on every poll; a batch therefore always starts with
    at least two thirds of a period left (keep `ttl` well above the time one batch takes).
    """

    def __init__(
        self,
        db,
        owner: str | None = None,
        ttl: timedelta = timedelta(seconds=5),
        name: str = "relay",
    ) -> None:
        self.collection = db[LEASES]
        self.owner = owner or uuid.uuid4().hex
        self.ttl = ttl
        self.name = name
        self._renew_at: float | None = None  # monotonic time of the next renewal while held

    async def acquire(self) -> bool:
        """Take or renew the lease; False while another owner holds an unexpired lease."""
        if self._renew_at is not None and time.monotonic() < self._renew_at:
            return True
        started = time.monotonic()
        now = datetime.now(UTC)
        try:
            await self.collection.update_one(
                {"_id": self.name, "$or": [{"owner": self.owner}, {"expires_at": {"$lt": now}}]},
                {"$set": {"owner": self.owner, "expires_at": now + self.ttl, "renewed_at": now}},
                upsert=True,
            )
        except DuplicateKeyError:  # the filter did not match: another owner holds a live lease
            self._renew_at = None
            return False
        self._renew_at = started + self.ttl.total_seconds() / 3
        return True

    async def release(self) -> None:
        """Give the lease up at once (graceful stop), if this owner holds it."""
        self._renew_at = None
        await self.collection.delete_one({"_id": self.name, "owner": self.owner})

    async def holder(self) -> str | None:
        """The current owner of an unexpired lease, if any."""
        doc = await self.collection.find_one({"_id": self.name})
        if doc is None:
            return None
        expires_at = doc["expires_at"]
        if expires_at.tzinfo is None:  # a client without tz_aware=True
            expires_at = expires_at.replace(tzinfo=UTC)
        if expires_at < datetime.now(UTC):
            return None
        return doc["owner"]


RelayLease = Lease  # the outbox relay's name for it
