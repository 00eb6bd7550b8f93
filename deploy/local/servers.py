"""The broker and the database of a local run, and the topic catalogue on the broker.

Both are the no-Docker servers of imi_shared.localinfra (Tansu, SecantusDB; in memory: a
restart starts empty). docker-compose.yml is the path with genuine Kafka and MongoDB.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from console import log_tail

from imi_shared.localinfra import LocalServer, start_kafka, start_mongo
from imi_shared.topics import Topics, ensure_topics


class InfraError(Exception):
    pass


def start_broker(port: int, log_path: Path) -> LocalServer:
    try:
        return start_kafka(port=port, log_path=log_path)
    except (RuntimeError, TimeoutError) as exc:
        raise InfraError(
            f"the Kafka broker did not start on port {port}: {exc}\n{log_tail(log_path)}"
        ) from exc


def start_database(port: int, log_path: Path) -> LocalServer:
    try:
        return start_mongo(port=port, log_path=log_path)
    except (RuntimeError, TimeoutError) as exc:
        raise InfraError(
            f"the MongoDB server did not start on port {port}: {exc}\n{log_tail(log_path)}"
        ) from exc


def create_topics(bootstrap: str, prefix: str = "") -> int:
    """Create every catalogue topic and its .dlq; returns how many topics the catalogue has."""
    topics = Topics(prefix)
    try:
        asyncio.run(asyncio.wait_for(ensure_topics(bootstrap, topics), 30))
    except Exception as exc:
        raise InfraError(f"could not create the topics on {bootstrap}: {exc!r}") from exc
    return len(topics.all_topics())
