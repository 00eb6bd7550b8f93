"""`plain(value)`: what `dataclasses.asdict` gives for the request's frozen value objects,
without its deep copy of every leaf (issue 12: it was a few percent of a command's CPU).
The leaves of these dataclasses are immutable (str, int, bool, datetime, enums, None), so
sharing them is safe; dicts, lists and tuples are rebuilt, as `asdict` does."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any


def plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return type(value)(plain(v) for v in value)
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    return value
