"""Versioned upsert of one read-model row (the notifier's read models, on the `Documents`
port: MongoDB in the consumer's transaction, or the handler tests' fake)."""

from __future__ import annotations

from typing import Any


async def put_row(documents, doc_id: str, fields: dict[str, Any]) -> None:
    """Insert the row, or merge `fields` into it under its version (a conflict raises and the
    bus retries the consumed event)."""
    current = await documents.get(doc_id)
    if current is None:
        await documents.insert({"_id": doc_id, "version": 1, **fields})
        return
    version = current["version"]
    replaced = {**current, **fields, "version": version + 1}
    if not await documents.replace(replaced, expected_version=version):
        raise RuntimeError(f"read model row {doc_id} changed meanwhile")  # retried by the bus
