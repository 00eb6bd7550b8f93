"""Strict query parameters (issue 9 item 12): FastAPI's lax pydantic parsing would take a
number for a datetime ("0.5" = a Unix time). Query datetimes are ISO 8601 with a time zone;
strings are bounded; a refusal is the kernel's 422 schema error naming the parameter. The
datetime type is the kernel's (imi_shared.query_types)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from imi_shared.query_types import IsoDateTime

__all__ = ["IsoDateTime", "Limit", "Offset", "Participant", "State", "Text"]

MAX_QUERY_TEXT = 64
Text = Annotated[str, Query(min_length=1, max_length=MAX_QUERY_TEXT)]
State = Annotated[str, Query(pattern=r"^([A-Za-z]{2}|unknown)$", max_length=7)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10_000)]
Participant = Annotated[str, Query(pattern=r"^[A-Za-z]{2}$", max_length=2)]
