"""Run an outbox relay as its own process.

    python -m imi_shared.outbox MONGO_URI DB BOOTSTRAP [--batch-size N] [--poll-seconds S]
                                [--lease-seconds S] [--owner NAME] [--log-level LEVEL]

Options default to the IMI_OUTBOX_* environment variables (IMI_OUTBOX_BATCH_SIZE,
IMI_OUTBOX_POLL_SECONDS, IMI_OUTBOX_LEASE_SECONDS). SIGTERM or SIGINT stop it gracefully: the
current batch is finished and the lease handed over at once.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
from datetime import timedelta

from ..lease import RelayLease
from ..logs import configure_logging
from ..mongo import make_client
from .relay import OutboxRelay

log = logging.getLogger("imi_shared.outbox")


async def main(
    mongo_uri: str,
    db_name: str,
    bootstrap: str,
    *,
    batch_size: int = 500,
    poll_seconds: float = 0.05,
    lease_seconds: float = 5.0,
    owner: str | None = None,
) -> None:
    client = make_client(mongo_uri)
    db = client[db_name]
    relay = OutboxRelay(
        db,
        bootstrap,
        batch_size=batch_size,
        poll_seconds=poll_seconds,
        lease=RelayLease(db, owner, ttl=timedelta(seconds=lease_seconds)),
    )
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, relay.request_stop)
    try:
        await relay.start()
        log.info(
            "outbox relay running",
            extra={"db": db_name, "owner": relay.lease.owner, "batch_size": batch_size},
        )
        await relay.run_forever()
    finally:
        await relay.stop()
        await client.close()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(
        prog="python -m imi_shared.outbox",
        description="Relay a service's transactional outbox to Kafka.",
    )
    parser.add_argument("mongo_uri")
    parser.add_argument("db_name")
    parser.add_argument("bootstrap", help="Kafka bootstrap servers, host:port[,host:port]")
    parser.add_argument("--batch-size", type=int, default=int(env("IMI_OUTBOX_BATCH_SIZE", 500)))
    parser.add_argument(
        "--poll-seconds", type=float, default=float(env("IMI_OUTBOX_POLL_SECONDS", 0.05))
    )
    parser.add_argument(
        "--lease-seconds",
        type=float,
        default=float(env("IMI_OUTBOX_LEASE_SECONDS", 5.0)),
        help="a crashed relay is replaced after at most this long",
    )
    parser.add_argument("--owner", default=None, help="lease owner name (default: random)")
    parser.add_argument("--log-level", default=env("IMI_LOG_LEVEL", "INFO"))
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = parse_args()
    configure_logging("outbox-relay", args.log_level)
    asyncio.run(
        main(
            args.mongo_uri,
            args.db_name,
            args.bootstrap,
            batch_size=args.batch_size,
            poll_seconds=args.poll_seconds,
            lease_seconds=args.lease_seconds,
            owner=args.owner,
        )
    )
