"""Strict types for query parameters (issue 9 item 12): FastAPI's lax pydantic parsing takes a
number for a datetime ("0.5" = a Unix time). `IsoDateTime` takes only ISO 8601 with a time
zone; a refusal is the kernel's 422 schema error naming the parameter."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import BeforeValidator

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$")


def _iso_with_zone(value: object) -> datetime:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    if not isinstance(value, str) or not _ISO.fullmatch(value.strip()):
        raise ValueError("an ISO 8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z")
    return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_with_zone)]
