"""Choose the test infrastructure: testcontainers when a Docker engine answers, else local servers.

IMI_TEST_INFRA=local|containers forces either. One broker and one database server per test
session; tests isolate themselves with unique topic prefixes and database names.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

from imi_shared.localinfra import start_kafka, start_mongo


@dataclass(frozen=True)
class Infra:
    kafka_bootstrap: str
    mongo_uri: str
    kind: str


def docker_engine_reachable() -> bool:
    try:
        import docker  # installed with testcontainers

        client = docker.from_env(timeout=2)
        client.ping()
        return True
    except Exception:
        return False


def chosen_kind() -> str:
    forced = os.environ.get("IMI_TEST_INFRA", "").strip().lower()
    if forced in {"local", "containers"}:
        return forced
    if forced:
        raise ValueError(f"IMI_TEST_INFRA must be 'local' or 'containers', not {forced!r}")
    return "containers" if docker_engine_reachable() else "local"


@contextlib.contextmanager
def local_infra() -> Iterator[Infra]:
    kafka = start_kafka()
    try:
        mongo = start_mongo()
        try:
            yield Infra(kafka.url, mongo.url, "local")
        finally:
            mongo.stop()
    finally:
        kafka.stop()


@contextlib.contextmanager
def container_infra() -> Iterator[Infra]:
    from .containers import kafka_container, mongo_container

    with kafka_container() as bootstrap, mongo_container() as uri:
        yield Infra(bootstrap, uri, "containers")


@contextlib.contextmanager
def test_infra() -> Iterator[Infra]:
    with container_infra() if chosen_kind() == "containers" else local_infra() as infra:
        yield infra
