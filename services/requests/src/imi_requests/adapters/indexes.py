"""The requests service's own MongoDB indexes, made at start (idempotent)."""

from __future__ import annotations

from .request_repository import RequestRepository


async def ensure_indexes(runtime) -> None:
    """REQ-105: a notification's step-1 request is found by its reference number (ref_no)."""
    await runtime.uow.db[RequestRepository.collection].create_index("ref_no", sparse=True)
