"""What a command function hands back to the `Authority` aggregate: its events and the
changes to the authority's own fields, which only the aggregate applies (the functions see
the authority through the read-only `AuthorityProfile`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from imi_shared.envelope import Event

from .records import LegislativeAreaAccess


class AuthorityChange(NamedTuple):
    events: list[Event]
    fields: Mapping[str, Any] = {}  # authority fields to set, in order (never mutated)
    added_la: LegislativeAreaAccess | None = None  # a new LA access (DIR-110, DIR-111)
