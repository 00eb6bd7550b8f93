"""Strict query and path parameters (issue 9 items 5 and 12): FastAPI's lax pydantic parsing
would take a number for a datetime ("0.5" = a Unix time). Query datetimes are ISO 8601 with a
time zone; strings are bounded and path ids have a pattern, all visible in OpenAPI; a refusal is
the kernel's 422 schema error naming the parameter. The datetime type is the kernel's
(imi_shared.query_types), bounded here."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import BeforeValidator, WithJsonSchema

from imi_shared.query_types import IsoDateTime as KernelIsoDateTime

__all__ = [
    "AlertId",
    "AuthorityId",
    "IsoDateTime",
    "ItemRef",
    "Limit",
    "Offset",
    "Participant",
    "State",
    "Text",
]

MAX_QUERY_TEXT = 64
MAX_DATETIME = 40  # 2026-01-31T12:00:00.123456+01:00 is 32
MAX_ID = 200
#: an id in a path: letters, digits and `._:-`, not starting with a separator (no `/`, no `..`)
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"

Text = Annotated[str, Query(min_length=1, max_length=MAX_QUERY_TEXT)]
State = Annotated[str, Query(pattern=r"^([A-Za-z]{2}|unknown)$", max_length=7)]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=10_000)]
Participant = Annotated[str, Query(pattern=r"^[A-Za-z]{2}$", max_length=2)]

AlertId = Annotated[str, Path(min_length=1, max_length=MAX_ID, pattern=ID_PATTERN)]
ItemRef = Annotated[str, Path(min_length=1, max_length=MAX_ID, pattern=ID_PATTERN)]  # `I1`
AuthorityId = Annotated[str, Path(min_length=1, max_length=MAX_ID, pattern=ID_PATTERN)]


def _short(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_DATETIME:
        raise ValueError(f"a date-time of at most {MAX_DATETIME} characters")
    return value


IsoDateTime = Annotated[
    KernelIsoDateTime,
    BeforeValidator(_short),
    WithJsonSchema({"type": "string", "format": "date-time", "maxLength": MAX_DATETIME}),
]
