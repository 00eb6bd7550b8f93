"""Run an outbox relay as its own process: python -m imi_shared.outbox MONGO_URI DB BOOTSTRAP."""
import asyncio
import sys

from ..mongo import make_client
from .relay import OutboxRelay


async def main(mongo_uri: str, db_name: str, bootstrap: str) -> None:
    client = make_client(mongo_uri)
    relay = OutboxRelay(client[db_name], bootstrap)
    await relay.start()
    try:
        await relay.run_forever()
    finally:
        await relay.stop()
        await client.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
