"""Strict query parameters (issue 9 item 12): FastAPI's lax pydantic parsing would take a
number for a datetime ("0.5" = a Unix time). Query datetimes are ISO 8601 with a time zone;
strings are bounded; a refusal is the kernel's 422 schema error naming the parameter."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator, BeforeValidator

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$")


def _iso_with_zone(value: object) -> datetime:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if not isinstance(value, str) or not _ISO.fullmatch(value.strip()):
        raise ValueError("an ISO 8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z")
    return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:  # unreachable after _iso_with_zone; kept for model reuse
        raise ValueError("a time zone is required")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_with_zone), AfterValidator(_aware)]
MAX_QUERY_TEXT = 64
Text = Annotated[str, Query(min_length=1, max_length=MAX_QUERY_TEXT)]
State = Annotated[str, Query(pattern=r"^([A-Za-z]{2}|unknown)$", max_length=7)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10_000)]
Participant = Annotated[str, Query(pattern=r"^[A-Za-z]{2}$", max_length=2)]
