"""A unit of work that is an already open transaction.

The kernel's `EventSubscriber` runs each consumed event in a transaction that holds its
processed-event marker; this lets a `CommandRunner` load-decide-save-emit inside that same
transaction (one commit: marker, aggregate and outbox). Small enough to live here; a
candidate for the kernel.
"""

from __future__ import annotations

from imi_shared.mongo import Outcome


class InTransaction:
    def __init__(self, tx) -> None:
        self.tx = tx

    async def run(self, work, *, consumed=None, consumer=None) -> Outcome:
        return Outcome(await work(self.tx))
