"""What a test reads of a service's real outbox: its events one by one.

The kernel's outbox keeps one row per (transaction, aggregate) holding that transaction's
events for the aggregate (`imi_shared.outbox.store`); a test asks about events. `outbox_events`
flattens the rows, oldest first per aggregate, into one dict per event in the shape of the
row's `events` entries (`event_id`, `topic`, `key`, `partition`, `envelope`, `trace`) plus the
row's `aggregate`, `seq` and `status`, and keeps those matching `match`: a filter on dotted
paths (`{"envelope.event_type": "user.created", "envelope.aggregate_id": {"$in": [...]}}`)
with equality, `$in` and `$ne`.
"""

from __future__ import annotations

from typing import Any

from imi_shared.outbox.store import OUTBOX, row_events

_MISSING = object()


async def outbox_events(db, match: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every event of `db`'s outbox matching `match`, in (aggregate, seq) order."""
    rows = await db[OUTBOX].find({}).sort([("aggregate", 1), ("seq", 1)]).to_list(None)
    events = [
        {**event, "aggregate": row["aggregate"], "seq": row["seq"], "status": row["status"]}
        for row in rows
        for event in row_events(row)
    ]
    return [e for e in events if matches(e, match or {})]


async def outbox_event(db, match: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The first event matching `match`, or None."""
    found = await outbox_events(db, match)
    return found[0] if found else None


def matches(event: dict[str, Any], match: dict[str, Any]) -> bool:
    return all(_holds(_path(event, path), wanted) for path, wanted in match.items())


def _path(doc: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(doc, dict) or part not in doc:
            return _MISSING
        doc = doc[part]
    return doc


def _holds(value: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict) and wanted and all(k.startswith("$") for k in wanted):
        for op, arg in wanted.items():
            if op == "$in" and value not in arg:
                return False
            if op == "$ne" and value == arg:
                return False
            if op not in ("$in", "$ne"):
                raise ValueError(f"outbox_events: unsupported operator {op}")
        return True
    return value == wanted
