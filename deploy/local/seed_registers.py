"""Post-start step of `make run`: seed the demo register directory (imi_registers_demo.seed,
issue 13): a few dozen registers of 12 states, managed by the demo authorities seeded just
before (seed.py).

Runs in the launcher's process against the stack's database, through the registers' own
handler, with the settings the registers service has (IMI_* environment, plus the stack's
addresses): the search index and its postings are written at once (the search answers as
soon as this step is done), `register.added` lands on the outbox and the service's relay
publishes it (the translation queue, the managed-registers read model). The managing
authorities' names reach the index when the service has consumed the directory's events.

Idempotent: a second run adds nothing.
"""

from __future__ import annotations

import asyncio

from console import say
from poststart import StackContext


def seed_demo_registers(stack: StackContext) -> str:
    return asyncio.run(_seed(stack))


async def _seed(stack: StackContext) -> str:
    from imi_registers_demo.seed import seed_demo_registers as seed

    from imi_registers.adapters.register_index import ensure_indexes
    from imi_registers.context import RegistersContext
    from imi_registers.settings import RegistersSettings
    from imi_shared.mongo import UnitOfWork, make_client

    settings = RegistersSettings(mongo_uri=stack.mongo_uri, kafka_bootstrap=stack.kafka_bootstrap)
    client = make_client(settings.mongo_uri)
    try:
        uow = UnitOfWork(client, settings.db_name)
        await uow.ensure_indexes()
        await ensure_indexes(uow.db)
        report = await seed(RegistersContext.create(settings, uow))
    finally:
        await client.close()
    base = stack.service_urls.get("registers", "http://127.0.0.1:8104")
    say(f"    try: {base}/docs → GET /search/registers?country=FR&q=architectes&lang=fr")
    return report.line()
