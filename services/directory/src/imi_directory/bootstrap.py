"""The directory's dependencies, built once per process and handed to handlers (no globals).

Routes reach it through `directory_context` (FastAPI dependency); tests build it with their own
clock and key material.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request

from imi_shared.auth import TokenIssuer, load_private_key
from imi_shared.mongo import UnitOfWork
from imi_shared.runtime import ServiceRuntime
from imi_shared.sealing import MongoKeyStore, Sealer
from imi_shared.topics import Topics

from .reference import ReferenceData, default_reference
from .settings import DirectorySettings

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class DirectoryContext:
    settings: DirectorySettings
    uow: UnitOfWork
    topics: Topics
    reference: ReferenceData
    issuer: TokenIssuer
    sealer: Sealer
    clock: Clock = utc_now

    @classmethod
    def from_runtime(cls, runtime: ServiceRuntime, clock: Clock = utc_now) -> DirectoryContext:
        settings: DirectorySettings = runtime.settings  # type: ignore[assignment]
        from datetime import timedelta

        issuer = TokenIssuer(
            load_private_key(settings.jwt_private_key_file, settings.environment),
            settings.jwt_issuer,
            ttl=timedelta(minutes=settings.token_ttl_minutes),
        )
        keys = MongoKeyStore(runtime.uow.client[settings.keys_db_name])
        return cls(
            settings, runtime.uow, runtime.topics, default_reference(), issuer, Sealer(keys), clock
        )


def directory_context(request: Request) -> DirectoryContext:
    return request.app.state.directory
