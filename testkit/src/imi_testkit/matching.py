"""The filter subset of `imi_shared.documents`, evaluated in memory (for the fake)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_MISSING = object()


def value_at(document: Mapping[str, Any], path: str) -> Any:
    current: Any = document
    for part in path.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return _MISSING
        current = current[part]
    return current


def _equals(value: Any, expected: Any) -> bool:
    if isinstance(value, list) and not isinstance(expected, list):
        return expected in value  # MongoDB: an array field matches one of its elements
    return value == expected


def _matches_operator(value: Any, op: str, arg: Any) -> bool:
    present = value is not _MISSING
    if op == "$exists":
        return present is bool(arg)
    if op == "$in":
        return present and any(_equals(value, a) for a in arg)
    if op == "$nin":
        return not present or not any(_equals(value, a) for a in arg)
    if op == "$ne":
        return not present or not _equals(value, arg)
    if not present or value is None:
        return False
    compare = {
        "$lt": lambda: value < arg,
        "$lte": lambda: value <= arg,
        "$gt": lambda: value > arg,
        "$gte": lambda: value >= arg,
    }.get(op)
    if compare is None:
        raise NotImplementedError(f"the fake does not implement {op}")
    return bool(compare())


def matches(document: Mapping[str, Any], where: Mapping[str, Any]) -> bool:
    for path, condition in where.items():
        value = value_at(document, path)
        if isinstance(condition, Mapping) and any(str(k).startswith("$") for k in condition):
            if not all(_matches_operator(value, op, arg) for op, arg in condition.items()):
                return False
        elif value is _MISSING or not _equals(value, condition):
            return False
    return True
