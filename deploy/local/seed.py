"""Post-start step of `make run`: seed the demo directory (imi_directory_demo.seed).

Runs in the launcher's process against the stack's database, through the directory's own
handlers, with the settings the directory service has (IMI_* environment, plus the stack's
addresses): the events land in the directory's outbox and its relay publishes them, so every
service hears of the demo authorities and users. The search projection is also recomputed at
once, so authority search answers even before its consumer has caught up.

Idempotent: a second run adds nothing. Prints the demo logins.
"""

from __future__ import annotations

import asyncio

from console import say
from poststart import StackContext


def seed_demo_participants(stack: StackContext) -> str:
    return asyncio.run(_seed(stack))


async def _seed(stack: StackContext) -> str:
    from imi_directory_demo.seed import context_for, seed_demo

    from imi_directory.adapters.search_index import ensure_indexes
    from imi_directory.settings import DirectorySettings

    kek_file = stack.kek_env.get("IMI_KEK_FILE")  # else IMI_KEK(_FILE) of the environment
    settings = DirectorySettings(
        mongo_uri=stack.mongo_uri,
        kafka_bootstrap=stack.kafka_bootstrap,
        **({"kek_file": kek_file} if kek_file else {}),
    )
    directory = context_for(settings)
    try:
        await ensure_indexes(directory.uow.db)
        report = await seed_demo(directory, rebuild_search=True)
    finally:
        await directory.uow.client.close()
    summary, *details = report.lines()
    for line in details:
        say(f"    {line}")
    base = stack.service_urls.get("directory", "http://127.0.0.1:8101")
    say(
        f"    try: {base}/docs → POST /auth/challenge, /auth/login, then "
        f"GET /search/authorities?country=FR&lang=fr"
    )
    return summary
