"""A batched consumer in a process of its own, for the SIGKILL test of test_consumer_batch.py.

    python batch_consumer_process.py BOOTSTRAP MONGO_URI DB TOPIC GROUP READY_FILE

It applies `case.opened` events in batches (each title pushed to the `victim_log` document, in
one transaction per batch) and, on the title "hang", writes READY_FILE and never finishes: the
batch's transaction is open, the records before it ran in it, and the test SIGKILLs it there.
(Its documents are not the ones the test's own consumer writes: a dead client's open
transaction holds what it wrote until the server reaps it, 60 s later, like mongod's
transactionLifetimeLimitSeconds; a consumer meeting them meanwhile retries the conflicts.)
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from faststream.kafka import KafkaBroker

from imi_shared.batching import BatchPolicy
from imi_shared.consumer import EventSubscriber, Scope
from imi_shared.envelope import Event, EventCatalog
from imi_shared.mongo import UnitOfWork, make_client


class CaseOpened(Event):
    event_type = "case.opened"
    aggregate_type = "case"
    title: str


async def main(bootstrap: str, mongo_uri: str, db: str, topic: str, group: str, ready: str):
    uow = UnitOfWork(make_client(mongo_uri), db)
    broker = KafkaBroker(bootstrap, logger=None)

    async def on_opened(event, envelope, tx):
        await tx.db.victim_log.update_one(
            {"_id": "FR"}, {"$push": {"titles": event.title}}, upsert=True, session=tx.session
        )
        if event.title == "hang":
            Path(ready).write_text("in the middle of a batch")
            await asyncio.Event().wait()  # SIGKILLed here

    EventSubscriber(broker, uow, EventCatalog(CaseOpened)).subscribe(
        topic,
        group,
        {"case.opened": on_opened},
        scope=Scope(("FR",)),
        batch=BatchPolicy(max_records=50, max_wait_ms=300),
    )
    await broker.start()
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:7]))
