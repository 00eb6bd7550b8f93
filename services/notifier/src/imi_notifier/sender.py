"""The SMTP sender alone: `python -m imi_notifier.sender` (no HTTP, no Kafka).

The notifier app runs the same job (`entrypoints.mail_job`) unless `IMI_MAIL_SENDER_ENABLED`
is false; a deployment may instead run the sender as its own process, any number of them:
the job's lease lets one send at a time. Stops on SIGTERM / SIGINT (the lease is released).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal

from imi_shared.keys import kek_from_settings
from imi_shared.mongo import UnitOfWork, make_client
from imi_shared.sealing import MongoKeyStore, Sealer

from .adapters.templates import load_templates
from .context import NotifierContext
from .entrypoints.mail_job import mail_job
from .settings import NotifierSettings


async def main() -> None:  # pragma: no cover - process entrypoint (tests/app/test_mail_crash)
    settings = NotifierSettings()
    client = make_client(settings.mongo_uri)
    keys = MongoKeyStore(client[settings.keys_db_name], kek_from_settings(settings))
    uow = UnitOfWork(client, settings.db_name)
    ctx = NotifierContext(
        settings, uow, Sealer(keys), templates=load_templates(settings.templates_file)
    )
    job = mail_job(ctx)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    job.start()
    print(
        f"mail sender for {settings.db_name} -> {settings.smtp_host}:{settings.smtp_port}",
        flush=True,
    )
    with contextlib.suppress(asyncio.CancelledError):
        await stop.wait()
    await job.stop()
    client.close()


if __name__ == "__main__":  # pragma: no cover
    asyncio.run(main())
