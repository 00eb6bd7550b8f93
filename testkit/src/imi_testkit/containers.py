"""Genuine Apache Kafka (KRaft) and a MongoDB replica set in containers, via testcontainers.

Used when a Docker engine answers (laptops, GitHub Actions). testcontainers' own KafkaContainer
targets Confluent images, so the Apache image is configured here directly.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

from imi_shared.localinfra import free_port

KAFKA_IMAGE = "apache/kafka:3.9.1"
MONGO_IMAGE = "mongo:7.0"


@contextlib.contextmanager
def kafka_container() -> Iterator[str]:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs

    host_port = free_port()
    container = (
        DockerContainer(KAFKA_IMAGE)
        .with_bind_ports(9092, host_port)
        .with_envs(
            KAFKA_NODE_ID="1",
            KAFKA_PROCESS_ROLES="broker,controller",
            KAFKA_LISTENERS="PLAINTEXT://:9092,CONTROLLER://:9093",
            KAFKA_ADVERTISED_LISTENERS=f"PLAINTEXT://127.0.0.1:{host_port}",
            KAFKA_CONTROLLER_LISTENER_NAMES="CONTROLLER",
            KAFKA_LISTENER_SECURITY_PROTOCOL_MAP="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            KAFKA_CONTROLLER_QUORUM_VOTERS="1@localhost:9093",
            KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR="1",
            KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR="1",
            KAFKA_TRANSACTION_STATE_LOG_MIN_ISR="1",
            KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS="0",
            KAFKA_NUM_PARTITIONS="31",
        )
    )
    with container:
        wait_for_logs(container, "Kafka Server started", timeout=120)
        yield f"127.0.0.1:{host_port}"


@contextlib.contextmanager
def mongo_container() -> Iterator[str]:
    from testcontainers.core.container import DockerContainer
    from testcontainers.core.waiting_utils import wait_for_logs

    container = (
        DockerContainer(MONGO_IMAGE)
        .with_command("--replSet rs0 --bind_ip_all")
        .with_exposed_ports(27017)
    )
    with container:
        wait_for_logs(container, "Waiting for connections", timeout=120)
        init = "rs.initiate({_id:'rs0',members:[{_id:0,host:'localhost:27017'}]})"
        container.exec(["mongosh", "--quiet", "--eval", init])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            result = container.exec(
                ["mongosh", "--quiet", "--eval", "db.hello().isWritablePrimary"]
            )
            if b"true" in result.output:
                break
            time.sleep(0.5)
        host, port = container.get_container_host_ip(), container.get_exposed_port(27017)
        yield f"mongodb://{host}:{port}/?directConnection=true"
