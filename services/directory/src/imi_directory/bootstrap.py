"""The directory's dependencies, built once per process and handed to handlers (no globals).

`create_app` builds it through the kernel (`create_service_app(..., build_context=...)`); routes
reach it as `request.app.state.context` through `directory_context` (a FastAPI dependency);
tests build the app with their own clock and credential kit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import Request

from imi_shared.auth import TokenIssuer, load_private_key
from imi_shared.clock import Clock, system_clock
from imi_shared.keys import KeyEncryptionKey, kek_from_settings
from imi_shared.mongo import UnitOfWork
from imi_shared.periodic import PeriodicJob
from imi_shared.runtime import ServiceRuntime
from imi_shared.sealing import MongoKeyStore, Sealer
from imi_shared.topics import Topics

from .handlers.credential_kit import CredentialKit
from .handlers.hash_pool import HashPool
from .reference import ReferenceData, default_reference
from .settings import DirectorySettings


@dataclass
class DirectoryContext:
    settings: DirectorySettings
    uow: UnitOfWork
    topics: Topics
    reference: ReferenceData
    issuer: TokenIssuer
    sealer: Sealer
    clock: Clock = system_clock
    # hashers, random sources and the wall clock of tokens (tests inject seeded, fast ones)
    kit: CredentialKit = field(default_factory=CredentialKit)
    # password and code hashes run here, off the event loop (settings.hash_threads)
    hash_pool: HashPool = field(default_factory=lambda: HashPool(4))
    # the invitations' night batch (DIR-052, NOT-044), a kernel background job
    invitation_batch: PeriodicJob | None = None
    # the search projection's subscriber is registered once per process (DIR-130)
    search_subscribed: bool = False

    @classmethod
    def from_runtime(
        cls,
        runtime: ServiceRuntime,
        clock: Clock = system_clock,
        kit: CredentialKit | None = None,
        kek: KeyEncryptionKey | None = None,
    ) -> DirectoryContext:
        """`kek`: the deployment's key-encryption key (a KMS adapter in production); default:
        the keyring of IMI_KEK_FILE / IMI_KEK. The user keys are stored only wrapped by it."""
        settings: DirectorySettings = runtime.settings  # type: ignore[assignment]
        issuer = TokenIssuer(
            load_private_key(settings.jwt_private_key_file, settings.environment),
            settings.jwt_issuer,
            ttl=timedelta(minutes=settings.token_ttl_minutes),
        )
        keys = MongoKeyStore(
            runtime.uow.client[settings.keys_db_name], kek or kek_from_settings(settings)
        )
        return cls(
            settings,
            runtime.uow,
            runtime.topics,
            default_reference(),
            issuer,
            Sealer(keys),
            clock,
            kit or CredentialKit(),
            hash_pool=HashPool(settings.hash_threads),
        )


def directory_context(request: Request) -> DirectoryContext:
    return request.app.state.context
