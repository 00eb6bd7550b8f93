"""Indexes of the directory's collections, created at start-up (every queried field is
indexed: SecantusDB and MongoDB alike scan without them). Each repository declares its own."""

from __future__ import annotations

from imi_shared.runtime import ServiceRuntime

from . import (
    authority_repository,
    invitation_documents,
    login_challenges,
    login_throttle,
    open_cases,
    revoked_tokens,
    search_index,
    user_repository,
)

INDEXED = (
    authority_repository,
    open_cases,
    user_repository,
    login_challenges,
    login_throttle,
    invitation_documents,
    search_index,
    revoked_tokens,
)


async def ensure_indexes(runtime: ServiceRuntime) -> None:
    db = runtime.uow.db
    for module in INDEXED:
        await module.ensure_indexes(db)
